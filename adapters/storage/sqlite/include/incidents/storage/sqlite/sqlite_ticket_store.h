#pragma once
// SqliteTicketStore: the TicketStore port on SQLite. Each Commit is one BEGIN IMMEDIATE
// transaction (snapshot guarded by version, event appended, ticket_orgs kept), durable
// when it returns with synchronous=FULL. Thread-safe; the database must outlive it.

#include "incidents/engine/ticket_store.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteTicketStore final : public engine::TicketStore {
 public:
  explicit SqliteTicketStore(SqliteDatabase& db) : db_(db) {}

  engine::Result<std::int64_t> AllocateTicketNumber() override;
  engine::Result<engine::Ticket> LoadTicket(const std::string& id) override;
  engine::Status Commit(const engine::TicketCommit& commit) override;
  engine::Result<std::vector<engine::TicketEvent>> LoadHistory(const std::string& id) override;
  engine::Result<std::vector<std::string>> ListTicketIds() override;
  engine::Result<engine::TicketPage> ListTickets(const engine::TicketQuery& query) override;
  engine::Result<std::vector<std::pair<engine::State, std::int64_t>>> CountByState() override;

 private:
  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
