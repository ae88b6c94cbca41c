#include "incidents/workflows/incident_workflow.h"

#include "incident_catalog.h"
#include "incident_machine.h"

namespace incidents::workflows {

using namespace incidents::engine;

IncidentWorkflow::IncidentWorkflow(WorkflowSettings settings)
    : settings_(std::move(settings)), table_(detail::ExportIncidentTable(settings_)) {
  RequireCatalogCovers(table_, Catalog());
}

Result<Decision> IncidentWorkflow::Decide(const Ticket& current, const Command& command, const Actor& actor,
                                          Timestamp at) const {
  return detail::RunIncidentMachine({current, command, actor, at, settings_});
}

Status IncidentWorkflow::Check(const Ticket& current, EventType type, const Actor& actor, Timestamp at) const {
  const Command blank = BlankCommand(type);
  auto decision = detail::RunIncidentMachine({current, blank, actor, at, settings_, /*check_only=*/true});
  return decision.ok() ? Status() : decision.status();
}

const WorkflowCatalog& IncidentWorkflow::Catalog() const { return detail::IncidentCatalog(); }

}  // namespace incidents::workflows
