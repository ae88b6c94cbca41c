// SqliteTicketStore against a real database file: durability across reopening, the
// version check under concurrent writers, append-only history, and the pragmas the
// issue requires (WAL, synchronous=FULL).

#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
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
    if (directory.IsEmpty().value()) {
      for (const auto& org : DemoOrgs()) REQUIRE(directory.PutOrg(org).ok());
      for (const auto& user : DemoUsers()) REQUIRE(directory.PutUser(user).ok());
    }
  }
  std::unique_ptr<SqliteDatabase> db;
  SqliteTicketStore store{*db};
  SqliteDirectory directory{*db};
  ManualClock clock{DemoStart()};
  incidents::workflows::IncidentWorkflow workflow;
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

TEST_CASE("SQLite store keeps tickets and histories across reopening the file", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  std::string id;
  Ticket before;
  std::vector<TicketEvent> history_before;
  {
    SqliteWorld w(path);
    id = w.File();
    const Actor eng = DemoActor("stttt.engineer");
    REQUIRE(w.service.Apply(eng, id, AcknowledgeCommand{}).ok());
    REQUIRE(w.service.Apply(eng, id, RequestPartyFixCommand{"skhdt", "Đề nghị kiểm tra cổng kết nối"}).ok());
    REQUIRE(w.service.Apply(eng, id, RequestInfoCommand{"Lỗi xuất hiện lúc mấy giờ?"}).ok());
    REQUIRE(w.service.Apply(DemoActor("stp.focal"), id, ProvideInfoCommand{"Khoảng 8 giờ 05"}).ok());
    before = w.store.LoadTicket(id).value();
    history_before = w.store.LoadHistory(id).value();
  }
  SqliteWorld again(path);
  const Ticket after = again.store.LoadTicket(id).value();
  CHECK(DescribeDifference(before, after).empty());
  CHECK(after == before);
  CHECK(after.state == State::kPartyFixing);
  CHECK(after.parties == std::vector<std::string>{"stnmt", "skhdt"});
  CHECK(after.service == std::optional<std::string>("lgsp.datdai.tracuu"));
  CHECK(after.version == 5);
  const auto history_after = again.store.LoadHistory(id).value();
  REQUIRE(history_after.size() == 5);
  CHECK(history_after == history_before);
  CHECK(history_after[4].payload.at("answer").as_string() == "Khoảng 8 giờ 05");
  CHECK(VerifyTicket(again.store, again.workflow, id).ok());
  // Ticket numbers keep counting after a reopen.
  const std::string second = again.File();
  CHECK(second != id);
  CHECK(again.store.ListTicketIds().value() == std::vector<std::string>{id, second});
}

TEST_CASE("SQLite store refuses a stale version and writes nothing", "[sqlite]") {
  TempDir dir;
  SqliteWorld w(dir.File("incidents.db"));
  const std::string id = w.File();
  Ticket t = w.store.LoadTicket(id).value();

  Ticket next = t;
  next.version = 2;
  TicketEvent e;
  e.ticket_id = id;
  e.seq = 2;
  e.type = EventType::kComment;
  e.actor = "stp.reporter";
  e.actor_org = "stp";
  e.at = t.updated_at;
  e.from_state = t.state;
  e.to_state = t.state;
  e.payload = {{"body", "một"}};
  e.legal_basis = "Art. 20.1";
  e.prev_hash = t.last_hash;
  e.hash = ComputeEventHash(e);
  next.last_hash = e.hash;

  REQUIRE(w.store.Commit({next, e, 1}).ok());
  TicketEvent e2 = e;
  e2.payload = {{"body", "hai"}};
  e2.hash = ComputeEventHash(e2);
  const Status stale = w.store.Commit({next, e2, 1});
  CHECK(stale.code() == ErrorCode::kVersionConflict);
  const auto history = w.store.LoadHistory(id).value();
  REQUIRE(history.size() == 2);
  CHECK(history[1].payload.at("body").as_string() == "một");
  // Creating an id that exists is a conflict too.
  CHECK(w.store.Commit({t, w.store.LoadHistory(id).value()[0], 0}).code() == ErrorCode::kVersionConflict);
}

TEST_CASE("Two writers on one ticket through separate connections: exactly one wins", "[sqlite][concurrency]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  std::string id;
  {
    SqliteWorld setup(path);
    id = setup.File();
  }
  // Two independent databases on one file, as two processes would have.
  SqliteWorld a(path), b(path);
  for (int round = 0; round < 20; ++round) {
    const std::int64_t version = a.store.LoadTicket(id).value().version;
    std::atomic<int> go{0};
    Status sa, sb;
    std::thread ta([&] {
      go++;
      while (go < 2) {}
      sa = a.service.Apply(DemoActor("stp.reporter"), id, CommentCommand{"A"}, version).status();
    });
    std::thread tb([&] {
      go++;
      while (go < 2) {}
      sb = b.service.Apply(DemoActor("stnmt.focal"), id, CommentCommand{"B"}, version).status();
    });
    ta.join();
    tb.join();
    INFO("round " << round << ": " << sa.ToString() << " / " << sb.ToString());
    CHECK(sa.ok() != sb.ok());
    const Status& loser = sa.ok() ? sb : sa;
    CHECK(loser.code() == ErrorCode::kVersionConflict);
    CHECK(a.store.LoadTicket(id).value().version == version + 1);
  }
  CHECK(a.store.LoadHistory(id).value().size() == 21);
  CHECK(VerifyTicket(a.store, a.workflow, id).ok());
}

TEST_CASE("Concurrent writers without expected_version all land, each exactly once", "[sqlite][concurrency]") {
  TempDir dir;
  SqliteWorld w(dir.File("incidents.db"));
  const std::string id = w.File();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i)
        if (!w.service.Apply(DemoActor("stp.reporter"), id, CommentCommand{std::to_string(t * 100 + i)}).ok())
          failures++;
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  const auto history = w.store.LoadHistory(id).value();
  REQUIRE(history.size() == 41);
  std::set<std::string> bodies;
  for (std::size_t i = 1; i < history.size(); ++i) bodies.insert(history[i].payload.at("body").as_string());
  CHECK(bodies.size() == 40);
  CHECK(VerifyChain(history).ok());
}

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
