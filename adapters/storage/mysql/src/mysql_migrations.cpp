#include "mysql_migrations.h"

#include <chrono>
#include <vector>

#include "incidents/storage/schema_migrations.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {
namespace {

// The statements are in the shared list (incidents/storage/schema_migrations.h).

std::string WithTableOptions(std::string sql, const std::string& collation) {
  const std::string options = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation;
  if (auto at = sql.find("{T}"); at != std::string::npos) sql.replace(at, 3, options);
  return sql;
}

}  // namespace

int LatestSchemaVersion() { return SchemaMigrations().back().version; }

engine::Status Migrate(sql::Connection& c, const std::string& collation) {
  int step = 0;
  const char* current = "";
  try {
    std::unique_ptr<sql::Statement> s(c.createStatement());
    {
      auto lock = Prepare(c, "SELECT GET_LOCK(CONCAT('incidents_migrate:', DATABASE()), 60)");
      Rows r(lock->executeQuery());
      if (!r->next() || r->getInt(1) != 1)
        return engine::Status::Unavailable("timed out waiting for another node's schema migration");
    }
    struct Unlock {
      sql::Connection& c;
      ~Unlock() {
        try {
          auto q = Prepare(c, "SELECT RELEASE_LOCK(CONCAT('incidents_migrate:', DATABASE()))");
          Rows r(q->executeQuery());
        } catch (const sql::SQLException&) {
        }
      }
    } unlock{c};
    s->execute(WithTableOptions("CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, "
                                "name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL) {T}",
                                collation));
    for (const SchemaMigration& m : SchemaMigrations()) {
      step = m.version;
      auto q = Prepare(c, "SELECT 1 FROM schema_migrations WHERE version = ?");
      q->setInt(1, m.version);
      Rows r(q->executeQuery());
      if (r->next()) continue;
      for (const char* statement : m.mysql) {
        current = statement;
        s->execute(WithTableOptions(statement, collation));
      }
      for (const char* statement : m.mysql_optional) {
        current = statement;
        try {
          s->execute(statement);
        } catch (const sql::SQLException& e) {
          // 1419: needs SUPER with binary logging; 1227/1142: no TRIGGER privilege.
          if (e.getErrorCode() != 1419 && e.getErrorCode() != 1227 && e.getErrorCode() != 1142) throw;
        }
      }
      current = "";
      auto ins = Prepare(c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      ins->setInt(1, m.version);
      ins->setString(2, m.name);
      ins->setInt64(3, std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count());
      ins->executeUpdate();
    }
  } catch (const sql::SQLException& e) {
    engine::Status st = MapException(e, "migration " + std::to_string(step) + " (" + std::string(current).substr(0, 60) + ")");
    if (st.code() == engine::ErrorCode::kUnavailable) return st;
    return engine::Status::Internal(st.message());
  }
  return {};
}

}  // namespace incidents::storage::mysql
