#pragma once
// SqliteTicketStore: the TicketStore port on SQLite. Each Commit is one BEGIN IMMEDIATE
// transaction (snapshot guarded by version, event appended, ticket_orgs kept), durable
// when it returns with synchronous=FULL. Thread-safe; the database must outlive it.
//
// It is also the PublicRequestStore (issue 15.2; sqlite_public_requests.cpp): a Commit
// with TicketCommit::confirms links that public request to the ticket in the ticket's own
// transaction.
//
// And the ReportStore (issue 16; sqlite_figures.cpp): each Commit with TicketCommit::figures
// replaces the ticket's ticket_figures row in its transaction.

#include <string>
#include <tuple>
#include <vector>

#include "incidents/engine/public_request.h"
#include "incidents/engine/report.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteTicketStore final : public engine::TicketStore,
                                public engine::PublicRequestStore,
                                public engine::ReportStore {
 public:
  explicit SqliteTicketStore(SqliteDatabase& db) : db_(db) {}

  engine::Result<std::int64_t> AllocateTicketNumber() override;
  engine::Result<engine::Ticket> LoadTicket(const std::string& id) override;
  engine::Status Commit(const engine::TicketCommit& commit) override;
  engine::Result<std::vector<engine::TicketEvent>> LoadHistory(const std::string& id) override;
  engine::Result<std::vector<std::string>> ListTicketIds() override;
  engine::Result<engine::TicketPage> ListTickets(const engine::TicketQuery& query) override;
  engine::Result<std::vector<std::pair<engine::State, std::int64_t>>> CountByState() override;

  engine::Status CreatePublicRequest(const engine::PublicRequest& request, const engine::OutboxRow& mail) override;
  engine::Result<engine::PublicRequest> FindPublicRequest(const std::string& code) override;
  engine::Result<std::int64_t> CountPublicRequestsByEmail(const std::string& email_hash,
                                                          engine::Timestamp since) override;
  engine::Result<std::int64_t> CountPublicRequestsByClient(const std::string& client_hash,
                                                           engine::Timestamp since) override;
  engine::Result<std::int64_t> PurgeExpiredPublicRequests(engine::Timestamp now) override;

  engine::Status ScanFigures(const engine::FiguresScan& scan,
                             const std::function<void(const engine::TicketFigures&)>& each) override;
  engine::Result<std::vector<std::string>> TicketsWithoutFigures(int limit) override;
  engine::Status AddMissingFigures(const engine::TicketFigures& figures) override;

  // How many tickets of each workflow are in each state (for metrics; CountByState mixes
  // the workflows, whose states overlap).
  engine::Result<std::vector<std::tuple<std::string, engine::State, std::int64_t>>> CountByWorkflowAndState();

  // The statement ListTickets runs for `query` (a string literal; ?1-?15 as ListTickets
  // binds them), and the one that first reads the window of positions created in a
  // creation-date range (?1 from, ?2 to). Public so that a test can ask SQLite for plans.
  static const char* ListTicketsSql(const engine::TicketQuery& query);
  // (?3: storage::kCreatedWindowLimit + 1, created_window.h).
  static constexpr const char* kCreatedWindowSql =
      "SELECT MIN(id), MAX(id), COUNT(*) FROM "
      "(SELECT rowid AS id FROM tickets WHERE created_at >= ?1 AND created_at < ?2 LIMIT ?3)";

 private:
  // Replaces the ticket's row, in the caller's transaction.
  static engine::Status WriteFigures(SqliteConnection& c, const engine::TicketFigures& figures);

  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
