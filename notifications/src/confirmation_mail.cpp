#include "incidents/notifications/confirmation_mail.h"

#include "incidents/base/sha256.h"
#include "incidents/notifications/message_link.h"

namespace incidents::notifications {

using namespace incidents::engine;

ConfirmationMail::ConfirmationMail(const NotificationRouter& router, std::string locale)
    : router_(router), locale_(std::move(locale)) {}

std::string ConfirmationMail::Reference(const std::string& code) {
  return "public:" + base::Sha256Hex(code).substr(0, 16);
}

Result<OutboxRow> ConfirmationMail::PlanConfirmation(const PublicRequest& request, const SubmitCommand& form,
                                                     const ConfirmationLinks& links) const {
  if (!form.email) return Status::InvalidValue("field 'email' is required: the request is confirmed by email");
  MessageVars vars = router_.AuthorityVars();
  vars.workflow = kDataRequestWorkflow;
  vars.ticket_id = "";  // none yet: it is filed once confirmed
  vars.title = form.title;
  vars.state = kUnconfirmedState;
  vars.requester_name = form.requester_name;
  vars.org_name = form.organisation.value_or(form.requester_name);
  vars.confirm_link = links.confirm;
  vars.tracking_link = links.tracking;
  vars.citation = CitationSentence(locale_, locale_ == "en" ? "Art. 13.1" : "khoản 1 Điều 13", vars.regulation, "");

  OutboxRow row;
  row.ticket_id = Reference(request.code);
  row.event_seq = 0;
  row.event_type = EventType::kSubmit;
  row.channel = NotificationChannel::kEmail;
  row.recipient = *form.email;
  row.recipient_ref = std::string(kRequesterRef);
  row.idempotency_key = row.ticket_id + ":0:email:" + row.recipient_ref;
  row.locale = locale_;
  row.vars = vars.ToJson();
  row.created_at = request.created_at;
  row.next_attempt_at = std::chrono::time_point_cast<std::chrono::milliseconds>(request.created_at);
  return row;
}

}  // namespace incidents::notifications
