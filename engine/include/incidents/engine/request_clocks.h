#pragma once
// A data-sharing request's clocks (issue 15.3), on the working calendar like an incident's:
//  - decision: from submit to the decision (granted, partially_granted, refused) or the
//    withdrawal, paused while the requester, the owning units (awaiting_agreement) or the
//    Chairman have the request; breached at SlaTargets::decision_working_days working days
//    (level 1) and twice that (level 2). Its facts are the ticket's resolve clock facts
//    (UpdateSlaFacts), shown as sla.resolve_due.
//  - consultation: while consulting, the opinions are due by the date the last consult set
//    (request.opinions_due); breached once (level 1) at the end of that day if a consulted
//    unit has not answered. The end of a day is 24:00 local time, and a due date that is not
//    a working day moves to the end of the next working day (khoản 3-4 Điều 148 Bộ luật Dân
//    sự 2015, the end of a period).
// Immutable after construction and thread-safe; the calendar must outlive it.

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/case_clocks.h"
#include "incidents/engine/sla.h"

namespace incidents::engine {

class RequestClocks final : public CaseClocks {
 public:
  RequestClocks(const BusinessCalendar& calendar, SlaTargets targets);

  // sla.resolve_due (the decision's due) and resolve_working_left, as SlaPolicy does for
  // an incident's resolve clock; no ack_due (a request has no acknowledgement).
  void Annotate(Ticket& ticket, Timestamp now) const override;
  std::vector<DueTimer> PendingTimers(const Ticket& ticket) const override;
  std::optional<Command> DueCommand(const Ticket& ticket, Timestamp now) const override;

  // The decision's working time and lateness, once decided.
  void Measure(const Ticket& ticket, TicketFigures& figures) const override;

  // The instant opinions due on `date` are late: 24:00 local of `date`, or of the next
  // working day when `date` is not one.
  Timestamp EndOfDueDate(CivilDate date) const;

 private:
  std::chrono::seconds DecisionTarget() const;

  const BusinessCalendar& calendar_;
  SlaTargets targets_;
};

}  // namespace incidents::engine
