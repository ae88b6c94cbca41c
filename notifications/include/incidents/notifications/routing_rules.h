#pragma once
// Routing as data (STYLE.md, Alertmanager): each rule names its workflow, matches an event
// of a ticket of that workflow (and optionally the category, priority, resulting state or
// breach level) and names recipients by their role in the ticket and the channels to use.
// NotificationRouter (notification_router.h) applies them. Value types; the config section
// `notifications.rules` is their JSON.

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"
#include "incidents/engine/workflow_names.h"

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
  // Data-sharing requests (issue 15.3):
  kRequester,  // the request's own requester, at the email/phone the request gives
               // (ticket.request; no directory lookup; nobody when the request has none).
               // Personal data: never logged unmasked, never in the message variables.
  kConsulted,  // the focal points of the units consulted: for `consult`, the units its
               // payload names; for any other event, the request's `consulted` so far
  kOwners,     // the focal points of the units that manage the request's data
               // (ticket.request->owners), whose agreement Art. 12.2 needs
};
std::string_view ToString(RecipientRole r);
std::optional<RecipientRole> ParseRecipientRole(std::string_view s);

// The workflows a rule may name (Ticket::workflow, workflow_names.h): the incident one and
// the data-sharing requests. A rule matches only tickets of its own workflow.
inline constexpr std::array<std::string_view, 2> kRoutedWorkflows = {engine::kIncidentWorkflow,
                                                                     engine::kDataRequestWorkflow};

struct NotificationRule {
  std::string name;
  std::set<engine::EventType> events;      // must not be empty
  std::set<engine::Category> categories;   // empty: any
  std::set<engine::Priority> priorities;   // empty: any
  std::set<engine::State> to_states;       // empty: any
  std::set<int> levels;                    // sla_breach levels; empty: any
  std::vector<RecipientRole> recipients;
  std::vector<engine::NotificationChannel> channels;
  // The workflow whose tickets the rule matches (JSON "workflow"; absent: "incident").
  // Last, so that the rules written as aggregates before it existed keep their meaning.
  std::string workflow = engine::kIncidentWorkflow;
};

// The rules that follow the regulation (Art. 16-20 for incidents, Art. 12-13 for
// data-sharing requests): see config/README.md.
std::vector<NotificationRule> DefaultNotificationRules();
engine::JsonValue RulesToJson(const std::vector<NotificationRule>& rules);
// kInvalidValue naming the rule and field for anything malformed, and for a workflow that
// is not one of kRoutedWorkflows. A rule without "workflow" is an incident rule (every
// config written before issue 15.3).
engine::Result<std::vector<NotificationRule>> RulesFromJson(const engine::JsonValue& json);

}  // namespace incidents::notifications
