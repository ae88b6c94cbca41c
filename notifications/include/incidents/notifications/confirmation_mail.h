#pragma once
// ConfirmationMail: the outbox row of the mail that asks a public requester to confirm the
// email address (issue 15.2), rendered by the dispatcher from the template
// "submit.unconfirmed" like every other message. The row is keyed by a hash of the
// tracking code, never the code: its ticket id, key and references are logged, its
// variables (where the links are) are not. Immutable and thread-safe.

#include <string>

#include "incidents/engine/public_request_service.h"
#include "incidents/notifications/notification_router.h"

namespace incidents::notifications {

// The state the template variant is picked by ("submit.unconfirmed.txt").
inline constexpr char kUnconfirmedState[] = "unconfirmed";

class ConfirmationMail final : public engine::ConfirmationMailPlanner {
 public:
  // `router`: for the authorities' names and the locale; must outlive this.
  ConfirmationMail(const NotificationRouter& router, std::string locale);

  engine::Result<engine::OutboxRow> PlanConfirmation(const engine::PublicRequest& request,
                                                     const engine::SubmitCommand& form,
                                                     const engine::ConfirmationLinks& links) const override;

  // "public:<the first 16 hex digits of SHA-256(code)>": what stands for the request in
  // outbox rows and logs before it is filed.
  static std::string Reference(const std::string& code);

 private:
  const NotificationRouter& router_;
  std::string locale_;
};

}  // namespace incidents::notifications
