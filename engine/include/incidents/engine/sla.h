#pragma once
// SLA clocks (spec/WORKFLOW.md "SLA clocks"; Art. 19.1). Two halves:
//  - UpdateSlaFacts: the pure fold that records when each clock started, stopped and
//    paused. The workflow calls it for every event, so replay reproduces it.
//  - SlaPolicy: targets per priority plus the working calendar; derives the dues, the
//    timers that should be armed, and the breach or auto-close that is due now.
// SlaPolicy is immutable after construction and thread-safe; the calendar must outlive it.

#include <chrono>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/case_clocks.h"
#include "incidents/engine/command.h"
#include "incidents/engine/ticket.h"

namespace incidents::engine {

// States in which the resolve clock (a data request's decision clock) stops counting.
bool PausesResolveClock(State s);

// Records what `type` (which moved `before` to `after`, at `at`) does to the clocks.
void UpdateSlaFacts(const Ticket& before, Ticket& after, EventType type, Timestamp at);

// Seconds rather than minutes so that a test can shrink the targets (config
// sla.time_unit_seconds); the spec's targets are whole working hours.
struct SlaTarget {
  std::chrono::seconds acknowledge;  // working time
  std::chrono::seconds resolve;      // working time
};

struct SlaTargets {
  std::map<Priority, SlaTarget> by_priority;  // every priority must be present
  int auto_close_working_days = 5;
  // The working time of one day for auto_close_working_days; zero: the working time of a
  // make-up working day under the calendar (8 h with the default periods). Only a testing
  // aid sets it (config sla.time_unit_seconds scales it with the targets).
  std::chrono::seconds working_day{0};
  // A data request's decision clock (RequestClocks): working days from submit to the
  // decision, paused while the requester, the owning units or the Chairman have it. The
  // Regulation sets no time limit: this is the province's service level.
  int decision_working_days = 15;
};
SlaTargets DefaultSlaTargets();  // the table of spec/WORKFLOW.md

// The signed working time from `now` to `due`: WorkingTimeBetween(now, due) when due is
// not before now, else minus WorkingTimeBetween(due, now).
std::chrono::seconds WorkingTimeLeft(const BusinessCalendar& calendar, Timestamp due, Timestamp now);

// The working time the resolve clock has been paused, its closed pauses and, when
// paused now, up to `now`.
std::chrono::seconds PausedWorkingTime(const TicketSla& sla, const BusinessCalendar& calendar, Timestamp now);

// Whether a breach of `clock` at `level` was recorded at or after `since`.
bool Breached(const TicketSla& sla, SlaClockKind clock, int level, Timestamp since);

// The working time of one day for the targets counted in days: targets.working_day, or the
// calendar's make-up working day (8 h with the default periods).
std::chrono::seconds WorkingDayOf(const SlaTargets& targets, const BusinessCalendar& calendar);

// An incident's clocks.
class SlaPolicy final : public CaseClocks {
 public:
  SlaPolicy(const BusinessCalendar& calendar, SlaTargets targets);

  // Fills ticket.sla.ack_due and resolve_due (none once a clock has stopped; while paused,
  // resolve_due is where it would be if the clock resumed at `now`), and with them
  // ack_working_left and resolve_working_left: the working time from `now` to that due on
  // the calendar, negative (the working time past it) when overdue, none when the due is
  // none. While paused that is the working time that would be left if the clock resumed
  // at `now` (the target minus the working time counted so far).
  void Annotate(Ticket& ticket, Timestamp now) const override;

  // The timers an open ticket needs: each breach level not yet recorded for the running
  // clocks, and auto-close while resolved. Empty for terminal tickets.
  std::vector<DueTimer> PendingTimers(const Ticket& ticket) const override;

  // The sla_breach (lowest level first) or auto_close that is due at `now`, if any.
  std::optional<Command> DueCommand(const Ticket& ticket, Timestamp now) const override;

  // Acknowledge and resolve (an incident) or decision (a request) working times and lateness.
  void Measure(const Ticket& ticket, TicketFigures& figures) const override;

  const SlaTargets& targets() const { return targets_; }
  const BusinessCalendar& calendar() const { return calendar_; }

 private:
  const BusinessCalendar& calendar_;
  SlaTargets targets_;
};

}  // namespace incidents::engine
