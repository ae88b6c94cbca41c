#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {
std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }
}  // namespace

Status CompleteIdempotencyKey(sql::Connection& c, const IdempotencyCompletion& k) {
  auto q = Prepare(c,
                   "UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ? "
                   "WHERE username = ? AND `key` = ? AND claim = ? AND claim <> '' AND status IS NULL");
  q->setInt(1, k.response.status);
  q->setString(2, k.response.content_type);
  q->setString(3, k.response.location);
  q->setString(4, k.response.body);
  q->setString(5, k.username);
  q->setString(6, k.key);
  q->setString(7, k.claim);
  if (q->executeUpdate() != 1)
    return Status::ClaimLost("Idempotency-Key '" + k.key + "' is not in flight under this claim");
  return {};
}

Status MysqlSessionStore::CreateSession(const Session& s) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)");
    q->setString(1, s.token_hash);
    q->setString(2, s.username);
    q->setInt64(3, Seconds(s.created_at));
    q->setInt64(4, Seconds(s.expires_at));
    q->executeUpdate();
    return {};
  });
}

Result<std::optional<Session>> MysqlSessionStore::FindSession(const std::string& token_hash) {
  std::optional<Session> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "SELECT token_hash, username, created_at, expires_at FROM sessions "
                     "WHERE token_hash = ? AND revoked = 0");
    q->setString(1, token_hash);
    Rows r(q->executeQuery());
    if (r->next()) out = Session{Str(*r, 1), Str(*r, 2), At(r->getInt64(3)), At(r->getInt64(4))};
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::optional<SessionWithUser>> MysqlSessionStore::FindSessionWithUser(const std::string& token_hash,
                                                                              Directory& /*directory*/) {
  // The bundle's directory is the users table of this same database (MysqlDirectory), so
  // one join answers both questions.
  std::optional<SessionWithUser> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.reset();
    auto q = Prepare(c, "SELECT s.token_hash, s.username, s.created_at, s.expires_at, " +
                            std::string("u.username, u.display_name, u.org_id, u.roles, u.email, u.phone, "
                                        "u.password_hash, u.active ") +
                            "FROM sessions s JOIN users u ON u.username = s.username "
                            "WHERE s.token_hash = ? AND s.revoked = 0");
    q->setString(1, token_hash);
    Rows r(q->executeQuery());
    if (!r->next()) return {};
    auto user = UserFromRow(*r, 5);
    if (!user.ok()) return user.status();
    out = SessionWithUser{Session{Str(*r, 1), Str(*r, 2), At(r->getInt64(3)), At(r->getInt64(4))},
                          std::move(user.value())};
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Status MysqlSessionStore::RevokeSession(const std::string& token_hash) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "UPDATE sessions SET revoked = 1 WHERE token_hash = ?");
    q->setString(1, token_hash);
    q->executeUpdate();
    return {};
  });
}

Result<int> MysqlSessionStore::PurgeExpiredSessions(Timestamp now) {
  int n = 0;
  Status st = db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "DELETE FROM sessions WHERE expires_at < ?");
    q->setInt64(1, Seconds(now));
    n = q->executeUpdate();
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

Result<std::optional<IdempotencyRecord>> MysqlIdempotencyStore::Begin(const std::string& username,
                                                                      const std::string& key,
                                                                      const std::string& request_hash,
                                                                      const std::string& claim, Timestamp now,
                                                                      Timestamp stale_before,
                                                                      Timestamp expired_before,
                                                                      const std::string& node) {
  if (claim.empty()) return Status::InvalidArgument("an idempotency claim needs a token");
  std::optional<IdempotencyRecord> existing;
  // Two nodes may claim a new key at once: the loser's INSERT fails with a duplicate key
  // and the next attempt reads the winner's record.
  for (int attempt = 0;; ++attempt) {
    bool raced = false;
    Status st = db_.Run(
        [&](sql::Connection& c) -> Status {
          existing.reset();
          auto q = Prepare(c,
                           "SELECT request_hash, created_at, status, content_type, location, body FROM idempotency_keys "
                           "WHERE username = ? AND `key` = ? FOR UPDATE");
          q->setString(1, username);
          q->setString(2, key);
          Rows r(q->executeQuery());
          const bool found = r->next();
          bool take_over = !found;
          if (found) {
            IdempotencyRecord rec;
            rec.request_hash = Str(*r, 1);
            rec.created_at = At(r->getInt64(2));
            const int status = r->getInt(3);
            if (!r->wasNull()) rec.response = StoredResponse{status, Str(*r, 4), Str(*r, 5), Str(*r, 6)};
            const bool expired = rec.created_at < expired_before;
            const bool abandoned = !rec.response && rec.created_at < stale_before;
            if (expired || abandoned) take_over = true;
            else existing = std::move(rec);
          }
          if (!take_over) return {};
          if (found) {
            auto put = Prepare(c,
                               "UPDATE idempotency_keys SET request_hash = ?, created_at = ?, status = NULL, "
                               "content_type = NULL, location = NULL, body = NULL, node = ?, claim = ? "
                               "WHERE username = ? AND `key` = ?");
            put->setString(1, request_hash);
            put->setInt64(2, Seconds(now));
            put->setString(3, node);
            put->setString(4, claim);
            put->setString(5, username);
            put->setString(6, key);
            put->executeUpdate();
          } else {
            auto put = Prepare(c,
                               "INSERT INTO idempotency_keys (username, `key`, request_hash, created_at, node, claim) "
                               "VALUES (?, ?, ?, ?, ?, ?)");
            put->setString(1, username);
            put->setString(2, key);
            put->setString(3, request_hash);
            put->setInt64(4, Seconds(now));
            put->setString(5, node);
            put->setString(6, claim);
            try {
              put->executeUpdate();
            } catch (const sql::SQLException& e) {
              if (e.getErrorCode() != kErDupEntry) throw;
              raced = true;
              return Status::Conflict("idempotency key claimed concurrently");
            }
          }
          // Keep the table small: drop what is past its 24 hours.
          auto purge = Prepare(c, "DELETE FROM idempotency_keys WHERE created_at < ?");
          purge->setInt64(1, Seconds(expired_before));
          purge->executeUpdate();
          return {};
        },
        /*transaction=*/true);
    if (raced && attempt < 3) continue;
    if (!st.ok()) return st;
    return existing;
  }
}

Status MysqlIdempotencyStore::Complete(const std::string& username, const std::string& key,
                                       const std::string& claim, const StoredResponse& r) {
  if (claim.empty()) return Status::ClaimLost("Idempotency-Key '" + key + "' is not in flight under this claim");
  return db_.Write([&](sql::Connection& c) { return CompleteIdempotencyKey(c, {username, key, claim, r}); });
}

Status MysqlIdempotencyStore::Abandon(const std::string& username, const std::string& key,
                                      const std::string& claim) {
  if (claim.empty()) return {};
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "DELETE FROM idempotency_keys WHERE username = ? AND `key` = ? AND claim = ? AND status IS NULL");
    q->setString(1, username);
    q->setString(2, key);
    q->setString(3, claim);
    q->executeUpdate();
    return {};
  });
}

Result<int> MysqlIdempotencyStore::ReleaseInFlight(const std::string& node) {
  if (node.empty()) return 0;
  int n = 0;
  Status st = db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "DELETE FROM idempotency_keys WHERE node = ? AND status IS NULL");
    q->setString(1, node);
    n = q->executeUpdate();
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace incidents::storage::mysql
