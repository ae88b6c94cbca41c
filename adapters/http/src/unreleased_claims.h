#pragma once
// UnreleasedClaims: idempotency claims this node failed to abandon. A request that fails
// with 5xx abandons its key so that the retry runs at once; when the store is the cause of
// the 5xx (a full disk, the database down), the abandon fails with it, and the key would
// stay "in flight" (409 to every retry) for the in-flight limit after the store is back
// (found by tests/faults: disk-full, mariadb-stop). They are kept here and abandoned again
// before the next idempotent request's claim, which is when the store is likely back.
//
// Thread-safe. Holds at most kMaxHeld claims: past that the oldest is dropped, and that
// key waits for the in-flight limit as before (the store has been down through thousands
// of failed requests).

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>

#include "incidents/engine/idempotency_store.h"

namespace incidents::http {

class UnreleasedClaims {
 public:
  static constexpr std::size_t kMaxHeld = 10000;
  // At most this many abandons per RetryAll, so that no one request pays for a long outage's
  // backlog; the next requests take the rest.
  static constexpr std::size_t kRetriesPerCall = 50;

  struct Claim {
    std::string username;
    std::string key;
    std::string token;
  };

  // Abandons the claim; keeps it for RetryAll when the store refuses.
  void Abandon(engine::IdempotencyStore& store, Claim claim);
  // Abandons up to kRetriesPerCall kept claims again, oldest first; keeps those the store
  // still refuses. Cheap when none is kept (one uncontended lock).
  void RetryAll(engine::IdempotencyStore& store);
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<Claim> held_;
};

}  // namespace incidents::http
