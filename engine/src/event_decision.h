#pragma once
// The one way an event is decided, for a request and for replay alike: the workflow's
// machine decides the state and the fields the event changes, then the engine folds the
// event into the ticket's SLA facts (the same for every workflow).

#include "incidents/engine/report.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/workflow.h"

namespace incidents::engine {

// `regulation_version`: the version of the settings' regulation to cite under; 0 for its
// current one (a new event). Replay passes the version the event recorded.
inline Result<Decision> DecideEvent(const Workflow& workflow, const Ticket& current, const Command& command,
                                    const Actor& actor, Timestamp at, int regulation_version = 0) {
  auto decision = workflow.Decide(current, command, actor, at);
  if (!decision.ok()) return decision;
  UpdateSlaFacts(current, decision->next, TypeOf(command), at);
  UpdateTally(current, decision->next, command, at);
  if (const auto& regulation = workflow.settings().citations) {
    const int version = regulation_version > 0 ? regulation_version : regulation->current_version();
    const Command& recorded = decision->recorded ? *decision->recorded : command;
    auto citation = regulation->Cite(version, TypeOf(command), decision->next, ToPayload(recorded));
    if (!citation.ok()) return citation.status();
    decision->citation = std::move(citation.value());
    decision->regulation_id = regulation->id();
    decision->regulation_version = version;
  }
  return decision;
}

}  // namespace incidents::engine
