#pragma once
// A data-sharing request from a person or a business without an account (issue 15.2,
// Art. 13.1): held until the requester proves the email address by following the link
// mailed to it, and only then filed as a data request (`submit` by Actor::Requester).
// Until then DoICT sees nothing, and an unconfirmed request leaves no audit chain.
// Value types and the PublicRequestStore port.
//
// Secrets: the tracking code is the requester's only key to the request (a bearer secret,
// never logged); the confirmation token is stored only as its SHA-256. Personal data: the
// form holds the requester's contact; the email and the client address are also kept as
// SHA-256 hashes, for the rate limits.

#include <cstdint>
#include <optional>
#include <string>

#include "incidents/engine/json_value.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

struct PublicRequest {
  std::string code;         // the tracking code: random, unguessable (the adapter draws it)
  std::string token_hash;   // SHA-256 hex of the confirmation token mailed to the requester
  std::string email_hash;   // SHA-256 hex of the lower-cased email: the per-email limit
  std::string client_hash;  // SHA-256 hex of the client address: the per-address limit
  Payload form;             // the submit payload as filed (SubmitCommand's fields)
  Timestamp created_at;
  Timestamp expires_at;                  // not confirmed by then: refused, then purged
  std::optional<std::string> ticket_id;  // the data request it became, once confirmed
  friend bool operator==(const PublicRequest&, const PublicRequest&);
};

// Thread-safe implementations (SQLite, MariaDB, and InMemoryTicketStore's for tests). The
// stores that implement it also honour TicketCommit::confirms (ticket_store.h): the ticket
// a confirmation files is linked to its public request in the ticket's own transaction.
class PublicRequestStore {
 public:
  virtual ~PublicRequestStore() = default;

  // Stores a new request and the outbox row of its confirmation mail in one transaction.
  // kConflict when the code exists.
  virtual Status CreatePublicRequest(const PublicRequest& request, const OutboxRow& mail) = 0;

  // kNotFound for an unknown code (a purged one included).
  virtual Result<PublicRequest> FindPublicRequest(const std::string& code) = 0;

  // How many requests were created at or after `since` with this email hash, and with
  // this client hash.
  virtual Result<std::int64_t> CountPublicRequestsByEmail(const std::string& email_hash, Timestamp since) = 0;
  virtual Result<std::int64_t> CountPublicRequestsByClient(const std::string& client_hash, Timestamp since) = 0;

  // Deletes the requests never confirmed that expired before `now`; how many.
  virtual Result<std::int64_t> PurgeExpiredPublicRequests(Timestamp now) = 0;
};

}  // namespace incidents::engine
