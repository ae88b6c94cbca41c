// incidentctl as a black box: the real binary against a real SQLite file.

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <algorithm>
#include <cstdio>
#include <map>

#include "demo_fixture.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/notifications/notification_router.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_outbox_store.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "incidentctl_support.h"
#include "run_command.h"
#include "temp_dir.h"

using namespace incidents::engine;
using namespace incidents::storage::sqlite;
using namespace incidents::testing;

namespace {

using Run = CommandRun;

// A data-sharing request through to granted, beside whatever the file holds.
std::string AddDataRequest(const std::string& path) {
  auto db = SqliteDatabase::Open(path);
  REQUIRE(db.ok());
  SqliteTicketStore store(*db.value());
  SqliteDirectory directory(*db.value());
  ManualClock clock(DemoStart());
  incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
  incidents::workflows::DataRequestWorkflow requests{incidents::testing::DemoWorkflowSettings()};
  TicketService service(store, directory, workflow, clock, workflow.settings());
  service.AddWorkflow(requests);
  SubmitCommand c;
  c.scope = Scope::kPersonOrBusiness;
  c.title = "Dữ liệu quy hoạch sử dụng đất";
  c.data_wanted = "Bản đồ quy hoạch đến năm 2030.";
  c.purpose = "Lập dự án đầu tư.";
  c.legal_basis = "Luật Đất đai 2024.";
  c.requester_name = "Công ty TNHH Vĩnh Hy";
  auto t = service.Submit(DemoActor("stttt.engineer"), c);
  REQUIRE(t.ok());
  REQUIRE(service.Apply(DemoActor("stttt.engineer"), t->id, ScreenCommand{}).ok());
  DecideCommand grant;
  grant.outcome = DecisionOutcome::kGrant;
  grant.datasets = {"Quy hoạch 2030"};
  grant.valid_until = CivilDate{2027, 12, 31};
  REQUIRE(service.Apply(DemoActor("stttt.coordinator"), t->id, grant).ok());
  return t->id;
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

void WriteFile(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

}  // namespace

TEST_CASE("incidentctl verify passes on an untouched database", "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  MakeDatabase(path, 2);
  const Run r = Incidentctl("verify --no-citations --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("OK: 2 tickets verified") != std::string::npos);
}

TEST_CASE("incidentctl verify fails and names the ticket and event after a stored event is edited",
          "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  const auto ids = MakeDatabase(path, 2);
  // What someone with write access to the file could do: drop the guard and edit.
  RawExec(path, "DROP TRIGGER ticket_events_append_only_update");
  const std::string sql = "UPDATE ticket_events SET payload = '{\"body\":\"Đã xử lý xong\"}' WHERE ticket_id = '" +
                          ids[1] + "' AND seq = 3";
  RawExec(path, sql.c_str());
  const Run r = Incidentctl("verify --no-citations --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("FAIL ticket " + ids[1] + ": event 3") != std::string::npos);
  CHECK(r.output.find(ids[0] + ":") == std::string::npos);
}

TEST_CASE("incidentctl verify catches a snapshot edited without touching the history", "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  const auto ids = MakeDatabase(path, 2);
  const std::string sql =
      "UPDATE tickets SET snapshot = replace(snapshot, '\"state\":\"triage\"', '\"state\":\"closed\"') WHERE id = '" +
      ids[0] + "'";
  RawExec(path, sql.c_str());
  const Run r = Incidentctl("verify --no-citations --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("FAIL ticket " + ids[0]) != std::string::npos);
  CHECK(r.output.find("state") != std::string::npos);
}

TEST_CASE("incidentctl reports usage and unreachable databases with exit code 2", "[incidentctl]") {
  CHECK(Incidentctl("verify").exit_code == 2);
  CHECK(Incidentctl("frobnicate").exit_code == 2);
  const Run r = Incidentctl("verify --no-citations --database sqlite:/nonexistent-dir/x.db");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("cannot open") != std::string::npos);
  CHECK(Incidentctl("workflow --config /nonexistent/incidentd.json").exit_code == 2);
  CHECK(Incidentctl("workflow --frobnicate").exit_code == 2);
}

// From the source tree, as an administrator runs it: the shipped config names the
// regulation file by a path relative to the working directory.
Run FromSourceTree(const std::string& args) {
  return RunCommand(std::string("cd '") + INCIDENTS_SOURCE_DIR + "' && " + INCIDENTCTL_PATH + " " + args);
}

TEST_CASE("incidentctl workflow prints each transition's citation in Vietnamese, by case where it depends",
          "[incidentctl]") {
  const Run w = FromSourceTree("workflow");
  INFO(w.output);
  CHECK(w.exit_code == 0);
  CHECK(w.output.find("acknowledge: reported -> triage  by engineer/coordinator  [khoản 1 Điều 17]") !=
        std::string::npos);
  CHECK(w.output.find("[by scope: intra_province điểm b khoản 2 Điều 11; outside_agency khoản 2 Điều 12; "
                      "person_or_business điểm b khoản 2 Điều 13;]") != std::string::npos);
  CHECK(w.output.find("Art.") == std::string::npos);
  CHECK(w.output.find("citations are not checked") == std::string::npos);
  // Without a regulation file there is nothing to cite, and it says so.
  TempDir dir;
  std::ofstream(dir.File("empty.json")) << "{}";
  const Run bare = Incidentctl("workflow --config " + dir.File("empty.json"));
  CHECK(bare.exit_code == 0);
  CHECK(bare.output.find("citations are not checked") != std::string::npos);
}

TEST_CASE("incidentctl verify under the shipped config holds the events to their recorded citations",
          "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  MakeDatabase(path, 2);
  const Run r = FromSourceTree("verify --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("OK: 2 tickets verified") != std::string::npos);
  CHECK(r.output.find("citations are not checked") == std::string::npos);
}

TEST_CASE("incidentctl verify replays a data-sharing request through its own workflow, and prints that workflow",
          "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  MakeDatabase(path, 2);
  const std::string id = AddDataRequest(path);
  const Run r = FromSourceTree("verify --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("OK: 3 tickets verified") != std::string::npos);
  // Its decision edited in the snapshot: verify names it.
  RawExec(path, ("UPDATE tickets SET snapshot = replace(snapshot, '\"outcome\":\"grant\"', '\"outcome\":\"partial\"') "
                 "WHERE id = '" + id + "'").c_str());
  const Run edited = FromSourceTree("verify --database sqlite:" + path);
  INFO(edited.output);
  CHECK(edited.exit_code == 1);
  CHECK(edited.output.find("FAIL ticket " + id) != std::string::npos);
  const Run table = FromSourceTree("workflow data_request");
  INFO(table.output);
  CHECK(table.exit_code == 0);
  CHECK(table.output.find("workflow data_request") != std::string::npos);
  CHECK(table.output.find("awaiting_agreement") != std::string::npos);
  CHECK(table.output.find("điểm a khoản 2 Điều 13") != std::string::npos);  // consult, a person's request
  CHECK(FromSourceTree("workflow weather").exit_code == 2);
}

// Issue 14 review: a verify without the regulation file used to pass with a warning, so a
// history whose legal bases were rewritten passed too. It now runs only when told to.
TEST_CASE("incidentctl verify refuses to run without the regulation file unless told --no-citations",
          "[incidentctl]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  MakeDatabase(path, 2);
  std::ofstream(dir.File("empty.json")) << "{}";
  const Run refused = Incidentctl("verify --config " + dir.File("empty.json") + " --database sqlite:" + path);
  INFO(refused.output);
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("regulation file") != std::string::npos);
  CHECK(refused.output.find("--no-citations") != std::string::npos);
  const Run told = Incidentctl("verify --no-citations --config " + dir.File("empty.json") + " --database sqlite:" + path);
  INFO(told.output);
  CHECK(told.exit_code == 0);
  CHECK(told.output.find("citations are not checked") != std::string::npos);
  CHECK(Incidentctl("workflow --no-citations").exit_code == 2);  // verify's flag only
}

TEST_CASE("incidentctl calendar prints a year's days off and make-up days with their source, sorted",
          "[incidentctl][calendar]") {
  TempDir dir;  // an empty config: every key at its default
  const std::string config = dir.File("incidentd.json");
  WriteFile(config, "{}");
  const Run r = Incidentctl("calendar 2027 --config " + config);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("2027-02-06\tThứ Bảy\tday off\tTết Nguyên Đán\tâm lịch 1/1\n") != std::string::npos);
  CHECK(r.output.find("2027-04-16\tThứ Sáu\tday off\tGiỗ Tổ Hùng Vương\tâm lịch 10/3\n") != std::string::npos);
  CHECK(r.output.find("2027-09-02\tThứ Năm\tday off\tQuốc khánh\tdương lịch 2/9\n") != std::string::npos);
  CHECK(r.output.find("2027-05-03\tThứ Hai\tday off\tNghỉ bù Ngày Quốc tế Lao động\t"
                      "bù cho Ngày Quốc tế Lao động 2027-05-01 (khoản 3 Điều 111 BLLĐ 2019)\n") != std::string::npos);
  // Every line but the summary starts with a date of 2027, in ascending order.
  std::vector<std::string> dates;
  std::size_t pos = 0;
  while (pos < r.output.size()) {
    const std::size_t eol = r.output.find('\n', pos);
    const std::string line = r.output.substr(pos, eol - pos);
    pos = eol == std::string::npos ? r.output.size() : eol + 1;
    if (line.rfind("2027-", 0) == 0) dates.push_back(line.substr(0, 10));
    else CHECK(line.rfind("2027: ", 0) == 0);
  }
  CHECK(dates.size() == 14);
  CHECK(std::is_sorted(dates.begin(), dates.end()));
  CHECK(std::adjacent_find(dates.begin(), dates.end()) == dates.end());
  CHECK(r.output.find("2027: 14 days off, 0 make-up working days") != std::string::npos);
}

TEST_CASE("incidentctl calendar reads the config's announced days, from a file and from --set",
          "[incidentctl][calendar]") {
  TempDir dir;
  const std::string config = dir.File("incidentd.json");
  WriteFile(config, R"({"calendar": {"extra_working_days": [{"date": "2027-02-20", "name": "Làm bù cho 12/2",
                        "document": "Thông báo 2/TB-TEST"}]}})");
  const Run r = Incidentctl("calendar 2027 --config " + config +
                            " --set 'calendar.extra_days_off=[{\"date\":\"2027-02-12\",\"name\":\"Nghỉ thêm Tết\","
                            "\"document\":\"Thông báo 2/TB-TEST\"}]'");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto off = r.output.find("2027-02-12\tThứ Sáu\tday off\tNghỉ thêm Tết\tThông báo 2/TB-TEST\n");
  const auto work = r.output.find("2027-02-20\tThứ Bảy\tworking day\tLàm bù cho 12/2\tThông báo 2/TB-TEST\n");
  CHECK(off != std::string::npos);
  CHECK(work != std::string::npos);
  CHECK(off < work);
  CHECK(r.output.find("2027: 15 days off, 1 make-up working days") != std::string::npos);
}

