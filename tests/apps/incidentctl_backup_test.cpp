// incidentctl backup and restore: the real binary (and the SQLite store's backup function)
// against real SQLite files.

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include "demo_fixture.h"
#include "incidents/storage/sqlite/sqlite_backup.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "incidentctl_support.h"
#include "run_command.h"
#include "temp_dir.h"

using namespace incidents::engine;
using namespace incidents::storage::sqlite;
using namespace incidents::testing;
namespace fs = std::filesystem;

namespace {

std::set<std::string> TicketIds(const std::string& path) {
  auto db = SqliteDatabase::Open(path);
  REQUIRE(db.ok());
  SqliteTicketStore store(*db.value());
  auto ids = store.ListTicketIds();
  REQUIRE(ids.ok());
  return {ids->begin(), ids->end()};
}

void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

std::string RawText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string text;
  if (sqlite3_step(stmt) == SQLITE_ROW) text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return text;
}

std::string Bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The names in `dir`, sorted.
std::set<std::string> Names(const TempDir& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.insert(e.path().filename().string());
  return names;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("incidentctl backup writes a verified, self-contained copy with the same tickets", "[incidentctl][backup]") {
  TempDir dir;
  const std::string db = dir.File("incidents.db"), file = dir.File("backup.db");
  const auto ids = MakeDatabase(db, 3);
  const CommandRun r = Incidentctl("backup " + file + " --no-citations --database sqlite:" + db);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.output, "OK: integrity_check"));
  CHECK(Contains(r.output, "OK: 3 tickets verified"));
  CHECK(Contains(r.output, "tickets: 3"));
  CHECK(Contains(r.output, "verification: OK"));
  CHECK(Contains(r.output, "schema version: " + std::to_string(KnownSchemaVersion())));
  // One file, in rollback-journal mode, and nothing temporary left behind.
  CHECK(Names(dir) == std::set<std::string>{"incidents.db", "backup.db"});
  CHECK(RawText(file, "PRAGMA journal_mode") == "delete");
  CHECK(TicketIds(file) == std::set<std::string>(ids.begin(), ids.end()));
  const CommandRun v = Incidentctl("verify --no-citations --database sqlite:" + file);
  INFO(v.output);
  CHECK(v.exit_code == 0);
  // Under the shipped config, as an administrator runs it: the citations are checked too.
  const CommandRun shipped = RunCommand(std::string("cd '") + INCIDENTS_SOURCE_DIR + "' && " + INCIDENTCTL_PATH +
                                        " backup " + dir.File("cited.db") + " --database sqlite:" + db);
  INFO(shipped.output);
  CHECK(shipped.exit_code == 0);
  CHECK(Contains(shipped.output, "verification: OK"));
  CHECK(!Contains(shipped.output, "citations are not checked"));
}

TEST_CASE("a backup step holds no lock a writer needs, and the copy is the database as it was at the start",
          "[incidentctl][backup]") {
  TempDir dir;
  const std::string db_path = dir.File("incidents.db"), copy = dir.File("copy.db");
  const auto before = MakeDatabase(db_path, 2);
  auto db = SqliteDatabase::Open(db_path);
  REQUIRE(db.ok());
  SqliteTicketStore store(*db.value());
  SqliteDirectory directory(*db.value());
  ManualClock clock(DemoStart() + std::chrono::hours(1));
  incidents::workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  TicketService service(store, directory, workflow, clock, workflow.settings());
  // One page per step, and a whole ticket written and committed by another connection
  // between every two steps: a backup that blocked writers would fail these writes.
  BackupOptions options;
  options.pages_per_step = 1;
  options.busy_timeout = std::chrono::milliseconds(2000);
  int steps = 0;
  options.on_step = [&](std::int64_t, std::int64_t) {
    if (++steps > 1000) FAIL("the backup keeps restarting: it lost its snapshot");
    ReportOne(service, clock, "Ghi trong lúc sao lưu " + std::to_string(steps));
  };
  auto stats = BackupDatabase(db_path, copy, options);
  REQUIRE(stats.ok());
  CHECK(steps >= 10);
  CHECK(stats->pages == steps + 1);  // the last step returns done, not ok
  CHECK(TicketIds(copy) == std::set<std::string>(before.begin(), before.end()));
  auto live = store.ListTicketIds();
  REQUIRE(live.ok());
  CHECK(live->size() == before.size() + static_cast<std::size_t>(steps));
  CHECK(CheckIntegrity(copy).ok());
  const CommandRun v = Incidentctl("verify --no-citations --database sqlite:" + copy);
  INFO(v.output);
  CHECK(v.exit_code == 0);
}

