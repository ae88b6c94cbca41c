#include "incidents/storage/sqlite/sqlite_ticket_store.h"

#include <algorithm>
#include <limits>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/engine/ticket_search.h"
#include "incidents/storage/created_window.h"
#include "sqlite_connection.h"
#include "sqlite_ticket_search.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

std::optional<std::string> OptName(const std::optional<State>& s) {
  return s ? std::optional<std::string>(std::string(ToString(*s))) : std::nullopt;
}

}  // namespace

Status WriteTimers(SqliteConnection& c, const std::string& ticket_id, const std::vector<DueTimer>& timers) {
  auto del = c.Prepare("DELETE FROM timers WHERE ticket_id = ?1");
  if (!del.ok()) return del.status();
  (*del)->Bind(1, ticket_id);
  if (Status st = (*del)->Run(); !st.ok()) return st;
  auto ins = c.Prepare("INSERT INTO timers (ticket_id, kind, due_ms) VALUES (?1, ?2, ?3)");
  if (!ins.ok()) return ins.status();
  for (const DueTimer& timer : timers) {
    (*ins)->Reset();
    (*ins)->Bind(1, ticket_id).Bind(2, ToString(timer.kind)).Bind(3, Seconds(timer.due) * 1000);
    if (Status st = (*ins)->Run(); !st.ok()) return st;
  }
  return {};
}

Status WriteOutboxRows(SqliteConnection& c, std::span<const OutboxRow> rows) {
  if (rows.empty()) return {};
  auto ins = c.Prepare(
      "INSERT INTO outbox (idempotency_key, ticket_id, event_seq, event_type, channel, recipient, recipient_ref, "
      "locale, vars, status, created_at, next_attempt_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?11)");
  if (!ins.ok()) return ins.status();
  for (const OutboxRow& r : rows) {
    (*ins)->Reset();
    (*ins)->Bind(1, r.idempotency_key).Bind(2, r.ticket_id).Bind(3, r.event_seq).Bind(4, ToString(r.event_type));
    (*ins)->Bind(5, ToString(r.channel)).Bind(6, r.recipient).Bind(7, r.recipient_ref).Bind(8, r.locale);
    (*ins)->Bind(9, r.vars).Bind(10, Seconds(r.created_at)).Bind(11, std::int64_t{r.next_attempt_at.time_since_epoch().count()});
    if (Status st = (*ins)->Run(); !st.ok()) return st;
  }
  return {};
}

Result<std::int64_t> SqliteTicketStore::AllocateTicketNumber() {
  std::int64_t number = 0;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value");
    if (!q.ok()) return q.status();
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status::Internal("counter 'ticket' is missing");
    number = (*q)->Int(0);
    return (*q)->Run();
  });
  if (!st.ok()) return st;
  return number;
}

Result<Ticket> SqliteTicketStore::LoadTicket(const std::string& id) {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT snapshot FROM tickets WHERE id = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, id);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return Status::NotFound("no ticket '" + id + "'");
  auto json = ParseJson((*q)->Text(0));
  if (!json.ok()) return Status::Corruption("ticket " + id + ": " + json.status().message());
  return TicketFromStorageJson(json.value());
}

