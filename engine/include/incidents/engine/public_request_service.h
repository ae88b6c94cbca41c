#pragma once
// PublicRequestService: a person's or business's data-sharing request filed without an
// account (issue 15.2, Art. 13.1), from the public form to the request's public face.
//
//  1. Create: the form is checked exactly as a `submit` by a requester would be (the same
//     command, rules and values: 422 naming the field), and the limits per email and per
//     client address (429); then it is held (PublicRequestStore) with the mail that asks
//     the requester to confirm the address, written in the same transaction.
//  2. Confirm: the token from the mail files the request (`submit` by Actor::Requester),
//     linked to its public request in the ticket's own transaction: a second confirmation,
//     even a concurrent one on another node, files nothing and answers the same ticket.
//  3. View and Act: the tracking code shows the request as the requester may see it, and
//     lets them answer DoICT's question or withdraw.
//
// A wrong code, a wrong token and an expired request are all kNotFound: nothing tells a
// guesser which part was wrong. Secrets (the code, the token) are drawn by the adapter
// and never logged here. Thread-safe; the collaborators must outlive it.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/clock.h"
#include "incidents/engine/command.h"
#include "incidents/engine/public_request.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/ticket_service.h"

namespace incidents::engine {

struct PublicRequestLimits {
  int per_email_per_day = 3;     // requests created with one email address in 24 h
  int per_client_per_hour = 10;  // requests created from one client address in an hour
  std::chrono::hours confirm_within{48};
};

// The two pages the confirmation mail links to, built by the adapter (it knows the public
// URL): the one that confirms (with the token) and the request's tracking page (with the
// code). Both are secrets of the requester's.
struct ConfirmationLinks {
  std::string confirm;
  std::string tracking;
};

// The mail asking the requester to confirm the address: the notifications library plans it
// as an outbox row (the links are in its variables; its references carry no secret).
class ConfirmationMailPlanner {
 public:
  virtual ~ConfirmationMailPlanner() = default;
  virtual Result<OutboxRow> PlanConfirmation(const PublicRequest& request, const SubmitCommand& form,
                                             const ConfirmationLinks& links) const = 0;
};

// What the requester sees of a request: the ticket once filed (nothing of the province's
// internal exchanges is in what an adapter should show: see PublicEvents), and the events
// they may read.
struct PublicRequestView {
  PublicRequest held;                // the held request (form, times, ticket id)
  std::optional<Ticket> ticket;      // once confirmed
  std::vector<TicketEvent> events;   // PublicEvents of its history
  std::vector<EventType> allowed;    // what the requester may do now (provide_info, withdraw)
};

// The events of a request's history its requester sees: their own (submit, provide_info,
// withdraw), DoICT's questions, the decision that stands (not a proposal awaiting the
// owning units), the close. Not the consultations, opinions, agreements or comments.
std::vector<TicketEvent> PublicEvents(const std::vector<TicketEvent>& history);

class PublicRequestService {
 public:
  PublicRequestService(PublicRequestStore& store, TicketService& tickets, const ConfirmationMailPlanner& mail,
                       const Clock& clock, PublicRequestLimits limits = {});

  struct Secrets {
    std::string code;   // the tracking code
    std::string token;  // the confirmation token (only its hash is kept)
  };
  // `client`: the caller's address (kept hashed). `links`: the pages the mail links to.
  Result<PublicRequest> Create(const SubmitCommand& form, const Secrets& secrets, const std::string& client,
                               const ConfirmationLinks& links);
  Result<Ticket> Confirm(const std::string& code, const std::string& token);
  Result<PublicRequestView> View(const std::string& code);
  // provide_info or withdraw by the requester of a filed request.
  Result<Ticket> Act(const std::string& code, const Command& command);

  const PublicRequestLimits& limits() const { return limits_; }

 private:
  Result<PublicRequest> Held(const std::string& code);

  PublicRequestStore& store_;
  TicketService& tickets_;
  const ConfirmationMailPlanner& mail_;
  const Clock& clock_;
  const PublicRequestLimits limits_;
};

}  // namespace incidents::engine
