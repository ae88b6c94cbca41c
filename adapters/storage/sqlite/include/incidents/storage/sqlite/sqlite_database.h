#pragma once
// SqliteDatabase: one SQLite database file, its schema (created or migrated on Open), a
// pool of reading connections, and ONE writer thread that runs every write.
//
// Group commit: writes are queued; the writer takes all that are waiting, runs each in
// its own SAVEPOINT inside one transaction (a write that fails rolls back only itself),
// and commits once. With synchronous=FULL a commit costs one fsync, so N concurrent
// writers share it instead of queueing for N fsyncs. A write returns only after the
// commit that holds it is durable.
//
// Thread safety: Acquire() and Write() may be called from any thread; a lease is used by
// one thread. Lifetime: the database must outlive the stores built on it and every lease;
// its destructor finishes the queued writes.

#include <condition_variable>
#include <functional>
#include <thread>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/storage/sqlite/sqlite_options.h"

namespace incidents::storage::sqlite {

class SqliteConnection;

class SqliteDatabase {
 public:
  // Opens (creating if needed) the file at `path` (":memory:" is not supported: every
  // pooled connection would see its own empty database) and applies pending migrations.
  // kUnavailable when the file cannot be opened.
  static engine::Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path, SqliteOptions options = {});
  ~SqliteDatabase();

  // A connection for the caller's exclusive use, returned to the pool on destruction.
  class Lease {
   public:
    Lease(SqliteDatabase& db, std::unique_ptr<SqliteConnection> c);
    Lease(Lease&&) noexcept;
    ~Lease();
    SqliteConnection& operator*() { return *c_; }
    SqliteConnection* operator->() { return c_.get(); }

   private:
    SqliteDatabase* db_;
    std::unique_ptr<SqliteConnection> c_;
  };
  Lease Acquire();

  // Runs `job` on the writer's connection inside the next group transaction and returns
  // its status once that transaction has committed (or the job's own error, or the
  // commit's). The job must not begin or end transactions itself, and must not call
  // Write() (it would wait for itself).
  engine::Status Write(const std::function<engine::Status(SqliteConnection&)>& job);

  // The highest migration version applied.
  engine::Result<int> SchemaVersion();
  // Ready to serve (readiness, /readyz): the file at path() is still the one this process
  // opened (not deleted, moved away or replaced: writes would go to a file that no restart
  // finds) and a reading connection answers. kUnavailable, saying which, otherwise.
  engine::Status Ping();
  // PRAGMA synchronous of the pooled connections: 0 off, 1 normal, 2 full, 3 extra.
  engine::Result<int> SynchronousLevel();
  const std::string& path() const { return path_; }

 private:
  SqliteDatabase(std::string path, SqliteOptions options);
  void Release(std::unique_ptr<SqliteConnection> c);
  void WriterLoop();

  struct WriteJob;

  const std::string path_;
  const SqliteOptions options_;
  std::uint64_t file_device_ = 0, file_inode_ = 0;  // of path_ when opened (Ping)
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;

  std::unique_ptr<SqliteConnection> writer_connection_;
  std::mutex write_mu_;
  std::condition_variable write_ready_;
  std::vector<WriteJob*> write_queue_;  // owned by the callers waiting in Write()
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace incidents::storage::sqlite
