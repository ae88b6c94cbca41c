#include "incidents/storage/storage.h"

#include "incidents/storage/mysql/mysql_database.h"
#include "incidents/storage/mysql/mysql_stores.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_outbox_store.h"
#include "incidents/storage/sqlite/sqlite_timer_store.h"
#include "incidents/storage/sqlite/sqlite_session_store.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"

namespace incidents::storage {

using engine::Result;
using engine::Status;

namespace {

class SqliteStorage final : public Storage, public DirectoryAdmin {
 public:
  explicit SqliteStorage(std::unique_ptr<sqlite::SqliteDatabase> db)
      : db_(std::move(db)), tickets_(*db_), directory_(*db_), sessions_(*db_), idempotency_(*db_), outbox_(*db_), timers_(*db_) {}

  engine::TicketStore& tickets() override { return tickets_; }
  engine::Directory& directory() override { return directory_; }
  DirectoryAdmin& directory_admin() override { return *this; }
  engine::SessionStore& sessions() override { return sessions_; }
  engine::IdempotencyStore& idempotency() override { return idempotency_; }
  engine::OutboxStore& outbox() override { return outbox_; }
  engine::TimerStore& timers() override { return timers_; }

  Status PutOrg(const engine::Org& org) override { return directory_.PutOrg(org); }
  Status PutUser(const engine::User& user) override { return directory_.PutUser(user); }
  Result<bool> IsEmpty() override { return directory_.IsEmpty(); }

 private:
  std::unique_ptr<sqlite::SqliteDatabase> db_;
  sqlite::SqliteTicketStore tickets_;
  sqlite::SqliteDirectory directory_;
  sqlite::SqliteSessionStore sessions_;
  sqlite::SqliteIdempotencyStore idempotency_;
  sqlite::SqliteOutboxStore outbox_;
  sqlite::SqliteTimerStore timers_;
};

class MysqlStorage final : public Storage, public DirectoryAdmin {
 public:
  explicit MysqlStorage(std::unique_ptr<mysql::MysqlDatabase> db)
      : db_(std::move(db)), tickets_(*db_), directory_(*db_), sessions_(*db_), idempotency_(*db_), outbox_(*db_), timers_(*db_) {}

  engine::TicketStore& tickets() override { return tickets_; }
  engine::Directory& directory() override { return directory_; }
  DirectoryAdmin& directory_admin() override { return *this; }
  engine::SessionStore& sessions() override { return sessions_; }
  engine::IdempotencyStore& idempotency() override { return idempotency_; }
  engine::OutboxStore& outbox() override { return outbox_; }
  engine::TimerStore& timers() override { return timers_; }

  Status PutOrg(const engine::Org& org) override { return directory_.PutOrg(org); }
  Status PutUser(const engine::User& user) override { return directory_.PutUser(user); }
  Result<bool> IsEmpty() override { return directory_.IsEmpty(); }

 private:
  std::unique_ptr<mysql::MysqlDatabase> db_;
  mysql::MysqlTicketStore tickets_;
  mysql::MysqlDirectory directory_;
  mysql::MysqlSessionStore sessions_;
  mysql::MysqlIdempotencyStore idempotency_;
  mysql::MysqlOutboxStore outbox_;
  mysql::MysqlTimerStore timers_;
};

mysql::MysqlOptions MysqlOptionsFor(const DatabaseUrl& url, const StorageOptions& options) {
  mysql::MysqlOptions o;
  o.host = url.host;
  o.port = url.port;
  o.user = url.user;
  o.password = url.password;
  o.database = url.database;
  o.pool_size = options.pool_size;
  return o;
}

}  // namespace

Result<std::unique_ptr<Storage>> OpenStorage(const DatabaseUrl& url, const StorageOptions& options) {
  if (url.kind == DatabaseUrl::Kind::kMysql) {
    auto db = mysql::MysqlDatabase::Open(MysqlOptionsFor(url, options));
    if (!db.ok()) return db.status();
    return std::unique_ptr<Storage>(new MysqlStorage(std::move(db.value())));
  }
  sqlite::SqliteOptions o;
  o.synchronous = options.sqlite_synchronous;
  o.pool_size = options.pool_size;
  o.busy_timeout = std::chrono::milliseconds(options.busy_timeout_ms);
  auto db = sqlite::SqliteDatabase::Open(url.path, o);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Storage>(new SqliteStorage(std::move(db.value())));
}

}  // namespace incidents::storage
