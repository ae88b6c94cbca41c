#pragma once
// DirectoryStore: the write port of the directory. DirectoryService decides a change on
// what it read (at history head `expected_head`) and commits it here in one transaction
// with its history events, so that the directory and its audit trail never disagree.
//
// Thread safety: implementations are thread-safe. A Commit whose expected_head is no
// longer the head fails with kVersionConflict and writes nothing: directory writes are
// rare, so they serialise on the history's head and the service retries.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

// A one-time set-password link, stored as the SHA-256 hex of its token only.
struct PasswordReset {
  std::string token_hash;
  std::string username;
  Timestamp expires_at;
  friend bool operator==(const PasswordReset&, const PasswordReset&);
};

// The answer of a request sent with an Idempotency-Key, committed with the change in the
// same transaction (issue 14.3; see IdempotencyCompletion). The answer may name what only
// the store knows, the ids it assigns to new focal-point terms, so the store renders it
// inside its transaction, after writing the change: `render` gets those ids in the order of
// the change's focal_points with id 0. Contract for `render`: it runs while the store holds
// its write transaction (and lock), so it must be pure — no call back into any store — and
// must not throw. It may run more than once (a store that retries its transaction after a
// deadlock); the answer of the run that committed is the one stored.
// `completion.response` is ignored: the store writes what `render` returns.
struct DirectoryAnswer {
  IdempotencyCompletion completion;  // username, key and the claim to complete
  std::function<StoredResponse(const std::vector<std::int64_t>& assigned_term_ids)> render;
  // The completion to write, with render's answer.
  IdempotencyCompletion Rendered(const std::vector<std::int64_t>& assigned_term_ids) const {
    IdempotencyCompletion done = completion;
    done.response = render(assigned_term_ids);
    return done;
  }
};

struct DirectoryChange {
  std::int64_t expected_head = 0;        // seq of the last history event read; 0: none yet
  std::vector<Org> orgs;                 // inserted or replaced, by id
  std::vector<User> users;               // inserted or replaced, by username (whole row)
  std::vector<FocalPoint> focal_points;  // id 0: inserted (the store assigns the id); else replaced
  std::optional<FocalPointList> list;    // replaces the list's status
  std::vector<PasswordReset> new_resets;  // each replaces its user's earlier links
  std::vector<std::string> used_resets;  // token hashes deleted (used, or superseded)
  struct Revoke {
    std::string username;
    std::string except_token_hash;  // this session survives (a password change keeps yours)
  };
  std::vector<Revoke> revoke_sessions;
  // Appended in order; the store fills seq, prev_hash and hash.
  std::vector<DirectoryEvent> events;
  // With an answer, the store completes its key in the same transaction; kClaimLost and
  // nothing written when the key is no longer in flight under its claim.
  std::optional<DirectoryAnswer> answer = std::nullopt;
};

class DirectoryStore : public Directory {
 public:
  // The seq of the last history event; 0 when there is none.
  virtual Result<std::int64_t> DirectoryHead() = 0;
  virtual Result<std::optional<PasswordReset>> FindPasswordReset(const std::string& token_hash) = 0;
  // kVersionConflict when the head moved; kInvalidValue for a user of an unknown org.
  // kClaimLost when change.answer's key is no longer in flight under its claim.
  virtual Status Commit(const DirectoryChange& change) = 0;
};

}  // namespace incidents::engine
