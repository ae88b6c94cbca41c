#include "incidents/engine/request_clocks.h"

#include <algorithm>

#include "incidents/engine/report.h"

namespace incidents::engine {

using std::chrono::seconds;

namespace {

// A consulted unit has not given its opinion yet.
bool OpinionsOutstanding(const DataRequestFacts& f) {
  return std::any_of(f.consulted.begin(), f.consulted.end(), [&](const std::string& unit) {
    return std::find(f.opinions_from.begin(), f.opinions_from.end(), unit) == f.opinions_from.end();
  });
}

}  // namespace

RequestClocks::RequestClocks(const BusinessCalendar& calendar, SlaTargets targets)
    : calendar_(calendar), targets_(std::move(targets)) {}

seconds RequestClocks::DecisionTarget() const {
  return targets_.decision_working_days * WorkingDayOf(targets_, calendar_);
}

Timestamp RequestClocks::EndOfDueDate(CivilDate date) const {
  // Bounded: a calendar has working time in every week (Create() checks it), and no run of
  // holidays is longer than a few weeks.
  for (int i = 0; i < 366 && !calendar_.IsWorkingDay(date); ++i) date = AddDays(date, 1);
  return LocalMidnightOf(AddDays(date, 1));
}

void RequestClocks::Annotate(Ticket& t, Timestamp now) const {
  t.sla.ack_due.reset();
  t.sla.resolve_due.reset();
  t.sla.ack_working_left.reset();
  t.sla.resolve_working_left.reset();
  if (!t.filed() || !t.sla.resolve_started_at || t.sla.resolve_stopped_at) return;
  t.sla.resolve_due = calendar_.AddWorkingTime(*t.sla.resolve_started_at,
                                               DecisionTarget() + PausedWorkingTime(t.sla, calendar_, now));
  t.sla.resolve_working_left = WorkingTimeLeft(calendar_, *t.sla.resolve_due, now);
}

void RequestClocks::Measure(const Ticket& t, TicketFigures& f) const {
  // Decided (a withdrawal also stops the clock, but decides nothing).
  if (!t.request || !t.request->decision || !t.sla.resolve_started_at || !t.sla.resolve_stopped_at) return;
  const seconds took = calendar_.WorkingTimeBetween(*t.sla.resolve_started_at, *t.sla.resolve_stopped_at) -
                       PausedWorkingTime(t.sla, calendar_, *t.sla.resolve_stopped_at);
  f.decision_working_s = std::max<std::int64_t>(0, took.count());
  f.decision_late = took > DecisionTarget();
}

std::vector<DueTimer> RequestClocks::PendingTimers(const Ticket& t) const {
  std::vector<DueTimer> out;
  if (!t.filed() || IsTerminal(t.state)) return out;
  if (t.sla.resolve_started_at && !t.sla.resolve_stopped_at && !t.sla.paused) {
    const Timestamp start = *t.sla.resolve_started_at;
    const seconds paused = PausedWorkingTime(t.sla, calendar_, start);  // closed pauses only
    if (!Breached(t.sla, SlaClockKind::kDecision, 1, start))
      out.push_back({TimerKind::kDecisionLevel1, calendar_.AddWorkingTime(start, DecisionTarget() + paused)});
    if (!Breached(t.sla, SlaClockKind::kDecision, 2, start))
      out.push_back({TimerKind::kDecisionLevel2, calendar_.AddWorkingTime(start, 2 * DecisionTarget() + paused)});
  }
  if (t.state == State::kConsulting && t.request && t.request->opinions_due && OpinionsOutstanding(*t.request)) {
    const Timestamp due = EndOfDueDate(*t.request->opinions_due);
    // A breach of an earlier consult (due before this one) does not count for this one.
    if (!Breached(t.sla, SlaClockKind::kConsultation, 1, due)) out.push_back({TimerKind::kConsultation, due});
  }
  return out;
}

std::optional<Command> RequestClocks::DueCommand(const Ticket& t, Timestamp now) const {
  const std::vector<DueTimer> timers = PendingTimers(t);
  const DueTimer* due = EarliestDue(timers, now);
  if (!due) return std::nullopt;
  switch (due->kind) {
    case TimerKind::kDecisionLevel1: return SlaBreachCommand{SlaClockKind::kDecision, 1};
    case TimerKind::kDecisionLevel2: return SlaBreachCommand{SlaClockKind::kDecision, 2};
    case TimerKind::kConsultation: return SlaBreachCommand{SlaClockKind::kConsultation, 1};
    default: return std::nullopt;  // an incident's (SlaPolicy)
  }
}

}  // namespace incidents::engine
