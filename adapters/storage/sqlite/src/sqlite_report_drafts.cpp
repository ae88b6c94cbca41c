// The ReportDraftStore half of SqliteOutboxStore (issue 16.4): a drafted period and its
// mails, written together in one BEGIN IMMEDIATE transaction or not at all.

#include "incidents/storage/sqlite/sqlite_outbox_store.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

Status SqliteOutboxStore::RecordDraft(const ReportDraft& d, const std::vector<OutboxRow>& mails) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("INSERT INTO report_drafts (period, from_date, to_date, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, d.period).Bind(2, ToIsoString(d.from)).Bind(3, ToIsoString(d.to));
    (*q)->Bind(4, std::int64_t{d.created_at.time_since_epoch().count()});
    if (Status st = (*q)->Run(); !st.ok()) {
      if (st.code() == ErrorCode::kConflict) return Status::Conflict("the report of " + d.period + " is drafted already");
      return st;
    }
    // The mails, in the same transaction: a draft is never recorded without them.
    return WriteOutboxRows(c, mails);
  });
}

Result<std::optional<ReportDraft>> SqliteOutboxStore::FindDraft(const std::string& period) {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT period, from_date, to_date, created_at FROM report_drafts WHERE period = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, period);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return std::optional<ReportDraft>();
  Statement& s = **q;
  const auto from = ParseIsoDate(s.Text(1)), to = ParseIsoDate(s.Text(2));
  if (!from || !to) return Status::Corruption("report draft " + period + ": bad dates");
  return std::optional<ReportDraft>(ReportDraft{s.Text(0), *from, *to, Timestamp(std::chrono::seconds(s.Int(3)))});
}

}  // namespace incidents::storage::sqlite
