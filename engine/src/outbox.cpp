#include "incidents/engine/outbox.h"

namespace incidents::engine {

std::string_view ToString(NotificationChannel c) { return c == NotificationChannel::kEmail ? "email" : "sms"; }

std::string_view ToString(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending: return "pending";
    case DeliveryStatus::kSent: return "sent";
    case DeliveryStatus::kFailed: return "failed";
    case DeliveryStatus::kDead: return "dead";
    case DeliveryStatus::kDisabled: return "disabled";
  }
  return "?";
}

std::optional<NotificationChannel> ParseNotificationChannel(std::string_view s) {
  if (s == "email") return NotificationChannel::kEmail;
  if (s == "sms") return NotificationChannel::kSms;
  return std::nullopt;
}

std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view s) {
  for (DeliveryStatus d : kDeliveryStatuses)
    if (ToString(d) == s) return d;
  return std::nullopt;
}

}  // namespace incidents::engine
