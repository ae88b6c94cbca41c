#pragma once
// The OutboxStore port on SQLite. Claims run as writes (through the database's writer),
// so two claimers never lease the same row. Thread-safe; the database must outlive it.
//
// It is also the ReportDraftStore (issue 16.4; sqlite_report_drafts.cpp): a draft and its
// mails are one write transaction, the period's primary key refusing a second draft.

#include "incidents/engine/outbox.h"
#include "incidents/engine/report_draft.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteOutboxStore final : public engine::OutboxStore, public engine::ReportDraftStore {
 public:
  explicit SqliteOutboxStore(SqliteDatabase& db) : db_(db) {}

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
  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
