#include "incidentctl_support.h"

#include <catch2/catch.hpp>

#include "demo_fixture.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"

namespace incidents::testing {

using namespace incidents::engine;
using namespace incidents::storage::sqlite;

CommandRun Incidentctl(const std::string& args) { return RunCommand(std::string(INCIDENTCTL_PATH) + " " + args); }

std::string ReportOne(TicketService& service, ManualClock& clock, const std::string& title) {
  ReportCommand r;
  r.category = Category::kDataDiscrepancy;
  r.title = title;
  r.description = "Mô tả";
  r.parties = {"stnmt"};
  auto t = service.Report(DemoActor("stp.reporter"), r);
  REQUIRE(t.ok());
  clock.Advance(std::chrono::minutes(5));
  REQUIRE(service.Apply(DemoActor("stttt.engineer"), t->id, AcknowledgeCommand{}).ok());
  REQUIRE(service.Apply(DemoActor("stttt.engineer"), t->id, CommentCommand{"Đang kiểm tra"}).ok());
  return t->id;
}

std::vector<std::string> MakeDatabase(const std::string& path, int n) {
  auto db = SqliteDatabase::Open(path);
  REQUIRE(db.ok());
  SqliteTicketStore store(*db.value());
  SqliteDirectory directory(*db.value());
  REQUIRE(directory.Commit(DemoDirectoryChange()).ok());
  ManualClock clock(DemoStart());
  incidents::workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  TicketService service(store, directory, workflow, clock, workflow.settings());
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(ReportOne(service, clock, "Sai lệch dữ liệu " + std::to_string(i)));
  return ids;
}

}  // namespace incidents::testing