TEST_CASE("incidentctl calendar rejects a bad year, a bad config and a missing config file with exit code 2",
          "[incidentctl][calendar]") {
  CHECK(Incidentctl("calendar").exit_code == 2);
  CHECK(Incidentctl("calendar 20x7").exit_code == 2);
  CHECK(Incidentctl("calendar 1899").exit_code == 2);
  CHECK(Incidentctl("calendar 2101").exit_code == 2);
  CHECK(Incidentctl("calendar 2027 2028").exit_code == 2);
  const Run bad_key = Incidentctl("calendar 2027 --set calendar.no_such_key=1");
  CHECK(bad_key.exit_code == 2);
  CHECK(bad_key.output.find("calendar.no_such_key") != std::string::npos);
  CHECK(Incidentctl("calendar 2027 --set calendar.workdays=[]").exit_code == 2);
  const Run missing = Incidentctl("calendar 2027 --config /nonexistent/incidentd.json");  // given, so required
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("cannot read config file /nonexistent/incidentd.json") != std::string::npos);
}

TEST_CASE("incidentctl notifications retry --dead requeues dead outbox rows to pending", "[incidentctl][outbox]") {
  TempDir dir;
  const std::string path = dir.File("incidents.db");
  std::vector<std::int64_t> dead_ids;
  std::string ticket_id;
  {
    auto db = SqliteDatabase::Open(path);
    REQUIRE(db.ok());
    SqliteTicketStore store(*db.value());
    SqliteDirectory directory(*db.value());
    SqliteOutboxStore outbox(*db.value());
    REQUIRE(directory.Commit(DemoDirectoryChange()).ok());
    ManualClock clock(DemoStart());
    incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
    TicketService service(store, directory, workflow, clock, workflow.settings());
    incidents::notifications::NotificationRouter router(incidents::notifications::DefaultNotificationRules(),
                                                        workflow.settings(), workflow.Catalog(), directory);
    service.SetOutboxPlanner(&router);  // the report's notifications go to the outbox with the event
    ReportCommand r;
    r.category = Category::kDataDiscrepancy;
    r.title = "Sai lệch dữ liệu";
    r.description = "Mô tả";
    r.parties = {"stnmt"};
    auto t = service.Report(DemoActor("stp.reporter"), r);
    REQUIRE(t.ok());
    ticket_id = t->id;
    auto rows = outbox.ClaimDue(MillisTime(std::chrono::milliseconds(INT64_C(1) << 50)), 100, std::chrono::seconds(60));
    REQUIRE(rows.ok());
    REQUIRE(rows->size() >= 2);
    for (std::size_t i = 0; i + 1 < rows->size(); ++i) {  // all but one die; the last stays pending
      REQUIRE(outbox.MarkDead((*rows)[i].id, "smtp: 550 mailbox unavailable").ok());
      dead_ids.push_back((*rows)[i].id);
    }
  }
  auto statuses = [&] {
    auto db = SqliteDatabase::Open(path);
    REQUIRE(db.ok());
    SqliteOutboxStore outbox(*db.value());
    auto rows = outbox.ListForTicket(ticket_id);
    REQUIRE(rows.ok());
    std::map<std::int64_t, OutboxRow> out;
    for (auto& row : rows.value()) out[row.id] = row;
    return out;
  };
  for (auto id : dead_ids) CHECK(statuses()[id].status == DeliveryStatus::kDead);

  const Run r = Incidentctl("notifications retry --dead --database sqlite:" + path);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("requeued " + std::to_string(dead_ids.size()) + " dead notification") != std::string::npos);
  const auto after = statuses();
  for (auto id : dead_ids) {
    CHECK(after.at(id).status == DeliveryStatus::kPending);
    CHECK(after.at(id).attempts == 0);
  }
  const Run again = Incidentctl("notifications retry --dead --database sqlite:" + path);
  CHECK(again.exit_code == 0);
  CHECK(again.output.find("requeued 0 dead notifications") != std::string::npos);
}

TEST_CASE("incidentctl notifications retry needs --dead and a reachable database", "[incidentctl][outbox]") {
  CHECK(Incidentctl("notifications").exit_code == 2);
  CHECK(Incidentctl("notifications retry --database sqlite:/tmp/x.db").exit_code == 2);  // no --dead
  CHECK(Incidentctl("notifications retry --dead").exit_code == 2);
  const Run r = Incidentctl("notifications retry --dead --database sqlite:/nonexistent-dir/x.db");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("cannot open") != std::string::npos);
}
