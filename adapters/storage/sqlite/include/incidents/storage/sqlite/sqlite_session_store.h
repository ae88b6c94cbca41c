#pragma once
// Sessions and idempotency keys on SQLite. Thread-safe; the database must outlive them.

#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/session_store.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteSessionStore final : public engine::SessionStore {
 public:
  explicit SqliteSessionStore(SqliteDatabase& db) : db_(db) {}
  engine::Status CreateSession(const engine::Session& session) override;
  engine::Result<std::optional<engine::Session>> FindSession(const std::string& token_hash) override;
  engine::Status RevokeSession(const std::string& token_hash) override;
  engine::Result<int> PurgeExpiredSessions(engine::Timestamp now) override;

 private:
  SqliteDatabase& db_;
};

class SqliteIdempotencyStore final : public engine::IdempotencyStore {
 public:
  explicit SqliteIdempotencyStore(SqliteDatabase& db) : db_(db) {}
  engine::Result<std::optional<engine::IdempotencyRecord>> Begin(const std::string& username, const std::string& key,
                                                                  const std::string& request_hash,
                                                                  const std::string& claim, engine::Timestamp now,
                                                                  engine::Timestamp stale_before,
                                                                  engine::Timestamp expired_before,
                                                                  const std::string& node = "") override;
  engine::Status Complete(const std::string& username, const std::string& key, const std::string& claim,
                          const engine::StoredResponse& response) override;
  engine::Status Abandon(const std::string& username, const std::string& key, const std::string& claim) override;
  engine::Result<int> ReleaseInFlight(const std::string& node) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
