#include "incidents/workflows/incident_workflow.h"

#include "incident_machine.h"
#include "incidents/engine/sla.h"

namespace incidents::workflows {

using namespace incidents::engine;

IncidentWorkflow::IncidentWorkflow(WorkflowSettings settings)
    : settings_(std::move(settings)), table_(detail::ExportIncidentTable(settings_)) {}

Result<Decision> IncidentWorkflow::Decide(const Ticket& current, const Command& command, const Actor& actor,
                                          Timestamp at) const {
  auto decision = detail::RunIncidentMachine({current, command, actor, at, settings_});
  if (decision.ok()) UpdateSlaFacts(current, decision->next, TypeOf(command), at);
  return decision;
}

Status IncidentWorkflow::Check(const Ticket& current, EventType type, const Actor& actor, Timestamp at) const {
  const Command blank = BlankCommand(type);
  auto decision = detail::RunIncidentMachine({current, blank, actor, at, settings_});
  return decision.ok() ? Status() : decision.status();
}

}  // namespace incidents::workflows
