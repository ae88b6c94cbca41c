#pragma once
// The contract of spec/WORKFLOW.md written out independently of the server: the demo users,
// who sees a ticket, which events each user may fire in each state, and each event's
// legal basis. The tests compare the server's answers with it.

#include <set>
#include <string>
#include <vector>

namespace e2e {

struct DemoUser {
  std::string username;
  std::string org;
  std::set<std::string> roles;
  bool Has(const std::string& role) const { return roles.count(role) > 0; }
};

// The nine demo users of spec/API.md.
const std::vector<DemoUser>& DemoUsers();
// Issue 12.3's users, which escalation_test.cpp adds to its own demo file (password demo):
// stttt.director (director, stttt), vice.chairman (chairman, vp-ubnd), vp-ubnd.office
// (office_staff, vp-ubnd).
const std::vector<DemoUser>& LeadershipUsers();
// Either list's user.
const DemoUser& UserNamed(const std::string& username);

// The settings of issue 12.3 (config/README.md `workflow.*`); the defaults are the
// contract's.
struct OracleSettings {
  bool director_signoff = false;     // workflow.escalation_signoff = director
  bool chairman_may_return = false;  // workflow.chairman_may_return
};

// What the oracle needs to know about a ticket.
struct TicketModel {
  std::string state;
  std::string reporter_org;
  std::vector<std::string> parties;
};

bool CanSee(const DemoUser& u, const TicketModel& t);
// Events (not system ones, not report) the user may fire now.
std::set<std::string> AllowedActions(const DemoUser& u, const TicketModel& t, const OracleSettings& s = {});
// Where escalate_chairman by `u` leads: awaiting_director for a coordinator under director
// sign-off, else awaiting_chairman.
std::string EscalationTarget(const DemoUser& u, const OracleSettings& s);
// The citation an event records (machine form) for a ticket inside the province filed as a
// data discrepancy, under the current regulation version (issue 13); a reject's by its
// `grounds` ("" for out of scope) or none for a duplicate.
std::string LegalBasis(const std::string& event, const std::string& grounds = "", bool duplicate = false);
// The legal_basis GET /api/v1/workflows/incident gives an event: where the article depends
// on the ticket, every article it may cite ("Art. 11.2b, 12.2, 13.2b").
std::string WorkflowLegalBasis(const std::string& event);
// States of WORKFLOW.md with their Vietnamese labels and whether terminal.
struct StateSpec {
  std::string id, label_vi;
  bool terminal;
};
const std::vector<StateSpec>& States();
// The event types a client may send (all but report and the system ones).
const std::vector<std::string>& UserEvents();

}  // namespace e2e
