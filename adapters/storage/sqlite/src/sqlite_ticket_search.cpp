#include "sqlite_ticket_search.h"

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/engine/ticket_search.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

// The folded comments of a ticket's history, one per line.
Result<std::string> CommentsOf(SqliteConnection& c, const std::string& id) {
  auto q = c.Prepare("SELECT payload FROM ticket_events WHERE ticket_id = ?1 AND type = 'comment' ORDER BY seq");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, id);
  std::string out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    auto payload = ParseJson((*q)->Text(0));
    if (!payload.ok() || !payload->is_object())
      return Status::Corruption("ticket " + id + ": a comment's payload is not a JSON object");
    TicketEvent e;
    e.type = EventType::kComment;
    e.payload = payload->as_object();
    if (auto text = SearchTextOf(e)) {
      if (!out.empty()) out += '\n';
      out += *text;
    }
  }
  return out;
}

// Writes the whole search row of the ticket at `rowid` (replacing any) and its resolved_at.
Status IndexWhole(SqliteConnection& c, std::int64_t rowid, const Ticket& t) {
  auto comments = CommentsOf(c, t.id);
  if (!comments.ok()) return comments.status();
  {
    auto del = c.Prepare("DELETE FROM ticket_search WHERE rowid = ?1");
    if (!del.ok()) return del.status();
    (*del)->Bind(1, rowid);
    if (Status st = (*del)->Run(); !st.ok()) return st;
  }
  auto ins = c.Prepare("INSERT INTO ticket_search (rowid, head, comments) VALUES (?1, ?2, ?3)");
  if (!ins.ok()) return ins.status();
  (*ins)->Bind(1, rowid).Bind(2, SearchHeadOf(t)).Bind(3, comments.value());
  if (Status st = (*ins)->Run(); !st.ok()) return st;
  auto res = c.Prepare("UPDATE tickets SET resolved_at = ?2 WHERE rowid = ?1");
  if (!res.ok()) return res.status();
  (*res)->Bind(1, rowid);
  if (t.resolved_at) (*res)->Bind(2, std::int64_t{t.resolved_at->time_since_epoch().count()});
  else (*res)->BindNull(2);
  return (*res)->Run();
}

}  // namespace

Status IndexForSearch(SqliteConnection& c, const TicketCommit& commit) {
  const Ticket& t = commit.snapshot;
  std::int64_t rowid = 0;
  {
    auto q = c.Prepare("SELECT rowid FROM tickets WHERE id = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, t.id);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status::Internal("ticket " + t.id + " vanished while being committed");
    rowid = (*q)->Int(0);
  }
  const std::string head = SearchHeadOf(t);
  const std::optional<std::string> text = SearchTextOf(commit.event);
  if (commit.expected_version == 0) {
    auto ins = c.Prepare("INSERT INTO ticket_search (rowid, head, comments) VALUES (?1, ?2, ?3)");
    if (!ins.ok()) return ins.status();
    (*ins)->Bind(1, rowid).Bind(2, head).Bind(3, text.value_or(""));
    return (*ins)->Run();
  }
  std::optional<std::string> stored_head;
  {
    auto q = c.Prepare("SELECT head FROM ticket_search WHERE rowid = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, rowid);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (row.value()) stored_head = (*q)->Text(0);
  }
  // The history already holds this commit's event (written before this call).
  if (!stored_head) return IndexWhole(c, rowid, t);
  if (*stored_head == head && !text) return {};
  // One statement, so that FTS5 rewrites the row once.
  auto up = c.Prepare(
      "UPDATE ticket_search SET head = ?2, "
      "comments = CASE WHEN ?3 IS NULL THEN comments WHEN comments = '' THEN ?3 ELSE comments || char(10) || ?3 END "
      "WHERE rowid = ?1");
  if (!up.ok()) return up.status();
  (*up)->Bind(1, rowid).Bind(2, head).BindOptional(3, text);
  return (*up)->Run();
}

Status BackfillTicketSearch(SqliteConnection& c) {
  constexpr std::int64_t kBatch = 500;
  while (true) {
    bool done = false;
    Status st = InWriteTransaction(c, [&]() -> Status {
      std::int64_t until = 0;
      {
        auto q = c.Prepare("SELECT value FROM counters WHERE name = 'search_backfill'");
        if (!q.ok()) return q.status();
        auto row = (*q)->Step();
        if (!row.ok()) return row.status();
        if (row.value()) until = (*q)->Int(0);
      }
      if (until <= 0) {
        done = true;
        return {};
      }
      std::vector<std::pair<std::int64_t, std::string>> batch;
      {
        auto q = c.Prepare("SELECT rowid, snapshot FROM tickets WHERE rowid <= ?1 ORDER BY rowid DESC LIMIT ?2");
        if (!q.ok()) return q.status();
        (*q)->Bind(1, until).Bind(2, kBatch);
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!row.value()) break;
          batch.emplace_back((*q)->Int(0), (*q)->Text(1));
        }
      }
      for (const auto& [rowid, snapshot] : batch) {
        auto json = ParseJson(snapshot);
        if (!json.ok()) return Status::Corruption("ticket snapshot: " + json.status().message());
        auto t = TicketFromStorageJson(json.value());
        if (!t.ok()) return t.status();
        if (Status s = IndexWhole(c, rowid, t.value()); !s.ok()) return s;
      }
      const std::int64_t next = static_cast<std::int64_t>(batch.size()) < kBatch ? 0 : batch.back().first - 1;
      auto up = c.Prepare("UPDATE counters SET value = ?1 WHERE name = 'search_backfill'");
      if (!up.ok()) return up.status();
      (*up)->Bind(1, next);
      return (*up)->Run();
    });
    if (!st.ok()) return Status(st.code(), "indexing the tickets for search: " + st.message());
    if (done) return {};
  }
}

std::string FtsQueryOf(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& term : terms) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (char ch : term) {
      if (ch == '"') out += '"';  // SearchWords never keeps one; doubled all the same
      out += ch;
    }
    out += "\"*";
  }
  return out;
}

}  // namespace incidents::storage::sqlite
