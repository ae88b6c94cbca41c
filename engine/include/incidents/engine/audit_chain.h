#pragma once
// Verification of stored history: the hash chain (any edit of a stored event breaks it)
// and the replay (folding the events through the workflow gives the stored snapshot).
// Pure functions over values, plus VerifyTicket which reads through the store port.

#include <string>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/engine/workflow.h"

namespace incidents::engine {

// OK when seq runs 1..n, the first prev_hash is 64 zeros, each prev_hash is the hash
// before it and each hash is recomputed equal. Otherwise kCorruption naming the first
// bad event ("event 3: hash does not match its content").
Status VerifyChain(const std::vector<TicketEvent>& events);

// Folds the events through the workflow (actor rules are trusted: they were checked
// when each event was applied; states, guards on data and time windows are re-checked).
// kCorruption naming the first event the workflow refuses or lands elsewhere.
Result<Ticket> Replay(const Workflow& workflow, const std::vector<TicketEvent>& events);
// The same, with the workflow the history opened: the one of `workflows` whose table
// starts a ticket with the first event's type (report: incident; submit: data_request).
// kCorruption when none does.
Result<Ticket> Replay(const std::vector<const Workflow*>& workflows, const std::vector<TicketEvent>& events);

// The fields in which two snapshots differ, e.g. "state, version"; empty when equal.
std::string DescribeDifference(const Ticket& a, const Ticket& b);

// Chain + replay + comparison with the stored snapshot for one ticket.
Status VerifyTicket(TicketStore& store, const Workflow& workflow, const std::string& ticket_id);
Status VerifyTicket(TicketStore& store, const std::vector<const Workflow*>& workflows, const std::string& ticket_id);

}  // namespace incidents::engine
