// MysqlTicketStore as the ReportStore (issue 16): the ticket_figures rows (migration 12),
// written in each commit's transaction and scanned for a report.

#include "incidents/storage/figures_row.h"
#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using engine::Status;

namespace {

const std::string& InsertIgnoreSql() {
  static const std::string sql = [] {
    std::string params;
    for (std::size_t i = 0; i < FigureColumns().size(); ++i) params += i ? ", ?" : "?";
    return "INSERT IGNORE INTO ticket_figures (" + FigureColumnList() + ") VALUES (" + params + ")";
  }();
  return sql;
}

const std::string& UpsertSql() {
  static const std::string sql = [] {
    std::string params;
    for (std::size_t i = 0; i < FigureColumns().size(); ++i) params += i ? ", ?" : "?";
    return "INSERT INTO ticket_figures (" + FigureColumnList() + ") VALUES (" + params +
           ") ON DUPLICATE KEY UPDATE " + FigureUpdateList("VALUES(", ")");
  }();
  return sql;
}

const std::string& ScanSql() {
  // One range of the table's clustered key (migration 12): the rows closed since the
  // begin, and the open ones (closed_at kStillOpen), created before the end; with an org,
  // the tickets it reports or is a party of.
  static const std::string sql =
      "SELECT " + FigureColumnList() +
      " FROM ticket_figures WHERE workflow = ? AND closed_at >= ? AND created_at < ?"
      " AND (? IS NULL OR reporter_org = ? OR FIND_IN_SET(?, parties) > 0)";
  return sql;
}

// Connector/C++ columns count from 1; ReadFigures' from 0.
struct RowReader {
  sql::ResultSet& r;
  bool Null(int i) const { return r.isNull(static_cast<std::uint32_t>(i) + 1); }
  std::int64_t Int(int i) const { return r.getInt64(static_cast<std::uint32_t>(i) + 1); }
  std::string Text(int i) const { return Str(r, i + 1); }
};

}  // namespace

static void BindFigures(sql::PreparedStatement& q, const engine::TicketFigures& figures) {
  const std::vector<FigureValue> row = FigureRow(figures);
  for (std::size_t i = 0; i < row.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const auto* n = std::get_if<std::int64_t>(&row[i])) q.setInt64(index, *n);
    else if (const auto* s = std::get_if<std::string>(&row[i])) q.setString(index, *s);
    else q.setNull(index, FigureColumns()[i].text ? sql::DataType::VARCHAR : sql::DataType::BIGINT);
  }
}

void WriteFigures(sql::Connection& c, const engine::TicketFigures& figures) {
  auto q = Prepare(c, UpsertSql());
  BindFigures(*q, figures);
  q->executeUpdate();
}

Status MysqlTicketStore::AddMissingFigures(const engine::TicketFigures& figures) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, InsertIgnoreSql());
    BindFigures(*q, figures);
    q->executeUpdate();
    return {};
  });
}

engine::Result<std::vector<std::string>> MysqlTicketStore::TicketsWithoutFigures(int limit) {
  std::vector<std::string> ids;
  Status st = db_.Write([&](sql::Connection& c) -> Status {
    ids.clear();
    auto left = Prepare(c, "SELECT value FROM counters WHERE name = 'figures_backfill'");
    Rows l(left->executeQuery());
    if (!l->next() || l->getInt64(1) == 0) return {};
    auto q = Prepare(c,
                     "SELECT t.id FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_figures f "
                     "WHERE f.ticket_id = t.id) ORDER BY t.pos DESC LIMIT ?");
    q->setInt(1, limit);
    Rows r(q->executeQuery());
    while (r->next()) ids.push_back(Str(*r, 1));
    if (!ids.empty()) return {};
    auto done = Prepare(c, "UPDATE counters SET value = 0 WHERE name = 'figures_backfill'");
    done->executeUpdate();
    return {};
  });
  if (!st.ok()) return st;
  return ids;
}


Status MysqlTicketStore::ScanFigures(const engine::FiguresScan& scan,
                                     const std::function<void(const engine::TicketFigures&)>& each) {
  // Run re-runs its function once on a fresh connection when the server dropped the old
  // one: rows given to `each` before that cannot be taken back, so a scan cut short after
  // its first row fails instead of counting rows twice.
  bool delivered = false;
  return db_.Run([&](sql::Connection& c) -> Status {
    if (delivered) return Status::Unavailable("the database connection was lost during the report");
    auto q = Prepare(c, ScanSql());
    q->setString(1, scan.workflow);
    q->setInt64(2, scan.begin.time_since_epoch().count());
    q->setInt64(3, scan.end.time_since_epoch().count());
    for (int i = 4; i <= 6; ++i) SetOptString(*q, i, scan.visible_to);
    Rows r(q->executeQuery());
    RowReader row{*r};
    engine::TicketFigures figures;
    while (r->next()) {
      if (Status st = ReadFigures(row, figures); !st.ok()) return st;
      delivered = true;
      each(figures);
    }
    return {};
  });
}

}  // namespace incidents::storage::mysql
