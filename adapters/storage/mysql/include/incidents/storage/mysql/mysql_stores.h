#pragma once
// The engine's storage ports on MySQL / MariaDB, with the semantics of the SQLite stores
// (adapters/storage/sqlite). Each write is one InnoDB transaction on a pooled connection;
// tickets are guarded by UPDATE ... WHERE version = ?, and outbox rows and timers are
// claimed with SELECT ... FOR UPDATE SKIP LOCKED plus a lease, so several nodes can share
// one database. Thread-safe; the database must outlive the stores.

#include <string>
#include <tuple>
#include <vector>

#include "incidents/base/bounded_cache.h"
#include "incidents/engine/directory_store.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/public_request.h"
#include "incidents/engine/report.h"
#include "incidents/engine/report_draft.h"
#include "incidents/engine/session_store.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/engine/timer_store.h"
#include "incidents/storage/mysql/mysql_database.h"

namespace incidents::storage::mysql {

// Also the PublicRequestStore (issue 15.2; mysql_public_requests.cpp): a Commit with
// TicketCommit::confirms links that public request to the ticket in the ticket's own
// transaction (UPDATE ... WHERE ticket_id IS NULL: of two nodes confirming one request at
// once, the second waits for the first's row lock and then matches nothing).
// Also the ReportStore (issue 16; mysql_figures.cpp): each Commit with TicketCommit::figures
// replaces the ticket's ticket_figures row in its transaction.
class MysqlTicketStore final : public engine::TicketStore,
                               public engine::PublicRequestStore,
                               public engine::ReportStore {
 public:
  explicit MysqlTicketStore(MysqlDatabase& db) : db_(db) {}
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

 private:
  // What this store's last commit of a ticket left in the rows that only the ticket's
  // commits write (its ticket_orgs rows; its search head, which the open-time backfill can
  // only rewrite from the stored snapshot, to the same text as long as every node runs the
  // same release; pos never changes). A commit on exactly that version (its UPDATE ...
  // WHERE version = ? matched, and no other commit can make that version) knows them
  // without reading them back. Dropped when a commit fails. A thousand tickets: the head is
  // a ticket's folded title and description, under 64 MB in all at worst.
  struct WrittenTicket {
    std::int64_t version = 0;
    std::int64_t pos = 0;
    std::string head;               // SearchHeadOf the snapshot committed
    std::vector<std::string> orgs;  // orgs ticket_orgs is known to hold for it (some may be left out)
  };
  static constexpr std::size_t kWrittenTickets = 1024;

  MysqlDatabase& db_;
  base::BoundedCache<WrittenTicket> written_{kWrittenTickets};
};

// Directory commits serialise on the focal point list's row (SELECT ... FOR UPDATE), so
// the head check holds across nodes.
class MysqlDirectory final : public engine::DirectoryStore {
 public:
  explicit MysqlDirectory(MysqlDatabase& db) : db_(db) {}
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
  MysqlDatabase& db_;
};

class MysqlSessionStore final : public engine::SessionStore {
 public:
  explicit MysqlSessionStore(MysqlDatabase& db) : db_(db) {}
  engine::Status CreateSession(const engine::Session& session) override;
  engine::Result<std::optional<engine::Session>> FindSession(const std::string& token_hash) override;
  // One join with users (the bundle's directory is that table): `directory` is not asked.
  engine::Result<std::optional<engine::SessionWithUser>> FindSessionWithUser(const std::string& token_hash,
                                                                              engine::Directory& directory) override;
  engine::Status RevokeSession(const std::string& token_hash) override;
  engine::Result<int> PurgeExpiredSessions(engine::Timestamp now) override;

 private:
  MysqlDatabase& db_;
};

class MysqlIdempotencyStore final : public engine::IdempotencyStore {
 public:
  explicit MysqlIdempotencyStore(MysqlDatabase& db) : db_(db) {}
  engine::Result<std::optional<engine::IdempotencyRecord>> Begin(const std::string& username, const std::string& key,
                                                                  const std::string& request_hash,
                                                                  const std::string& claim, engine::Timestamp now,
                                                                  engine::Timestamp stale_before,
                                                                  engine::Timestamp expired_before,
                                                                  const std::string& node = "") override;
  engine::Status Complete(const std::string& username, const std::string& key, const std::string& claim,
                          const engine::StoredResponse& response) override;
  engine::Status Abandon(const std::string& username, const std::string& key, const std::string& claim) override;
  engine::Result<int> ReleaseInFlight(const std::string& node) override;

 private:
  MysqlDatabase& db_;
};

// Also the ReportDraftStore (issue 16.4; mysql_report_drafts.cpp): of two nodes recording
// one period at once, the second waits for the first's key lock and then gets a duplicate
// key, before it has written anything.
class MysqlOutboxStore final : public engine::OutboxStore, public engine::ReportDraftStore {
 public:
  explicit MysqlOutboxStore(MysqlDatabase& db) : db_(db) {}
  engine::Result<std::vector<engine::OutboxRow>> ClaimDue(engine::MillisTime now, int limit,
                                                          std::chrono::milliseconds lease) override;
  engine::Status MarkSent(std::int64_t id, engine::Timestamp at, int segments) override;
  engine::Status MarkFailed(std::int64_t id, const std::string& error, engine::MillisTime next_attempt) override;
  engine::Status Defer(std::int64_t id, const std::string& error, engine::MillisTime next_attempt) override;
  engine::Status MarkDead(std::int64_t id, const std::string& error) override;
  engine::Status MarkDisabled(std::int64_t id, const std::string& reason) override;
  engine::Result<int> RequeueDead(engine::Timestamp now) override;
  engine::Result<std::vector<engine::OutboxRow>> ListForTicket(const std::string& ticket_id) override;
  engine::Result<std::vector<engine::OutboxCount>> CountByStatus() override;
  engine::Status RecordDraft(const engine::ReportDraft& draft, const std::vector<engine::OutboxRow>& mails) override;
  engine::Result<std::optional<engine::ReportDraft>> FindDraft(const std::string& period) override;

 private:
  MysqlDatabase& db_;
};

class MysqlTimerStore final : public engine::TimerStore {
 public:
  explicit MysqlTimerStore(MysqlDatabase& db) : db_(db) {}
  engine::Result<std::vector<engine::ScheduledTimer>> ClaimDueTimers(engine::MillisTime now, int limit,
                                                                     std::chrono::milliseconds lease) override;
  engine::Result<std::optional<engine::MillisTime>> NextDue() override;
  engine::Status ReplaceTimers(const std::string& ticket_id, const std::vector<engine::DueTimer>& timers) override;
  engine::Result<std::int64_t> CountTimers() override;

 private:
  MysqlDatabase& db_;
};

}  // namespace incidents::storage::mysql
