#include "sqlite_ticket_search.h"

#include <limits>
#include <optional>
#include <string_view>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/engine/ticket_search.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

constexpr std::int64_t kRowsPerTicket = std::int64_t{1} << kSearchRowBits;

// The search row of event `seq` of the ticket whose head row is `first`; none when the
// ticket's block has no room for it (kSearchRowBits).
std::optional<std::int64_t> CommentRowOf(std::int64_t first, std::int64_t seq) {
  if (seq <= 0 || seq >= kRowsPerTicket) return std::nullopt;
  return first + seq;
}

Status InsertRow(SqliteConnection& c, std::int64_t rowid, std::string_view text) {
  auto ins = c.Prepare("INSERT INTO ticket_search (rowid, text) VALUES (?1, ?2)");
  if (!ins.ok()) return ins.status();
  (*ins)->Bind(1, rowid).Bind(2, text);
  return (*ins)->Run();
}

// The folded comments of a ticket's history, each with its event's seq.
Result<std::vector<std::pair<std::int64_t, std::string>>> CommentsOf(SqliteConnection& c, const std::string& id) {
  auto q = c.Prepare("SELECT seq, payload FROM ticket_events WHERE ticket_id = ?1 AND type = 'comment' ORDER BY seq");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, id);
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    auto payload = ParseJson((*q)->Text(1));
    if (!payload.ok() || !payload->is_object())
      return Status::Corruption("ticket " + id + ": a comment's payload is not a JSON object");
    TicketEvent e;
    e.type = EventType::kComment;
    e.payload = payload->as_object();
    if (auto text = SearchTextOf(e)) out.emplace_back((*q)->Int(0), std::move(*text));
  }
  return out;
}

// Writes all the search rows of the ticket at `rowid` (replacing any) and its resolved_at.
Status IndexWhole(SqliteConnection& c, std::int64_t rowid, const Ticket& t) {
  auto comments = CommentsOf(c, t.id);
  if (!comments.ok()) return comments.status();
  const std::int64_t first = FirstSearchRowOf(rowid);
  {
    auto del = c.Prepare("DELETE FROM ticket_search WHERE rowid >= ?1 AND rowid < ?2");
    if (!del.ok()) return del.status();
    (*del)->Bind(1, first).Bind(2, first + kRowsPerTicket);
    if (Status st = (*del)->Run(); !st.ok()) return st;
  }
  if (Status st = InsertRow(c, first, SearchHeadOf(t)); !st.ok()) return st;
  for (const auto& [seq, text] : comments.value()) {
    if (auto row = CommentRowOf(first, seq))
      if (Status st = InsertRow(c, *row, text); !st.ok()) return st;
  }
  auto res = c.Prepare("UPDATE tickets SET resolved_at = ?2 WHERE rowid = ?1");
  if (!res.ok()) return res.status();
  (*res)->Bind(1, rowid);
  if (t.resolved_at) (*res)->Bind(2, std::int64_t{t.resolved_at->time_since_epoch().count()});
  else (*res)->BindNull(2);
  return (*res)->Run();
}

}  // namespace

std::int64_t FirstSearchRowOf(std::int64_t ticket_rowid) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  return ticket_rowid > (kMax >> kSearchRowBits) ? kMax : ticket_rowid << kSearchRowBits;
}

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
  const std::int64_t first = FirstSearchRowOf(rowid);
  const std::string head = SearchHeadOf(t);
  const std::optional<std::string> text = SearchTextOf(commit.event);
  const std::optional<std::int64_t> comment_row = text ? CommentRowOf(first, commit.event.seq) : std::nullopt;
  if (commit.expected_version == 0) {
    if (Status st = InsertRow(c, first, head); !st.ok()) return st;
    return comment_row ? InsertRow(c, *comment_row, *text) : Status{};
  }
  std::optional<std::string> stored_head;
  {
    auto q = c.Prepare("SELECT text FROM ticket_search WHERE rowid = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, first);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (row.value()) stored_head = (*q)->Text(0);
  }
  // The history already holds this commit's event (written before this call).
  if (!stored_head) return IndexWhole(c, rowid, t);
  if (*stored_head != head) {
    auto up = c.Prepare("UPDATE ticket_search SET text = ?2 WHERE rowid = ?1");
    if (!up.ok()) return up.status();
    (*up)->Bind(1, first).Bind(2, head);
    if (Status st = (*up)->Run(); !st.ok()) return st;
  }
  return comment_row ? InsertRow(c, *comment_row, *text) : Status{};
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

std::string FtsQueryOf(const std::string& term) {
  std::string out = "\"";
  for (char ch : term) {
    if (ch == '"') out += '"';  // SearchWords never keeps one; doubled all the same
    out += ch;
  }
  return out + "\"*";
}

Result<TermCursor> TermCursor::Open(SqliteConnection& c, const std::string& term, std::int64_t from,
                                    std::int64_t below) {
  auto s = c.PrepareOwned(
      "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1 AND rowid >= ?2 AND rowid < ?3 "
      "ORDER BY rowid DESC");
  if (!s.ok()) return s.status();
  (*s)->Bind(1, FtsQueryOf(term)).Bind(2, FirstSearchRowOf(from)).Bind(3, FirstSearchRowOf(below));
  return TermCursor(std::move(s.value()));
}

Status TermCursor::Next() {
  // Past the rows of the ticket the cursor is on (a ticket may match in several rows).
  while (true) {
    auto row = s_->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) {
      done_ = true;
      return {};
    }
    const std::int64_t ticket = s_->Int(0) >> kSearchRowBits;
    if (!started_ || ticket != current_) {
      started_ = true;
      current_ = ticket;
      return {};
    }
  }
}

Result<bool> TermCursor::Matches(std::int64_t position) {
  if (!started_)
    if (Status st = Next(); !st.ok()) return st;
  while (!done_ && current_ > position)
    if (Status st = Next(); !st.ok()) return st;
  return !done_ && current_ == position;
}

}  // namespace incidents::storage::sqlite
