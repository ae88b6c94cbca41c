#include "incidents/storage/storage.h"

#if INCIDENTS_WITH_MYSQL
#include "incidents/storage/mysql/mysql_database.h"
#include "incidents/storage/mysql/mysql_stores.h"
#endif
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

// The stores of one backend over one database, owned together. Written once for both
// backends: only the types differ.
template <typename Database, typename Tickets, typename Dir, typename Sessions, typename Idempotency,
          typename Outbox, typename Timers>
class StoreBundle final : public Storage {
 public:
  explicit StoreBundle(std::unique_ptr<Database> db)
      : db_(std::move(db)), tickets_(*db_), directory_(*db_), sessions_(*db_), idempotency_(*db_), outbox_(*db_), timers_(*db_) {}

  engine::TicketStore& tickets() override { return tickets_; }
  engine::DirectoryStore& directory() override { return directory_; }
  engine::SessionStore& sessions() override { return sessions_; }
  engine::IdempotencyStore& idempotency() override { return idempotency_; }
  engine::OutboxStore& outbox() override { return outbox_; }
  engine::TimerStore& timers() override { return timers_; }
  engine::PublicRequestStore& public_requests() override { return tickets_; }
  engine::ReportStore& reports() override { return tickets_; }
  engine::ReportDraftStore& report_drafts() override { return outbox_; }
  Result<std::vector<TicketCount>> CountTickets() override {
    auto rows = tickets_.CountByWorkflowAndState();
    if (!rows.ok()) return rows.status();
    std::vector<TicketCount> out;
    for (auto& [workflow, state, count] : rows.value()) out.push_back(TicketCount{std::move(workflow), state, count});
    return out;
  }
  Status Ping() override { return db_->Ping(); }

 private:
  std::unique_ptr<Database> db_;  // declared first: the stores refer to it
  Tickets tickets_;
  Dir directory_;
  Sessions sessions_;
  Idempotency idempotency_;
  Outbox outbox_;
  Timers timers_;
};

using SqliteStorage =
    StoreBundle<sqlite::SqliteDatabase, sqlite::SqliteTicketStore, sqlite::SqliteDirectory, sqlite::SqliteSessionStore,
                sqlite::SqliteIdempotencyStore, sqlite::SqliteOutboxStore, sqlite::SqliteTimerStore>;
#if INCIDENTS_WITH_MYSQL
using MysqlStorage =
    StoreBundle<mysql::MysqlDatabase, mysql::MysqlTicketStore, mysql::MysqlDirectory, mysql::MysqlSessionStore,
                mysql::MysqlIdempotencyStore, mysql::MysqlOutboxStore, mysql::MysqlTimerStore>;

mysql::MysqlOptions MysqlOptionsFor(const DatabaseUrl& url, const StorageOptions& options) {
  mysql::MysqlOptions o;
  o.host = url.host;
  o.port = url.port;
  o.user = url.user;
  o.password = url.password;
  o.database = url.database;
  for (const DatabaseUrl::Node& n : url.more_nodes) o.more_nodes.push_back({n.host, n.port});
  o.pool_size = options.pool_size;
  return o;
}

#endif

}  // namespace

Result<std::unique_ptr<Storage>> OpenStorage(const DatabaseUrl& url, const StorageOptions& options) {
  if (url.kind == DatabaseUrl::Kind::kMysql) {
#if INCIDENTS_WITH_MYSQL
    auto db = mysql::MysqlDatabase::Open(MysqlOptionsFor(url, options));
    if (!db.ok()) return db.status();
    return std::unique_ptr<Storage>(new MysqlStorage(std::move(db.value())));
#else
    return Status::InvalidValue("this build has no MySQL/MariaDB backend (built with -DINCIDENTS_WITH_MYSQL=OFF); "
                                "use a sqlite: URL or a build with it");
#endif
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
