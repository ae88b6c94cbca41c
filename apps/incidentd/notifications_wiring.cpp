#include "notifications_wiring.h"

#include "incidents/notifications/email_channel.h"
#include "incidents/notifications/sms_channel.h"

namespace incidents::apps {

using engine::JsonValue;
using engine::Status;

namespace {

const JsonValue& At(const JsonValue& tree, std::initializer_list<const char*> path) {
  const JsonValue* node = &tree;
  for (const char* key : path) node = node->Find(key);
  return *node;
}

}  // namespace

engine::Result<std::unique_ptr<notifications::Dispatcher>> MakeDispatcher(const IncidentdConfig& cfg,
                                                                          engine::OutboxStore& outbox,
                                                                          std::shared_ptr<spdlog::logger> log) {
  const JsonValue& n = At(cfg.tree, {"notifications"});
  auto str = [&](std::initializer_list<const char*> p) { return At(n, p).as_string(); };
  auto num = [&](std::initializer_list<const char*> p) { return At(n, p).as_int(); };

  std::vector<std::string> events;
  for (engine::EventType e : engine::kAllEventTypes) events.emplace_back(engine::ToString(e));
  std::map<std::string, notifications::TemplateSet> templates;
  const std::string locale = str({"locale"});
  for (const std::string& l : {std::string("vi"), locale}) {
    if (templates.count(l)) continue;
    auto set = notifications::TemplateSet::Load(str({"templates_dir"}), l, events);
    if (!set.ok()) return Status::InvalidValue("notification templates: " + set.status().message());
    templates.emplace(l, std::move(set.value()));
  }

  notifications::EmailSettings email;
  email.smtp_host = str({"email", "smtp_host"});
  email.smtp_port = static_cast<int>(num({"email", "smtp_port"}));
  email.from = str({"email", "from"});
  email.username = str({"email", "username"});
  email.password = str({"email", "password"});
  email.starttls = At(n, {"email", "starttls"}).as_bool();
  email.timeout = std::chrono::milliseconds(num({"email", "timeout_ms"}));
  email.message_id_domain = str({"email", "message_id_domain"});
  email.tls_ca_file = str({"email", "tls_ca_file"});
  // Check the settings once now, so that a bad one stops the start with a clear line.
  if (auto probe = notifications::EmailChannel::Create(email, log); !probe.ok())
    return Status::InvalidValue("notifications.email: " + probe.status().message());

  std::map<engine::NotificationChannel, notifications::ChannelFactory> channels;
  channels[engine::NotificationChannel::kEmail] = [email, log]() -> std::unique_ptr<notifications::Channel> {
    auto c = notifications::EmailChannel::Create(email, log);
    return c.ok() ? std::move(c.value()) : nullptr;
  };
  if (!str({"sms", "gateway_url"}).empty()) {
    notifications::SmsSettings sms;
    sms.gateway_url = str({"sms", "gateway_url"});
    sms.token = str({"sms", "token"});
    sms.timeout = std::chrono::milliseconds(num({"sms", "timeout_ms"}));
    sms.unicode = At(n, {"sms", "unicode"}).as_bool();
    sms.max_segments = static_cast<int>(num({"sms", "max_segments"}));
    sms.tls_ca_file = str({"sms", "tls_ca_file"});
    if (auto probe = notifications::SmsChannel::Create(sms, log); !probe.ok())
      return Status::InvalidValue("notifications.sms: " + probe.status().message());
    channels[engine::NotificationChannel::kSms] = [sms, log]() -> std::unique_ptr<notifications::Channel> {
      auto c = notifications::SmsChannel::Create(sms, log);
      return c.ok() ? std::move(c.value()) : nullptr;
    };
  }
  // Without a gateway, SMS rows are recorded dead with the reason, visible per ticket.

  notifications::DispatcherSettings settings;
  settings.workers = static_cast<int>(num({"workers"}));
  settings.batch_size = static_cast<int>(num({"batch_size"}));
  settings.poll_interval = std::chrono::milliseconds(num({"poll_interval_ms"}));
  settings.lease = std::chrono::milliseconds(num({"lease_ms"}));
  settings.retry.initial_backoff = std::chrono::milliseconds(num({"retry", "initial_backoff_ms"}));
  settings.retry.max_backoff = std::chrono::milliseconds(num({"retry", "max_backoff_ms"}));
  settings.retry.max_attempts = static_cast<int>(num({"retry", "max_attempts"}));
  settings.public_url = cfg.public_url;
  return std::make_unique<notifications::Dispatcher>(outbox, std::move(templates), std::move(channels), settings, log);
}

}  // namespace incidents::apps
