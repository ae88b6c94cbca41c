#pragma once
// SqliteDatabase: one SQLite database file, its schema (created or migrated on Open) and
// a pool of connections. The stores (SqliteTicketStore, SqliteDirectory) borrow
// connections from it.
//
// Thread safety: Lease() may be called from any thread; a lease is used by one thread.
// Lifetime: the database must outlive the stores built on it and every lease.

#include <condition_variable>
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

  // The highest migration version applied.
  engine::Result<int> SchemaVersion();
  // PRAGMA synchronous of the pooled connections: 0 off, 1 normal, 2 full, 3 extra.
  engine::Result<int> SynchronousLevel();
  const std::string& path() const { return path_; }

 private:
  SqliteDatabase(std::string path, SqliteOptions options);
  void Release(std::unique_ptr<SqliteConnection> c);

  const std::string path_;
  const SqliteOptions options_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
};

}  // namespace incidents::storage::sqlite
