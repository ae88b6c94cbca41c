#include "backup_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>

#include "incidents/storage/sqlite/sqlite_backup.h"
#include "incidents/storage/storage.h"
#include "verify_command.h"

namespace incidents::apps {

namespace fs = std::filesystem;
namespace sqlite = storage::sqlite;

namespace {

// The files SQLite may keep beside a database; a stale one beside another database would be
// replayed into it.
constexpr const char* kSideFiles[] = {"-wal", "-shm", "-journal"};

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

// The same file under two names (neither need exist).
bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (Exists(a) && Exists(b)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

// A new file beside `target`, named `target` + `infix` + a random suffix, removed with its
// side files on destruction unless Keep() was called (after it was renamed into place).
class TempFile {
 public:
  TempFile(const std::string& target, const std::string& infix) {
    std::string pattern = target + infix + "XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      error_ = std::strerror(errno);
      return;
    }
    ::close(fd);
    path_ = pattern;
  }
  ~TempFile() {
    if (path_.empty() || kept_) return;
    std::error_code ec;
    fs::remove(path_, ec);
    for (const char* side : kSideFiles) fs::remove(path_ + side, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  void Keep() { kept_ = true; }

 private:
  std::string path_, error_;
  bool kept_ = false;
};

// Makes the renames in the folder of `path` durable.
void SyncFolderOf(const std::string& path) {
  const std::string folder = fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string();
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

bool Rename(const std::string& from, const std::string& to, std::ostream& err) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) err << "incidentctl: cannot rename " << from << " to " << to << ": " << ec.message() << "\n";
  return !ec;
}

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string MiB(std::uintmax_t bytes) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(1);
  s << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
  return s.str();
}

// The checks of `incidentctl verify` plus PRAGMA integrity_check on the database file at
// `path`, which this opens through the store (and so leaves in WAL mode). 0, 1 or 2 as
// RunVerify; *tickets is set when the store could be read.
int VerifyCopy(const std::string& path, const std::vector<const engine::Workflow*>& workflows, std::ostream& out,
               std::ostream& err, std::size_t* tickets) {
  if (engine::Status st = sqlite::CheckIntegrity(path); !st.ok()) {
    if (st.code() != engine::ErrorCode::kCorruption) {
      err << "incidentctl: " << st.message() << "\n";
      return 2;
    }
    out << "FAIL " << st.message() << "\n";
    return 1;
  }
  out << "OK: integrity_check\n";
  storage::DatabaseUrl url;
  url.path = path;
  storage::StorageOptions options;
  options.pool_size = 2;
  auto store = storage::OpenStorage(url, options);
  if (!store.ok()) {
    err << "incidentctl: cannot open the copy " << path << ": " << store.status().message() << "\n";
    return 2;
  }
  auto ids = store.value()->tickets().ListTicketIds();
  if (ids.ok()) *tickets = ids->size();
  return RunVerify(store.value()->tickets(), store.value()->directory(), workflows, out, err);
}

// The schema version of a file that must be a database of this project; prints why not.
std::optional<int> SchemaVersionOf(const std::string& path, std::ostream& err) {
  auto version = sqlite::ProjectSchemaVersion(path);
  if (version.ok()) return version.value();
  err << "incidentctl: " << version.status().message()
      << (version.status().code() == engine::ErrorCode::kCorruption ? " (not an SQLite database of datashare-incidents)"
                                                                      : "")
      << "\n";
  return std::nullopt;
}

}  // namespace

std::string MariadbAdvice(const storage::DatabaseUrl& url, bool restore) {
  const std::string connect =
      "--host=" + url.host + " --port=" + std::to_string(url.port) + " --user=" + url.user + " -p";
  std::string text = std::string("incidentctl: ") + (restore ? "restore" : "backup") +
                     " copies SQLite files only; a MariaDB/MySQL database is " +
                     (restore ? "restored" : "backed up") + " with its own tools (docs/backup.md):\n";
  if (!restore)
    text += "  mariadb-dump --single-transaction --routines --triggers " + connect + " " + url.database + " > FILE\n"
            "then check the dump: load it into a scratch database and run incidentctl verify --database "
            "mysql://...@.../SCRATCH\n";
  else
    text += "  stop incidentd, then: mariadb " + connect + " " + url.database + " < FILE\n"
            "then, before incidentd starts again: incidentctl verify --database " + url.Redacted() + "\n";
  return text;
}

int RunBackup(const CopyRequest& request, const std::vector<const engine::Workflow*>& workflows, std::ostream& out,
              std::ostream& err) {
  const std::string& file = request.file;
  if (!Exists(request.database)) {
    err << "incidentctl: no database at " << request.database << "\n";
    return 2;
  }
  if (SameFile(file, request.database)) {
    err << "incidentctl: the backup file is the database itself: " << file << "\n";
    return 2;
  }
  if (Exists(file) && fs::is_directory(file)) {
    err << "incidentctl: " << file << " is a directory\n";
    return 2;
  }
  if (Exists(file) && !request.force) {
    err << "incidentctl: " << file << " exists: give --force to overwrite it\n";
    return 2;
  }
  const auto version = SchemaVersionOf(request.database, err);
  if (!version) return 2;
  TempFile copy(file, ".tmp-");
  if (!copy.ok()) {
    err << "incidentctl: cannot create a file beside " << file << ": " << copy.error() << "\n";
    return 2;
  }
  auto stats = sqlite::BackupDatabase(request.database, copy.path());
  if (!stats.ok()) {
    err << "incidentctl: backup failed: " << stats.status().message() << "\n";
    return 2;
  }
  // Opening a database through the store migrates it: a copy of an older schema is verified
  // on a scratch copy of it, so that the backup stays what the database was.
  std::size_t tickets = 0;
  int code = 0;
  if (*version < sqlite::KnownSchemaVersion()) {
    TempFile scratch(file, ".verify-");
    std::error_code ec;
    if (!scratch.ok() || !fs::copy_file(copy.path(), scratch.path(), fs::copy_options::overwrite_existing, ec)) {
      err << "incidentctl: cannot make a scratch copy to verify: " << (scratch.ok() ? ec.message() : scratch.error())
          << "\n";
      return 2;
    }
    out << "note: schema version " << *version << " is older than this incidentctl's " << sqlite::KnownSchemaVersion()
        << "; verified on a migrated scratch copy\n";
    code = VerifyCopy(scratch.path(), workflows, out, err, &tickets);
  } else {
    code = VerifyCopy(copy.path(), workflows, out, err, &tickets);
    if (code != 2) {
      if (engine::Status st = sqlite::DetachWal(copy.path()); !st.ok()) {
        err << "incidentctl: cannot close the copy: " << st.message() << "\n";
        return 2;
      }
    }
  }
  if (code == 2) return 2;
  if (code == 1) {
    const std::string kept = file + ".unverified";
    const bool renamed = Rename(copy.path(), kept, err);
    if (renamed) copy.Keep();
    out << "backup FAILED verification: " << file << " was not written"
        << (renamed ? "; the copy is kept as " + kept + " for inspection" : "") << "\n";
    return 1;
  }
  if (!Rename(copy.path(), file, err)) return 2;
  copy.Keep();
  SyncFolderOf(file);
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  out << "backup: sqlite:" << request.database << " -> " << file << "\n"
      << "  tickets: " << tickets << "\n"
      << "  size: " << size << " bytes (" << MiB(size) << ")\n"
      << "  schema version: " << *version << "\n"
      << "  verification: OK (integrity_check, hash chains and replay)\n";
  return 0;
}

int RunRestore(const CopyRequest& request, const std::vector<const engine::Workflow*>& workflows, std::ostream& out,
               std::ostream& err) {
  const std::string& target = request.database;
  if (!Exists(request.file)) {
    err << "incidentctl: no backup file " << request.file << "\n";
    return 2;
  }
  if (SameFile(request.file, target)) {
    err << "incidentctl: the backup file is the database to replace: " << target << "\n";
    return 2;
  }
  const bool replacing = Exists(target);
  if (replacing && !request.force) {
    err << "incidentctl: " << target << " exists: give --force to replace it (it is kept as " << target
        << ".replaced-<time>); stop incidentd first\n";
    return 2;
  }
  const auto version = SchemaVersionOf(request.file, err);
  if (!version) return 2;
  // The backup is verified on its copy beside the target (the store migrates an older
  // schema, as incidentd would at start); the backup file itself is only read.
  TempFile copy(target, ".restore-");
  if (!copy.ok()) {
    err << "incidentctl: cannot create a file beside " << target << ": " << copy.error() << "\n";
    return 2;
  }
  sqlite::BackupOptions read_only;
  read_only.read_only_source = true;  // FILE is never changed
  if (auto stats = sqlite::BackupDatabase(request.file, copy.path(), read_only); !stats.ok()) {
    err << "incidentctl: cannot copy " << request.file << ": " << stats.status().message() << "\n";
    return 2;
  }
  std::size_t tickets = 0;
  const int code = VerifyCopy(copy.path(), workflows, out, err, &tickets);
  if (code == 1) out << "restore REFUSED: " << request.file << " failed verification; " << target << " is untouched\n";
  if (code != 0) return code;
  if (engine::Status st = sqlite::DetachWal(copy.path()); !st.ok()) {
    err << "incidentctl: cannot close the copy: " << st.message() << "\n";
    return 2;
  }
  // The old database: its WAL folded into it, and proof that no incidentd has it open.
  if (replacing) {
    engine::Status st = sqlite::DetachWal(target);
    if (!st.ok() && st.code() != engine::ErrorCode::kCorruption) {
      err << "incidentctl: refusing to replace " << target << ": " << st.message() << "; stop incidentd first\n";
      return 2;
    }
  }
  // The restored file gets the replaced one's owner and mode (mkstemp made it 0600, owned by
  // whoever runs this): a restore as root must not leave a file the service user cannot open.
  if (struct stat old_file{}; replacing && ::stat(target.c_str(), &old_file) == 0) {
    if (::chmod(copy.path().c_str(), old_file.st_mode & 07777) != 0 ||
        (::geteuid() == 0 && ::chown(copy.path().c_str(), old_file.st_uid, old_file.st_gid) != 0)) {
      err << "incidentctl: cannot give " << copy.path() << " the owner and mode of " << target << "\n";
      return 2;
    }
  }
  // Whatever sits under the target's names is kept, side files included.
  std::string kept = target + ".replaced-" + UtcStamp();
  for (int n = 2; Exists(kept); ++n) kept = target + ".replaced-" + UtcStamp() + "-" + std::to_string(n);
  std::vector<std::string> moved;  // suffixes moved to `kept`
  // Puts back what was moved when a later rename fails: the target stays as it was.
  auto undo = [&] {
    for (const auto& side : moved) Rename(kept + side, target + side, err);
    return 2;
  };
  std::vector<std::string> names = {""};
  names.insert(names.end(), std::begin(kSideFiles), std::end(kSideFiles));
  for (const auto& side : names) {
    if (!Exists(target + side)) continue;
    if (!Rename(target + side, kept + side, err)) return undo();
    moved.push_back(side);
  }
  if (!Rename(copy.path(), target, err)) return undo();
  copy.Keep();
  SyncFolderOf(target);
  out << "restored " << request.file << " -> sqlite:" << target << "\n"
      << "  tickets: " << tickets << "\n"
      << "  schema version: " << *version << (*version < sqlite::KnownSchemaVersion() ? " (migrated to " +
                                                   std::to_string(sqlite::KnownSchemaVersion()) + ")" : "")
      << "\n";
  for (const auto& side : moved) out << "  kept the replaced " << kept + side << "\n";
  out << "  start incidentd again\n";
  return 0;
}

}  // namespace incidents::apps
