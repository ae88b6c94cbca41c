#include "incidents/engine/sla.h"

#include <algorithm>

#include "incidents/engine/report.h"

namespace incidents::engine {

using std::chrono::seconds;

// Waiting on someone outside DoICT (the reporter, the Ministry, the Chairman) pauses the
// resolve clock. Waiting for DoICT's own director (awaiting_director) does not: the
// sign-off is part of DoICT's handling, and the clock measures that handling.
// A data request's decision clock pauses the same way, and while the owning units are asked
// to agree to DoICT's proposal (awaiting_agreement).
bool PausesResolveClock(State s) {
  return s == State::kWaitingReporter || s == State::kAwaitingMinistry || s == State::kAwaitingChairman ||
         s == State::kAwaitingAgreement;
}

namespace {

// A data request's decision clock stops once the request is decided, or withdrawn.
bool StopsDecisionClock(State s) {
  return s == State::kGranted || s == State::kPartiallyGranted || s == State::kRefused || s == State::kWithdrawn;
}

}  // namespace

void UpdateSlaFacts(const Ticket& before, Ticket& after, EventType type, Timestamp at) {
  TicketSla& sla = after.sla;
  if (type == EventType::kReport || type == EventType::kSubmit) {
    sla = TicketSla{};
    sla.resolve_started_at = at;  // a request's decision clock
    return;
  }
  if (type == EventType::kReopen) {
    // A new resolve clock from the reopen instant (issue 5); the ack clock stays stopped.
    sla.resolve_started_at = at;
    sla.resolve_stopped_at.reset();
    sla.paused_since.reset();
    sla.pauses.clear();
    sla.paused = false;
    return;
  }
  if (type == EventType::kAcknowledge && !sla.ack_stopped_at) sla.ack_stopped_at = at;
  const bool was_paused = before.filed() && PausesResolveClock(before.state);
  const bool now_paused = PausesResolveClock(after.state);
  if (!was_paused && now_paused) sla.paused_since = at;
  if (was_paused && !now_paused && sla.paused_since) {
    sla.pauses.push_back({*sla.paused_since, at});
    sla.paused_since.reset();
  }
  sla.paused = now_paused;
  if (after.state == State::kResolved && before.state != State::kResolved) sla.resolve_stopped_at = at;
  if (StopsDecisionClock(after.state) && !sla.resolve_stopped_at) sla.resolve_stopped_at = at;
  if (after.state == State::kRejected) {
    if (!sla.ack_stopped_at) sla.ack_stopped_at = at;
    sla.resolve_stopped_at = at;
  }
}

SlaTargets DefaultSlaTargets() {
  using std::chrono::hours;
  SlaTargets t;
  t.by_priority = {
      {Priority::kCritical, {hours(1), hours(8)}},
      {Priority::kHigh, {hours(2), hours(16)}},
      {Priority::kNormal, {hours(4), hours(40)}},
      {Priority::kLow, {hours(8), hours(80)}},
  };
  return t;
}

SlaPolicy::SlaPolicy(const BusinessCalendar& calendar, SlaTargets targets)
    : calendar_(calendar), targets_(std::move(targets)) {}

seconds PausedWorkingTime(const TicketSla& sla, const BusinessCalendar& calendar, Timestamp now) {
  seconds total{0};
  for (const auto& p : sla.pauses) total += calendar.WorkingTimeBetween(p.from, p.to);
  if (sla.paused_since) total += calendar.WorkingTimeBetween(*sla.paused_since, now);
  return total;
}

seconds WorkingDayOf(const SlaTargets& targets, const BusinessCalendar& calendar) {
  if (targets.working_day > seconds(0)) return targets.working_day;
  std::int64_t total = 0;
  for (const auto& p : calendar.rules().make_up_day_periods) total += p.end_minute - p.start_minute;
  return seconds(60 * (total > 0 ? total : 8 * 60));
}

bool Breached(const TicketSla& sla, SlaClockKind clock, int level, Timestamp since) {
  return std::any_of(sla.breaches.begin(), sla.breaches.end(), [&](const SlaBreach& b) {
    return b.clock == clock && b.level == level && b.at >= since;
  });
}

seconds WorkingTimeLeft(const BusinessCalendar& calendar, Timestamp due, Timestamp now) {
  return due >= now ? calendar.WorkingTimeBetween(now, due) : -calendar.WorkingTimeBetween(due, now);
}

void SlaPolicy::Annotate(Ticket& t, Timestamp now) const {
  t.sla.ack_due.reset();
  t.sla.resolve_due.reset();
  t.sla.ack_working_left.reset();
  t.sla.resolve_working_left.reset();
  if (!t.filed()) return;
  const SlaTarget& target = targets_.by_priority.at(t.priority);
  if (!t.sla.ack_stopped_at) t.sla.ack_due = calendar_.AddWorkingTime(t.created_at, target.acknowledge);
  if (t.sla.resolve_started_at && !t.sla.resolve_stopped_at)
    t.sla.resolve_due =
        calendar_.AddWorkingTime(*t.sla.resolve_started_at, target.resolve + PausedWorkingTime(t.sla, calendar_, now));
  // While paused, resolve_due counts the pause up to `now`, so the time left from `now` is
  // what would be left if the clock resumed now.
  if (t.sla.ack_due) t.sla.ack_working_left = WorkingTimeLeft(calendar_, *t.sla.ack_due, now);
  if (t.sla.resolve_due) t.sla.resolve_working_left = WorkingTimeLeft(calendar_, *t.sla.resolve_due, now);
}

void SlaPolicy::Measure(const Ticket& t, TicketFigures& f) const {
  if (!t.filed()) return;
  const SlaTarget& target = targets_.by_priority.at(t.priority);
  // Acknowledged, or rejected at triage: either ends the ack clock. A ticket rejected
  // before it was acknowledged counts too: DoICT answered it.
  if (t.sla.ack_stopped_at) {
    const seconds took = calendar_.WorkingTimeBetween(t.created_at, *t.sla.ack_stopped_at);
    f.ack_working_s = took.count();
    f.ack_late = took > target.acknowledge;
  }
  // Resolved (the last resolve clock): a rejection also stops the clock, but resolves nothing.
  if (t.resolved_at && t.sla.resolve_started_at && t.sla.resolve_stopped_at) {
    const seconds took = calendar_.WorkingTimeBetween(*t.sla.resolve_started_at, *t.sla.resolve_stopped_at) -
                         PausedWorkingTime(t.sla, calendar_, *t.sla.resolve_stopped_at);
    f.last_resolved_at = t.sla.resolve_stopped_at;
    f.resolve_working_s = std::max<std::int64_t>(0, took.count());
    f.resolve_late = took > target.resolve;
  }
}

std::vector<DueTimer> SlaPolicy::PendingTimers(const Ticket& t) const {
  std::vector<DueTimer> out;
  if (!t.filed() || IsTerminal(t.state)) return out;
  const SlaTarget& target = targets_.by_priority.at(t.priority);
  if (!t.sla.ack_stopped_at) {
    if (!Breached(t.sla, SlaClockKind::kAck, 1, t.created_at))
      out.push_back({TimerKind::kAckLevel1, calendar_.AddWorkingTime(t.created_at, target.acknowledge)});
    if (!Breached(t.sla, SlaClockKind::kAck, 2, t.created_at))
      out.push_back({TimerKind::kAckLevel2, calendar_.AddWorkingTime(t.created_at, 2 * target.acknowledge)});
  }
  if (t.sla.resolve_started_at && !t.sla.resolve_stopped_at && !t.sla.paused) {
    const Timestamp start = *t.sla.resolve_started_at;
    const seconds paused = PausedWorkingTime(t.sla, calendar_, start);  // closed pauses only
    if (!Breached(t.sla, SlaClockKind::kResolve, 1, start))
      out.push_back({TimerKind::kResolveLevel1, calendar_.AddWorkingTime(start, target.resolve + paused)});
    if (!Breached(t.sla, SlaClockKind::kResolve, 2, start))
      out.push_back(
          {TimerKind::kResolveLevel2, calendar_.AddWorkingTime(start, 2 * target.resolve + paused)});
  }
  if (t.state == State::kResolved && t.resolved_at)
    out.push_back({TimerKind::kAutoClose,
                   calendar_.AddWorkingTime(*t.resolved_at,
                                            targets_.auto_close_working_days * WorkingDayOf(targets_, calendar_))});
  return out;
}

std::optional<Command> SlaPolicy::DueCommand(const Ticket& t, Timestamp now) const {
  const std::vector<DueTimer> timers = PendingTimers(t);
  const DueTimer* due = EarliestDue(timers, now);
  if (!due) return std::nullopt;
  switch (due->kind) {
    case TimerKind::kAckLevel1: return SlaBreachCommand{SlaClockKind::kAck, 1};
    case TimerKind::kAckLevel2: return SlaBreachCommand{SlaClockKind::kAck, 2};
    case TimerKind::kResolveLevel1: return SlaBreachCommand{SlaClockKind::kResolve, 1};
    case TimerKind::kResolveLevel2: return SlaBreachCommand{SlaClockKind::kResolve, 2};
    case TimerKind::kAutoClose: return AutoCloseCommand{};
    default: return std::nullopt;  // a data request's (RequestClocks)
  }
}

}  // namespace incidents::engine
