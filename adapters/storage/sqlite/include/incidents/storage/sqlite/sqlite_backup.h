#pragma once
// File-level operations on a SQLite database of this project, for `incidentctl backup` and
// `incidentctl restore` (docs/backup.md): an online copy of a live database, the checks a
// copy must pass before it is trusted, and the step that makes a file stand alone (no -wal
// beside it) and proves nobody else has it open.
//
// These work on paths, not on an open SqliteDatabase: each opens its own raw connection and
// closes it before returning. None of them creates a file it is not asked to create.
// Thread safety: each call is independent; concurrent calls on different files are fine.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "incidents/engine/status.h"

namespace incidents::storage::sqlite {

struct BackupOptions {
  // Pages copied per sqlite3_backup_step (1024 pages of 4 KiB = 4 MiB). Between steps the
  // backup holds no lock a writer needs (see BackupDatabase).
  int pages_per_step = 1024;
  // How long one step may keep retrying while the source is busy (recovery of a WAL after
  // a crash, or a writer's commit on a rollback-journal database).
  std::chrono::milliseconds busy_timeout{10000};
  // Called after each step with the pages still to copy and the total (progress).
  std::function<void(std::int64_t remaining, std::int64_t total)> on_step;
  // Open the source read-only (restore: a backup file is never changed, not even by the
  // checkpoint of a -wal beside it). A live WAL database is opened read-write (its -shm).
  bool read_only_source = false;
};

struct BackupStats {
  std::int64_t pages = 0;
  std::int64_t page_size = 0;
};

// Copies the database at `source` (which must exist; it is never created) into
// `destination` (an empty or absent file; created) with the SQLite online backup API.
//
// Consistency: in WAL mode (incidentd's) the copy is the database as of one instant: a
// read transaction is held on the source for the whole copy, so writers keep committing
// (into the WAL; a checkpoint cannot pass that instant until the copy ends) and the backup
// never restarts. In rollback-journal mode no lock is held between steps, and a write by
// another connection restarts the copy (SQLite's rule), so the copy is still consistent.
// The copy is left in rollback-journal mode (one file, nothing beside it).
// Errors: kUnavailable when a file cannot be opened or the source stays busy; kCorruption
// when the source is not a database; kInternal otherwise.
engine::Result<BackupStats> BackupDatabase(const std::string& source, const std::string& destination,
                                           const BackupOptions& options = {});

// The schema version of the database at `path`, opened read-only. It must be a database of
// this project: a schema_migrations table whose versions known to this build carry this
// build's migration names. kInvalidValue (saying why) when it is not; kConflict (naming
// both versions) when it holds a migration newer than this build knows; kUnavailable when
// it cannot be opened; kCorruption when it is not an SQLite database.
engine::Result<int> ProjectSchemaVersion(const std::string& path);

// The newest schema version this build knows (its last migration).
int KnownSchemaVersion();

// PRAGMA integrity_check on the database at `path` (read-only): ok, or kCorruption with the
// first problems SQLite reports.
engine::Status CheckIntegrity(const std::string& path);

// Checkpoints the WAL of the database at `path` into the file and switches it to
// rollback-journal mode, so that the file alone holds the whole database and no -wal/-shm
// remains beside it. This needs the only connection: kUnavailable ("in use") when another
// connection, such as a running incidentd, has the database open. kCorruption when the file
// is not an SQLite database. The file's content is unchanged.
engine::Status DetachWal(const std::string& path);

}  // namespace incidents::storage::sqlite
