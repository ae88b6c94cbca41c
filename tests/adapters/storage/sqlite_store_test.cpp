// What only the SQLite store has: append-only triggers checked with the sqlite3 shell's
// API, the pragmas the issue requires (WAL, synchronous=FULL), and path errors. What every
// store must do (durability across reopening, the version check under concurrent
// writers, outbox, timers, idempotency keys, sessions, directory) is the store contract
// suite: store_contract_test.cpp, run against SQLite and MariaDB.

#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/storage/schema_migrations.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "temp_dir.h"

using namespace incidents::engine;
using namespace incidents::storage::sqlite;
using namespace incidents::testing;

namespace {

// A TicketService over a real SQLite file with the demo directory.
struct SqliteWorld {
  explicit SqliteWorld(const std::string& path) : db(std::move(SqliteDatabase::Open(path).value())) {
    if (directory.ListOrgs().value().empty()) REQUIRE(directory.Commit(DemoDirectoryChange()).ok());
  }
  std::unique_ptr<SqliteDatabase> db;
  SqliteTicketStore store{*db};
  SqliteDirectory directory{*db};
  ManualClock clock{DemoStart()};
  incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
  TicketService service{store, directory, workflow, clock, workflow.settings()};

  std::string File() {
    ReportCommand r;
    r.category = Category::kConnectionFailure;
    r.title = "Mất kết nối LGSP với CSDL đất đai";
    r.description = "Từ 8 giờ sáng không gọi được dịch vụ tra cứu thửa đất.";
    r.priority = Priority::kHigh;
    r.parties = {"stnmt"};
    r.service = "lgsp.datdai.tracuu";
    auto t = service.Report(DemoActor("stp.reporter"), r);
    REQUIRE(t.ok());
    return t->id;
  }
};

// Runs one SQL statement on the file directly, as an administrator with the sqlite3 shell
// would. Returns the SQLite result code.
int RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

std::string RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(stmt) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("The SQLite history is append-only and the file uses WAL with synchronous=FULL", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  SqliteWorld w(path);
  const std::string id = w.File();
  CHECK(RawExec(path, "UPDATE ticket_events SET payload = '{}' WHERE seq = 1") == SQLITE_CONSTRAINT);
  CHECK(RawExec(path, "DELETE FROM ticket_events") == SQLITE_CONSTRAINT);
  CHECK(w.store.LoadHistory(id).value().size() == 1);
  CHECK(RawQuery(path, "PRAGMA journal_mode") == "wal");
  CHECK(w.db->SchemaVersion().value() >= 3);
  CHECK(RawQuery(path, "SELECT MAX(version) FROM schema_migrations") == std::to_string(w.db->SchemaVersion().value()));
  // synchronous is per connection: ask the store's own connections (2 = FULL).
  CHECK(w.db->SynchronousLevel().value() == 2);
  auto normal = SqliteDatabase::Open(path, SqliteOptions{"normal"});
  REQUIRE(normal.ok());
  CHECK(normal.value()->SynchronousLevel().value() == 1);
  CHECK(SqliteDatabase::Open(path, SqliteOptions{"sometimes"}).status().code() == ErrorCode::kInvalidValue);
}

TEST_CASE("Opening an unusable path is a clear unavailable error", "[sqlite]") {
  auto db = SqliteDatabase::Open("/nonexistent-dir/for/sure/incidents.db");
  REQUIRE_FALSE(db.ok());
  CHECK(db.status().code() == ErrorCode::kUnavailable);
  CHECK(db.status().message().find("/nonexistent-dir/for/sure/incidents.db") != std::string::npos);
  CHECK(SqliteDatabase::Open(":memory:").status().code() == ErrorCode::kInvalidValue);
}

// SQLite's plan for `sql`, one step per line ("SCAN t", "SEARCH t USING INDEX ...").
static std::string QueryPlan(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const std::string explain = "EXPLAIN QUERY PLAN " + sql;
  INFO(sqlite3_errmsg(db));
  REQUIRE(sqlite3_prepare_v2(db, explain.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) plan += std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3))) + "\n";
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

