#pragma once
// The "notifications" section of incidentd's configuration (config/README.md), parsed
// into the settings of the dispatcher, the channels, the templates and the routing rules.
// The defaults are the initializers of the structs it gathers (DispatcherSettings,
// RetryPolicy, EmailSettings, SmsSettings) and the regulation's routing rules
// (DefaultNotificationRules). In a library of its own (incidents_notifications_settings,
// the engine only: the structs are used from their headers, nothing of the channels is
// linked) so that the config library links no Poco.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"
#include "incidents/notifications/dispatcher.h"
#include "incidents/notifications/email_channel.h"
#include "incidents/notifications/routing_rules.h"
#include "incidents/notifications/sms_channel.h"

namespace incidents::notifications {

struct NotificationSettings {
  // workers, batch_size, poll_interval_ms, lease_ms, retry.*. public_url is the top-level
  // key's, which the composition root fills in.
  DispatcherSettings dispatcher;
  EmailSettings email;
  SmsSettings sms;                                // used only when sms.gateway_url is set
  std::string locale = "vi";                      // template language: vi or en
  std::string templates_dir = "config/templates"; // <dir>/<locale>/<event>.txt
  std::vector<NotificationRule> rules = DefaultNotificationRules();
};

inline constexpr char kNotificationsSection[] = "notifications";

// The keys of the section whose values are secrets: never printed (--print-config shows
// "***") nor logged.
inline constexpr std::array<std::string_view, 2> kNotificationSecretKeys = {"email.password", "sms.token"};

// The section with every key at NotificationSettings{}'s value.
engine::JsonValue DefaultNotificationsSection();

// An absent key keeps its default; InvalidValue naming the key ("config:
// 'notifications.retry.max_attempts' ...") otherwise. Checks ranges and shapes only:
// whether the SMTP server or the SMS gateway answer, and whether the templates exist, is
// found out when the dispatcher is built.
engine::Result<NotificationSettings> ParseNotificationsSection(const engine::JsonValue& section);

}  // namespace incidents::notifications
