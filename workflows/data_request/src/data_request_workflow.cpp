#include "incidents/workflows/data_request_workflow.h"

#include "data_request_catalog.h"
#include "data_request_machine.h"

namespace incidents::workflows {

using namespace incidents::engine;

DataRequestWorkflow::DataRequestWorkflow(WorkflowSettings settings)
    : settings_(std::move(settings)), table_(detail::ExportDataRequestTable()) {
  RequireCatalogCovers(table_, Catalog());
}

Result<Decision> DataRequestWorkflow::Decide(const Ticket& current, const Command& command, const Actor& actor,
                                             Timestamp at) const {
  return detail::RunDataRequestMachine({current, command, actor, at, settings_});
}

Status DataRequestWorkflow::Check(const Ticket& current, EventType type, const Actor& actor, Timestamp at) const {
  const Command blank = BlankCommand(type);
  auto decision = detail::RunDataRequestMachine({current, blank, actor, at, settings_, /*check_only=*/true});
  // A value the blank probe lacks (the signer the Chairman's office must name) is for the
  // caller's form to fill, not a reason to withhold the action.
  if (!decision.ok() && decision.status().code() != ErrorCode::kInvalidValue) return decision.status();
  return {};
}

const WorkflowCatalog& DataRequestWorkflow::Catalog() const { return detail::DataRequestCatalog(); }

}  // namespace incidents::workflows
