#include "incidents/storage/sqlite/sqlite_database.h"

#include "sqlite_connection.h"
#include "sqlite_migrations.h"

namespace incidents::storage::sqlite {

using engine::Result;
using engine::Status;

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path, SqliteOptions options) {
  if (path.empty() || path == ":memory:")
    return Status::InvalidValue("the SQLite store needs a file path, not '" + path + "'");
  if (options.pool_size < 1) return Status::InvalidValue("database.sqlite.pool_size must be at least 1");
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, options));
  for (int i = 0; i < options.pool_size; ++i) {
    auto c = SqliteConnection::Open(path, options);
    if (!c.ok()) return c.status();
    if (i == 0) {
      if (Status st = Migrate(*c.value()); !st.ok()) return st;
    }
    db->idle_.push_back(std::move(c.value()));
  }
  return db;
}

SqliteDatabase::SqliteDatabase(std::string path, SqliteOptions options)
    : path_(std::move(path)), options_(options) {}

SqliteDatabase::~SqliteDatabase() = default;

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

Result<int> SqliteDatabase::SchemaVersion() {
  auto lease = Acquire();
  auto q = lease->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*q)->Int(0));
}

}  // namespace incidents::storage::sqlite

namespace incidents::storage::sqlite {

engine::Result<int> SqliteDatabase::SynchronousLevel() {
  auto lease = Acquire();
  auto q = lease->Prepare("PRAGMA synchronous");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*q)->Int(0));
}

}  // namespace incidents::storage::sqlite
