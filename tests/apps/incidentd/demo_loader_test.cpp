// LoadDemoDirectory (apps/incidentd/demo_loader.h): config/demo-directory.csv into an
// empty SQLite directory through the import path, with hashed passwords and each org's
// focal point; never over a directory that already has content.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <string>

#include "demo_fixture.h"
#include "demo_loader.h"
#include "incidents/base/password.h"
#include "incidents/storage/database_url.h"
#include "incidents/storage/storage.h"
#include "temp_dir.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

const std::string kDemoFile = std::string(INCIDENTS_SOURCE_DIR) + "/config/demo-directory.csv";

// The service the loader imports through, over an opened store.
struct Demo {
  explicit Demo(const TempDir& dir);
  std::unique_ptr<storage::Storage> storage;
  SystemClock clock;
  DirectoryService service;
};

std::unique_ptr<storage::Storage> OpenSqlite(const TempDir& dir) {
  auto url = storage::ParseDatabaseUrl("sqlite:" + dir.File("demo.db"));
  REQUIRE(url.ok());
  auto s = storage::OpenStorage(url.value(), {});
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s.value());
}

Demo::Demo(const TempDir& dir) : storage(OpenSqlite(dir)), service(storage->directory(), clock, DemoWorkflowSettings()) {}

TEST_CASE("demo: loads the 7 orgs of spec/API.md and the ministry, their users and a focal point for each org of the province") {
  TempDir dir;
  Demo demo(dir);
  auto& storage = demo.storage;
  bool loaded = false;
  const Status st = apps::LoadDemoDirectory(kDemoFile, demo.service, &loaded);
  INFO(st.ToString());
  REQUIRE(st.ok());
  CHECK(loaded);

  auto orgs = storage->directory().ListOrgs();
  REQUIRE(orgs.ok());
  REQUIRE(orgs->size() == 8);
  const std::map<std::string, std::string> names = {
      {"stttt", "Sở Thông tin và Truyền thông"},
      {"stp", "Sở Tư pháp"},
      {"stnmt", "Sở Tài nguyên và Môi trường"},
      {"skhdt", "Sở Kế hoạch và Đầu tư"},
      {"syt", "Sở Y tế"},
      {"ubnd-prtc", "UBND thành phố Phan Rang - Tháp Chàm"},
      {"vp-ubnd", "Văn phòng UBND tỉnh"},
      {"btttt", "Bộ Thông tin và Truyền thông"},
  };
  auto terms = storage->directory().ListFocalPoints("");
  REQUIRE(terms.ok());
  CHECK(terms->size() == 7);
  std::set<std::string> phones;
  for (const auto& o : orgs.value()) {
    CAPTURE(o.id);
    REQUIRE(names.count(o.id) == 1);
    CHECK(o.name == names.at(o.id));
    CHECK(IsOrgKind(o.kind));
    CHECK_FALSE(o.short_name.empty());
    CHECK(o.active);
    CHECK(o.successor.empty());
    if (o.kind == "ministry") continue;  // outside the province: no focal point in its list
    // The org's focal point is a person of the directory, reached at the org's old
    // focal contact addresses.
    const auto duty = FocalPointOnDuty(terms.value(), o.id, CivilDate{2026, 1, 5});
    REQUIRE(duty.has_value());
    CHECK(duty->username == o.id + ".focal");
    CHECK_FALSE(duty->position.empty());
    CHECK_FALSE(duty->decision_ref.empty());
    auto person = storage->directory().FindUser(duty->username);
    REQUIRE(person.ok());
    REQUIRE(person.value().has_value());
    CHECK(person.value()->org == o.id);
    CHECK(person.value()->roles == std::set<Role>{Role::kFocalPoint});
    CHECK_FALSE(person.value()->display_name.empty());
    CHECK(person.value()->email == "focal@" + o.id + ".ninhthuan.example");
    CHECK_THAT(person.value()->phone, StartsWith("+8490000000"));
    phones.insert(person.value()->phone);
  }
  CHECK(phones.size() == 7);
  CHECK(storage->directory().ListUsers().value().size() == 17);
  // The load is in the directory's history, one event per org, user and appointment.
  const auto history = storage->directory().ListDirectoryEvents(0, 1000);
  REQUIRE(history.ok());
  CHECK(history->size() == 8 + 17 + 7);
  CHECK(history->front().actor == "incidentd --demo");
  CHECK(VerifyDirectoryChain(history.value()).ok());

  const std::map<std::string, std::pair<std::string, std::set<Role>>> users = {
      {"stp.reporter", {"stp", {Role::kReporter}}},
      {"stp.focal", {"stp", {Role::kFocalPoint}}},
      {"stnmt.reporter", {"stnmt", {Role::kReporter}}},
      {"stnmt.focal", {"stnmt", {Role::kFocalPoint}}},
      {"syt.reporter", {"syt", {Role::kReporter}}},
      {"stttt.engineer", {"stttt", {Role::kEngineer}}},
      {"stttt.coordinator", {"stttt", {Role::kCoordinator, Role::kEngineer}}},
      {"chairman", {"vp-ubnd", {Role::kChairman}}},
      {"admin", {"stttt", {Role::kAdmin}}},
      {"stttt.focal", {"stttt", {Role::kFocalPoint}}},
      {"skhdt.focal", {"skhdt", {Role::kFocalPoint}}},
      {"syt.focal", {"syt", {Role::kFocalPoint}}},
      {"ubnd-prtc.focal", {"ubnd-prtc", {Role::kFocalPoint}}},
      {"vp-ubnd.focal", {"vp-ubnd", {Role::kFocalPoint}}},
      {"stttt.director", {"stttt", {Role::kDirector}}},
      {"vice.chairman", {"vp-ubnd", {Role::kChairman}}},
      {"vp-ubnd.office", {"vp-ubnd", {Role::kOfficeStaff}}},
  };
  for (const auto& [username, expected] : users) {
    CAPTURE(username);
    auto u = storage->directory().FindUser(username);
    REQUIRE(u.ok());
    REQUIRE(u.value().has_value());
    CHECK(u.value()->org == expected.first);
    CHECK(u.value()->roles == expected.second);
    CHECK(u.value()->active);
    const std::string& hash = u.value()->password_hash;
    CHECK_THAT(hash, StartsWith("pbkdf2-sha256$"));
    CHECK(hash.find("demo") == std::string::npos);
    CHECK(base::VerifyPassword("demo", hash));
    CHECK_FALSE(base::VerifyPassword("Demo", hash));
  }
}

