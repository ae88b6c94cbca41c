#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using engine::Result;
using engine::Status;

Status StatusFromSqlite(int rc, const std::string& what, sqlite3* db) {
  const std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Unavailable("database is busy: " + msg);
    case SQLITE_CONSTRAINT: return Status::Conflict(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::Corruption(msg);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY: return Status::Unavailable(msg);
    default: return Status::Internal(msg);
  }
}

Statement::~Statement() {
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = Status();
}

Statement& Statement::Bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = StatusFromSqlite(rc, "bind", db_);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = StatusFromSqlite(rc, "bind", db_);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = StatusFromSqlite(rc, "bind", db_);
  return *this;
}

Result<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return StatusFromSqlite(rc, "step", db_);
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return {};
  }
}

std::string Statement::Text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::string_view Statement::TextView(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string_view();
}

std::optional<std::string> Statement::OptText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                const SqliteOptions& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = StatusFromSqlite(rc, "cannot open database '" + path + "'", db);
    sqlite3_close_v2(db);
    return Status::Unavailable(st.message());
  }
  std::unique_ptr<SqliteConnection> c(new SqliteConnection(db));
  if (options.synchronous != "full" && options.synchronous != "normal" && options.synchronous != "extra")
    return Status::InvalidValue("storage.sqlite_synchronous must be full, normal or extra, not '" +
                                options.synchronous + "'");
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
  sqlite3_extended_result_codes(db, 1);
  std::string sync = "PRAGMA synchronous=" + options.synchronous;
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON"})
    if (Status st = c->Exec(pragma); !st.ok()) return st;
  if (Status st = c->Exec(sync.c_str()); !st.ok()) return st;
  return c;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Statement>> SqliteConnection::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return StatusFromSqlite(rc, "prepare", db_);
    it = cache_.emplace(sql, stmt).first;
  }
  return std::make_unique<Statement>(it->second, db_);
}

Result<std::unique_ptr<Statement>> SqliteConnection::PrepareOwned(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return StatusFromSqlite(rc, "prepare", db_);
  }
  return std::make_unique<Statement>(stmt, db_, /*owned=*/true);
}

Status SqliteConnection::Exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return {};
  std::string what = std::string("exec ") + std::string(sql).substr(0, 40);
  sqlite3_free(err);
  return StatusFromSqlite(rc, what, db_);
}

}  // namespace incidents::storage::sqlite
