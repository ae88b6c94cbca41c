#pragma once
// SessionStore: the port for sign-in sessions. Only a hash of each token is stored, so a
// copy of the database does not let anyone sign in. Thread-safe implementations.

#include <optional>
#include <string>

#include "incidents/engine/directory.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

struct Session {
  std::string token_hash;  // SHA-256 hex of the bearer token
  std::string username;
  Timestamp created_at;
  Timestamp expires_at;
};

// A session together with its user, as sign-in checks need them on every request.
struct SessionWithUser {
  Session session;
  User user;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual Status CreateSession(const Session& session) = 0;
  // The session if it exists and has not been revoked (expiry is the caller's check).
  virtual Result<std::optional<Session>> FindSession(const std::string& token_hash) = 0;
  // FindSession and the session's user in one call; nullopt when either is missing. The
  // default asks FindSession, then `directory`. A store on a networked database whose
  // directory lives in the same database overrides it with one query: it runs on every
  // authenticated request, and a round trip saved there is one saved everywhere.
  virtual Result<std::optional<SessionWithUser>> FindSessionWithUser(const std::string& token_hash,
                                                                      Directory& directory);
  // Revoking an unknown or already revoked session is not an error.
  virtual Status RevokeSession(const std::string& token_hash) = 0;
  // Deletes sessions that expired before `now`; returns how many.
  virtual Result<int> PurgeExpiredSessions(Timestamp now) = 0;
};

}  // namespace incidents::engine
