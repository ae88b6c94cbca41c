#pragma once
// SqliteConnection: one sqlite3 handle with its cache of prepared statements, and
// Statement, a thin RAII cursor over a cached sqlite3_stmt. Errors from SQLite become
// engine Status values here and never travel further as codes.
//
// Thread safety: a connection (and its statements) is used by one thread at a time;
// SqliteDatabase's pool guarantees that.

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/status.h"
#include "incidents/storage/sqlite/sqlite_options.h"

namespace incidents::storage::sqlite {

// Maps an SQLite result code to an engine status: BUSY/LOCKED -> kUnavailable,
// CONSTRAINT -> kConflict, CORRUPT/NOTADB -> kCorruption, CANTOPEN -> kUnavailable,
// anything else -> kInternal.
engine::Status StatusFromSqlite(int rc, const std::string& what, sqlite3* db);

class Statement {
 public:
  // `owned`: finalized with this object (SqliteConnection::PrepareOwned); otherwise the
  // connection's cache keeps it.
  Statement(sqlite3_stmt* stmt, sqlite3* db, bool owned = false) : stmt_(stmt), db_(db), owned_(owned) {}
  ~Statement();  // resets the statement and clears its bindings (a cached one stays cached)
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  Statement& BindOptional(int index, const std::optional<std::string>& text);  // null when absent
  Statement& BindNull(int index);

  // Makes the statement ready to run again with new bindings.
  void Reset();
  // Runs one step: true when a row is available, false when done.
  engine::Result<bool> Step();
  // Runs to completion (for statements without rows).
  engine::Status Run();

  std::string Text(int column) const;
  // The column's text without a copy: valid until the next Step, Reset or destruction.
  std::string_view TextView(int column) const;
  std::optional<std::string> OptText(int column) const;
  std::int64_t Int(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  bool owned_;
  engine::Status bind_error_;
};

class SqliteConnection {
 public:
  static engine::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, const SqliteOptions& options);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // A cached prepared statement for `sql` (prepared on first use). `sql` must be a string
  // literal (the cache keys on its address), and only one Statement per SQL text may be
  // alive at a time.
  engine::Result<std::unique_ptr<Statement>> Prepare(const char* sql);
  // A statement of its own, finalized with the Statement: for several cursors of one SQL
  // text alive at once (a search's terms). Costs a prepare per call.
  engine::Result<std::unique_ptr<Statement>> PrepareOwned(const char* sql);
  // Runs SQL text without parameters (pragmas, DDL, BEGIN/COMMIT).
  engine::Status Exec(const char* sql);
  // Rows changed by the last statement.
  int Changes() const { return sqlite3_changes(db_); }
  // The rowid the last INSERT on this connection assigned.
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> cache_;  // keyed by the literal's address
};

// Answers an Idempotency-Key (inside a write job): only while (username, key) is still in
// flight under completion.claim; kClaimLost otherwise, and the caller's job must then fail
// so that nothing it wrote stays. Used by IdempotencyStore::Complete and by the ticket and
// directory commits that carry their request's answer (issue 14.3).
engine::Status CompleteIdempotencyKey(SqliteConnection& c, const engine::IdempotencyCompletion& completion);

// Replaces a ticket's timers (inside a write job). Used by the ticket and timer stores.
engine::Status WriteTimers(SqliteConnection& c, const std::string& ticket_id,
                           const std::vector<engine::DueTimer>& timers);

// Inserts outbox rows as pending (inside a write job). Used by the ticket commit (the
// notifications of its event) and by CreatePublicRequest (the confirmation mail).
engine::Status WriteOutboxRows(SqliteConnection& c, std::span<const engine::OutboxRow> rows);

// Links the public request `code` to `ticket_id` (inside a write job) only while it is not
// linked yet: kConflict when no such row was updated (already confirmed, or no such code;
// purged included). Used by the ticket commit for TicketCommit::confirms.
engine::Status LinkPublicRequest(SqliteConnection& c, const std::string& code, const std::string& ticket_id);

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it returns an error.
template <typename Body>
engine::Status InWriteTransaction(SqliteConnection& c, Body&& body) {
  if (engine::Status st = c.Exec("BEGIN IMMEDIATE"); !st.ok()) return st;
  engine::Status st = body();
  if (st.ok()) st = c.Exec("COMMIT");
  if (!st.ok()) (void)c.Exec("ROLLBACK");
  return st;
}

}  // namespace incidents::storage::sqlite
