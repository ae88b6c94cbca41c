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
const DemoUser& UserNamed(const std::string& username);

// What the oracle needs to know about a ticket.
struct TicketModel {
  std::string state;
  std::string reporter_org;
  std::vector<std::string> parties;
};

bool CanSee(const DemoUser& u, const TicketModel& t);
// Events (not system ones, not report) the user may fire now.
std::set<std::string> AllowedActions(const DemoUser& u, const TicketModel& t);
// The "legal basis" column of WORKFLOW.md.
std::string LegalBasis(const std::string& event);
// States of WORKFLOW.md with their Vietnamese labels and whether terminal.
struct StateSpec {
  std::string id, label_vi;
  bool terminal;
};
const std::vector<StateSpec>& States();
// The event types a client may send (all but report and the system ones).
const std::vector<std::string>& UserEvents();

}  // namespace e2e
