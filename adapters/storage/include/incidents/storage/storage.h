#pragma once
// Storage: the stores behind one database URL, opened and migrated. The composition
// roots (incidentd, incidentctl) use this and see no SQL.
//
// Thread safety: the stores are thread-safe. Lifetime: keep the Storage alive while the
// stores are used.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "incidents/engine/directory_store.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/public_request.h"
#include "incidents/engine/report.h"
#include "incidents/engine/report_draft.h"
#include "incidents/engine/timer_store.h"
#include "incidents/engine/session_store.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/storage/database_url.h"
#include "incidents/storage/storage_settings.h"  // StorageOptions

namespace incidents::storage {

// How many tickets of one workflow are in one state.
struct TicketCount {
  std::string workflow;  // "incident", "data_request"
  engine::State state;
  std::int64_t count;
};

class Storage {
 public:
  virtual ~Storage() = default;
  virtual engine::TicketStore& tickets() = 0;
  virtual engine::DirectoryStore& directory() = 0;
  virtual engine::SessionStore& sessions() = 0;
  virtual engine::IdempotencyStore& idempotency() = 0;
  virtual engine::OutboxStore& outbox() = 0;
  virtual engine::TimerStore& timers() = 0;
  // Public data requests (issue 15.2). The same object as tickets(), whose Commit honours
  // TicketCommit::confirms in the ticket's transaction.
  virtual engine::PublicRequestStore& public_requests() = 0;
  // The figures rows reports read (issue 16). The same object as tickets(), whose Commit
  // writes TicketCommit::figures in the ticket's transaction.
  virtual engine::ReportStore& reports() = 0;
  // The scheduled report drafts (issue 16.4). The same object as outbox(): a draft and its
  // mails are written in one transaction.
  virtual engine::ReportDraftStore& report_drafts() = 0;
  // Tickets by workflow and state, read in one query (for /metrics: the workflows share
  // some states, so TicketStore::CountByState cannot tell them apart).
  virtual engine::Result<std::vector<TicketCount>> CountTickets() = 0;
  // Readiness (/readyz): the database answers now; kUnavailable saying why otherwise (on
  // SQLite also when its file was deleted, moved or replaced under the running server).
  virtual engine::Status Ping() = 0;
};

// kUnavailable when the database cannot be reached; kInvalidValue for a bad URL or a
// backend this build lacks.
engine::Result<std::unique_ptr<Storage>> OpenStorage(const DatabaseUrl& url, const StorageOptions& options);

}  // namespace incidents::storage
