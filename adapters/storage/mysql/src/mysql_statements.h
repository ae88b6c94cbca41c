#pragma once
// Prepared statements kept per pooled connection (internal).
//
// Preparing a statement costs a round trip and a parse on the server, and Connector/C++
// builds its metadata on the client; a GET through the MySQL store runs three statements,
// so preparing them anew on every call spent about as much as running them. Each pooled
// connection therefore keeps its statements, keyed by SQL text, for as long as it lives.
//
// How stores reach the cache without a new parameter: MysqlDatabase::Run installs the
// leased connection's cache for the calling thread while `fn` runs (StatementScope), and
// Prepare(c, text) borrows from it when `c` is that connection. Anywhere else (migrations,
// a connection outside the pool) Prepare makes a statement the handle owns and closes.
//
// Thread safety: a cache belongs to one pooled connection, which one thread at a time
// holds; nothing here is shared between threads.

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace incidents::storage::mysql {

class StatementCache {
 public:
  // Statements past this many are prepared per call and not kept: the texts are fixed
  // apart from the ticket list's filter combinations and the multi-row inserts'
  // (mysql_batches.h: 4 sizes each of InBatches, up to 16 of InExactBatches), so the bound
  // is not reached in practice; it only keeps a future dynamic query from growing the
  // cache without end.
  static constexpr std::size_t kMaxStatements = 256;

  struct Entry {
    std::unique_ptr<sql::PreparedStatement> statement;
    bool in_use = false;  // borrowed by a live Stmt: a second Prepare of the text gets its own
  };

  // The entry for `text`, prepared on `c` when new; nullptr when the cache is full.
  Entry* Find(sql::Connection& c, const std::string& text);

 private:
  std::unordered_map<std::string, Entry> entries_;
};

// A handle to a prepared statement: borrowed from the current connection's cache (given
// back when the handle dies) or owned (closed when it dies). Use like a pointer; keep it
// alive as long as a result set read from it.
class Stmt {
 public:
  explicit Stmt(StatementCache::Entry* borrowed) : borrowed_(borrowed) { borrowed_->in_use = true; }
  explicit Stmt(std::unique_ptr<sql::PreparedStatement> owned) : owned_(std::move(owned)) {}
  Stmt(Stmt&& other) noexcept : borrowed_(other.borrowed_), owned_(std::move(other.owned_)) { other.borrowed_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() {
    if (borrowed_) borrowed_->in_use = false;
  }

  sql::PreparedStatement* get() const { return borrowed_ ? borrowed_->statement.get() : owned_.get(); }
  sql::PreparedStatement* operator->() const { return get(); }
  sql::PreparedStatement& operator*() const { return *get(); }

 private:
  StatementCache::Entry* borrowed_ = nullptr;
  std::unique_ptr<sql::PreparedStatement> owned_;
};

// Makes `cache` the statement cache of connection `c` for this thread until the scope
// ends (then the previous one, if any, is back: Run may nest).
class StatementScope {
 public:
  StatementScope(sql::Connection& c, StatementCache& cache);
  ~StatementScope();
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  sql::Connection* previous_connection_;
  StatementCache* previous_cache_;
};

// The prepared statement for `text` on `c`: cached when `c` is the connection Run leased
// to this thread, else prepared for this handle alone. Throws sql::SQLException.
Stmt Prepare(sql::Connection& c, const std::string& text);

}  // namespace incidents::storage::mysql