TEST_CASE("demo: a directory that is not empty is left alone") {
  TempDir dir;
  Demo demo(dir);
  auto& storage = demo.storage;
  Org own{"own", "Đơn vị riêng", "", "department", true, ""};
  DirectoryChange c;
  c.orgs = {own};
  REQUIRE(storage->directory().Commit(c).ok());
  bool loaded = true;
  REQUIRE(apps::LoadDemoDirectory(kDemoFile, demo.service, &loaded).ok());
  CHECK_FALSE(loaded);
  auto orgs = storage->directory().ListOrgs();
  REQUIRE(orgs.ok());
  REQUIRE(orgs->size() == 1);
  CHECK(orgs->front() == own);
  auto admin = storage->directory().FindUser("admin");
  REQUIRE(admin.ok());
  CHECK_FALSE(admin.value().has_value());
}

TEST_CASE("demo: loading twice does not reload or overwrite") {
  TempDir dir;
  Demo demo(dir);
  auto& storage = demo.storage;
  bool loaded = false;
  REQUIRE(apps::LoadDemoDirectory(kDemoFile, demo.service, &loaded).ok());
  REQUIRE(loaded);
  // An administrator changes a password after the first start.
  auto u = storage->directory().FindUser("chairman");
  REQUIRE(u.ok());
  User changed = *u.value();
  changed.password_hash = base::HashPassword("mật khẩu mới", 1000);
  DirectoryChange c;
  auto head = storage->directory().DirectoryHead();
  REQUIRE(head.ok());
  c.expected_head = head.value();  // the demo load wrote the history; a commit builds on it
  c.users = {changed};
  REQUIRE(storage->directory().Commit(c).ok());
  REQUIRE(apps::LoadDemoDirectory(kDemoFile, demo.service, &loaded).ok());
  CHECK_FALSE(loaded);
  auto after = storage->directory().FindUser("chairman");
  REQUIRE(after.ok());
  CHECK(base::VerifyPassword("mật khẩu mới", after.value()->password_hash));
  CHECK_FALSE(base::VerifyPassword("demo", after.value()->password_hash));
}

TEST_CASE("demo: a missing or malformed file is kInvalidValue naming it") {
  TempDir dir;
  Demo demo(dir);
  auto& storage = demo.storage;
  bool loaded = true;
  const Status missing = apps::LoadDemoDirectory(dir.File("nope.csv"), demo.service, &loaded);
  CHECK(missing.code() == ErrorCode::kInvalidValue);
  CHECK_THAT(missing.message(), Contains("nope.csv"));
  CHECK_FALSE(loaded);

  const std::string header =
      "table,id,name,short_name,kind,active,successor,username,display_name,org,roles,email,phone,password,role,"
      "position,since,decision_ref,decision_date\n";
  const std::string bad = dir.File("bad.csv");
  std::ofstream(bad) << header << "org,x,X,,department,,,,,,,,,,,,,,\n"
                     << "user,,,,,,,u,U,x,wizard,,,p,,,,,\n"                          // row 3: role
                     << "focal_point,,,,,,,ghost,,x,,,,,focal,Chuyên viên,2025-01-01,1/QĐ,\n"  // row 4: user
                     << "focal_point,,,,,,,u,,x,,,,,focal,Chuyên viên,1-1-2025,1/QĐ,\n";       // row 5: date
  const Status rows = apps::LoadDemoDirectory(bad, demo.service, &loaded);
  CHECK(rows.code() == ErrorCode::kInvalidValue);
  CHECK_THAT(rows.message(), Contains("bad.csv") && Contains("row 3, column K (roles): unknown role 'wizard'"));
  CHECK_THAT(rows.message(), Contains("row 4, column H (username): no user 'ghost'"));
  CHECK_THAT(rows.message(), Contains("row 5, column Q (since)"));
  CHECK_FALSE(loaded);
  CHECK(storage->directory().ListOrgs().value().empty());
}

}  // namespace
}  // namespace incidents::testing
