#include "incidents/engine/access.h"

namespace incidents::engine {

bool IsDoictStaff(const Actor& a, const WorkflowSettings& s) {
  return a.org == s.doict_org && (a.Has(Role::kEngineer) || a.Has(Role::kCoordinator));
}

bool IsDoictCoordinator(const Actor& a, const WorkflowSettings& s) {
  return a.org == s.doict_org && a.Has(Role::kCoordinator);
}

bool IsChairman(const Actor& a, const WorkflowSettings& s) {
  return a.org == s.chairman_office_org && a.Has(Role::kChairman);
}

bool IsDoictDirector(const Actor& a, const WorkflowSettings& s) {
  return a.org == s.doict_org && a.Has(Role::kDirector);
}

bool IsChairmanOfficeStaff(const Actor& a, const WorkflowSettings& s) {
  return a.org == s.chairman_office_org && a.Has(Role::kOfficeStaff);
}

bool IsFocalPointOf(const Actor& a, const std::string& org) { return a.Has(Role::kFocalPoint) && a.ActsFor(org); }

bool IsRequesterOf(const Actor& a, const Ticket& t) { return a.is_requester() && !t.id.empty() && a.request == t.id; }

bool CanReport(const Actor& a) { return a.Has(Role::kReporter) || a.Has(Role::kFocalPoint); }

bool IsOfReporterOrg(const Actor& a, const Ticket& t) { return CanReport(a) && a.ActsFor(t.reporter_org); }

namespace {
bool ActsForAParty(const Actor& a, const Ticket& t) {
  for (const std::string& p : t.parties)
    if (a.ActsFor(p)) return true;
  return false;
}
}  // namespace

bool IsPartyFocalPoint(const Actor& a, const Ticket& t) { return a.Has(Role::kFocalPoint) && ActsForAParty(a, t); }

bool SeesAllTickets(const Actor& a, const WorkflowSettings& s) {
  return a.is_system() || a.is_replay() || IsDoictStaff(a, s) || IsDoictDirector(a, s) || IsChairman(a, s) ||
         IsChairmanOfficeStaff(a, s) || a.Has(Role::kAdmin);
}

bool CanSee(const Actor& a, const Ticket& t, const WorkflowSettings& s) {
  if (SeesAllTickets(a, s)) return true;
  if (a.is_requester()) return IsRequesterOf(a, t);
  return CanReport(a) && (a.ActsFor(t.reporter_org) || ActsForAParty(a, t));
}

bool SeesRequesterContact(const Actor& a, const WorkflowSettings& s) {
  return IsDoictStaff(a, s) || IsDoictDirector(a, s);
}

void MaskRequesterContact(std::vector<TicketEvent>& events) {
  for (TicketEvent& e : events) {
    if (e.type != EventType::kSubmit) continue;
    for (const char* field : {"email", "phone", "tax_code"})
      if (auto it = e.payload.find(field); it != e.payload.end()) it->second = JsonValue();
  }
}

}  // namespace incidents::engine
