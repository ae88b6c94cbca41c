#pragma once
// Builds the notification dispatcher from the "notifications" section: templates for
// every event type in the configured locale (a missing variable is a config error at
// start), the email channel, and the SMS channel when a gateway is configured.

#include <memory>

#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"
#include "incidents/notifications/dispatcher.h"
#include "incidents/notifications/notification_settings.h"

namespace incidents::apps {

engine::Result<std::unique_ptr<notifications::Dispatcher>> MakeDispatcher(
    const notifications::NotificationSettings& settings, engine::OutboxStore& outbox,
    std::shared_ptr<spdlog::logger> log);

}  // namespace incidents::apps
