#include <algorithm>
#include <limits>
#include <memory>

#include "incidents/engine/canonical_json.h"
#include "incidents/storage/created_window.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/storage/mysql/mysql_stores.h"
#include "incidents/engine/ticket_search.h"
#include "mysql_batches.h"
#include "mysql_ticket_search.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

std::optional<std::string> OptName(const std::optional<State>& s) {
  return s ? std::optional<std::string>(std::string(ToString(*s))) : std::nullopt;
}

// The orgs a commit keeps in ticket_orgs: the ticket's parties, and its reporter's org when
// the commit files it. Without repeats.
std::vector<std::string> OrgsOf(const TicketCommit& commit) {
  std::vector<std::string> orgs;
  auto add = [&](const std::string& org) {
    if (std::find(orgs.begin(), orgs.end(), org) == orgs.end()) orgs.push_back(org);
  };
  for (const std::string& org : commit.snapshot.parties) add(org);
  if (commit.expected_version == 0) add(commit.snapshot.reporter_org);
  return orgs;
}

// What a commit reads back once its tickets row is written, in one statement, unless this
// store's own commit made the version it updates (MysqlTicketStore::WrittenTicket). It reads
// under that row's lock, which every commit of the ticket takes first: the ticket's
// ticket_orgs rows (written by its commits alone) and its search head (written by its commits
// and by the open-time backfill, which locks the tickets row too) stay as read until this
// commit ends.
struct ReadBack {
  StoredSearchRow search;     // for IndexForSearch
  bool orgs_stored = false;   // ticket_orgs already holds every org of `orgs`
};
Result<ReadBack> ReadBackOf(sql::Connection& c, const std::string& id, const std::vector<std::string>& orgs) {
  // ticket_search.head is NOT NULL: NULL means no row. The orgs are matched as JSON strings,
  // whatever characters an org id holds; the primary key makes the count one per org.
  auto q = Prepare(c,
                   "SELECT t.pos, s.head, (SELECT COUNT(*) FROM ticket_orgs o WHERE o.ticket_id = t.id "
                   "AND JSON_CONTAINS(?, JSON_QUOTE(o.org_id))) "
                   "FROM tickets t LEFT JOIN ticket_search s ON s.pos = t.pos WHERE t.id = ?");
  JsonValue::Array wanted(orgs.begin(), orgs.end());
  q->setString(1, ToCanonicalJson(JsonValue(std::move(wanted))));
  q->setString(2, id);
  Rows r(q->executeQuery());
  if (!r->next()) return Status::Internal("ticket " + id + " vanished while being committed");
  ReadBack out;
  out.search.pos = r->getInt64(1);
  out.search.head = OptStr(*r, 2);
  out.orgs_stored = r->getInt64(3) == static_cast<std::int64_t>(orgs.size());
  return out;
}

// Inserts the ticket's ticket_orgs rows for `orgs` (a row it has already stays), in one
// statement per batch (mysql_batches.h). Throws sql::SQLException.
void WriteOrgs(sql::Connection& c, const std::string& ticket_id, const std::vector<std::string>& orgs) {
  InBatches(
      orgs,
      [](std::size_t n) {
        return "INSERT INTO ticket_orgs (ticket_id, org_id) VALUES " + RepeatedRows("(?, ?)", n) +
               " ON DUPLICATE KEY UPDATE org_id = org_id";
      },
      [&](const std::string& text, const std::vector<std::string>& batch) {
        auto ins = Prepare(c, text);
        for (std::size_t k = 0; k < batch.size(); ++k) {
          ins->setString(static_cast<int>(2 * k + 1), ticket_id);
          ins->setString(static_cast<int>(2 * k + 2), batch[k]);
        }
        ins->executeUpdate();
      });
}

}  // namespace

