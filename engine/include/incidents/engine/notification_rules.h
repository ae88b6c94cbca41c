#pragma once
// Routing as data (STYLE.md, Alertmanager): each rule matches an event (and optionally
// the category, priority, resulting state or breach level) and names recipients by their
// role in the ticket and the channels to use. The NotificationRouter turns a committed
// event into outbox rows, resolving roles to focal points and the assignee's contact.
// Immutable after construction; thread-safe.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

enum class RecipientRole {
  kReporterOrg,      // the reporting org's focal point
  kParties,          // every party org's focal point
  kParty,            // the org named by the event's `party` (request_party_fix)
  kProvincialFocal,  // DoICT's focal point
  kAssignee,         // the assigned DoICT engineer (their own contact)
  kChairmanOffice,   // the Chairman's office focal point
};
std::string_view ToString(RecipientRole r);
std::optional<RecipientRole> ParseRecipientRole(std::string_view s);

struct NotificationRule {
  std::string name;
  std::set<EventType> events;      // must not be empty
  std::set<Category> categories;   // empty: any
  std::set<Priority> priorities;   // empty: any
  std::set<State> to_states;       // empty: any
  std::set<int> levels;            // sla_breach levels; empty: any
  std::vector<RecipientRole> recipients;
  std::vector<NotificationChannel> channels;
};

// The rules that follow the regulation (Art. 16-20): see config/README.md.
std::vector<NotificationRule> DefaultNotificationRules();
JsonValue RulesToJson(const std::vector<NotificationRule>& rules);
// kInvalidValue naming the rule and field for anything malformed.
Result<std::vector<NotificationRule>> RulesFromJson(const JsonValue& json);

// The template variables of an event, fixed when it is committed.
JsonValue::Object NotificationVars(const Ticket& after, const TicketEvent& event, const std::string& org_name);

class NotificationRouter {
 public:
  NotificationRouter(std::vector<NotificationRule> rules, WorkflowSettings settings, std::string locale = "vi");

  // The rows for one event: every matching rule's recipients × channels, each
  // (recipient, channel) once; recipients without an address for a channel are skipped.
  Result<std::vector<OutboxRow>> Route(const Ticket& after, const TicketEvent& event, Directory& directory) const;

  const std::vector<NotificationRule>& rules() const { return rules_; }

 private:
  std::vector<NotificationRule> rules_;
  WorkflowSettings settings_;
  std::string locale_;
};

}  // namespace incidents::engine