Status SqliteTicketStore::Commit(const TicketCommit& commit) {
  const Ticket& t = commit.snapshot;
  const TicketEvent& e = commit.event;
  const std::string snapshot = ToCanonicalJson(TicketToStorageJson(t));
  const std::string payload = ToCanonicalJson(JsonValue(e.payload));
  return db_.Write([&](SqliteConnection& c) -> Status {
    if (commit.expected_version == 0) {
      auto q = c.Prepare(
          "INSERT INTO tickets (id, state, category, priority, reporter_org, assignee, version, created_at, "
          "updated_at, snapshot, workflow, resolved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
      if (!q.ok()) return q.status();
      (*q)->Bind(1, t.id).Bind(2, ToString(t.state)).Bind(3, ToString(t.category)).Bind(4, ToString(t.priority));
      (*q)->Bind(5, t.reporter_org).BindOptional(6, t.assignee).Bind(7, t.version).Bind(8, Seconds(t.created_at));
      (*q)->Bind(9, Seconds(t.updated_at)).Bind(10, snapshot).Bind(11, t.workflow);
      if (t.resolved_at) (*q)->Bind(12, Seconds(*t.resolved_at));
      else (*q)->BindNull(12);
      if (Status st = (*q)->Run(); !st.ok()) {
        if (st.code() == ErrorCode::kConflict) return Status::VersionConflict("ticket " + t.id + " already exists");
        return st;
      }
    } else {
      auto q = c.Prepare(
          "UPDATE tickets SET state = ?2, category = ?3, priority = ?4, assignee = ?5, version = ?6, "
          "updated_at = ?7, snapshot = ?8, resolved_at = ?10 WHERE id = ?1 AND version = ?9");
      if (!q.ok()) return q.status();
      (*q)->Bind(1, t.id).Bind(2, ToString(t.state)).Bind(3, ToString(t.category)).Bind(4, ToString(t.priority));
      (*q)->BindOptional(5, t.assignee).Bind(6, t.version).Bind(7, Seconds(t.updated_at)).Bind(8, snapshot);
      (*q)->Bind(9, commit.expected_version);
      if (t.resolved_at) (*q)->Bind(10, Seconds(*t.resolved_at));
      else (*q)->BindNull(10);
      if (Status st = (*q)->Run(); !st.ok()) return st;
      if (c.Changes() != 1)
        return Status::VersionConflict("ticket " + t.id + " is no longer at version " +
                                       std::to_string(commit.expected_version));
    }
    {
      auto q = c.Prepare(
          "INSERT INTO ticket_events (ticket_id, seq, type, actor, actor_org, at, from_state, to_state, payload, "
          "legal_basis, prev_hash, hash, regulation_id, regulation_version) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
      if (!q.ok()) return q.status();
      (*q)->Bind(1, e.ticket_id).Bind(2, e.seq).Bind(3, ToString(e.type)).Bind(4, e.actor);
      (*q)->BindOptional(5, e.actor_org.empty() ? std::nullopt : std::optional<std::string>(e.actor_org));
      (*q)->Bind(6, Seconds(e.at)).BindOptional(7, OptName(e.from_state)).Bind(8, ToString(e.to_state));
      (*q)->Bind(9, payload).Bind(10, e.legal_basis).Bind(11, e.prev_hash).Bind(12, e.hash);
      (*q)->Bind(13, e.regulation_id).Bind(14, e.regulation_version);
      if (Status st = (*q)->Run(); !st.ok()) {
        if (st.code() == ErrorCode::kConflict)
          return Status::VersionConflict("event " + std::to_string(e.seq) + " of " + t.id + " exists");
        return st;
      }
    }
    // The search index (issue 16.5), in the same transaction.
    if (Status st = IndexForSearch(c, commit); !st.ok()) return st;
    // The notifications this event produces, in the same transaction.
    if (Status st = WriteOutboxRows(c, commit.outbox); !st.ok()) return st;
    // The public request this ticket files (issue 15.2), linked in the same transaction:
    // a second confirmation fails here, and the job's savepoint undoes the ticket above.
    if (commit.confirms) {
      if (Status st = LinkPublicRequest(c, *commit.confirms, t.id); !st.ok()) return st;
    }
    if (commit.timers) {
      if (Status st = WriteTimers(c, t.id, *commit.timers); !st.ok()) return st;
    }
    if (commit.figures) {
      if (Status st = WriteFigures(c, *commit.figures); !st.ok()) return st;
    }
    // The request's answer, in the same transaction (issue 14.3): only while its key is
    // still in flight under this request's claim.
    if (commit.idempotency) {
      if (Status st = CompleteIdempotencyKey(c, *commit.idempotency); !st.ok()) return st;
    }
    // Parties only grow, so inserting the missing ones keeps ticket_orgs exact.
    auto q = c.Prepare("INSERT OR IGNORE INTO ticket_orgs (ticket_id, org_id) VALUES (?1, ?2)");
    if (!q.ok()) return q.status();
    std::vector<std::string> orgs = t.parties;
    if (commit.expected_version == 0) orgs.push_back(t.reporter_org);
    for (const auto& org : orgs) {
      (*q)->Reset();
      (*q)->Bind(1, t.id).Bind(2, org);
      if (Status st = (*q)->Run(); !st.ok()) return st;
    }
    return {};
  });
}

Result<std::vector<TicketEvent>> SqliteTicketStore::LoadHistory(const std::string& id) {
  auto c = db_.Acquire();
  auto q = c->Prepare(
      "SELECT seq, type, actor, actor_org, at, from_state, to_state, payload, legal_basis, prev_hash, hash, "
      "regulation_id, regulation_version FROM ticket_events WHERE ticket_id = ?1 ORDER BY seq");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, id);
  std::vector<TicketEvent> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    Statement& s = **q;
    TicketEvent e;
    e.ticket_id = id;
    e.seq = s.Int(0);
    const std::string where = "ticket " + id + " event " + std::to_string(e.seq);
    auto type = ParseEventType(s.Text(1));
    auto to = ParseState(s.Text(6));
    std::optional<State> from;
    if (!s.IsNull(5)) {
      from = ParseState(s.Text(5));
      if (!from) return Status::Corruption(where + ": unknown from_state");
    }
    if (!type || !to) return Status::Corruption(where + ": unknown type or to_state");
    auto payload = ParseJson(s.Text(7));
    if (!payload.ok() || !payload->is_object()) return Status::Corruption(where + ": payload is not a JSON object");
    e.type = *type;
    e.actor = s.Text(2);
    e.actor_org = s.OptText(3).value_or("");
    e.at = Timestamp(std::chrono::seconds(s.Int(4)));
    e.from_state = from;
    e.to_state = *to;
    e.payload = payload->as_object();
    e.legal_basis = s.Text(8);
    e.prev_hash = s.Text(9);
    e.hash = s.Text(10);
    e.regulation_id = s.Text(11);
    e.regulation_version = s.Int(12);
    out.push_back(std::move(e));
  }
  if (out.empty()) {
    auto exists = c->Prepare("SELECT 1 FROM tickets WHERE id = ?1");
    if (!exists.ok()) return exists.status();
    (*exists)->Bind(1, id);
    auto row = (*exists)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status::NotFound("no ticket '" + id + "'");
  }
  return out;
}

