#include "incidents/storage/sqlite/sqlite_backup.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "incidents/storage/schema_migrations.h"
#include "sqlite_connection.h"  // StatusFromSqlite
#include "sqlite_migrations.h"

namespace incidents::storage::sqlite {

using engine::Result;
using engine::Status;

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

enum class Access { kReadOnly, kReadWrite, kCreate };

// Opens `path` as `access` says. No pragma is changed: the file keeps its journal mode. A
// read-only connection never writes the file (no checkpoint of its -wal at close).
Result<Db> OpenFile(const std::string& path, Access access, std::chrono::milliseconds busy_timeout) {
  sqlite3* raw = nullptr;
  const int flags = (access == Access::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    (access == Access::kCreate ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return Status::Unavailable(StatusFromSqlite(rc, "cannot open " + path, raw).message());
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
  return db;
}

Status Exec(sqlite3* db, const std::string& sql, const std::string& what) {
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status() : StatusFromSqlite(rc, what, db);
}

// The rows of a one-column query, as text.
Result<std::vector<std::string>> Column(sqlite3* db, const char* sql, const std::string& what) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  if (rc != SQLITE_OK) return StatusFromSqlite(rc, what, db);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  std::vector<std::string> rows;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    rows.emplace_back(text ? text : "");
  }
  if (rc != SQLITE_DONE) return StatusFromSqlite(rc, what, db);
  return rows;
}

}  // namespace

int KnownSchemaVersion() { return LatestSchemaVersion(); }

Result<BackupStats> BackupDatabase(const std::string& source, const std::string& destination,
                                   const BackupOptions& options) {
  auto src = OpenFile(source, options.read_only_source ? Access::kReadOnly : Access::kReadWrite, options.busy_timeout);
  if (!src.ok()) return src.status();
  auto dst = OpenFile(destination, Access::kCreate, options.busy_timeout);
  if (!dst.ok()) return dst.status();
  auto mode = Column(src->get(), "PRAGMA journal_mode", "read the journal mode of " + source);
  if (!mode.ok()) return mode.status();
  const bool wal = !mode->empty() && mode->front() == "wal";
  // WAL: one read transaction for the whole copy pins its snapshot (a deferred BEGIN takes
  // it at the first read). sqlite3_backup_step uses it and opens none of its own.
  if (wal) {
    if (Status st = Exec(src->get(), "BEGIN", "begin reading " + source); !st.ok()) return st;
    auto first = Column(src->get(), "SELECT count(*) FROM sqlite_schema", "read " + source);
    if (!first.ok()) return first.status();
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst->get(), "main", src->get(), "main");
  if (!backup) return StatusFromSqlite(sqlite3_errcode(dst->get()), "start the backup", dst->get());
  int rc = SQLITE_OK;
  auto waited = std::chrono::milliseconds(0);
  constexpr auto kRetryPause = std::chrono::milliseconds(25);
  while (true) {
    rc = sqlite3_backup_step(backup, options.pages_per_step < 1 ? 1 : options.pages_per_step);
    if (rc == SQLITE_DONE) break;
    if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
      if (waited >= options.busy_timeout) break;
      sqlite3_sleep(static_cast<int>(kRetryPause.count()));
      waited += kRetryPause;
      continue;
    }
    if (rc != SQLITE_OK) break;
    waited = std::chrono::milliseconds(0);
    if (options.on_step) options.on_step(sqlite3_backup_remaining(backup), sqlite3_backup_pagecount(backup));
  }
  BackupStats stats;
  stats.pages = sqlite3_backup_pagecount(backup);
  const int finish = sqlite3_backup_finish(backup);  // reports the step's error again, or its own
  if (wal) (void)Exec(src->get(), "COMMIT", "end reading " + source);
  if (rc != SQLITE_DONE) return StatusFromSqlite(rc, "copy " + source, src->get());
  if (finish != SQLITE_OK) return StatusFromSqlite(finish, "finish the copy of " + source, dst->get());
  // The copy of page 1 says WAL when the source was; the copy is one file on its own.
  auto copy_mode = Column(dst->get(), "PRAGMA journal_mode=DELETE", "set the journal mode of " + destination);
  if (!copy_mode.ok()) return copy_mode.status();
  auto page_size = Column(dst->get(), "PRAGMA page_size", "read the page size of " + destination);
  if (!page_size.ok()) return page_size.status();
  stats.page_size = page_size->empty() ? 0 : std::stoll(page_size->front());
  return stats;
}

Result<int> ProjectSchemaVersion(const std::string& path) {
  auto db = OpenFile(path, Access::kReadOnly, std::chrono::milliseconds(5000));
  if (!db.ok()) return db.status();
  auto table = Column(db->get(), "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
                      "read " + path);
  if (!table.ok()) return table.status();  // kCorruption: "file is not a database"
  if (table->empty())
    return Status::InvalidValue(path +
                                " is an SQLite database but not one of datashare-incidents (no schema_migrations)");
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db->get(), "SELECT version, name FROM schema_migrations ORDER BY version", -1, &raw,
                              nullptr);
  if (rc != SQLITE_OK) return StatusFromSqlite(rc, "read the schema versions of " + path, db->get());
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  const auto& known = SchemaMigrations();
  int newest = 0;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const int version = sqlite3_column_int(raw, 0);
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(raw, 1));
    newest = std::max(newest, version);
    if (version > KnownSchemaVersion()) continue;
    bool same = false;
    for (const auto& m : known)
      if (m.version == version) same = name && std::string(name) == m.name;
    if (!same)
      return Status::InvalidValue(path + " is not a database of datashare-incidents: its migration " +
                                  std::to_string(version) + " is not this build's");
  }
  if (rc != SQLITE_DONE) return StatusFromSqlite(rc, "read the schema versions of " + path, db->get());
  if (newest == 0) return Status::InvalidValue(path + " has no schema version (schema_migrations is empty)");
  if (newest > KnownSchemaVersion())
    return Status::Conflict(path + " has schema version " + std::to_string(newest) + ", newer than the " +
                            std::to_string(KnownSchemaVersion()) +
                            " this incidentctl knows: use the release that wrote it");
  return newest;
}

Status CheckIntegrity(const std::string& path) {
  auto db = OpenFile(path, Access::kReadOnly, std::chrono::milliseconds(5000));
  if (!db.ok()) return db.status();
  auto rows = Column(db->get(), "PRAGMA integrity_check(20)", "check the integrity of " + path);
  if (!rows.ok()) return rows.status();
  if (rows->size() == 1 && rows->front() == "ok") return {};
  std::string problems;
  for (const auto& r : rows.value()) problems += (problems.empty() ? "" : "; ") + r;
  return Status::Corruption("integrity_check of " + path + ": " + problems);
}

Status DetachWal(const std::string& path) {
  // No waiting: another connection is an answer, not something to wait out.
  auto db = OpenFile(path, Access::kReadWrite, std::chrono::milliseconds(0));
  if (!db.ok()) return db.status();
  auto mode = Column(db->get(), "PRAGMA journal_mode=DELETE", "leave WAL mode in " + path);
  const std::string in_use = path + " is in use by another connection (is incidentd running?)";
  if (!mode.ok())
    return mode.status().code() == engine::ErrorCode::kUnavailable ? Status::Unavailable(in_use) : mode.status();
  if (mode->empty() || mode->front() != "delete") return Status::Unavailable(in_use);
  return {};
}

}  // namespace incidents::storage::sqlite
