#pragma once
// The one way an event is decided, for a request and for replay alike: the workflow's
// machine decides the state and the fields the event changes, then the engine folds the
// event into the ticket's SLA facts (the same for every workflow).

#include "incidents/engine/sla.h"
#include "incidents/engine/workflow.h"

namespace incidents::engine {

inline Result<Decision> DecideEvent(const Workflow& workflow, const Ticket& current, const Command& command,
                                    const Actor& actor, Timestamp at) {
  auto decision = workflow.Decide(current, command, actor, at);
  if (decision.ok()) UpdateSlaFacts(current, decision->next, TypeOf(command), at);
  return decision;
}

}  // namespace incidents::engine
