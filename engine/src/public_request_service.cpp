#include "incidents/engine/public_request_service.h"

#include <algorithm>
#include <cctype>

#include "incidents/base/sha256.h"
#include "incidents/engine/access.h"

namespace incidents::engine {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Equal strings, in time that does not depend on where they differ (the token's hash).
bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

Status NoSuchRequest() { return Status::NotFound("no such data-sharing request, or its link has expired"); }

// A decision that stands: not DoICT's proposal awaiting the owning units.
bool PublicDecision(const TicketEvent& e) {
  return e.to_state == State::kGranted || e.to_state == State::kPartiallyGranted || e.to_state == State::kRefused;
}

}  // namespace

std::vector<TicketEvent> PublicEvents(const std::vector<TicketEvent>& history) {
  std::vector<TicketEvent> out;
  for (const TicketEvent& e : history) {
    switch (e.type) {
      case EventType::kSubmit:
      case EventType::kRequestInfo:
      case EventType::kProvideInfo:
      case EventType::kWithdraw:
      case EventType::kClose: out.push_back(e); break;
      case EventType::kDecide:
      case EventType::kAgree:  // the last owner's agreement makes DoICT's proposal the decision
        if (PublicDecision(e)) out.push_back(e);
        break;
      default: break;
    }
  }
  return out;
}

PublicRequestService::PublicRequestService(PublicRequestStore& store, TicketService& tickets,
                                           const ConfirmationMailPlanner& mail, const Clock& clock,
                                           PublicRequestLimits limits)
    : store_(store), tickets_(tickets), mail_(mail), clock_(clock), limits_(limits) {}

Result<PublicRequest> PublicRequestService::Create(const SubmitCommand& form, const Secrets& secrets,
                                                   const std::string& client, const ConfirmationLinks& links) {
  if (form.scope != Scope::kPersonOrBusiness)
    return Status::InvalidValue(
        "field 'scope' must be person_or_business: agencies outside the province ask through the National Data "
        "Portal (Art. 12.1b)");
  if (!form.email) return Status::InvalidValue("field 'email' is required: the request is confirmed by email");
  if (!form.owners.empty())
    return Status::InvalidValue("field 'owners' is DoICT's to fill: it names the units that manage the data");
  if (Status st = tickets_.CheckSubmit(Actor::Requester(""), form); !st.ok()) return st;

  const Timestamp now = clock_.Now();
  PublicRequest request;
  request.code = secrets.code;
  request.token_hash = base::Sha256Hex(secrets.token);
  request.email_hash = base::Sha256Hex(Lower(*form.email));
  request.client_hash = base::Sha256Hex(client);
  request.form = ToPayload(form);
  request.created_at = now;
  request.expires_at = now + limits_.confirm_within;

  auto by_email = store_.CountPublicRequestsByEmail(request.email_hash, now - std::chrono::hours(24));
  if (!by_email.ok()) return by_email.status();
  if (by_email.value() >= limits_.per_email_per_day)
    return Status::RateLimited("too many requests from this email address today; try again tomorrow");
  auto by_client = store_.CountPublicRequestsByClient(request.client_hash, now - std::chrono::hours(1));
  if (!by_client.ok()) return by_client.status();
  if (by_client.value() >= limits_.per_client_per_hour)
    return Status::RateLimited("too many requests from this address; try again in an hour");

  auto mail = mail_.PlanConfirmation(request, form, links);
  if (!mail.ok()) return mail.status();
  if (Status st = store_.CreatePublicRequest(request, mail.value()); !st.ok()) return st;
  return request;
}

Result<PublicRequest> PublicRequestService::Held(const std::string& code) {
  if (code.empty()) return NoSuchRequest();
  auto held = store_.FindPublicRequest(code);
  if (!held.ok()) return held.status().code() == ErrorCode::kNotFound ? Result<PublicRequest>(NoSuchRequest()) : held;
  return held;
}

Result<Ticket> PublicRequestService::Confirm(const std::string& code, const std::string& token) {
  auto held = Held(code);
  if (!held.ok()) return held.status();
  if (!SameSecret(held->token_hash, base::Sha256Hex(token))) return NoSuchRequest();
  if (held->ticket_id) return tickets_.Get(Actor::Requester(*held->ticket_id), *held->ticket_id);
  if (clock_.Now() > held->expires_at) return NoSuchRequest();
  auto form = CommandFromPayload(EventType::kSubmit, held->form);
  if (!form.ok()) return Status::Corruption("public request: its stored form no longer reads: " + form.status().message());
  auto filed = tickets_.Submit(Actor::Requester(""), std::get<SubmitCommand>(form.value()), nullptr, code);
  if (filed.ok() || filed.status().code() != ErrorCode::kConflict) return filed;
  // Confirmed meanwhile (another click, another node): answer the request it filed.
  auto again = Held(code);
  if (!again.ok()) return again.status();
  if (!again->ticket_id) return filed.status();
  return tickets_.Get(Actor::Requester(*again->ticket_id), *again->ticket_id);
}

Result<PublicRequestView> PublicRequestService::View(const std::string& code) {
  auto held = Held(code);
  if (!held.ok()) return held.status();
  PublicRequestView view;
  view.held = std::move(held.value());
  if (!view.held.ticket_id) {
    if (clock_.Now() > view.held.expires_at) return NoSuchRequest();
    return view;
  }
  const Actor requester = Actor::Requester(*view.held.ticket_id);
  auto ticket = tickets_.Get(requester, *view.held.ticket_id);
  if (!ticket.ok()) return ticket.status();
  auto history = tickets_.History(requester, *view.held.ticket_id);
  if (!history.ok()) return history.status();
  view.events = PublicEvents(history.value());
  view.allowed = tickets_.AllowedActions(requester, ticket.value());
  view.ticket = std::move(ticket.value());
  return view;
}

Result<Ticket> PublicRequestService::Act(const std::string& code, const Command& command) {
  const EventType type = TypeOf(command);
  if (type != EventType::kProvideInfo && type != EventType::kWithdraw)
    return Status::InvalidValue("a requester answers a question (provide_info) or withdraws (withdraw)");
  auto held = Held(code);
  if (!held.ok()) return held.status();
  if (!held->ticket_id) return Status::IllegalTransition("the request is not filed yet: confirm the email address first");
  return tickets_.Apply(Actor::Requester(*held->ticket_id), *held->ticket_id, command, std::nullopt, nullptr,
                        kDataRequestWorkflow);
}

}  // namespace incidents::engine
