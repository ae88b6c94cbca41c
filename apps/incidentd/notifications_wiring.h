#pragma once
// Builds the notification dispatcher from the "notifications" section: templates for
// every event type of the incident workflow, and for every data-sharing request event a
// rule routes ("<event>.data_request" for the events both workflows share), in the
// configured locale (a missing template or variable, or a rule naming an event its
// workflow does not have, is a config error at start), the email channel, and the SMS
// channel when a gateway is configured.

#include <functional>
#include <memory>
#include <string>

#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"
#include "incidents/config/environment_secrets.h"
#include "incidents/notifications/dispatcher.h"
#include "incidents/notifications/notification_settings.h"

namespace incidents::apps {

// The variables and their rule: environment_secrets.h (one rule for every secret).
using config::EnvLookup;
using config::kSmsTokenEnv;
using config::kSmtpPasswordEnv;

// Takes notifications.email.password from INCIDENTD_SMTP_PASSWORD and notifications.sms.token
// from INCIDENTD_SMS_TOKEN when they are set and not empty. The environment wins over the
// configuration; when both hold a value, `log` (may be null) gets a warning naming the key
// and the variable, never either value. Call once, after the config is parsed and before
// the dispatcher and the account mailer are made from `settings`.
void ApplySecretsFromEnvironment(notifications::NotificationSettings& settings, const EnvLookup& getenv,
                                 spdlog::logger* log);

engine::Result<std::unique_ptr<notifications::Dispatcher>> MakeDispatcher(
    const notifications::NotificationSettings& settings, engine::OutboxStore& outbox,
    std::shared_ptr<spdlog::logger> log);

// Sends one account mail (a set-password link) over the email channel at once, for the
// API's ApiServices::send_account_mail: OK when the SMTP server accepted it, else
// kUnavailable with the channel's detail (addresses masked). The body is never logged.
std::function<engine::Status(const std::string& to, const std::string& subject, const std::string& body)>
MakeAccountMailer(const notifications::EmailSettings& email, std::shared_ptr<spdlog::logger> log);

}  // namespace incidents::apps
