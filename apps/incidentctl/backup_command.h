#pragma once
// `incidentctl backup` and `incidentctl restore` (docs/backup.md): a verified copy of a
// SQLite database, and its return into place. Files only: neither ever leaves a half-written
// file under the name it was asked to write, nor overwrites a file without `force`.
//
// A copy is trusted only after the checks of `incidentctl verify` (the directory's and every
// ticket's hash chain and replay, through `workflows`) and PRAGMA integrity_check pass.
//
// MariaDB is backed up with its own tools (mariadb-dump); these commands only say how.

#include <iosfwd>
#include <string>
#include <vector>

#include "incidents/engine/workflow.h"
#include "incidents/storage/database_url.h"

namespace incidents::apps {

struct CopyRequest {
  std::string database;  // the live database file (backup) or the one to replace (restore)
  std::string file;      // the backup file
  bool force = false;    // backup: overwrite `file`; restore: replace `database`, keeping it
};

// Copies the live database `request.database` (incidentd may keep writing) into a
// temporary file beside `request.file`, verifies the copy, and only then renames it to
// `request.file`. A copy that fails verification is kept as `file`.unverified for
// inspection. Exit code: 0 verified, 1 verification failed, 2 bad request or unreadable
// database (nothing written under `file`).
int RunBackup(const CopyRequest& request, const std::vector<const engine::Workflow*>& workflows, std::ostream& out,
              std::ostream& err);

// Verifies the backup `request.file` on a temporary copy beside `request.database` (a
// database of this project, of a schema version this build knows, that passes every
// check), then renames the copy to `request.database`. An existing database is replaced
// only with `force`, only when no other connection has it open (a running incidentd), and
// is kept as `database`.replaced-<UTC time> with any -wal/-shm/-journal beside it.
// Exit code: 0 restored, 1 the backup failed verification, 2 bad request, unreadable or
// foreign file, or database in use (in every failure the target is untouched).
int RunRestore(const CopyRequest& request, const std::vector<const engine::Workflow*>& workflows, std::ostream& out,
               std::ostream& err);

// What to run instead for a MariaDB/MySQL database (`restore` says how to restore): the
// mariadb-dump / mariadb command lines for `url`, with `-p` (asks for the password) in place
// of the password, which never appears.
std::string MariadbAdvice(const storage::DatabaseUrl& url, bool restore);

}  // namespace incidents::apps
