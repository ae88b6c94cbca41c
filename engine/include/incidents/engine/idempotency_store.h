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

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  // Claims (username, key) for a new request. Returns none when the claim succeeded, or
  // the existing record (in flight, or done with its response). A claim older than
  // `stale_before` that never completed is taken over, as is any record created before
  // `expired_before` (older than 24 h).
  virtual Result<std::optional<IdempotencyRecord>> Begin(const std::string& username, const std::string& key,
                                                          const std::string& request_hash, Timestamp now,
                                                          Timestamp stale_before, Timestamp expired_before) = 0;
  virtual Status Complete(const std::string& username, const std::string& key, const StoredResponse& response) = 0;
  // Forgets a claim whose request failed in a way that should not be replayed (5xx).
  virtual Status Abandon(const std::string& username, const std::string& key) = 0;
};

}  // namespace incidents::engine
