#include "mysql_ticket_search.h"

#include "incidents/base/utf8.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/engine/ticket_search.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

std::string CommentsOf(sql::Connection& c, const std::string& id) {
  auto q = Prepare(c, "SELECT payload FROM ticket_events WHERE ticket_id = ? AND type = 'comment' ORDER BY seq");
  q->setString(1, id);
  Rows r(q->executeQuery());
  std::string out;
  while (r->next()) {
    auto payload = ParseJson(Str(*r, 1));
    if (!payload.ok() || !payload->is_object()) continue;  // LoadHistory reports it; search skips it
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

void SetResolvedAt(sql::PreparedStatement& s, int i, const Ticket& t) {
  if (t.resolved_at) s.setInt64(i, t.resolved_at->time_since_epoch().count());
  else s.setNull(i, sql::DataType::BIGINT);
}

void IndexWhole(sql::Connection& c, std::int64_t pos, const Ticket& t) {
  auto ins = Prepare(c, "REPLACE INTO ticket_search (pos, head, comments) VALUES (?, ?, ?)");
  ins->setInt64(1, pos);
  ins->setString(2, SearchHeadOf(t));
  ins->setString(3, CommentsOf(c, t.id));
  ins->executeUpdate();
  auto res = Prepare(c, "UPDATE tickets SET resolved_at = ? WHERE pos = ?");
  SetResolvedAt(*res, 1, t);
  res->setInt64(2, pos);
  res->executeUpdate();
}

}  // namespace

Status IndexForSearch(sql::Connection& c, const TicketCommit& commit) {
  const Ticket& t = commit.snapshot;
  std::int64_t pos = 0;
  {
    auto q = Prepare(c, "SELECT pos FROM tickets WHERE id = ?");
    q->setString(1, t.id);
    Rows r(q->executeQuery());
    if (!r->next()) return Status::Internal("ticket " + t.id + " vanished while being committed");
    pos = r->getInt64(1);
  }
  const std::string head = SearchHeadOf(t);
  const std::optional<std::string> text = SearchTextOf(commit.event);
  if (commit.expected_version == 0) {
    auto ins = Prepare(c, "INSERT INTO ticket_search (pos, head, comments) VALUES (?, ?, ?)");
    ins->setInt64(1, pos);
    ins->setString(2, head);
    ins->setString(3, text.value_or(""));
    ins->executeUpdate();
    return {};
  }
  std::optional<std::string> stored_head;
  {
    auto q = Prepare(c, "SELECT head FROM ticket_search WHERE pos = ?");
    q->setInt64(1, pos);
    Rows r(q->executeQuery());
    if (r->next()) stored_head = Str(*r, 1);
  }
  if (!stored_head) {  // the history already holds this commit's event
    IndexWhole(c, pos, t);
    return {};
  }
  if (*stored_head == head && !text) return {};
  auto up = Prepare(c,
                    "UPDATE ticket_search SET head = ?, comments = CASE WHEN ? IS NULL THEN comments "
                    "WHEN comments = '' THEN ? ELSE CONCAT(comments, '\\n', ?) END WHERE pos = ?");
  up->setString(1, head);
  SetOptString(*up, 2, text);
  SetOptString(*up, 3, text);
  SetOptString(*up, 4, text);
  up->setInt64(5, pos);
  up->executeUpdate();
  return {};
}

Status BackfillTicketSearch(sql::Connection& c) {
  constexpr int kBatch = 500;
  try {
    while (true) {
      c.setAutoCommit(false);
      struct Restore {
        sql::Connection& c;
        ~Restore() {
          try {
            c.rollback();  // nothing after a commit; undoes a batch that threw
            c.setAutoCommit(true);
          } catch (const sql::SQLException&) {
          }
        }
      } restore{c};
      std::int64_t until = 0;
      {
        auto q = Prepare(c, "SELECT value FROM counters WHERE name = 'search_backfill' FOR UPDATE");
        Rows r(q->executeQuery());
        if (r->next()) until = r->getInt64(1);
      }
      if (until <= 0) {
        c.commit();
        return {};
      }
      std::vector<std::pair<std::int64_t, std::string>> batch;
      {
        auto q = Prepare(c, "SELECT pos, snapshot FROM tickets WHERE pos <= ? ORDER BY pos DESC LIMIT ? FOR UPDATE");
        q->setInt64(1, until);
        q->setInt(2, kBatch);
        Rows r(q->executeQuery());
        while (r->next()) batch.emplace_back(r->getInt64(1), Str(*r, 2));
      }
      for (const auto& [pos, snapshot] : batch) {
        auto json = ParseJson(snapshot);
        if (!json.ok()) return Status::Corruption("ticket snapshot: " + json.status().message());
        auto t = TicketFromStorageJson(json.value());
        if (!t.ok()) return t.status();
        IndexWhole(c, pos, t.value());
      }
      auto up = Prepare(c, "UPDATE counters SET value = ? WHERE name = 'search_backfill'");
      up->setInt64(1, static_cast<int>(batch.size()) < kBatch ? 0 : batch.back().first - 1);
      up->executeUpdate();
      c.commit();
    }
  } catch (const sql::SQLException& e) {
    return MapException(e, "indexing the tickets for search");
  }
}

MysqlSearch MysqlSearchOf(const std::vector<std::string>& terms, int min_token, int max_token) {
  MysqlSearch out;
  for (const std::string& term : terms) {
    const auto length = static_cast<int>(base::utf8::Length(term));
    if (length >= min_token && length <= max_token) {
      if (!out.against.empty()) out.against += ' ';
      out.against += "+" + term + "*";  // a term holds no operator (base::SearchWords)
    } else {
      // A word of the folded text beginning with the term; the term holds no regex
      // metacharacter (letters, digits and non-ASCII characters only).
      out.regexps.push_back("(^|[^[:alnum:]])" + term);
    }
  }
  return out;
}

}  // namespace incidents::storage::mysql