// Also used by MysqlTimerStore::ReplaceTimers.
void WriteTimers(sql::Connection& c, const std::string& ticket_id, const std::vector<DueTimer>& timers) {
  auto del = Prepare(c, "DELETE FROM timers WHERE ticket_id = ?");
  del->setString(1, ticket_id);
  del->executeUpdate();
  InExactBatches<DueTimer>(
      timers,
      [](std::size_t n) { return "INSERT INTO timers (ticket_id, kind, due_ms) VALUES " + RepeatedRows("(?, ?, ?)", n); },
      [&](const std::string& text, std::span<const DueTimer> batch) {
        auto ins = Prepare(c, text);
        int i = 1;
        for (const DueTimer& timer : batch) {
          ins->setString(i++, ticket_id);
          ins->setString(i++, std::string(ToString(timer.kind)));
          ins->setInt64(i++, Seconds(timer.due) * 1000);
        }
        ins->executeUpdate();
      });
}

void WriteOutboxRows(sql::Connection& c, std::span<const OutboxRow> rows) {
  InExactBatches<OutboxRow>(
      rows,
      [](std::size_t n) {
        return "INSERT INTO outbox (idempotency_key, ticket_id, event_seq, event_type, channel, recipient, "
               "recipient_ref, locale, vars, status, last_error, created_at, next_attempt_ms) VALUES " +
               RepeatedRows("(?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', ?, ?)", n);
      },
      [&](const std::string& text, std::span<const OutboxRow> batch) {
        auto ins = Prepare(c, text);
        int i = 1;
        for (const OutboxRow& r : batch) {
          ins->setString(i++, r.idempotency_key);
          ins->setString(i++, r.ticket_id);
          ins->setInt64(i++, r.event_seq);
          ins->setString(i++, std::string(ToString(r.event_type)));
          ins->setString(i++, std::string(ToString(r.channel)));
          ins->setString(i++, r.recipient);
          ins->setString(i++, r.recipient_ref);
          ins->setString(i++, r.locale);
          ins->setString(i++, r.vars);
          ins->setInt64(i++, Seconds(r.created_at));
          ins->setInt64(i++, r.next_attempt_at.time_since_epoch().count());
        }
        ins->executeUpdate();
      });
}

Result<std::int64_t> MysqlTicketStore::AllocateTicketNumber() {
  std::int64_t number = 0;
  Status st = db_.Write([&](sql::Connection& c) -> Status {
    // LAST_INSERT_ID(expr) makes the new value this connection's own, with no second
    // read that another node could interleave with.
    auto q = Prepare(c, "UPDATE counters SET value = LAST_INSERT_ID(value + 1) WHERE name = 'ticket'");
    if (q->executeUpdate() != 1) return Status::Internal("counter 'ticket' is missing");
    auto id = Prepare(c, "SELECT LAST_INSERT_ID()");
    Rows r(id->executeQuery());
    if (!r->next()) return Status::Internal("LAST_INSERT_ID() returned nothing");
    number = r->getInt64(1);
    return {};
  });
  if (!st.ok()) return st;
  return number;
}

Result<Ticket> MysqlTicketStore::LoadTicket(const std::string& id) {
  std::string snapshot;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT snapshot FROM tickets WHERE id = ?");
    q->setString(1, id);
    Rows r(q->executeQuery());
    if (!r->next()) return Status::NotFound("no ticket '" + id + "'");
    snapshot = Str(*r, 1);
    return {};
  });
  if (!st.ok()) return st;
  auto json = ParseJson(snapshot);
  if (!json.ok()) return Status::Corruption("ticket " + id + ": " + json.status().message());
  return TicketFromStorageJson(json.value());
}

