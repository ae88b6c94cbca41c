#include "sqlite_migrations.h"

#include <chrono>
#include <string>

#include "incidents/storage/schema_migrations.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

// The migrations themselves are the shared list in incidents/storage/schema_migrations.h.
int LatestSchemaVersion() { return SchemaMigrations().back().version; }

engine::Status Migrate(SqliteConnection& c) {
  if (auto st = c.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                       "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
      !st.ok())
    return st;
  for (const SchemaMigration& m : SchemaMigrations()) {
    engine::Status st = InWriteTransaction(c, [&]() -> engine::Status {
      auto q = c.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
      if (!q.ok()) return q.status();
      (*q)->Bind(1, std::int64_t{m.version});
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (row.value()) return {};  // already applied
      if (auto e = c.Exec(m.sqlite); !e.ok())
        return engine::Status::Internal("migration " + std::to_string(m.version) + " failed: " + e.message());
      auto ins = c.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
      if (!ins.ok()) return ins.status();
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch());
      (*ins)->Bind(1, std::int64_t{m.version}).Bind(2, std::string_view(m.name)).Bind(3, std::int64_t{now.count()});
      return (*ins)->Run();
    });
    if (!st.ok()) return st;
  }
  return {};
}

}  // namespace incidents::storage::sqlite
