// The report's view of one ticket: the tally fold (UpdateTally) and the row a commit
// writes (FiguresOf). report.h has the contracts.

#include <variant>

#include "incidents/engine/case_clocks.h"
#include "incidents/engine/report.h"
#include "incidents/engine/ticket.h"

namespace incidents::engine {

namespace {

std::int64_t* WaitBucket(TicketTally& t, State s) {
  switch (s) {
    case State::kWaitingReporter: return &t.wait_reporter_s;
    case State::kAwaitingMinistry: return &t.wait_ministry_s;
    case State::kAwaitingChairman: return &t.wait_chairman_s;
    default: return nullptr;
  }
}

}  // namespace

void UpdateTally(const Ticket& before, Ticket& after, const Command& command, Timestamp at) {
  // A snapshot stored before the tally existed folds on from an empty one: its waits and
  // counts start at this event (reports then undercount that ticket, never double count).
  TicketTally tally = before.filed() && before.tally ? *before.tally : TicketTally{at};
  const EventType type = TypeOf(command);
  if (!before.filed()) tally.state_since = at;
  if (before.filed() && after.state != before.state) {
    if (std::int64_t* bucket = WaitBucket(tally, before.state)) *bucket += (at - tally.state_since).count();
    tally.state_since = at;
  }
  if (type == EventType::kReopen) ++tally.reopens;
  // Counted when the escalation reaches the Chairman: with the director's sign-off that is
  // approve_escalation, and an escalation the director returns never does.
  if (after.state == State::kAwaitingChairman && before.state != State::kAwaitingChairman) {
    ++tally.escalations;
    tally.escalated_at = at;
  }
  if (after.state == State::kResolved && before.state != State::kResolved && !tally.first_resolved_at)
    tally.first_resolved_at = at;
  if (IsTerminal(after.state) && (!before.filed() || !IsTerminal(before.state))) tally.closed_at = at;
  if (const auto* decided = std::get_if<RecordChairmanDecisionCommand>(&command)) {
    tally.chairman_decision = decided->decision;
    tally.chairman_requires_action = decided->requires_action;
    tally.chairman_decided_at = at;
  }
  // A request's decision taken while it waited for the Chairman is the Chairman's.
  if (const auto* decided = std::get_if<DecideCommand>(&command); decided && before.state == State::kAwaitingChairman) {
    tally.chairman_decision = std::string(ToString(decided->outcome));
    tally.chairman_requires_action.reset();
    tally.chairman_decided_at = at;
  }
  after.tally = std::move(tally);
}

TicketFigures FiguresOf(const Ticket& t, const CaseClocks* clocks) {
  TicketFigures f;
  f.ticket_id = t.id;
  f.workflow = t.workflow;
  f.category = t.category;
  f.priority = t.priority;
  f.scope = t.scope;
  f.service = t.service;
  f.reporter_org = t.reporter_org;
  f.parties = t.parties;
  f.state = t.state;
  f.created_at = t.created_at;
  f.acknowledged_at = t.sla.ack_stopped_at;
  if (t.request && t.request->decision) f.decision = t.request->decision->outcome;
  if (const TicketTally* tally = t.tally ? &*t.tally : nullptr) {
    f.resolved_at = tally->first_resolved_at;
    f.closed_at = IsTerminal(t.state) ? tally->closed_at : std::nullopt;
    // The closed spells, and the open one up to this commit.
    TicketTally waits = *tally;
    if (std::int64_t* bucket = WaitBucket(waits, t.state)) *bucket += (t.updated_at - tally->state_since).count();
    f.wait_reporter_s = waits.wait_reporter_s;
    f.wait_ministry_s = waits.wait_ministry_s;
    f.wait_chairman_s = waits.wait_chairman_s;
    f.reopens = tally->reopens;
    f.escalations = tally->escalations;
    f.escalated_at = tally->escalated_at;
    f.chairman_decision = tally->chairman_decision;
    f.chairman_decided_at = tally->chairman_decided_at;
    f.chairman_requires_action = tally->chairman_requires_action;
  } else {
    // Stored before the tally: what the snapshot itself tells.
    f.resolved_at = t.resolved_at;
    if (IsTerminal(t.state)) f.closed_at = t.updated_at;
  }
  if (clocks) clocks->Measure(t, f);
  return f;
}

}  // namespace incidents::engine