Status MysqlTicketStore::Commit(const TicketCommit& commit) {
  const Ticket& t = commit.snapshot;
  const TicketEvent& e = commit.event;
  const std::string snapshot = ToCanonicalJson(TicketToStorageJson(t));
  const std::string payload = ToCanonicalJson(JsonValue(e.payload));
  const std::vector<std::string> orgs = OrgsOf(commit);
  // What this store's own commit of the version read left, if it made that version.
  std::shared_ptr<const WrittenTicket> written = commit.expected_version ? written_.Find(t.id) : nullptr;
  if (written && written->version != commit.expected_version) written = nullptr;
  ReadBack back;
  Status committed = db_.Run(
      [&](sql::Connection& c) -> Status {
        if (commit.expected_version == 0) {
          auto q = Prepare(c,
                           "INSERT INTO tickets (id, state, category, priority, reporter_org, assignee, version, "
                           "created_at, updated_at, snapshot, workflow, resolved_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          q->setString(1, t.id);
          q->setString(2, std::string(ToString(t.state)));
          q->setString(3, std::string(ToString(t.category)));
          q->setString(4, std::string(ToString(t.priority)));
          q->setString(5, t.reporter_org);
          SetOptString(*q, 6, t.assignee);
          q->setInt64(7, t.version);
          q->setInt64(8, Seconds(t.created_at));
          q->setInt64(9, Seconds(t.updated_at));
          q->setString(10, snapshot);
          q->setString(11, t.workflow);
          if (t.resolved_at) q->setInt64(12, Seconds(*t.resolved_at));
          else q->setNull(12, sql::DataType::BIGINT);
          try {
            q->executeUpdate();
          } catch (const sql::SQLException& ex) {
            if (ex.getErrorCode() == kErDupEntry) return Status::VersionConflict("ticket " + t.id + " already exists");
            throw;
          }
        } else {
          // The row lock taken by this UPDATE serialises writers of one ticket across
          // nodes; the loser re-reads the committed version and matches no row.
          auto q = Prepare(c,
                           "UPDATE tickets SET state = ?, category = ?, priority = ?, assignee = ?, version = ?, "
                           "updated_at = ?, snapshot = ?, resolved_at = ? WHERE id = ? AND version = ?");
          q->setString(1, std::string(ToString(t.state)));
          q->setString(2, std::string(ToString(t.category)));
          q->setString(3, std::string(ToString(t.priority)));
          SetOptString(*q, 4, t.assignee);
          q->setInt64(5, t.version);
          q->setInt64(6, Seconds(t.updated_at));
          q->setString(7, snapshot);
          if (t.resolved_at) q->setInt64(8, Seconds(*t.resolved_at));
          else q->setNull(8, sql::DataType::BIGINT);
          q->setString(9, t.id);
          q->setInt64(10, commit.expected_version);
          if (q->executeUpdate() != 1)
            return Status::VersionConflict("ticket " + t.id + " is no longer at version " +
                                           std::to_string(commit.expected_version));
        }
        {
          auto q = Prepare(c,
                           "INSERT INTO ticket_events (ticket_id, seq, type, actor, actor_org, at, from_state, "
                           "to_state, payload, legal_basis, prev_hash, hash, regulation_id, regulation_version) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          q->setString(1, e.ticket_id);
          q->setInt64(2, e.seq);
          q->setString(3, std::string(ToString(e.type)));
          q->setString(4, e.actor);
          SetOptString(*q, 5, e.actor_org.empty() ? std::nullopt : std::optional<std::string>(e.actor_org));
          q->setInt64(6, Seconds(e.at));
          SetOptString(*q, 7, OptName(e.from_state));
          q->setString(8, std::string(ToString(e.to_state)));
          q->setString(9, payload);
          q->setString(10, e.legal_basis);
          q->setString(11, e.prev_hash);
          q->setString(12, e.hash);
          q->setString(13, e.regulation_id);
          q->setInt64(14, e.regulation_version);
          try {
            q->executeUpdate();
          } catch (const sql::SQLException& ex) {
            if (ex.getErrorCode() == kErDupEntry)
              return Status::VersionConflict("event " + std::to_string(e.seq) + " of " + t.id + " exists");
            throw;
          }
        }
        if (written) {
          // The UPDATE matched the version that commit made: the rows are as it left them.
          back.search = StoredSearchRow{written->pos, written->head};
          back.orgs_stored = std::all_of(orgs.begin(), orgs.end(), [&](const std::string& org) {
            return std::find(written->orgs.begin(), written->orgs.end(), org) != written->orgs.end();
          });
        } else {
          Result<ReadBack> read = ReadBackOf(c, t.id, orgs);
          if (!read.ok()) return read.status();
          back = std::move(read.value());
        }
        // The search index (issue 16.5), in the same transaction.
        if (Status st = IndexForSearch(c, commit, back.search); !st.ok()) return st;
        // The notifications this event produces, in the same transaction.
        WriteOutboxRows(c, commit.outbox);
        // The public request this ticket files (issue 15.2), linked in the same
        // transaction: a second confirmation fails here, and Run rolls the ticket back.
        if (commit.confirms) {
          if (Status st = LinkPublicRequest(c, *commit.confirms, t.id); !st.ok()) return st;
        }
        if (commit.timers) WriteTimers(c, t.id, *commit.timers);
        if (commit.figures) WriteFigures(c, *commit.figures);
        // The request's answer, in the same transaction (issue 14.3): only while its key
        // is still in flight under this request's claim.
        if (commit.idempotency) {
          if (Status st = CompleteIdempotencyKey(c, *commit.idempotency); !st.ok()) return st;
        }
        // Parties only grow, so inserting the missing ones keeps ticket_orgs exact; most
        // commits (a comment, a state change) add none, and then write nothing here.
        if (!back.orgs_stored) WriteOrgs(c, t.id, orgs);
        return {};
      },
      /*transaction=*/true);
  if (!committed.ok()) {
    written_.Erase(t.id);  // refused, or not known to be stored
    return committed;
  }
  // The search row now holds this snapshot's head (IndexForSearch), and ticket_orgs every
  // org of `orgs` (the parties; on a new ticket, its reporter's org too).
  written_.Put(t.id, std::make_shared<const WrittenTicket>(
                         WrittenTicket{t.version, back.search.pos, SearchHeadOf(t), orgs}));
  return committed;
}

Result<std::vector<TicketEvent>> MysqlTicketStore::LoadHistory(const std::string& id) {
  std::vector<TicketEvent> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    auto q = Prepare(c,
                     "SELECT seq, type, actor, actor_org, at, from_state, to_state, payload, legal_basis, prev_hash, "
                     "hash, regulation_id, regulation_version FROM ticket_events WHERE ticket_id = ? ORDER BY seq");
    q->setString(1, id);
    Rows s(q->executeQuery());
    while (s->next()) {
      TicketEvent e;
      e.ticket_id = id;
      e.seq = s->getInt64(1);
      const std::string where = "ticket " + id + " event " + std::to_string(e.seq);
      auto type = ParseEventType(Str(*s, 2));
      auto to = ParseState(Str(*s, 7));
      std::optional<State> from;
      if (auto f = OptStr(*s, 6)) {
        from = ParseState(*f);
        if (!from) return Status::Corruption(where + ": unknown from_state");
      }
      if (!type || !to) return Status::Corruption(where + ": unknown type or to_state");
      auto payload = ParseJson(Str(*s, 8));
      if (!payload.ok() || !payload->is_object()) return Status::Corruption(where + ": payload is not a JSON object");
      e.type = *type;
      e.actor = Str(*s, 3);
      e.actor_org = OptStr(*s, 4).value_or("");
      e.at = Timestamp(std::chrono::seconds(s->getInt64(5)));
      e.from_state = from;
      e.to_state = *to;
      e.payload = payload->as_object();
      e.legal_basis = Str(*s, 9);
      e.prev_hash = Str(*s, 10);
      e.hash = Str(*s, 11);
      e.regulation_id = Str(*s, 12);
      e.regulation_version = s->getInt64(13);
      out.push_back(std::move(e));
    }
    if (out.empty()) {
      auto exists = Prepare(c, "SELECT 1 FROM tickets WHERE id = ?");
      exists->setString(1, id);
      Rows r(exists->executeQuery());
      if (!r->next()) return Status::NotFound("no ticket '" + id + "'");
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<std::string>> MysqlTicketStore::ListTicketIds() {
  std::vector<std::string> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    auto q = Prepare(c, "SELECT id FROM tickets ORDER BY pos");
    Rows r(q->executeQuery());
    while (r->next()) out.push_back(Str(*r, 1));
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<TicketPage> MysqlTicketStore::ListTickets(const TicketQuery& q) {
  TicketPage page;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    page = {};
    // The window of positions: below the cursor and, with a creation-date bound that
    // holds at most kCreatedWindowLimit tickets, within the smallest and largest position
    // created in that range (index tickets_created, migration 15; the cost of this read
    // grows with the tickets in the range, hence the limit: a wider range is walked newest
    // first, filtered, as without the window). Exact whatever the order of creation times
    // and positions. The two reads are two snapshots: a ticket whose insert had taken its
    // position but not committed at the window's read may miss this page, as it would
    // have if the list had been read at that moment.
    std::int64_t below = q.before.value_or(std::numeric_limits<std::int64_t>::max());
    std::int64_t from = 0;
    if (q.created_from || q.created_to) {
      auto w = Prepare(c,
                       "SELECT MIN(pos), MAX(pos), COUNT(*) FROM (SELECT pos FROM tickets FORCE INDEX (tickets_created) "
                       "WHERE created_at >= ? AND created_at < ? LIMIT ?) w");
      w->setInt64(1, q.created_from ? Seconds(*q.created_from) : std::numeric_limits<std::int64_t>::min());
      w->setInt64(2, q.created_to ? Seconds(*q.created_to) : std::numeric_limits<std::int64_t>::max());
      w->setInt64(3, kCreatedWindowLimit + 1);
      Rows r(w->executeQuery());
      if (!r->next() || r->getInt64(3) == 0) return {};  // nothing created in the range
      if (r->getInt64(3) <= kCreatedWindowLimit) {
        from = r->getInt64(1);
        below = std::min(below, r->getInt64(2) + 1);
      }
    }
    // A search (issue 16.5) walks the keys of its most specific term newest first and
    // probes the others (mysql_ticket_search.h); the text depends on their number.
    // STRAIGHT_JOIN keeps that walk the outer loop, and on MariaDB the optimizer switches
    // keep each EXISTS a probe of the row at hand: as a semi-join or a materialized IN,
    // it would read every row of a common word or of a large agency before the LIMIT.
    // (MySQL has neither SET STATEMENT nor exists_to_in; it gets the plain statement.)
    const std::vector<std::string> terms = q.text ? SearchTermsOf(*q.text) : std::vector<std::string>{};
    std::optional<MysqlSearch> search;
    if (!terms.empty()) search = MysqlSearchOf(terms);
    std::string sql_text =
        db_.mariadb() ? "SET STATEMENT optimizer_switch = 'semijoin=off,materialization=off,exists_to_in=off' FOR "
                      : "";
    if (search) {
      sql_text += "SELECT t.pos, t.snapshot FROM ticket_words d STRAIGHT_JOIN tickets t ON t.pos = d.pos ";
      if (!search->regexps.empty()) sql_text += "STRAIGHT_JOIN ticket_search s ON s.pos = d.pos ";
      sql_text += "WHERE d.word = ? AND d.pos < ? AND d.pos >= ? ";
      for (std::size_t k = 0; k < search->probes.size(); ++k)
        sql_text += "AND EXISTS (SELECT 1 FROM ticket_words w" + std::to_string(k) + " WHERE w" + std::to_string(k) +
                    ".word = ? AND w" + std::to_string(k) + ".pos = d.pos) ";
      // A long term's word is in the head, the comments indexed before migration 17, or
      // one comment's row: a word never spans two of them, so each is matched apart.
      for (std::size_t k = 0; k < search->regexps.size(); ++k)
        sql_text += "AND (CONCAT(s.head, '\\n', s.comments) REGEXP ? OR EXISTS (SELECT 1 FROM ticket_search_comments x" +
                    std::to_string(k) + " WHERE x" + std::to_string(k) + ".pos = d.pos AND x" + std::to_string(k) +
                    ".text REGEXP ?)) ";
    } else {
      sql_text += "SELECT t.pos, t.snapshot FROM tickets t WHERE t.pos < ? AND t.pos >= ? ";
    }
    // Positional parameters cannot repeat in MySQL, so each optional filter is bound twice.
    sql_text +=
        "AND (? IS NULL OR t.state = ?) AND (? IS NULL OR t.category = ?) "
        "AND (? IS NULL OR t.priority = ?) AND (? IS NULL OR t.assignee = ?) "
        "AND (? IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs o WHERE o.ticket_id = t.id AND o.org_id = ?)) "
        "AND (? IS NULL OR EXISTS (SELECT 1 FROM ticket_orgs v WHERE v.ticket_id = t.id AND v.org_id = ?)) "
        "AND (? IS NULL OR t.workflow = ?) "
        "AND (? IS NULL OR t.created_at >= ?) AND (? IS NULL OR t.created_at < ?) "
        "AND (? IS NULL OR t.resolved_at >= ?) AND (? IS NULL OR t.resolved_at < ?) ";
    sql_text += search ? "ORDER BY d.pos DESC LIMIT ?" : "ORDER BY t.pos DESC LIMIT ?";
    auto s = Prepare(c, sql_text);
    auto name = [](auto v) { return v ? std::optional<std::string>(std::string(ToString(*v))) : std::nullopt; };
    int i = 1;
    if (search) {
      s->setString(i++, search->drive);
      s->setInt64(i++, below);
      s->setInt64(i++, from);
      for (const std::string& key : search->probes) s->setString(i++, key);
      for (const std::string& pattern : search->regexps) {
        s->setString(i++, pattern);
        s->setString(i++, pattern);
      }
    } else {
      s->setInt64(i++, below);
      s->setInt64(i++, from);
    }
    auto text = [&](const std::optional<std::string>& v) {
      SetOptString(*s, i++, v);
      SetOptString(*s, i++, v);
    };
    text(name(q.state));
    text(name(q.category));
    text(name(q.priority));
    text(q.assignee);
    text(q.org);
    text(q.visible_to);
    text(q.workflow);
    for (const auto& bound : {q.created_from, q.created_to, q.resolved_from, q.resolved_to})
      for (int k = 0; k < 2; ++k) {
        if (bound) s->setInt64(i++, Seconds(*bound));
        else s->setNull(i++, sql::DataType::BIGINT);
      }
    s->setInt64(i, std::int64_t{q.limit} + 1);
    Rows r(s->executeQuery());
    std::int64_t last_position = 0;
    while (r->next()) {
      if (static_cast<int>(page.items.size()) == q.limit) {
        page.next = last_position;
        break;
      }
      last_position = r->getInt64(1);
      auto json = ParseJson(Str(*r, 2));
      if (!json.ok()) return Status::Corruption("ticket snapshot: " + json.status().message());
      auto ticket = TicketFromStorageJson(json.value());
      if (!ticket.ok()) return ticket.status();
      page.items.push_back(std::move(ticket.value()));
    }
    return {};
  });
  if (!st.ok()) return st;
  return page;
}

Result<std::vector<std::pair<State, std::int64_t>>> MysqlTicketStore::CountByState() {
  std::vector<std::pair<State, std::int64_t>> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    auto q = Prepare(c, "SELECT state, COUNT(*) FROM tickets GROUP BY state");
    Rows r(q->executeQuery());
    while (r->next()) {
      auto state = ParseState(Str(*r, 1));
      if (!state) return Status::Corruption("tickets: unknown state '" + Str(*r, 1) + "'");
      out.emplace_back(*state, r->getInt64(2));
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<std::tuple<std::string, State, std::int64_t>>> MysqlTicketStore::CountByWorkflowAndState() {
  std::vector<std::tuple<std::string, State, std::int64_t>> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    auto q = Prepare(c, "SELECT workflow, state, COUNT(*) FROM tickets GROUP BY workflow, state");
    Rows r(q->executeQuery());
    while (r->next()) {
      auto state = ParseState(Str(*r, 2));
      if (!state) return Status::Corruption("tickets: unknown state '" + Str(*r, 2) + "'");
      out.emplace_back(Str(*r, 1), *state, r->getInt64(3));
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace incidents::storage::mysql
