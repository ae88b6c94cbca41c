// The ReportDraftStore half of MysqlOutboxStore (issue 16.4): a drafted period and its
// mails, written together in one InnoDB transaction or not at all. The draft's row is
// inserted first, so a node that loses the race has written nothing when its duplicate key
// comes (after the winner commits), and holds no lock another node waits for.

#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

Status MysqlOutboxStore::RecordDraft(const ReportDraft& d, const std::vector<OutboxRow>& mails) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "INSERT INTO report_drafts (period, from_date, to_date, created_at) VALUES (?, ?, ?, ?)");
    q->setString(1, d.period);
    q->setString(2, ToIsoString(d.from));
    q->setString(3, ToIsoString(d.to));
    q->setInt64(4, d.created_at.time_since_epoch().count());
    try {
      q->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErDupEntry) return Status::Conflict("the report of " + d.period + " is drafted already");
      throw;
    }
    // The mails, in the same transaction: a draft is never recorded without them.
    WriteOutboxRows(c, mails);
    return {};
  });
}

Result<std::optional<ReportDraft>> MysqlOutboxStore::FindDraft(const std::string& period) {
  std::optional<ReportDraft> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT period, from_date, to_date, created_at FROM report_drafts WHERE period = ?");
    q->setString(1, period);
    Rows r(q->executeQuery());
    if (!r->next()) return {};
    const auto from = ParseIsoDate(Str(*r, 2)), to = ParseIsoDate(Str(*r, 3));
    if (!from || !to) return Status::Corruption("report draft " + period + ": bad dates");
    out = ReportDraft{Str(*r, 1), *from, *to, Timestamp(std::chrono::seconds(r->getInt64(4)))};
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace incidents::storage::mysql
