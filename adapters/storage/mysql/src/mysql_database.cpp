#include "incidents/storage/mysql/mysql_database.h"

#include <cppconn/driver.h>
#include <mysql_driver.h>

#include <chrono>
#include <thread>

#include "mysql_migrations.h"
#include "mysql_ticket_search.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using engine::Result;
using engine::Status;

Status MapException(const sql::SQLException& e, const std::string& what) {
  const int code = e.getErrorCode();
  const std::string msg = what + ": " + e.what() + " (MySQL error " + std::to_string(code) + ")";
  if (code == kErDupEntry) return Status::Conflict(msg);
  if (IsConnectionLost(code) || code == 1045 /* access denied */ || code == 1049 /* unknown database */ ||
      code == 1040 /* too many connections */)
    return Status::Unavailable(msg);
  if (code == kErLockDeadlock || code == kErLockWaitTimeout) return Status::Unavailable(msg);
  return Status::Internal(msg);
}

namespace {

sql::mysql::MySQL_Driver* Driver() {
  // Never deleted (TOOLCHAIN.md section 7); first call is made from Open, before threads.
  static sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

// A statement without parameters or results (transaction control).
void Execute(sql::Connection& c, const char* text) { std::unique_ptr<sql::Statement>(c.createStatement())->execute(text); }

std::string Where(const MysqlOptions& o, const MysqlNode& n) {
  return "mysql://" + o.user + "@" + n.host + ":" + std::to_string(n.port) + "/" + o.database;
}

std::string Where(const MysqlOptions& o) { return Where(o, {o.host, o.port}); }

using Clock = std::chrono::steady_clock;

}  // namespace

// Member order matters: the statements are closed before their connection.
struct MysqlDatabase::PooledConnection {
  std::unique_ptr<sql::Connection> connection;
  StatementCache statements;
  size_t node = 0;  // index in the list of nodes (0: host:port)
  Clock::time_point opened = Clock::now();
};

MysqlDatabase::MysqlDatabase(MysqlOptions options) : options_(std::move(options)) {}

MysqlDatabase::~MysqlDatabase() = default;

Result<std::unique_ptr<sql::Connection>> MysqlDatabase::Connect(bool with_schema, size_t* node) {
  if (node) *node = 0;
  if (options_.more_nodes.empty()) return ConnectTo({options_.host, options_.port}, with_schema);
  std::vector<MysqlNode> nodes{{options_.host, options_.port}};
  nodes.insert(nodes.end(), options_.more_nodes.begin(), options_.more_nodes.end());
  std::vector<bool> skipped(nodes.size());
  {
    std::lock_guard lock(mu_);
    skip_until_.resize(nodes.size());
    const auto now = Clock::now();
    for (size_t i = 0; i < nodes.size(); ++i) skipped[i] = skip_until_[i] > now;
  }
  std::string errors;
  // The nodes in list order, those marked unusable last (and only when no other answered).
  for (bool marked : {false, true}) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (skipped[i] != marked) continue;
      auto c = ConnectTo(nodes[i], with_schema);
      {
        std::lock_guard lock(mu_);
        skip_until_[i] = c.ok() ? Clock::time_point{} : Clock::now() + std::chrono::seconds(kFailbackSeconds);
      }
      if (c.ok()) {
        if (node) *node = i;
        return c;
      }
      errors += (errors.empty() ? "" : "; ") + c.status().message();
    }
  }
  return Status::Unavailable("no node of the database's list is usable: " + errors);
}

