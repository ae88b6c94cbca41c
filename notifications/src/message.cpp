#include "incidents/notifications/message.h"

namespace incidents::notifications {

Channel::~Channel() = default;

std::string_view ToString(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::kSent: return "sent";
    case DeliveryOutcome::kRetryable: return "retryable";
    case DeliveryOutcome::kPermanent: return "permanent";
  }
  return "retryable";
}

}  // namespace incidents::notifications