// Migration 10: the lists of one workflow (GET /api/v1/data-requests, /tickets) walk an
// index on the workflow, newest first, instead of scanning every ticket; a file at version
// 9 gets it when opened, and keeps its tickets.
TEST_CASE("SQLite: migration 10 indexes the workflow of a version 9 file, and a workflow's list uses it", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.File("v9.db");
  REQUIRE(RawExec(path, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at INTEGER NOT NULL)") == SQLITE_OK);
  for (const auto& m : incidents::storage::SchemaMigrations()) {
    if (m.version > 9) break;
    REQUIRE(RawExec(path, m.sqlite) == SQLITE_OK);
    REQUIRE(RawExec(path, "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'v', 0)") == SQLITE_OK);
  }
  REQUIRE(RawQuery(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' "
                         "AND sql LIKE '%workflow%'") == "0");
  std::string id;
  {
    SqliteWorld w(path);
    CHECK(w.db->SchemaVersion().value() == static_cast<int>(incidents::storage::SchemaMigrations().size()));
    id = w.File();
  }
  CHECK(RawQuery(path, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'tickets_workflow'") ==
        "CREATE INDEX tickets_workflow ON tickets(workflow, rowid)");
  CHECK(RawQuery(path, "SELECT name FROM schema_migrations WHERE version = 10").find("workflow") != std::string::npos);

  TicketQuery requests;
  requests.workflow = "data_request";
  const std::string plan = QueryPlan(path, SqliteTicketStore::ListTicketsSql(requests));
  INFO(plan);
  // The cursor and the creation window bound the rowids walked within the workflow.
  CHECK(plan.find("USING INDEX tickets_workflow (workflow=? AND rowid>? AND rowid<?)") != std::string::npos);
  CHECK(plan.find("SCAN t") == std::string::npos);
  CHECK(plan.find("TEMP B-TREE") == std::string::npos);  // already newest first: no sort
  // Paged and filtered, still by the index.
  requests.state = State::kSubmitted;
  requests.before = 10;
  CHECK(QueryPlan(path, SqliteTicketStore::ListTicketsSql(requests)).find("USING INDEX tickets_workflow") !=
        std::string::npos);

  // The store answers through it as before the migration.
  SqliteWorld again(path);
  TicketQuery incidents;
  incidents.workflow = "incident";
  auto listed = again.store.ListTickets(incidents);
  REQUIRE(listed.ok());
  REQUIRE(listed->items.size() == 1);
  CHECK(listed->items[0].id == id);
  CHECK(again.store.ListTickets(requests)->items.empty());
  CHECK(again.store.ListTickets(TicketQuery{})->items.size() == 1);
}

// Migration 11: public data requests (issue 15.2). A file at version 10 (as the previous
// release left it) gets the table and its indexes when opened, keeps its tickets, and the
// rate-limit counts and the purge are answered from the indexes.
TEST_CASE("SQLite: migration 11 adds the public requests to a version 10 file", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.File("v10.db");
  REQUIRE(RawExec(path, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at INTEGER NOT NULL)") == SQLITE_OK);
  for (const auto& m : incidents::storage::SchemaMigrations()) {
    if (m.version > 10) break;
    REQUIRE(RawExec(path, m.sqlite) == SQLITE_OK);
    REQUIRE(RawExec(path, "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'v', 0)") == SQLITE_OK);
  }
  REQUIRE(RawQuery(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'public_requests'") == "0");
  std::string id;
  {
    SqliteWorld w(path);
    CHECK(w.db->SchemaVersion().value() == static_cast<int>(incidents::storage::SchemaMigrations().size()));
    id = w.File();
  }
  CHECK(RawQuery(path, "SELECT name FROM schema_migrations WHERE version = 11").find("public") != std::string::npos);
  CHECK(RawQuery(path, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'public_requests_expiry'") ==
        "CREATE INDEX public_requests_expiry ON public_requests(expires_at) WHERE ticket_id IS NULL");
  const auto plan = [&](const std::string& sql) {
    const std::string p = QueryPlan(path, sql);
    INFO(sql << "\n" << p);
    CHECK(p.find("SCAN") == std::string::npos);
    return p;
  };
  CHECK(plan("SELECT COUNT(*) FROM public_requests WHERE email_hash = ?1 AND created_at >= ?2")
            .find("public_requests_by_email") != std::string::npos);
  CHECK(plan("SELECT COUNT(*) FROM public_requests WHERE client_hash = ?1 AND created_at >= ?2")
            .find("public_requests_by_client") != std::string::npos);
  CHECK(plan("DELETE FROM public_requests WHERE ticket_id IS NULL AND expires_at < ?1")
            .find("public_requests_expiry") != std::string::npos);

  SqliteWorld again(path);
  CHECK(again.store.LoadTicket(id).ok());
  PublicRequest r;
  r.code = "pr-after-11";
  r.token_hash = r.email_hash = r.client_hash = std::string(64, 'a');
  r.form = {{"title", "Dữ liệu hộ tịch"}};
  r.created_at = DemoStart();
  r.expires_at = DemoStart() + std::chrono::hours(24);
  OutboxRow mail;
  mail.idempotency_key = "public-request:1:email:requester";
  mail.ticket_id = "public-request:1";
  mail.recipient = "a@example.vn";
  mail.recipient_ref = "requester";
  mail.vars = "{}";
  REQUIRE(again.store.CreatePublicRequest(r, mail).ok());
  CHECK(again.store.FindPublicRequest(r.code).value() == r);
  // The ticket a request links to must exist (foreign key).
  CHECK(RawExec(path, "PRAGMA foreign_keys = ON; UPDATE public_requests SET ticket_id = 'no-such-ticket'") ==
        SQLITE_CONSTRAINT);
  CHECK(RawExec(path, "UPDATE public_requests SET ticket_id = '" + id + "'") == SQLITE_OK);
  CHECK(again.store.FindPublicRequest(r.code)->ticket_id == std::optional<std::string>(id));
}

// Migration 13 on a file whose tickets predate it: opening indexes them for search (their
// title, description and comments) and copies their resolved_at, once.
TEST_CASE("SQLite: opening a file migrated to 13 indexes its existing tickets for search", "[sqlite][search]") {
  TempDir dir;
  const std::string path = dir.File("v12.db");
  std::vector<std::string> ids;
  {
    SqliteWorld w(path);
    for (int i = 0; i < 3; ++i) ids.push_back(w.File());
    CommentCommand comment;
    comment.body = "Đã kiểm tra đường truyền";
    REQUIRE(w.service.Apply(DemoActor("stp.reporter"), ids[1], comment).ok());
  }
  // Back to before migration 13, with a resolution time in a snapshot only.
  REQUIRE(RawExec(path, "DROP TABLE ticket_search") == SQLITE_OK);
  REQUIRE(RawExec(path, "ALTER TABLE tickets DROP COLUMN resolved_at") == SQLITE_OK);
  REQUIRE(RawExec(path, "DELETE FROM counters WHERE name = 'search_backfill'") == SQLITE_OK);
  REQUIRE(RawExec(path, "DELETE FROM schema_migrations WHERE version IN (13, 16)") == SQLITE_OK);
  REQUIRE(RawExec(path, "UPDATE tickets SET snapshot = json_set(snapshot, '$.resolved_at', 1800000000) WHERE id = '" +
                            ids[2] + "'") == SQLITE_OK);

  SqliteWorld w(path);
  CHECK(RawQuery(path, "SELECT value FROM counters WHERE name = 'search_backfill'") == "0");
  TicketQuery q;
  q.text = "duong truyen";
  auto found = w.store.ListTickets(q);
  REQUIRE(found.ok());
  REQUIRE(found->items.size() == 1);
  CHECK(found->items[0].id == ids[1]);
  q.text = "mat ket noi LGSP";
  CHECK(w.store.ListTickets(q)->items.size() == 3);
  TicketQuery resolved;
  resolved.resolved_from = Timestamp(std::chrono::seconds(1800000000));
  auto listed = w.store.ListTickets(resolved);
  REQUIRE(listed.ok());
  REQUIRE(listed->items.size() == 1);
  CHECK(listed->items[0].id == ids[2]);
  // New commits keep the index as before.
  CommentCommand comment;
  comment.body = "Cáp quang bị đứt";
  REQUIRE(w.service.Apply(DemoActor("stp.reporter"), ids[0], comment).ok());
  q.text = "cap quang";
  CHECK(w.store.ListTickets(q)->items.at(0).id == ids[0]);
}

// Migration 16: a comment is a search row of its own, numbered by its event within the
// ticket's block of rowids, so that commenting rewrites none of the ticket's other rows
// (before, FTS5 re-tokenized all the ticket's comments on each one).
TEST_CASE("SQLite: each comment is a search row of its own in its ticket's block", "[sqlite][search]") {
  TempDir dir;
  const std::string path = dir.File("rows.db");
  SqliteWorld w(path);
  const std::string id = w.File();
  w.File();  // the next ticket: the next block
  for (int i = 0; i < 30; ++i) {
    CommentCommand comment;
    comment.body = "Ghi chú số " + std::to_string(i);
    REQUIRE(w.service.Apply(DemoActor("stp.reporter"), id, comment).ok());
  }
  const std::string rowid = RawQuery(path, "SELECT rowid FROM tickets WHERE id = '" + id + "'");
  const std::string block = "rowid >= (" + rowid + " << 24) AND rowid < ((" + rowid + " + 1) << 24)";
  CHECK(RawQuery(path, "SELECT COUNT(*) FROM ticket_search WHERE " + block) == "31");
  const std::string last_seq =
      RawQuery(path, "SELECT MAX(seq) FROM ticket_events WHERE ticket_id = '" + id + "' AND type = 'comment'");
  CHECK(RawQuery(path, "SELECT text FROM ticket_search WHERE rowid = (" + rowid + " << 24) + " + last_seq) ==
        "ghi chu so 29");
  // Terms found in different rows of one ticket still AND; a term of the other ticket's
  // rows only does not join them.
  TicketQuery q;
  q.text = "so 17 ghi 29";
  auto found = w.store.ListTickets(q);
  REQUIRE(found.ok());
  REQUIRE(found->items.size() == 1);
  CHECK(found->items[0].id == id);
  q.text = "29 khong-co-tu-nay";
  CHECK(w.store.ListTickets(q)->items.empty());
  q.text = "ghi";  // 31 rows of one ticket match, the ticket comes once
  CHECK(w.store.ListTickets(q)->items.size() == 1);
  CHECK(RawQuery(path, "SELECT COUNT(*) FROM ticket_search WHERE rowid >= (" + rowid + " + 1) << 24") == "1");
}

// The search's plan (issue 16.5: a search among a million tickets in < 200 ms): the FTS5
// index is walked newest first and each match joined to its ticket by rowid; no scan of
// tickets, no sort.
TEST_CASE("SQLite: a search walks the full-text index newest first, never the tickets", "[sqlite][search]") {
  TempDir dir;
  const std::string path = dir.File("plan.db");
  { SqliteWorld w(path); }
  TicketQuery q;
  q.text = "sai lech";
  for (int variant = 0; variant < 4; ++variant) {
    if (variant == 1) q.workflow = "incident";
    if (variant == 2) q.before = 10, q.visible_to = "stnmt";
    if (variant == 3) q.created_from = DemoStart(), q.state = State::kReported;
    const std::string plan = QueryPlan(path, SqliteTicketStore::ListTicketsSql(q));
    INFO(plan);
    CHECK(plan.find("SCAN s VIRTUAL TABLE") == 0);
    // FTS5's index string: "<" and ">" are the rowid bounds (cursor, creation window) it
    // applies itself, so a page deep in the list or in one month starts at its rowid.
    CHECK(plan.find("<>") != std::string::npos);
    CHECK(plan.find("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)") != std::string::npos);
    CHECK(plan.find("SCAN t") == std::string::npos);
    CHECK(plan.find("TEMP B-TREE") == std::string::npos);
  }
  // Without a search: the rowid range of the table itself.
  q = {};
  const std::string list_plan = QueryPlan(path, SqliteTicketStore::ListTicketsSql(q));
  INFO(list_plan);
  CHECK(list_plan.find("SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)") != std::string::npos);
  // The creation window (migration 15) reads the index alone.
  const std::string window_plan = QueryPlan(path, SqliteTicketStore::kCreatedWindowSql);
  INFO(window_plan);
  CHECK(window_plan.find("USING COVERING INDEX tickets_created (created_at>? AND created_at<?)") != std::string::npos);
}

// Readiness (/readyz, issue 17.1): a database file deleted, moved away or replaced under the
// running server is not ready (its writes would go to a file no restart finds).
TEST_CASE("SQLite: Ping is ready on the opened file, not once it is moved away or replaced", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.File("ready.db");
  auto db = SqliteDatabase::Open(path);
  REQUIRE(db.ok());
  CHECK(db.value()->Ping().ok());
  REQUIRE(std::rename(path.c_str(), (path + ".moved").c_str()) == 0);
  Status gone = db.value()->Ping();
  CHECK(gone.code() == ErrorCode::kUnavailable);
  CHECK_THAT(gone.message(), Catch::Contains("is gone"));
  REQUIRE(std::rename((path + ".moved").c_str(), path.c_str()) == 0);
  CHECK(db.value()->Ping().ok());
  {  // Another database put in its place.
    const std::string other = dir.File("other.db");
    REQUIRE(SqliteDatabase::Open(other).ok());
    REQUIRE(std::rename(other.c_str(), path.c_str()) == 0);
  }
  Status replaced = db.value()->Ping();
  CHECK(replaced.code() == ErrorCode::kUnavailable);
  CHECK_THAT(replaced.message(), Catch::Contains("was replaced"));
}
