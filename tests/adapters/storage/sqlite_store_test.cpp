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
