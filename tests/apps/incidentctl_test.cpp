// incidentctl as a black box: the real binary against a real SQLite file.

#include <sqlite3.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "demo_fixture.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "temp_dir.h"

using namespace incidents::engine;
using namespace incidents::storage::sqlite;
using namespace incidents::testing;

namespace {

struct Run {
  int exit_code;
  std::string output;
};

Run Incidentctl(const std::string& args) {
  const std::string cmd = std::string(INCIDENTCTL_PATH) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Two tickets with a few events each, written through the real store.
std::vector<std::string> MakeDatabase(const std::string& path) {
  auto db = SqliteDatabase::Open(path);
  REQUIRE(db.ok());
  SqliteTicketStore store(*db.value());
  SqliteDirectory directory(*db.value());
  for (const auto& org : DemoOrgs()) REQUIRE(directory.PutOrg(org).ok());
  for (const auto& user : DemoUsers()) REQUIRE(directory.PutUser(user).ok());
  ManualClock clock(DemoStart());
  incidents::workflows::IncidentWorkflow workflow;
  TicketService service(store, directory, workflow, clock, workflow.settings());
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    ReportCommand r;
    r.category = Category::kDataDiscrepancy;
    r.title = "Sai lệch dữ liệu " + std::to_string(i);
    r.description = "Mô tả";
    r.parties = {"stnmt"};
    auto t = service.Report(DemoActor("stp.reporter"), r);
    REQUIRE(t.ok());
    clock.Advance(std::chrono::minutes(5));
    REQUIRE(service.Apply(DemoActor("stttt.engineer"), t->id, AcknowledgeCommand{}).ok());
    REQUIRE(service.Apply(DemoActor("stttt.engineer"), t->id, CommentCommand{"Đang kiểm tra"}).ok());
    ids.push_back(t->id);
  }
  return ids;
}

void RawExec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("incidentctl verify passes on an untouched database", "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  MakeDatabase(path);
  const Run r = Incidentctl("verify --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("OK: 2 tickets verified") != std::string::npos);
}

TEST_CASE("incidentctl verify fails and names the ticket and event after a stored event is edited",
          "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  const auto ids = MakeDatabase(path);
  // What someone with write access to the file could do: drop the guard and edit.
  RawExec(path, "DROP TRIGGER ticket_events_append_only_update");
  const std::string sql = "UPDATE ticket_events SET payload = '{\"body\":\"Đã xử lý xong\"}' WHERE ticket_id = '" +
                          ids[1] + "' AND seq = 3";
  RawExec(path, sql.c_str());
  const Run r = Incidentctl("verify --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("FAIL ticket " + ids[1] + ": event 3") != std::string::npos);
  CHECK(r.output.find(ids[0] + ":") == std::string::npos);
}

TEST_CASE("incidentctl verify catches a snapshot edited without touching the history", "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  const auto ids = MakeDatabase(path);
  const std::string sql =
      "UPDATE tickets SET snapshot = replace(snapshot, '\"state\":\"triage\"', '\"state\":\"closed\"') WHERE id = '" +
      ids[0] + "'";
  RawExec(path, sql.c_str());
  const Run r = Incidentctl("verify --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("FAIL ticket " + ids[0]) != std::string::npos);
  CHECK(r.output.find("state") != std::string::npos);
}

TEST_CASE("incidentctl reports usage and unreachable databases with exit code 2", "[incidentctl]") {
  CHECK(Incidentctl("verify").exit_code == 2);
  CHECK(Incidentctl("frobnicate").exit_code == 2);
  const Run r = Incidentctl("verify --database sqlite:/nonexistent-dir/x.db");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("cannot open") != std::string::npos);
  const Run w = Incidentctl("workflow");
  CHECK(w.exit_code == 0);
  CHECK(w.output.find("escalate_chairman") != std::string::npos);
  CHECK(w.output.find("Art. 12.2, 13.2b") != std::string::npos);
}