TEST_CASE("incidentctl backup of a database that another connection keeps writing verifies", "[incidentctl][backup]") {
  TempDir dir;
  const std::string db_path = dir.File("incidents.db"), file = dir.File("backup.db");
  MakeDatabase(db_path, 20);
  auto db = SqliteDatabase::Open(db_path);
  REQUIRE(db.ok());
  SqliteTicketStore store(*db.value());
  SqliteDirectory directory(*db.value());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0}, failed{0};
  std::thread writer([&] {
    ManualClock clock(DemoStart() + std::chrono::hours(1));
    incidents::workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
    TicketService service(store, directory, workflow, clock, workflow.settings());
    while (!stop) {
      ReportCommand r;
      r.category = Category::kDataDiscrepancy;
      r.title = "Ghi song song";
      r.description = "Mô tả";
      r.parties = {"stnmt"};
      auto t = service.Report(DemoActor("stp.reporter"), r);
      (t.ok() ? written : failed)++;
      if (t.ok() && !service.Apply(DemoActor("stttt.engineer"), t->id, AcknowledgeCommand{}).ok()) failed++;
    }
  });
  while (written < 5) std::this_thread::yield();
  const CommandRun r = Incidentctl("backup " + file + " --no-citations --database sqlite:" + db_path);
  const int during = written;
  stop = true;
  writer.join();
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.output, "verification: OK"));
  CHECK(failed == 0);
  CHECK(during > 5);  // the writer kept going while the backup ran
  const auto copied = TicketIds(file).size();
  CHECK(copied >= 25);
  CHECK(copied <= 20 + static_cast<std::size_t>(written));
}

TEST_CASE("incidentctl backup refuses an existing FILE without --force and never leaves a partial file",
          "[incidentctl][backup]") {
  TempDir dir;
  const std::string db = dir.File("incidents.db"), file = dir.File("backup.db");
  MakeDatabase(db, 1);
  std::ofstream(file) << "yesterday's backup";
  const CommandRun r = Incidentctl("backup " + file + " --no-citations --database sqlite:" + db);
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, "exists: give --force"));
  CHECK(Bytes(file) == "yesterday's backup");
  CHECK(Names(dir) == std::set<std::string>{"incidents.db", "backup.db"});
  const CommandRun forced = Incidentctl("backup " + file + " --force --no-citations --database sqlite:" + db);
  INFO(forced.output);
  CHECK(forced.exit_code == 0);
  CHECK(TicketIds(file).size() == 1);
  // A database that is not there is not created, and no backup appears.
  const CommandRun missing =
      Incidentctl("backup " + dir.File("b2.db") + " --no-citations --database sqlite:" + dir.File("none.db"));
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.output, "no database at"));
  CHECK(Names(dir) == std::set<std::string>{"incidents.db", "backup.db"});
  // Without the regulation file it asks for --no-citations, as verify does.
  std::ofstream(dir.File("empty.json")) << "{}";
  CHECK(Incidentctl("backup " + dir.File("b3.db") + " --config " + dir.File("empty.json") + " --database sqlite:" + db)
            .exit_code == 2);
}

