#include "incidents/notifications/notification_settings.h"

#include "incidents/engine/config_section.h"

namespace incidents::notifications {

using engine::JsonValue;
using O = JsonValue::Object;

namespace {

std::int64_t Ms(std::chrono::milliseconds d) { return static_cast<std::int64_t>(d.count()); }

}  // namespace

JsonValue DefaultNotificationsSection() {
  const NotificationSettings d;
  return O{{"workers", d.dispatcher.workers},
           {"batch_size", d.dispatcher.batch_size},
           {"poll_interval_ms", Ms(d.dispatcher.poll_interval)},
           {"lease_ms", Ms(d.dispatcher.lease)},
           {"locale", d.locale},
           {"templates_dir", d.templates_dir},
           {"rules", RulesToJson(d.rules)},
           {"email", O{{"smtp_host", d.email.smtp_host},
                       {"smtp_port", d.email.smtp_port},
                       {"from", d.email.from},
                       {"username", d.email.username},
                       {"password", d.email.password},
                       {"tls", std::string(ToString(d.email.tls))},
                       // The older spelling of "tls": "starttls", kept for the configs
                       // that have it (ParseNotificationsSection).
                       {"starttls", false},
                       {"tls_ca_file", d.email.tls_ca_file},
                       {"timeout_ms", Ms(d.email.timeout)},
                       {"message_id_domain", d.email.message_id_domain}}},
           {"sms", O{{"gateway_url", d.sms.gateway_url},
                     {"token", d.sms.token},
                     {"timeout_ms", Ms(d.sms.timeout)},
                     {"unicode", d.sms.unicode},
                     {"max_segments", d.sms.max_segments},
                     {"tls_ca_file", d.sms.tls_ca_file}}},
           {"retry", O{{"initial_backoff_ms", Ms(d.dispatcher.retry.initial_backoff)},
                       {"max_backoff_ms", Ms(d.dispatcher.retry.max_backoff)},
                       {"max_attempts", d.dispatcher.retry.max_attempts},
                       {"unreachable_pause_ms", Ms(d.dispatcher.retry.unreachable_pause)}}}};
}

engine::Result<NotificationSettings> ParseNotificationsSection(const JsonValue& section) {
  engine::ConfigSection s(section, kNotificationsSection);
  NotificationSettings n;
  using std::chrono::milliseconds;

  DispatcherSettings& d = n.dispatcher;
  if (auto v = s.Int("workers", 1, 64)) d.workers = static_cast<int>(*v);
  if (auto v = s.Int("batch_size", 1, 1000)) d.batch_size = static_cast<int>(*v);
  if (auto v = s.Int("poll_interval_ms", 1, 60000)) d.poll_interval = milliseconds(*v);
  if (auto v = s.Int("lease_ms", 1000, 3600000)) d.lease = milliseconds(*v);
  if (auto v = s.Int("retry.initial_backoff_ms", 1, 86400000)) d.retry.initial_backoff = milliseconds(*v);
  if (auto v = s.Int("retry.max_backoff_ms", 1, 86400000)) d.retry.max_backoff = milliseconds(*v);
  if (auto v = s.Int("retry.max_attempts", 1, 1000)) d.retry.max_attempts = static_cast<int>(*v);
  if (auto v = s.Int("retry.unreachable_pause_ms", 100, 3600000)) d.retry.unreachable_pause = milliseconds(*v);

  if (auto v = s.OneOf("locale", {"vi", "en"})) n.locale = *v;
  if (auto v = s.String("templates_dir")) n.templates_dir = *v;

  EmailSettings& e = n.email;
  if (auto v = s.String("email.smtp_host")) e.smtp_host = *v;
  if (auto v = s.Int("email.smtp_port", 1, 65535)) e.smtp_port = static_cast<int>(*v);
  if (auto v = s.String("email.from")) e.from = *v;
  if (auto v = s.String("email.username")) e.username = *v;
  if (auto v = s.String("email.password")) e.password = *v;
  // "tls" says how the session is protected; "starttls": true is the older spelling of
  // "tls": "starttls". The tree always has both (the defaults lie under the file, so an
  // absent key cannot be told from its default): only a true starttls next to "implicit"
  // is a contradiction.
  if (auto v = s.OneOf("email.tls", {"none", "starttls", "implicit"}))
    e.tls = *v == "implicit" ? SmtpTls::kImplicit : *v == "starttls" ? SmtpTls::kStartTls : SmtpTls::kNone;
  if (auto v = s.Bool("email.starttls"); v && *v) {
    if (e.tls == SmtpTls::kImplicit)
      s.Fail("email.starttls", "is true but 'notifications.email.tls' is \"implicit\": say how the SMTP session is "
                               "protected once, with tls alone (\"none\", \"starttls\" or \"implicit\")");
    else
      e.tls = SmtpTls::kStartTls;
  }
  if (auto v = s.String("email.tls_ca_file")) e.tls_ca_file = *v;
  if (auto v = s.Int("email.timeout_ms", 100, 600000)) e.timeout = milliseconds(*v);
  if (auto v = s.String("email.message_id_domain")) e.message_id_domain = *v;

  SmsSettings& m = n.sms;
  if (auto v = s.String("sms.gateway_url")) m.gateway_url = *v;
  if (auto v = s.String("sms.token")) m.token = *v;
  if (auto v = s.Int("sms.timeout_ms", 1, 600000)) m.timeout = milliseconds(*v);
  if (auto v = s.Bool("sms.unicode")) m.unicode = *v;
  if (auto v = s.Int("sms.max_segments", 1, 10)) m.max_segments = static_cast<int>(*v);
  if (auto v = s.String("sms.tls_ca_file")) m.tls_ca_file = *v;

  if (const JsonValue::Array* rules = s.Array("rules")) {
    auto parsed = RulesFromJson(JsonValue(*rules));
    if (parsed.ok()) n.rules = std::move(parsed.value());
    else s.Fail("rules", "is not valid: " + parsed.status().message());
  }
  if (!s.ok()) return s.status();
  return n;
}

}  // namespace incidents::notifications