Result<std::vector<std::string>> SqliteTicketStore::ListTicketIds() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT id FROM tickets ORDER BY rowid");
  if (!q.ok()) return q.status();
  std::vector<std::string> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    out.push_back((*q)->Text(0));
  }
  return out;
}

}  // namespace incidents::storage::sqlite

namespace incidents::storage::sqlite {

static_assert(kSearchRowBits == 24, "ListTicketsSql's search joins a search row to its ticket by rowid >> 24");

const char* SqliteTicketStore::ListTicketsSql(const TicketQuery& q) {
  // Optional filters: a NULL parameter disables its condition, so the SQL text (and its
  // cached plan) is the same for every query. Not the workflow's: SQLite plans a statement
  // once, for any parameter value, and uses an index only for a condition that always
  // constrains its column; so a list of one workflow has its own text, whose plain
  // equality the index tickets_workflow (migration 10) serves in newest-first order.
  // The positions walked are always bounded, [?15, ?5) (plain conditions, so that the
  // rowid range reaches the index or FTS5): by the cursor, and by the window of
  // positions created in the created_from / created_to range (ListTickets). The date
  // bounds (?10-?13) then filter the rows walked.
  // A search walks the full-text index instead (migrations 13 and 16,
  // sqlite_ticket_search.h): the matches of one term (?14, an FTS5 query) newest first
  // (FTS5 gives rowids in descending order, within the search rowids [?17, ?16) of the
  // positions), each joined to its ticket by rowid; CROSS JOIN keeps the index the outer
  // loop, so that ListTickets stops the walk once the page is full and no ticket is
  // scanned. No LIMIT: a ticket with several matching rows comes once per row.
  if (q.text && !SearchTermsOf(*q.text).empty())
    return "SELECT t.rowid, t.snapshot FROM ticket_search s CROSS JOIN tickets t ON t.rowid = (s.rowid >> 24) "
           "WHERE s.ticket_search MATCH ?14 AND s.rowid < ?16 AND s.rowid >= ?17 "
           "AND (?1 IS NULL OR t.state = ?1) AND (?2 IS NULL OR t.category = ?2) "
           "AND (?3 IS NULL OR t.priority = ?3) AND (?4 IS NULL OR t.assignee = ?4) "
           "AND (?6 IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs o WHERE o.ticket_id = t.id AND o.org_id = ?6)) "
           "AND (?7 IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs v WHERE v.ticket_id = t.id AND v.org_id = ?7)) "
           "AND (?9 IS NULL OR t.workflow = ?9) "
           "AND (?10 IS NULL OR t.created_at >= ?10) AND (?11 IS NULL OR t.created_at < ?11) "
           "AND (?12 IS NULL OR t.resolved_at >= ?12) AND (?13 IS NULL OR t.resolved_at < ?13) "
           "ORDER BY s.rowid DESC";
  if (!q.workflow)
    return "SELECT t.rowid, t.snapshot FROM tickets t "
           "WHERE (?1 IS NULL OR t.state = ?1) AND (?2 IS NULL OR t.category = ?2) "
           "AND (?3 IS NULL OR t.priority = ?3) AND (?4 IS NULL OR t.assignee = ?4) "
           "AND t.rowid < ?5 AND t.rowid >= ?15 "
           "AND (?6 IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs o WHERE o.ticket_id = t.id AND o.org_id = ?6)) "
           "AND (?7 IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs v WHERE v.ticket_id = t.id AND v.org_id = ?7)) "
           "AND ?9 IS NULL "
           "AND (?10 IS NULL OR t.created_at >= ?10) AND (?11 IS NULL OR t.created_at < ?11) "
           "AND (?12 IS NULL OR t.resolved_at >= ?12) AND (?13 IS NULL OR t.resolved_at < ?13) "
           "AND ?14 IS NULL "
           "ORDER BY t.rowid DESC LIMIT ?8";
  return "SELECT t.rowid, t.snapshot FROM tickets t "
         "WHERE (?1 IS NULL OR t.state = ?1) AND (?2 IS NULL OR t.category = ?2) "
         "AND (?3 IS NULL OR t.priority = ?3) AND (?4 IS NULL OR t.assignee = ?4) "
         "AND t.rowid < ?5 AND t.rowid >= ?15 "
         "AND (?6 IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs o WHERE o.ticket_id = t.id AND o.org_id = ?6)) "
         "AND (?7 IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs v WHERE v.ticket_id = t.id AND v.org_id = ?7)) "
         "AND t.workflow = ?9 "
         "AND (?10 IS NULL OR t.created_at >= ?10) AND (?11 IS NULL OR t.created_at < ?11) "
         "AND (?12 IS NULL OR t.resolved_at >= ?12) AND (?13 IS NULL OR t.resolved_at < ?13) "
         "AND ?14 IS NULL "
         "ORDER BY t.rowid DESC LIMIT ?8";
}

Result<TicketPage> SqliteTicketStore::ListTickets(const TicketQuery& q) {
  auto c = db_.Acquire();
  // The window of positions: below the cursor and, with a creation-date bound that holds
  // at most kCreatedWindowLimit tickets (created_window.h), within the smallest and largest
  // position created in that range (index tickets_created, migration 15). Exact whatever
  // the order of creation times and positions; a ticket committed after this read has a
  // larger position (one writer), as if the list were read at this moment.
  std::int64_t below = q.before.value_or(std::numeric_limits<std::int64_t>::max());
  std::int64_t from = 0;
  if (q.created_from || q.created_to) {
    auto w = c->Prepare(kCreatedWindowSql);
    if (!w.ok()) return w.status();
    (*w)->Bind(1, q.created_from ? Seconds(*q.created_from) : std::numeric_limits<std::int64_t>::min());
    (*w)->Bind(2, q.created_to ? Seconds(*q.created_to) : std::numeric_limits<std::int64_t>::max());
    (*w)->Bind(3, kCreatedWindowLimit + 1);
    auto row = (*w)->Step();
    if (!row.ok()) return row.status();
    if (!row.value() || (*w)->Int(2) == 0) return TicketPage{};  // nothing created in the range
    if ((*w)->Int(2) <= kCreatedWindowLimit) {
      from = (*w)->Int(0);
      below = std::min(below, (*w)->Int(1) + 1);
    }
  }
  auto s = c->Prepare(ListTicketsSql(q));
  if (!s.ok()) return s.status();
  Statement& st = **s;
  auto name = [](auto v) { return v ? std::optional<std::string>(std::string(ToString(*v))) : std::nullopt; };
  st.BindOptional(1, name(q.state)).BindOptional(2, name(q.category)).BindOptional(3, name(q.priority));
  st.BindOptional(4, q.assignee);
  st.Bind(5, below).Bind(15, from);
  st.BindOptional(6, q.org).BindOptional(7, q.visible_to).Bind(8, std::int64_t{q.limit} + 1);
  st.BindOptional(9, q.workflow);
  auto bound = [&](int index, const std::optional<Timestamp>& t) {
    if (t) st.Bind(index, Seconds(*t));
    else st.BindNull(index);
  };
  bound(10, q.created_from);
  bound(11, q.created_to);
  bound(12, q.resolved_from);
  bound(13, q.resolved_to);
  // A search: the matches of its longest term (the likeliest to be rare) are walked, and a
  // ticket walked must be matched by each other term too (TermCursor).
  std::vector<std::string> terms = q.text ? SearchTermsOf(*q.text) : std::vector<std::string>{};
  std::vector<TermCursor> others;
  if (terms.empty()) {
    st.BindNull(14);
  } else {
    std::stable_sort(terms.begin(), terms.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    st.Bind(14, FtsQueryOf(terms[0])).Bind(16, FirstSearchRowOf(below)).Bind(17, FirstSearchRowOf(from));
    for (std::size_t i = 1; i < terms.size(); ++i) {
      auto cursor = TermCursor::Open(*c, terms[i], from, below);
      if (!cursor.ok()) return cursor.status();
      others.push_back(std::move(cursor.value()));
    }
  }
  // Whether every other term matches the ticket at `position`; `over` set once one term
  // matches no ticket at or below it (then no later one can match).
  auto matches_others = [&](std::int64_t position, bool& over) -> Result<bool> {
    for (TermCursor& other : others) {
      auto m = other.Matches(position);
      if (!m.ok()) return m.status();
      over = over || other.exhausted();
      if (!m.value()) return false;
    }
    return true;
  };
  TicketPage page;
  std::int64_t last_position = 0, last_seen = 0;
  while (true) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    const std::int64_t position = st.Int(0);
    if (position == last_seen) continue;  // another matching row of the same ticket
    last_seen = position;
    if (!others.empty()) {
      bool over = false;
      auto all = matches_others(position, over);
      if (!all.ok()) return all.status();
      if (over && !all.value()) break;
      if (!all.value()) continue;
    }
    if (static_cast<int>(page.items.size()) == q.limit) {
      page.next = last_position;
      break;
    }
    last_position = position;
    auto json = ParseJson(st.Text(1));
    if (!json.ok()) return Status::Corruption("ticket snapshot: " + json.status().message());
    auto ticket = TicketFromStorageJson(json.value());
    if (!ticket.ok()) return ticket.status();
    page.items.push_back(std::move(ticket.value()));
  }
  return page;
}

Result<std::vector<std::pair<State, std::int64_t>>> SqliteTicketStore::CountByState() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT state, COUNT(*) FROM tickets GROUP BY state");
  if (!q.ok()) return q.status();
  std::vector<std::pair<State, std::int64_t>> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    auto state = ParseState((*q)->Text(0));
    if (!state) return Status::Corruption("tickets: unknown state '" + (*q)->Text(0) + "'");
    out.emplace_back(*state, (*q)->Int(1));
  }
  return out;
}

Result<std::vector<std::tuple<std::string, State, std::int64_t>>> SqliteTicketStore::CountByWorkflowAndState() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT workflow, state, COUNT(*) FROM tickets GROUP BY workflow, state");
  if (!q.ok()) return q.status();
  std::vector<std::tuple<std::string, State, std::int64_t>> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    auto state = ParseState((*q)->Text(1));
    if (!state) return Status::Corruption("tickets: unknown state '" + (*q)->Text(1) + "'");
    out.emplace_back((*q)->Text(0), *state, (*q)->Int(2));
  }
  return out;
}

}  // namespace incidents::storage::sqlite