TEST_CASE("incidentctl restore refuses a tampered backup with exit 1 and leaves the target untouched",
          "[incidentctl][restore]") {
  TempDir dir;
  const std::string db = dir.File("incidents.db"), file = dir.File("backup.db");
  const auto ids = MakeDatabase(db, 2);
  REQUIRE(Incidentctl("backup " + file + " --no-citations --database sqlite:" + db).exit_code == 0);
  // What someone with write access to the backup could do: drop the guard and edit an
  // audit row.
  RawExec(file, "DROP TRIGGER ticket_events_append_only_update");
  RawExec(file, "UPDATE ticket_events SET payload = '{\"body\":\"Đã xử lý xong\"}' WHERE ticket_id = '" + ids[1] +
                    "' AND seq = 3");
  const std::string target_before = Bytes(db);
  const CommandRun r = Incidentctl("restore " + file + " --force --no-citations --database sqlite:" + db);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.output, "FAIL ticket " + ids[1] + ": event 3"));
  CHECK(Contains(r.output, "restore REFUSED"));
  CHECK(Bytes(db) == target_before);
  CHECK(Names(dir) == std::set<std::string>{"incidents.db", "backup.db"});
}

TEST_CASE("incidentctl restore --force puts the backup in place and keeps the replaced database",
          "[incidentctl][restore]") {
  TempDir dir;
  const std::string old_db = dir.File("incidents.db"), other = dir.File("other.db"), file = dir.File("backup.db");
  const auto old_ids = MakeDatabase(old_db, 2);
  const auto new_ids = MakeDatabase(other, 3);
  REQUIRE(Incidentctl("backup " + file + " --no-citations --database sqlite:" + other).exit_code == 0);
  const CommandRun refused = Incidentctl("restore " + file + " --no-citations --database sqlite:" + old_db);
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.output, "give --force"));
  CHECK(TicketIds(old_db) == std::set<std::string>(old_ids.begin(), old_ids.end()));
  // The old database's last commit is still only in its WAL (as after incidentd was
  // killed): it must end up in the kept file, not be lost or replayed into the new one.
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(old_db.c_str(), &raw) == SQLITE_OK);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    REQUIRE(sqlite3_exec(raw,
                         "PRAGMA wal_autocheckpoint=0; "
                         "INSERT INTO counters (name, value) VALUES ('only_in_wal', 42)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  REQUIRE(fs::file_size(old_db + "-wal") > 0);
  const CommandRun r = Incidentctl("restore " + file + " --force --no-citations --database sqlite:" + old_db);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(TicketIds(old_db) == std::set<std::string>(new_ids.begin(), new_ids.end()));
  CHECK(RawText(old_db, "SELECT count(*) FROM counters WHERE name = 'only_in_wal'") == "0");
  std::string kept;
  for (const auto& name : Names(dir))
    if (name.rfind("incidents.db.replaced-", 0) == 0) kept = dir.File(name);
  REQUIRE(!kept.empty());
  CHECK(Contains(r.output, "kept the replaced " + kept));
  CHECK(!fs::exists(old_db + "-wal"));
  CHECK(!fs::exists(kept + "-wal"));  // folded into the kept file
  CHECK(RawText(kept, "SELECT value FROM counters WHERE name = 'only_in_wal'") == "42");
  CHECK(TicketIds(kept) == std::set<std::string>(old_ids.begin(), old_ids.end()));
  // Into a path with nothing there, no --force is needed; a stray WAL left there (of some
  // other database) is moved aside, never replayed into the restored one.
  const std::string fresh = dir.File("fresh.db");
  std::ofstream(fresh + "-wal") << "stray";
  const CommandRun f = Incidentctl("restore " + file + " --no-citations --database sqlite:" + fresh);
  INFO(f.output);
  CHECK(f.exit_code == 0);
  CHECK(!fs::exists(fresh + "-wal"));
  bool stray_kept = false;
  for (const auto& name : Names(dir))
    if (name.rfind("fresh.db.replaced-", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == "-wal")
      stray_kept = Bytes(dir.File(name)) == "stray";
  CHECK(stray_kept);
  CHECK(TicketIds(dir.File("fresh.db")).size() == 3);
}

TEST_CASE("incidentctl restore refuses while another connection has the database open", "[incidentctl][restore]") {
  TempDir dir;
  const std::string db = dir.File("incidents.db"), other = dir.File("other.db"), file = dir.File("backup.db");
  const auto ids = MakeDatabase(db, 2);
  MakeDatabase(other, 1);
  REQUIRE(Incidentctl("backup " + file + " --no-citations --database sqlite:" + other).exit_code == 0);
  {
    auto running = SqliteDatabase::Open(db);  // as incidentd holds it
    REQUIRE(running.ok());
    const CommandRun r = Incidentctl("restore " + file + " --force --no-citations --database sqlite:" + db);
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(Contains(r.output, "in use by another connection"));
    CHECK(Contains(r.output, "stop incidentd first"));
    for (const auto& name : Names(dir)) CHECK(name.find(".replaced-") == std::string::npos);
  }
  CHECK(TicketIds(db) == std::set<std::string>(ids.begin(), ids.end()));
}

TEST_CASE("incidentctl restore refuses files that are not this project's databases, or are newer",
          "[incidentctl][restore]") {
  TempDir dir;
  const std::string target = dir.File("incidents.db");
  std::ofstream(dir.File("notes.txt")) << "not a database at all, just some text that is long enough to be a header";
  RawExec(dir.File("foreign.db"), "CREATE TABLE accounts (id INTEGER PRIMARY KEY)");
  MakeDatabase(dir.File("newer.db"), 1);
  RawExec(dir.File("newer.db"), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
  for (const auto& [file, says] : std::vector<std::pair<std::string, std::string>>{
           {"notes.txt", "not an SQLite database"},
           {"foreign.db", "not one of datashare-incidents"},
           {"newer.db", "schema version 9999, newer than"},
           {"missing.db", "no backup file"}}) {
    const CommandRun r = Incidentctl("restore " + dir.File(file) + " --no-citations --database sqlite:" + target);
    INFO(file << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(Contains(r.output, says));
    CHECK(!fs::exists(target));
  }
}

TEST_CASE("incidentctl backup and restore of a MariaDB URL say to use mariadb-dump and never print the password",
          "[incidentctl][backup]") {
  const std::string url = "mysql://incidents:S3cret-pw@127.0.0.1:3306/incidents";
  const CommandRun b = Incidentctl("backup /tmp/never-written.sql --database '" + url + "'");
  INFO(b.output);
  CHECK(b.exit_code == 2);
  CHECK(Contains(b.output, "mariadb-dump --single-transaction --routines --triggers --host=127.0.0.1 --port=3306 "
                           "--user=incidents -p incidents > FILE"));
  CHECK(Contains(b.output, "incidentctl verify --database"));
  CHECK(!Contains(b.output, "S3cret"));
  CHECK(!fs::exists("/tmp/never-written.sql"));
  const CommandRun r = Incidentctl("restore /tmp/never-read.sql --force --database '" + url + "'");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, "mariadb --host=127.0.0.1 --port=3306 --user=incidents -p incidents < FILE"));
  CHECK(Contains(r.output, "incidentctl verify --database mysql://incidents:***@127.0.0.1:3306/incidents"));
  CHECK(!Contains(r.output, "S3cret"));
  // Bad command lines.
  CHECK(Incidentctl("backup --database sqlite:/tmp/x.db").exit_code == 2);
  CHECK(Incidentctl("restore /tmp/x.db").exit_code == 2);
  CHECK(Incidentctl("backup a.db b.db --database sqlite:/tmp/x.db").exit_code == 2);
}
