#include "incidents/storage/sqlite/sqlite_session_store.h"

#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {
std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }
}  // namespace

Status SqliteSessionStore::CreateSession(const Session& s) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, s.token_hash).Bind(2, s.username).Bind(3, Seconds(s.created_at)).Bind(4, Seconds(s.expires_at));
    return (*q)->Run();
  });
}

Result<std::optional<Session>> SqliteSessionStore::FindSession(const std::string& token_hash) {
  auto c = db_.Acquire();
  auto q = c->Prepare(
      "SELECT token_hash, username, created_at, expires_at FROM sessions WHERE token_hash = ?1 AND revoked = 0");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, token_hash);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return std::optional<Session>();
  Statement& s = **q;
  return std::optional<Session>(Session{s.Text(0), s.Text(1), At(s.Int(2)), At(s.Int(3))});
}

Status SqliteSessionStore::RevokeSession(const std::string& token_hash) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, token_hash);
    return (*q)->Run();
  });
}

Result<int> SqliteSessionStore::PurgeExpiredSessions(Timestamp now) {
  int n = 0;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("DELETE FROM sessions WHERE expires_at < ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, Seconds(now));
    Status r = (*q)->Run();
    n = c.Changes();
    return r;
  });
  if (!st.ok()) return st;
  return n;
}

Result<std::optional<IdempotencyRecord>> SqliteIdempotencyStore::Begin(const std::string& username,
                                                                       const std::string& key,
                                                                       const std::string& request_hash,
                                                                       const std::string& claim, Timestamp now,
                                                                       Timestamp stale_before,
                                                                       Timestamp expired_before,
                                                                       const std::string& node) {
  if (claim.empty()) return Status::InvalidArgument("an idempotency claim needs a token");
  std::optional<IdempotencyRecord> existing;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "SELECT request_hash, created_at, status, content_type, location, body FROM idempotency_keys "
        "WHERE username = ?1 AND key = ?2");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, username).Bind(2, key);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    bool take_over = !row.value();
    if (row.value()) {
      Statement& s = **q;
      IdempotencyRecord r;
      r.request_hash = s.Text(0);
      r.created_at = At(s.Int(1));
      if (!s.IsNull(2))
        r.response = StoredResponse{static_cast<int>(s.Int(2)), s.Text(3), s.Text(4), s.Text(5)};
      const bool expired = r.created_at < expired_before;
      const bool abandoned = !r.response && r.created_at < stale_before;
      if (expired || abandoned) take_over = true;
      else existing = std::move(r);
    }
    q.value().reset();
    if (!take_over) return {};
    auto put = c.Prepare(
        "INSERT INTO idempotency_keys (username, key, request_hash, created_at, node, claim) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(username, key) DO UPDATE SET request_hash = excluded.request_hash, "
        "created_at = excluded.created_at, status = NULL, content_type = NULL, location = NULL, body = NULL, "
        "node = excluded.node, claim = excluded.claim");
    if (!put.ok()) return put.status();
    (*put)->Bind(1, username).Bind(2, key).Bind(3, request_hash).Bind(4, Seconds(now)).Bind(5, node).Bind(6, claim);
    if (Status r = (*put)->Run(); !r.ok()) return r;
    // Keep the table small: drop what is past its 24 hours.
    auto purge = c.Prepare("DELETE FROM idempotency_keys WHERE created_at < ?1");
    if (!purge.ok()) return purge.status();
    (*purge)->Bind(1, Seconds(expired_before));
    return (*purge)->Run();
  });
  if (!st.ok()) return st;
  return existing;
}

Status CompleteIdempotencyKey(SqliteConnection& c, const IdempotencyCompletion& k) {
  auto q = c.Prepare(
      "UPDATE idempotency_keys SET status = ?4, content_type = ?5, location = ?6, body = ?7 "
      "WHERE username = ?1 AND key = ?2 AND claim = ?3 AND claim <> '' AND status IS NULL");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, k.username).Bind(2, k.key).Bind(3, k.claim).Bind(4, std::int64_t{k.response.status});
  (*q)->Bind(5, k.response.content_type).Bind(6, k.response.location).Bind(7, k.response.body);
  if (Status st = (*q)->Run(); !st.ok()) return st;
  if (c.Changes() != 1)
    return Status::ClaimLost("Idempotency-Key '" + k.key + "' is not in flight under this claim");
  return {};
}

Status SqliteIdempotencyStore::Complete(const std::string& username, const std::string& key,
                                        const std::string& claim, const StoredResponse& r) {
  if (claim.empty()) return Status::ClaimLost("Idempotency-Key '" + key + "' is not in flight under this claim");
  return db_.Write([&](SqliteConnection& c) { return CompleteIdempotencyKey(c, {username, key, claim, r}); });
}

Status SqliteIdempotencyStore::Abandon(const std::string& username, const std::string& key,
                                       const std::string& claim) {
  if (claim.empty()) return {};
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "DELETE FROM idempotency_keys WHERE username = ?1 AND key = ?2 AND claim = ?3 AND status IS NULL");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, username).Bind(2, key).Bind(3, claim);
    return (*q)->Run();
  });
}

Result<int> SqliteIdempotencyStore::ReleaseInFlight(const std::string& node) {
  if (node.empty()) return 0;
  int n = 0;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("DELETE FROM idempotency_keys WHERE node = ?1 AND status IS NULL");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, node);
    Status r = (*q)->Run();
    n = c.Changes();
    return r;
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace incidents::storage::sqlite
