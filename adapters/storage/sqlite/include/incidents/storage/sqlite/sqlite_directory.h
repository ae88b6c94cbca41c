#pragma once
// SqliteDirectory: the directory (orgs, users, focal point terms and their list, set-password
// links, the hash-chained directory history) on SQLite, read and written through the
// engine's DirectoryStore port. A Commit is one write job of the database's single writer,
// so the head check and the writes it guards cannot interleave with another commit.
// Thread-safe; the database must outlive it.

#include "incidents/engine/directory_store.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteDirectory final : public engine::DirectoryStore {
 public:
  explicit SqliteDirectory(SqliteDatabase& db) : db_(db) {}

  engine::Result<std::optional<engine::Org>> FindOrg(const std::string& id) override;
  engine::Result<std::optional<engine::User>> FindUser(const std::string& username) override;
  engine::Result<std::vector<engine::Org>> ListOrgs() override;
  engine::Result<std::vector<engine::User>> ListUsers() override;
  engine::Result<std::vector<engine::FocalPoint>> ListFocalPoints(const std::string& org) override;
  engine::Result<engine::FocalPointList> GetFocalPointList() override;
  engine::Result<std::vector<engine::DirectoryEvent>> ListDirectoryEvents(std::int64_t after_seq, int limit) override;

  engine::Result<std::int64_t> DirectoryHead() override;
  engine::Result<std::optional<engine::PasswordReset>> FindPasswordReset(const std::string& token_hash) override;
  engine::Status Commit(const engine::DirectoryChange& change) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
