#pragma once
// Who is who (spec/WORKFLOW.md "Who is who"): the one implementation of the actor
// rules, used by the workflow's guards and by visibility checks alike.

#include <vector>

#include "incidents/engine/actor.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

// engineer or coordinator of DoICT.
bool IsDoictStaff(const Actor& a, const WorkflowSettings& s);
// coordinator of DoICT.
bool IsDoictCoordinator(const Actor& a, const WorkflowSettings& s);
// chairman role in the Chairman's office.
bool IsChairman(const Actor& a, const WorkflowSettings& s);
// director of DoICT: its leadership, who sign off escalations to the Chairman.
bool IsDoictDirector(const Actor& a, const WorkflowSettings& s);
// office_staff of the Chairman's office: record decisions on the signer's behalf.
bool IsChairmanOfficeStaff(const Actor& a, const WorkflowSettings& s);
// reporter or focal_point whose org is the ticket's reporter_org.
bool IsOfReporterOrg(const Actor& a, const Ticket& t);
// focal_point of an org in the ticket's parties.
bool IsPartyFocalPoint(const Actor& a, const Ticket& t);
// focal_point of `org` (or of an org that took it over).
bool IsFocalPointOf(const Actor& a, const std::string& org);
// the requester of this data-sharing request (Actor::Requester).
bool IsRequesterOf(const Actor& a, const Ticket& t);
// reporter or focal_point (an agency user who may file tickets).
bool CanReport(const Actor& a);
// DoICT staff and directors, the Chairman and the office staff, and admins see every
// ticket (the system and replays too).
bool SeesAllTickets(const Actor& a, const WorkflowSettings& s);
// chairman, engineer, coordinator, director, office_staff (of their authority's org) and
// admin see everything; reporter/focal_point see tickets where their org is
// reporter_org or a party; a requester sees their own request. The system and replays
// see all.
bool CanSee(const Actor& a, const Ticket& t, const WorkflowSettings& s);

// A data request's requester contact (email, phone, tax code) is personal data (issue
// 15.4): DoICT staff and directors see it; everyone else sees it as null.
bool SeesRequesterContact(const Actor& a, const WorkflowSettings& s);
// Blanks the requester's contact in a request's `submit` event. Such an item no longer
// hashes to its "hash": the chain is checked on the unmasked history (verify, DoICT).
void MaskRequesterContact(std::vector<TicketEvent>& events);

}  // namespace incidents::engine
