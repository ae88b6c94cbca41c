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
#include "incidents/engine/command.h"
#include "incidents/engine/ticket.h"

namespace incidents::engine {

// States in which the resolve clock stops counting.
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
};
SlaTargets DefaultSlaTargets();  // the table of spec/WORKFLOW.md

enum class TimerKind { kAckLevel1, kAckLevel2, kResolveLevel1, kResolveLevel2, kAutoClose };
std::string_view ToString(TimerKind k);
std::optional<TimerKind> ParseTimerKind(std::string_view s);

struct DueTimer {
  TimerKind kind;
  Timestamp due;
  friend bool operator==(const DueTimer&, const DueTimer&);
};

class SlaPolicy {
 public:
  SlaPolicy(const BusinessCalendar& calendar, SlaTargets targets);

  // Fills ticket.sla.ack_due and resolve_due (none once a clock has stopped; while paused,
  // resolve_due is where it would be if the clock resumed at `now`), and with them
  // ack_working_left and resolve_working_left: the working time from `now` to that due on
  // the calendar, negative (the working time past it) when overdue, none when the due is
  // none. While paused that is the working time that would be left if the clock resumed
  // at `now` (the target minus the working time counted so far).
  void Annotate(Ticket& ticket, Timestamp now) const;

  // The signed working time from `now` to `due`: WorkingTimeBetween(now, due) when due is
  // not before now, else minus WorkingTimeBetween(due, now).
  std::chrono::seconds WorkingTimeLeft(Timestamp due, Timestamp now) const;

  // The timers an open ticket needs: each breach level not yet recorded for the running
  // clocks, and auto-close while resolved. Empty for terminal tickets.
  std::vector<DueTimer> PendingTimers(const Ticket& ticket) const;

  // The sla_breach (lowest level first) or auto_close that is due at `now`, if any.
  std::optional<Command> DueCommand(const Ticket& ticket, Timestamp now) const;

  const SlaTargets& targets() const { return targets_; }
  const BusinessCalendar& calendar() const { return calendar_; }

 private:
  std::chrono::seconds PausedWorkingTime(const TicketSla& sla, Timestamp now) const;
  std::chrono::seconds WorkingDay() const;

  const BusinessCalendar& calendar_;
  SlaTargets targets_;
};

}  // namespace incidents::engine
