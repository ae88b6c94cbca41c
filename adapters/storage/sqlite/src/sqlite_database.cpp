#include "incidents/storage/sqlite/sqlite_database.h"

#include <sys/stat.h>

#include "sqlite_connection.h"
#include "sqlite_migrations.h"
#include "sqlite_ticket_search.h"

namespace incidents::storage::sqlite {

using engine::Result;
using engine::Status;

struct SqliteDatabase::WriteJob {
  const std::function<Status(SqliteConnection&)>* fn;
  Status result;
  bool done = false;
  std::condition_variable finished;
};

SqliteDatabase::SqliteDatabase(std::string path, SqliteOptions options)
    : path_(std::move(path)), options_(options) {}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path, SqliteOptions options) {
  if (path.empty() || path == ":memory:")
    return Status::InvalidValue("the SQLite store needs a file path, not '" + path + "'");
  if (options.pool_size < 1) return Status::InvalidValue("storage.pool_size must be at least 1");
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, options));
  auto writer = SqliteConnection::Open(path, options);
  if (!writer.ok()) return writer.status();
  if (Status st = Migrate(*writer.value()); !st.ok()) return st;
  // The tickets that existed when migration 13 ran, indexed for search (once).
  if (Status st = BackfillTicketSearch(*writer.value()); !st.ok()) return st;
  struct stat file {};
  if (::stat(path.c_str(), &file) != 0) return Status::Unavailable("the database file " + path + " cannot be read");
  db->file_device_ = file.st_dev;
  db->file_inode_ = file.st_ino;
  db->writer_connection_ = std::move(writer.value());
  for (int i = 0; i < options.pool_size; ++i) {
    auto c = SqliteConnection::Open(path, options);
    if (!c.ok()) return c.status();
    db->idle_.push_back(std::move(c.value()));
  }
  db->writer_ = std::thread([raw = db.get()] { raw->WriterLoop(); });
  return db;
}

SqliteDatabase::~SqliteDatabase() {
  {
    std::lock_guard lock(write_mu_);
    stopping_ = true;
  }
  write_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
}

SqliteDatabase::Lease::Lease(SqliteDatabase& db, std::unique_ptr<SqliteConnection> c)
    : db_(&db), c_(std::move(c)) {}

SqliteDatabase::Lease::Lease(Lease&&) noexcept = default;

SqliteDatabase::Lease::~Lease() {
  if (c_) db_->Release(std::move(c_));
}

SqliteDatabase::Lease SqliteDatabase::Acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(c));
}

void SqliteDatabase::Release(std::unique_ptr<SqliteConnection> c) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  available_.notify_one();
}

Status SqliteDatabase::Write(const std::function<Status(SqliteConnection&)>& fn) {
  WriteJob job;
  job.fn = &fn;
  std::unique_lock lock(write_mu_);
  if (stopping_) return Status::Unavailable("the database is closing");
  write_queue_.push_back(&job);
  write_ready_.notify_one();
  job.finished.wait(lock, [&] { return job.done; });
  return job.result;
}

void SqliteDatabase::WriterLoop() {
  constexpr std::size_t kMaxBatch = 256;
  SqliteConnection& c = *writer_connection_;
  std::vector<WriteJob*> batch;
  while (true) {
    {
      std::unique_lock lock(write_mu_);
      write_ready_.wait(lock, [&] { return stopping_ || !write_queue_.empty(); });
      if (write_queue_.empty()) return;  // stopping, and nothing left to write
      const std::size_t n = std::min(kMaxBatch, write_queue_.size());
      batch.assign(write_queue_.begin(), write_queue_.begin() + static_cast<std::ptrdiff_t>(n));
      write_queue_.erase(write_queue_.begin(), write_queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    std::vector<Status> results(batch.size());
    Status txn = c.Exec("BEGIN IMMEDIATE");
    if (txn.ok()) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (Status st = c.Exec("SAVEPOINT job"); !st.ok()) {
          results[i] = st;
          continue;
        }
        results[i] = (*batch[i]->fn)(c);
        if (!results[i].ok()) (void)c.Exec("ROLLBACK TO job");
        (void)c.Exec("RELEASE job");
      }
      txn = c.Exec("COMMIT");
      if (!txn.ok()) (void)c.Exec("ROLLBACK");
    }
    std::lock_guard lock(write_mu_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // A failed commit undoes every job in it, including those that succeeded.
      batch[i]->result = txn.ok() ? results[i] : (results[i].ok() ? txn : results[i]);
      batch[i]->done = true;
      batch[i]->finished.notify_one();
    }
  }
}

Result<int> SqliteDatabase::SchemaVersion() {
  auto lease = Acquire();
  auto q = lease->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*q)->Int(0));
}

Status SqliteDatabase::Ping() {
  struct stat file {};
  if (::stat(path_.c_str(), &file) != 0)
    return Status::Unavailable("the database file " + path_ + " is gone (deleted or moved away)");
  if (file.st_dev != file_device_ || file.st_ino != file_inode_)
    return Status::Unavailable("the database file " + path_ + " was replaced by another file");
  auto version = SchemaVersion();
  if (!version.ok()) return Status::Unavailable("the database " + path_ + " does not answer: " + version.status().message());
  return {};
}

Result<int> SqliteDatabase::SynchronousLevel() {
  auto lease = Acquire();
  auto q = lease->Prepare("PRAGMA synchronous");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*q)->Int(0));
}

}  // namespace incidents::storage::sqlite
