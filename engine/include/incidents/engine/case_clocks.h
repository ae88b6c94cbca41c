#pragma once
// The clocks of one workflow's tickets, behind one port: the incident workflow's SLA
// (SlaPolicy, sla.h) and a data request's decision and consultation clocks
// (RequestClocks, request_clocks.h). TicketService asks the ticket's own workflow's clocks
// for the dues it shows, the timers a commit stores and the breach a timer fires; the
// timers are the same durable rows for every workflow.
//
// Implementations are immutable after construction and thread-safe.

#include <optional>
#include <string_view>
#include <vector>

#include "incidents/engine/command.h"
#include "incidents/engine/ticket.h"

namespace incidents::engine {

struct TicketFigures;

// What a stored timer is for. The names are stored (timers table): never rename one.
enum class TimerKind {
  kAckLevel1, kAckLevel2, kResolveLevel1, kResolveLevel2, kAutoClose,  // an incident's
  kDecisionLevel1, kDecisionLevel2, kConsultation,                     // a data request's
};
std::string_view ToString(TimerKind k);
std::optional<TimerKind> ParseTimerKind(std::string_view s);

struct DueTimer {
  TimerKind kind;
  Timestamp due;
  friend bool operator==(const DueTimer&, const DueTimer&);
};

class CaseClocks {
 public:
  virtual ~CaseClocks() = default;

  // Fills the ticket's shown dues (ticket.sla's derived members) as of `now`.
  virtual void Annotate(Ticket& ticket, Timestamp now) const = 0;

  // The timers an open ticket needs: each breach not yet recorded for the clocks that run.
  // Empty for a terminal ticket.
  virtual std::vector<DueTimer> PendingTimers(const Ticket& ticket) const = 0;

  // The event (sla_breach, or an incident's auto_close) due at `now`, the earliest first.
  virtual std::optional<Command> DueCommand(const Ticket& ticket, Timestamp now) const = 0;

  // The working times a report counts (report.h): each clock that has stopped, measured on
  // the calendar less its pauses, and whether it took longer than its target.
  virtual void Measure(const Ticket& ticket, TicketFigures& figures) const = 0;
};

// The earliest of `timers` due at `now`, or nullptr.
const DueTimer* EarliestDue(const std::vector<DueTimer>& timers, Timestamp now);

}  // namespace incidents::engine
