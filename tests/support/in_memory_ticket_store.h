#pragma once
// InMemoryTicketStore: a TicketStore fake for tests, with the same contract as the real
// stores (version check, append-only history). Thread-safe (one mutex).

#include <map>
#include <mutex>

#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/public_request.h"
#include "incidents/engine/report.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::testing {

class InMemoryTicketStore final : public engine::TicketStore,
                                  public engine::PublicRequestStore,
                                  public engine::ReportStore {
 public:
  engine::Result<std::int64_t> AllocateTicketNumber() override;
  engine::Result<engine::Ticket> LoadTicket(const std::string& id) override;
  engine::Status Commit(const engine::TicketCommit& commit) override;
  engine::Result<std::vector<engine::TicketEvent>> LoadHistory(const std::string& id) override;
  engine::Result<std::vector<std::string>> ListTicketIds() override;
  engine::Result<engine::TicketPage> ListTickets(const engine::TicketQuery& query) override;
  engine::Result<std::vector<std::pair<engine::State, std::int64_t>>> CountByState() override;

  // PublicRequestStore; the confirmation mails are kept for tests to read (public_mails).
  engine::Status CreatePublicRequest(const engine::PublicRequest& request, const engine::OutboxRow& mail) override;
  engine::Result<engine::PublicRequest> FindPublicRequest(const std::string& code) override;
  engine::Result<std::int64_t> CountPublicRequestsByEmail(const std::string& email_hash, engine::Timestamp since) override;
  engine::Result<std::int64_t> CountPublicRequestsByClient(const std::string& client_hash,
                                                           engine::Timestamp since) override;
  engine::Result<std::int64_t> PurgeExpiredPublicRequests(engine::Timestamp now) override;
  std::vector<engine::OutboxRow> public_mails();

  // ReportStore: the figures rows the commits wrote, with the real stores' range filter.
  engine::Status ScanFigures(const engine::FiguresScan& scan,
                             const std::function<void(const engine::TicketFigures&)>& each) override;
  engine::Result<std::vector<std::string>> TicketsWithoutFigures(int limit) override;
  engine::Status AddMissingFigures(const engine::TicketFigures& figures) override;
  // For tests of the backfill: forgets a ticket's figures row and its snapshot's tally, as
  // if it had been stored before issue 16.
  void MakePreReports(const std::string& id);

  // Where a commit's IdempotencyCompletion goes (the HTTP harness: its SQLite store); set
  // before use, must outlive this store. The key is completed with IdempotencyStore::Complete
  // under this store's lock, after the version check and before anything is written, so a
  // refused completion (kClaimLost) writes nothing. Without one, a commit carrying a
  // completion is kInternal.
  void AttachIdempotency(engine::IdempotencyStore* idempotency) { idempotency_ = idempotency; }

  // For tamper tests: direct access to a stored event.
  engine::TicketEvent& MutableEvent(const std::string& id, std::size_t index);

 private:
  std::mutex mu_;
  std::int64_t next_number_ = 1;
  std::map<std::string, engine::Ticket> tickets_;
  std::map<std::string, std::vector<engine::TicketEvent>> events_;
  std::vector<std::string> order_;
  std::map<std::string, engine::PublicRequest> public_requests_;
  std::vector<engine::OutboxRow> public_mails_;
  std::map<std::string, engine::TicketFigures> figures_;
  engine::IdempotencyStore* idempotency_ = nullptr;
};

}  // namespace incidents::testing
