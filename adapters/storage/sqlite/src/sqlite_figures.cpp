// SqliteTicketStore as the ReportStore (issue 16): the ticket_figures rows (migration 12),
// written in each commit's transaction and scanned for a report.

#include "incidents/storage/figures_row.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using engine::Status;

namespace {

// The statements, built once from the column list; their addresses stay put (the
// connection's statement cache keys on them).
std::string InsertText(const char* verb) {
  std::string params;
  for (std::size_t i = 1; i <= FigureColumns().size(); ++i) params += (i > 1 ? ", ?" : "?") + std::to_string(i);
  return std::string(verb) + " INTO ticket_figures (" + FigureColumnList() + ") VALUES (" + params + ")";
}
const char* InsertSql() {
  static const std::string sql = InsertText("INSERT");
  return sql.c_str();
}
const char* InsertOrIgnoreSql() {
  static const std::string sql = InsertText("INSERT OR IGNORE");
  return sql.c_str();
}

void BindFigures(Statement& q, const engine::TicketFigures& figures) {
  const std::vector<FigureValue> row = FigureRow(figures);
  for (std::size_t i = 0; i < row.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const auto* n = std::get_if<std::int64_t>(&row[i])) q.Bind(index, *n);
    else if (const auto* s = std::get_if<std::string>(&row[i])) q.Bind(index, *s);
    else q.BindNull(index);
  }
}

// One range of the table's key (migration 12): the rows closed since the begin, and the
// open ones (closed_at kStillOpen), created before the end; with ?4, an agency's tickets.
const char* ScanSql() {
  static const std::string sql =
      "SELECT " + FigureColumnList() +
      " FROM ticket_figures WHERE workflow = ?1 AND closed_at >= ?3 AND created_at < ?2"
      " AND (?4 IS NULL OR reporter_org = ?4"
      " OR (instr(?4, ',') = 0 AND instr(',' || parties || ',', ',' || ?4 || ',') > 0))";
  return sql.c_str();
}

struct RowReader {
  Statement& s;
  bool Null(int i) const { return s.IsNull(i); }
  std::int64_t Int(int i) const { return s.Int(i); }
  std::string_view Text(int i) const { return s.TextView(i); }
};

}  // namespace

Status SqliteTicketStore::WriteFigures(SqliteConnection& c, const engine::TicketFigures& figures) {
  // The key moves when the ticket is closed or reopened: the old row goes, the new one comes.
  {
    auto del = c.Prepare("DELETE FROM ticket_figures WHERE ticket_id = ?1");
    if (!del.ok()) return del.status();
    (*del)->Bind(1, figures.ticket_id);
    if (Status st = (*del)->Run(); !st.ok()) return st;
  }
  auto q = c.Prepare(InsertSql());
  if (!q.ok()) return q.status();
  BindFigures(**q, figures);
  return (*q)->Run();
}

Status SqliteTicketStore::AddMissingFigures(const engine::TicketFigures& figures) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(InsertOrIgnoreSql());
    if (!q.ok()) return q.status();
    BindFigures(**q, figures);
    return (*q)->Run();
  });
}

engine::Result<std::vector<std::string>> SqliteTicketStore::TicketsWithoutFigures(int limit) {
  std::vector<std::string> ids;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    ids.clear();
    auto left = c.Prepare("SELECT value FROM counters WHERE name = 'figures_backfill'");
    if (!left.ok()) return left.status();
    auto row = (*left)->Step();
    if (!row.ok()) return row.status();
    if (!row.value() || (*left)->Int(0) == 0) return {};
    auto q = c.Prepare(
        "SELECT t.id FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_figures f WHERE f.ticket_id = t.id) "
        "ORDER BY t.rowid DESC LIMIT ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, std::int64_t{limit});
    while (true) {
      auto more = (*q)->Step();
      if (!more.ok()) return more.status();
      if (!more.value()) break;
      ids.push_back((*q)->Text(0));
    }
    if (!ids.empty()) return {};
    auto done = c.Prepare("UPDATE counters SET value = 0 WHERE name = 'figures_backfill'");
    if (!done.ok()) return done.status();
    return (*done)->Run();
  });
  if (!st.ok()) return st;
  return ids;
}

Status SqliteTicketStore::ScanFigures(const engine::FiguresScan& scan,
                                      const std::function<void(const engine::TicketFigures&)>& each) {
  auto c = db_.Acquire();
  auto q = c->Prepare(ScanSql());
  if (!q.ok()) return q.status();
  (*q)->Bind(1, scan.workflow).Bind(2, std::int64_t{scan.end.time_since_epoch().count()});
  (*q)->Bind(3, std::int64_t{scan.begin.time_since_epoch().count()}).BindOptional(4, scan.visible_to);
  RowReader row{**q};
  engine::TicketFigures figures;
  while (true) {
    auto more = (*q)->Step();
    if (!more.ok()) return more.status();
    if (!more.value()) return {};
    if (Status st = ReadFigures(row, figures); !st.ok()) return st;
    each(figures);
  }
}

}  // namespace incidents::storage::sqlite
