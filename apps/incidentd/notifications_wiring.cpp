#include "notifications_wiring.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <tuple>

#include <spdlog/spdlog.h>

#include "incidents/config/environment_secrets.h"
#include "incidents/engine/workflow_names.h"
#include "incidents/notifications/confirmation_mail.h"
#include "incidents/notifications/email_channel.h"
#include "incidents/notifications/report_draft_mail.h"
#include "incidents/notifications/sms_channel.h"
#include "incidents/workflows/data_request_workflow.h"
#include "incidents/workflows/incident_workflow.h"

namespace incidents::apps {

using engine::Status;

void ApplySecretsFromEnvironment(notifications::NotificationSettings& settings, const EnvLookup& getenv,
                                 spdlog::logger* log) {
  for (auto [variable, key, value] : {std::tuple{kSmtpPasswordEnv, "notifications.email.password", &settings.email.password},
                                      std::tuple{kSmsTokenEnv, "notifications.sms.token", &settings.sms.token}})
    if (std::string warning = config::TakeSecretFromEnvironment(variable, key, *value, getenv); !warning.empty() && log)
      log->warn("{}", warning);
}

engine::Result<std::unique_ptr<notifications::Dispatcher>> MakeDispatcher(
    const notifications::NotificationSettings& settings, engine::OutboxStore& outbox,
    std::shared_ptr<spdlog::logger> log) {
  std::vector<std::string> events;
  // The incident workflow's events need a template each: its router addresses every one.
  for (engine::EventType e : workflows::kIncidentEventTypes) events.emplace_back(engine::ToString(e));
  // The mail that asks a public requester to confirm the address (issue 15.2).
  events.push_back(std::string(engine::ToString(engine::EventType::kSubmit)) + "." +
                   notifications::kUnconfirmedState);
  // The mail of a scheduled report draft (issue 16.4).
  events.push_back(std::string(engine::ToString(engine::EventType::kReport)) + "." +
                   notifications::kReportDraftState);
  // A data-sharing request's events need one where a rule routes them: the event's own,
  // and for an event the incidents share, its "<event>.data_request" wording, so that a
  // request never gets an incident's message (templates.h).
  auto contains = [](const auto& list, engine::EventType e) {
    return std::find(std::begin(list), std::end(list), e) != std::end(list);
  };
  for (const notifications::NotificationRule& rule : settings.rules) {
    const bool request = rule.workflow == engine::kDataRequestWorkflow;
    for (engine::EventType e : rule.events) {
      // A rule naming an event its workflow does not have would never fire: a config error.
      if (!(request ? contains(workflows::kDataRequestEventTypes, e) : contains(workflows::kIncidentEventTypes, e)))
        return Status::InvalidValue("notification rule '" + rule.name + "': '" + std::string(engine::ToString(e)) +
                                    "' is not an event of the " + rule.workflow + " workflow");
      if (!request) continue;
      std::string name(engine::ToString(e));
      if (contains(workflows::kIncidentEventTypes, e)) name += "." + rule.workflow;
      if (std::find(events.begin(), events.end(), name) == events.end()) events.push_back(std::move(name));
    }
  }
  std::map<std::string, notifications::TemplateSet> templates;
  for (const std::string& l : {std::string("vi"), settings.locale}) {
    if (templates.count(l)) continue;
    auto set = notifications::TemplateSet::Load(settings.templates_dir, l, events);
    if (!set.ok()) return Status::InvalidValue("notification templates: " + set.status().message());
    templates.emplace(l, std::move(set.value()));
  }

  // Check the channels' settings once now, so that a bad one stops the start with a clear line.
  const notifications::EmailSettings email = settings.email;
  if (auto probe = notifications::EmailChannel::Create(email, log); !probe.ok())
    return Status::InvalidValue("notifications.email: " + probe.status().message());
  std::map<engine::NotificationChannel, notifications::ChannelFactory> channels;
  channels[engine::NotificationChannel::kEmail] = [email, log]() -> std::unique_ptr<notifications::Channel> {
    auto c = notifications::EmailChannel::Create(email, log);
    return c.ok() ? std::move(c.value()) : nullptr;
  };
  if (!settings.sms.gateway_url.empty()) {
    const notifications::SmsSettings sms = settings.sms;
    if (auto probe = notifications::SmsChannel::Create(sms, log); !probe.ok())
      return Status::InvalidValue("notifications.sms: " + probe.status().message());
    channels[engine::NotificationChannel::kSms] = [sms, log]() -> std::unique_ptr<notifications::Channel> {
      auto c = notifications::SmsChannel::Create(sms, log);
      return c.ok() ? std::move(c.value()) : nullptr;
    };
  } else if (log) {
    // The default install: its SMS rows are recorded `disabled` with the reason, visible
    // per ticket, neither sent nor dead (dispatcher.h).
    log->info("notifications.sms.gateway_url is empty: SMS notifications are recorded as disabled, not sent");
  }

  return std::make_unique<notifications::Dispatcher>(outbox, std::move(templates), std::move(channels),
                                                     settings.dispatcher, log);
}

std::function<Status(const std::string&, const std::string&, const std::string&)> MakeAccountMailer(
    const notifications::EmailSettings& email, std::shared_ptr<spdlog::logger> log) {
  return [email, log](const std::string& to, const std::string& subject, const std::string& body) -> Status {
    // A channel per mail: these are rare, and a Channel serves one caller at a time.
    auto channel = notifications::EmailChannel::Create(email, log);
    if (!channel.ok()) return Status::Unavailable("notifications.email: " + channel.status().message());
    // The Message-ID: unique, and unrelated to anything secret in the body.
    static std::atomic<std::uint64_t> sequence{0};
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    notifications::OutgoingMessage message{"account-" + std::to_string(now) + "-" + std::to_string(++sequence), "",
                                           to, subject, body};
    const auto results = channel.value()->SendBatch({message});
    if (!results.empty() && results[0].outcome == notifications::DeliveryOutcome::kSent) return {};
    return Status::Unavailable(results.empty() ? "no result from the email channel" : results[0].detail);
  };
}

}  // namespace incidents::apps