Result<std::unique_ptr<sql::Connection>> MysqlDatabase::ConnectTo(const MysqlNode& node, bool with_schema) {
  try {
    sql::ConnectOptionsMap opts;
    opts["hostName"] = sql::SQLString("tcp://" + node.host + ":" + std::to_string(node.port));
    opts["userName"] = sql::SQLString(options_.user);
    opts["password"] = sql::SQLString(options_.password);
    if (with_schema) opts["schema"] = sql::SQLString(options_.database);
    opts["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    opts["OPT_CONNECT_TIMEOUT"] = 5;
    opts["OPT_READ_TIMEOUT"] = 60;
    opts["OPT_WRITE_TIMEOUT"] = 60;
    // Reconnecting is ours to do (a silent reconnect inside a transaction would lose it).
    opts["OPT_RECONNECT"] = false;
    std::unique_ptr<sql::Connection> c(Driver()->connect(opts));
    {
      std::unique_ptr<sql::Statement> s(c->createStatement());
      s->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
      s->execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'");
      s->execute("SET SESSION innodb_lock_wait_timeout = 10");
      // A node of a Galera list must be in the primary component and synced (not a
      // joiner, nor a donor whose rsync state transfer blocks writes). A server without
      // Galera (wsrep_on OFF, or MySQL: no such variable) is taken as it is.
      bool galera = false;
      if (!options_.more_nodes.empty()) {
        Rows v(s->executeQuery("SHOW VARIABLES LIKE 'wsrep_on'"));
        galera = v->next() && Str(*v, 2) == "ON";
      }
      if (galera) {
        Rows r(s->executeQuery(
            "SHOW STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state_comment')"));
        while (r->next()) {
          const std::string name = Str(*r, 1), value = Str(*r, 2);
          if ((name == "wsrep_ready" && value != "ON") || (name == "wsrep_local_state_comment" && value != "Synced"))
            return Status::Unavailable(Where(options_, node) + " is not a synced Galera node (" + name + " " + value +
                                       ")");
        }
      }
    }
    return c;
  } catch (const sql::SQLException& e) {
    Status st = MapException(e, "connecting to " + Where(options_, node));
    if (st.code() == engine::ErrorCode::kInternal) return Status::Unavailable(st.message());
    return st;
  }
}

Result<std::unique_ptr<MysqlDatabase>> MysqlDatabase::Open(MysqlOptions options) {
  if (options.pool_size < 1) return Status::InvalidValue("storage.pool_size must be at least 1");
  if (options.database.empty()) return Status::InvalidValue("the MySQL URL names no database");
  Driver();
  std::unique_ptr<MysqlDatabase> db(new MysqlDatabase(std::move(options)));
  size_t first_node = 0;
  auto c = db->Connect(true, &first_node);
  if (!c.ok()) return c.status();
  try {
    auto q = Prepare(**c, "SHOW COLLATION WHERE Collation = 'utf8mb4_vietnamese_ci'");
    Rows r(q->executeQuery());
    db->collation_ = r->next() ? "utf8mb4_vietnamese_ci" : "utf8mb4_unicode_ci";
    Rows version(Prepare(**c, "SELECT VERSION()")->executeQuery());
    db->mariadb_ = version->next() && Str(*version, 1).find("MariaDB") != std::string::npos;
  } catch (const sql::SQLException& e) {
    return MapException(e, "reading the collations of " + Where(db->options_));
  }
  if (Status st = Migrate(**c, db->collation_); !st.ok()) return st;
  // The tickets that existed when migration 13 ran, indexed for search (once).
  if (Status st = BackfillTicketSearch(**c); !st.ok()) return st;
  db->idle_.push_back(
      std::make_unique<PooledConnection>(PooledConnection{std::move(c.value()), {}, first_node, Clock::now()}));
  db->open_ = 1;
  return db;
}

Status MysqlDatabase::RecreateDatabase(const MysqlOptions& options) {
  Driver();
  MysqlDatabase tmp(options);
  auto c = tmp.Connect(/*with_schema=*/false);
  if (!c.ok()) return c.status();
  // Identifiers cannot be parameters; accept only a plain name.
  for (char ch : options.database)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
      return Status::InvalidValue("database name '" + options.database + "' must be letters, digits and _");
  try {
    std::unique_ptr<sql::Statement> s((*c)->createStatement());
    s->execute("DROP DATABASE IF EXISTS `" + options.database + "`");
    s->execute("CREATE DATABASE `" + options.database + "` CHARACTER SET utf8mb4");
  } catch (const sql::SQLException& e) {
    return MapException(e, "re-creating " + options.database);
  }
  return {};
}

Result<std::unique_ptr<MysqlDatabase::PooledConnection>> MysqlDatabase::Acquire() {
  std::vector<std::unique_ptr<PooledConnection>> stale;  // closed outside the lock
  {
    std::unique_lock lock(mu_);
    available_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (!FailbackDue(*c)) return c;
      stale.push_back(std::move(c));
      --open_;
    }
    ++open_;
  }
  // Dropping more than one stale connection freed slots another caller may wait for.
  if (stale.size() > 1) available_.notify_all();
  size_t node = 0;
  auto c = Connect(true, &node);
  if (!c.ok()) {
    Discard();
    return c.status();
  }
  return std::make_unique<PooledConnection>(PooledConnection{std::move(c.value()), {}, node, Clock::now()});
}

