#pragma once
// Routing as data (STYLE.md, Alertmanager): each rule matches an event (and optionally
// the category, priority, resulting state or breach level) and names recipients by their
// role in the ticket and the channels to use. NotificationRouter (notification_router.h)
// applies them. Value types; the config section `notifications.rules` is their JSON.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"

namespace incidents::notifications {

enum class RecipientRole {
  kReporterOrg,      // the reporting org's focal point
  kParties,          // every party org's focal point
  kParty,            // the org named by the event's `party` (request_party_fix)
  kProvincialFocal,  // DoICT's focal point
  kAssignee,         // the assigned DoICT engineer (their own contact)
  kChairmanOffice,   // the Chairman's office focal point
  kReporter,         // the person who filed the ticket (their own contact)
  kActor,            // the person who recorded the event (their own contact; not the system)
};
std::string_view ToString(RecipientRole r);
std::optional<RecipientRole> ParseRecipientRole(std::string_view s);

struct NotificationRule {
  std::string name;
  std::set<engine::EventType> events;      // must not be empty
  std::set<engine::Category> categories;   // empty: any
  std::set<engine::Priority> priorities;   // empty: any
  std::set<engine::State> to_states;       // empty: any
  std::set<int> levels;                    // sla_breach levels; empty: any
  std::vector<RecipientRole> recipients;
  std::vector<engine::NotificationChannel> channels;
};

// The rules that follow the regulation (Art. 16-20): see config/README.md.
std::vector<NotificationRule> DefaultNotificationRules();
engine::JsonValue RulesToJson(const std::vector<NotificationRule>& rules);
// kInvalidValue naming the rule and field for anything malformed.
engine::Result<std::vector<NotificationRule>> RulesFromJson(const engine::JsonValue& json);

}  // namespace incidents::notifications
