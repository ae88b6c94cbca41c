#pragma once
// IdempotencyStore: remembers the first response to a POST sent with an Idempotency-Key
// (spec/API.md "Conventions"), scoped to the caller. Thread-safe implementations; several
// nodes may share one store, so Begin must be atomic (a unique key on (username, key)).

#include <optional>
#include <string>

#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

struct StoredResponse {
  int status = 0;
  std::string content_type;
  std::string location;  // empty when the response had no Location header
  std::string body;
};

struct IdempotencyRecord {
  std::string request_hash;             // SHA-256 of method, path and body
  std::optional<StoredResponse> response;  // none while the first request is in flight
  Timestamp created_at;
};

// The answer to a claimed request, written by TicketStore::Commit in the SAME transaction as
// the event the request commits (TicketCommit::idempotency, issue 14.3): a request that dies
// after its commit has still answered, so a retry replays that answer instead of running
// the command a second time. Written only while (username, key) is still in flight under
// `claim`, the token the request's Begin stored; otherwise the commit is refused with
// kClaimLost and writes nothing.
struct IdempotencyCompletion {
  std::string username;
  std::string key;
  std::string claim;
  StoredResponse response;
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  // Claims (username, key) for a new request under `claim`, a token unique to that request
  // (random, never ""; InvalidArgument otherwise) that Complete, Abandon and an
  // IdempotencyCompletion must present: a request whose claim was taken over can then
  // neither answer nor forget its successor's. Returns none when the claim succeeded, or
  // the existing record (in flight, or done with its response). A claim older than
  // `stale_before` that never completed is taken over, as is any record created before
  // `expired_before` (older than 24 h). `node` names the process that claims (see
  // ReleaseInFlight); "" for none.
  virtual Result<std::optional<IdempotencyRecord>> Begin(const std::string& username, const std::string& key,
                                                          const std::string& request_hash, const std::string& claim,
                                                          Timestamp now, Timestamp stale_before,
                                                          Timestamp expired_before, const std::string& node = "") = 0;
  // Records the response of the claim in flight. kClaimLost when (username, key) is not in
  // flight under `claim` (already answered, e.g. by the commit that carried its
  // IdempotencyCompletion, or released, or taken over); nothing is changed then.
  virtual Status Complete(const std::string& username, const std::string& key, const std::string& claim,
                          const StoredResponse& response) = 0;
  // Forgets a claim whose request failed in a way that should not be replayed (5xx, an
  // exception), if (username, key) is still in flight under `claim`; otherwise does nothing.
  virtual Status Abandon(const std::string& username, const std::string& key, const std::string& claim) = 0;
  // Forgets the claims still in flight that `node` made (not "", which names no node), and
  // returns how many: called when that node starts, since their requests died with its
  // previous process, so that their retries need not wait for the in-flight limit. Safe
  // even if a live process shares the name: a commit answers a key only while it is in
  // flight under its request's claim (IdempotencyCompletion), so one request and its retry
  // commit once between them; but the live request is then refused (409) while a retry
  // runs in its place, so node names must be unique (http.node_id).
  virtual Result<int> ReleaseInFlight(const std::string& node) = 0;
};

}  // namespace incidents::engine
