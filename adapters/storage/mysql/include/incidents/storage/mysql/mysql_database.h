#pragma once
// MysqlDatabase: one MySQL 8 / MariaDB 10.6+ database shared by any number of nodes, its
// schema (created or migrated on Open, under a named lock so that two nodes starting at
// once do not both migrate), and a pool of connections.
//
// Unlike SQLite there is no single writer: every node writes through its own pooled
// connections, each write is one InnoDB transaction, and correctness across nodes comes
// from the version check on tickets and from leases claimed with
// SELECT ... FOR UPDATE SKIP LOCKED (DESIGN.md "Growing past one machine").
//
// Errors: exceptions from the connector never leave the adapter. Run() maps them:
// deadlock (1213) and lock wait timeout (1205) are retried a few times; duplicate key
// (1062) is kConflict; a lost or refused connection (2002, 2003, 2006, 2013, and 1047 from a
// Galera node outside the primary component) is kUnavailable after one reconnect attempt;
// anything else is kInternal.
//
// Galera (docs/galera.md): with more_nodes, every new connection goes to the first node of
// the list [host:port, more_nodes...] that accepts the login and says it is synced
// (wsrep_ready ON, wsrep_local_state_comment Synced), so that every incidentd node with the
// same list writes to the same database node. A lost connection drops the idle ones too
// (they went to the same server), and a connection to a later node than the first is
// closed instead of pooled or reused once it is kFailbackSeconds old, so writes move back to the
// first node when it returns. A node that could not be used is skipped for
// kFailbackSeconds unless no other node is usable.
//
// Thread safety: Run() may be called from any thread. Lifetime: the database must
// outlive the stores built on it.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "incidents/engine/status.h"

namespace sql {
class Connection;
}

namespace incidents::storage::mysql {

struct MysqlNode {
  std::string host;
  int port = 3306;
};

struct MysqlOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  // The further nodes of one Galera cluster, in order after host:port (class comment).
  std::vector<MysqlNode> more_nodes;
  std::string user;
  std::string password;
  std::string database;
  // Connections kept open at most. incidentd passes storage.pool_size (default in
  // storage_settings.h) through OpenStorage; this default serves tests that open directly.
  int pool_size = 4;
  // How many times a transaction that hit a deadlock or lock wait timeout is re-run.
  int max_retries = 4;
};

class MysqlDatabase {
 public:
  static constexpr int kFailbackSeconds = 5;

  // Connects, picks the collation (utf8mb4_vietnamese_ci when the server has it, else
  // utf8mb4_unicode_ci) and applies pending migrations. kUnavailable when the server
  // cannot be reached or refuses the login.
  static engine::Result<std::unique_ptr<MysqlDatabase>> Open(MysqlOptions options);
  ~MysqlDatabase();

  // Drops and re-creates `options.database` (utf8mb4) through a connection without a
  // default schema. For tests and first-time setup; the user needs the privileges.
  static engine::Status RecreateDatabase(const MysqlOptions& options);

  // Runs `fn` on a pooled connection. With `transaction`, inside one transaction that
  // commits when fn returns OK and rolls back otherwise; without, fn must only read. The
  // whole fn is re-run on a deadlock, and once on a fresh connection when the server
  // dropped the old one (unless the loss hit COMMIT, whose outcome is then unknown:
  // kUnavailable), so fn must not have effects outside the database.
  engine::Status Run(const std::function<engine::Status(sql::Connection&)>& fn, bool transaction = false);
  // Ready to serve (readiness, /readyz): the server answers a query on a pooled connection.
  engine::Status Ping();
  // Run(fn, /*transaction=*/true): every write goes through here.
  engine::Status Write(const std::function<engine::Status(sql::Connection&)>& fn) { return Run(fn, true); }

  // The highest migration version applied.
  engine::Result<int> SchemaVersion();
  // The collation the tables were created with.
  const std::string& collation() const { return collation_; }
  // The server is MariaDB (VERSION() says so), not MySQL: some statements use MariaDB's
  // syntax (SET STATEMENT ... FOR) and have a plain form for MySQL.
  bool mariadb() const { return mariadb_; }

 private:
  explicit MysqlDatabase(MysqlOptions options);
  // A connection to the first usable node (class comment); `node` gets its index in the
  // list (0 for host:port).
  engine::Result<std::unique_ptr<sql::Connection>> Connect(bool with_schema = true, size_t* node = nullptr);
  engine::Result<std::unique_ptr<sql::Connection>> ConnectTo(const MysqlNode& node, bool with_schema);
  // A pooled connection and the statements prepared on it (defined in the .cpp).
  struct PooledConnection;
  engine::Result<std::unique_ptr<PooledConnection>> Acquire();
  void Release(std::unique_ptr<PooledConnection> c);
  void Discard();
  // A connection to a later node than the first, kFailbackSeconds old: closed, not reused.
  static bool FailbackDue(const PooledConnection& c);
  // Closes every idle connection (after one was found lost).
  void DropIdle();

  const MysqlOptions options_;
  std::string collation_;
  bool mariadb_ = false;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;
  int open_ = 0;  // connections in use or idle
  // Per node of the list: until when Connect skips it (it could not be used).
  std::vector<std::chrono::steady_clock::time_point> skip_until_;
};

}  // namespace incidents::storage::mysql