bool MysqlDatabase::FailbackDue(const PooledConnection& c) {
  return c.node != 0 && Clock::now() - c.opened > std::chrono::seconds(kFailbackSeconds);
}

void MysqlDatabase::Release(std::unique_ptr<PooledConnection> c) {
  // Failback (class comment): the next connection goes to the first usable node.
  if (FailbackDue(*c)) {
    c.reset();
    Discard();
    return;
  }
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  available_.notify_one();
}

void MysqlDatabase::Discard() {
  {
    std::lock_guard lock(mu_);
    --open_;
  }
  available_.notify_one();
}

void MysqlDatabase::DropIdle() {
  std::vector<std::unique_ptr<PooledConnection>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(idle_);
    open_ -= static_cast<int>(dropped.size());
  }
  available_.notify_all();
  // `dropped` closes its connections here, outside the lock.
}

Status MysqlDatabase::Ping() {
  return Run([](sql::Connection& c) -> Status {
    Rows r(Prepare(c, "SELECT 1")->executeQuery());
    return r->next() ? Status{} : Status::Unavailable("the database server answered no row to SELECT 1");
  });
}

Status MysqlDatabase::Run(const std::function<Status(sql::Connection&)>& fn, bool transaction) {
  Status last;
  bool reconnected = false;
  for (int attempt = 0;; ++attempt) {
    auto lease = Acquire();
    if (!lease.ok()) return lease.status();
    std::unique_ptr<PooledConnection> pooled = std::move(lease.value());
    sql::Connection* c = pooled->connection.get();
    bool started = false;
    bool committing = false;
    try {
      Status st;
      {
        StatementScope statements(*c, pooled->statements);
        // START TRANSACTION leaves the session in autocommit mode, so COMMIT or ROLLBACK
        // ends the transaction in one round trip (setAutoCommit(false/true) costs two more).
        // They are sent as plain statements: the connector's commit()/rollback() follow its
        // own autocommit flag, which stays on.
        if (transaction) {
          Execute(*c, "START TRANSACTION");
          started = true;
        }
        st = fn(*c);
        if (transaction) {
          if (st.ok()) {
            committing = true;
            Execute(*c, "COMMIT");
            committing = false;
          } else {
            Execute(*c, "ROLLBACK");
          }
        }
      }
      Release(std::move(pooled));
      return st;
    } catch (const sql::SQLException& e) {
      const int code = e.getErrorCode();
      last = MapException(e, "MySQL store");
      bool keep = !IsConnectionLost(code);
      if (keep && started) {
        try {
          Execute(*c, "ROLLBACK");
        } catch (const sql::SQLException&) {
          keep = false;
        }
      }
      if (keep) Release(std::move(pooled));
      else {
        pooled.reset();
        Discard();
      }
      // The idle connections went to the same server, most likely gone too (a restart, or
      // a Galera node that died): each would cost a request its one fresh try.
      if (IsConnectionLost(code)) DropIdle();
      if ((code == kErLockDeadlock || code == kErLockWaitTimeout) && attempt < options_.max_retries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
        continue;
      }
      // A pooled connection the server dropped (restart, wait_timeout): one fresh try.
      if (IsConnectionLost(code) && !reconnected && !committing) {
        reconnected = true;
        continue;
      }
      return last;
    } catch (...) {
      // Anything else (bad_alloc, a bug in fn): the transaction's state is unknown, so the
      // connection is closed rather than pooled, and its slot given back before rethrowing.
      pooled.reset();
      Discard();
      throw;
    }
  }
}

Result<int> MysqlDatabase::SchemaVersion() {
  int version = 0;
  Status st = Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    Rows r(q->executeQuery());
    if (r->next()) version = r->getInt(1);
    return {};
  });
  if (!st.ok()) return st;
  return version;
}

}  // namespace incidents::storage::mysql
