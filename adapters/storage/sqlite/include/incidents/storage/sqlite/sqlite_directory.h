#pragma once
// SqliteDirectory: the Directory port on SQLite, plus the writes an administrator (and
// the --demo loader) needs. Thread-safe; the database must outlive it.

#include "incidents/engine/directory.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteDirectory final : public engine::Directory {
 public:
  explicit SqliteDirectory(SqliteDatabase& db) : db_(db) {}

  engine::Result<std::optional<engine::Org>> FindOrg(const std::string& id) override;
  engine::Result<std::optional<engine::User>> FindUser(const std::string& username) override;
  engine::Result<std::vector<engine::Org>> ListOrgs() override;

  // Inserts or replaces.
  engine::Status PutOrg(const engine::Org& org);
  engine::Status PutUser(const engine::User& user);
  // True when there is no org at all (the --demo loader runs only then).
  engine::Result<bool> IsEmpty();

 private:
  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
