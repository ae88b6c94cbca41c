// DirectoryService (engine/include/incidents/engine/directory_service.h): who may change
// the directory, the checks that name the field, the audited history, focal-point terms,
// the list of Art. 18.3, password links, and the all-or-nothing import. Over the
// in-memory DirectoryStore; the SQL stores keep the same contract (tests/adapters/storage).

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "demo_fixture.h"
#include "in_memory_directory.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/directory_service.h"
#include "manual_clock.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;

CivilDate Day(const char* iso) {
  auto d = ParseIsoDate(iso);
  REQUIRE(d.has_value());
  return *d;
}

const Actor kAdmin = Actor::User("admin", "stttt", {Role::kAdmin});
const Actor kCoordinator = Actor::User("stttt.coordinator", "stttt", {Role::kCoordinator, Role::kEngineer});
const Actor kEngineer = Actor::User("stttt.engineer", "stttt", {Role::kEngineer});
const Actor kChairman = Actor::User("chairman", "vp-ubnd", {Role::kChairman});

Org MakeOrg(std::string id, std::string kind = "department") {
  Org o;
  o.id = id;
  o.name = "Cơ quan " + id;
  o.kind = std::move(kind);
  return o;
}

User MakeUser(std::string username, std::string org, std::set<Role> roles = {Role::kReporter}) {
  User u;
  u.username = std::move(username);
  u.display_name = "Cán bộ " + u.username;
  u.org = std::move(org);
  u.roles = std::move(roles);
  return u;
}

FocalPointAppointment Appoint(std::string username, const char* since, FocalPointRole role = FocalPointRole::kFocal) {
  FocalPointAppointment a;
  a.username = std::move(username);
  a.role = role;
  a.position = "Chuyên viên Phòng CNTT";
  a.since = Day(since);
  a.decision_ref = "12/QĐ-STP";
  return a;
}

struct World {
  InMemoryDirectory store;
  ManualClock clock{*ParseRfc3339("2026-12-04T03:00:00Z")};
  DirectoryService service{store, clock, DemoWorkflowSettings()};

  World() {
    for (const Org& o : {MakeOrg("stttt", "provincial_focal"), MakeOrg("vp-ubnd", "chairman_office"), MakeOrg("stp")})
      REQUIRE(service.CreateOrg(kAdmin, o).ok());
    for (const User& u : {MakeUser("stp.a", "stp"), MakeUser("stp.b", "stp"), MakeUser("stp.c", "stp"),
                          MakeUser("stttt.coordinator", "stttt", {Role::kCoordinator})})
      REQUIRE(service.CreateUser(kAdmin, u).ok());
  }

  std::int64_t Head() {
    auto h = store.DirectoryHead();
    REQUIRE(h.ok());
    return h.value();
  }
  std::vector<DirectoryEvent> History() {
    auto events = store.ListDirectoryEvents(0, 100000);
    REQUIRE(events.ok());
    return events.value();
  }
  std::vector<FocalPoint> Terms(const std::string& org) {
    auto terms = store.ListFocalPoints(org);
    REQUIRE(terms.ok());
    return terms.value();
  }
};

TEST_CASE("directory: each write is one audited event and the history chain verifies") {
  World w;
  const auto events = w.History();
  REQUIRE(events.size() == 7);  // 3 orgs + 4 users
  CHECK(events[0].type == "org_created");
  CHECK(events[0].subject == "org:stttt");
  CHECK(events[0].actor == "admin");
  CHECK(events[0].legal_basis == "Art. 18.1");
  CHECK(events[3].type == "user_created");
  CHECK(VerifyDirectoryChain(events).ok());

  auto tampered = events;
  tampered[2].payload["name"] = "Sở khác";
  CHECK(VerifyDirectoryChain(tampered).code() == ErrorCode::kCorruption);
}

TEST_CASE("directory: only an administrator administers orgs and users") {
  World w;
  const std::int64_t head = w.Head();
  CHECK(w.service.CreateOrg(kCoordinator, MakeOrg("syt")).status().code() == ErrorCode::kForbidden);
  CHECK(w.service.CreateUser(kEngineer, MakeUser("x.y", "stp")).status().code() == ErrorCode::kForbidden);
  OrgPatch rename;
  rename.name = "Sở mới";
  CHECK(w.service.UpdateOrg(kChairman, "stp", rename).status().code() == ErrorCode::kForbidden);
  CHECK(w.Head() == head);
}

TEST_CASE("directory: bad org values name the field and change nothing") {
  World w;
  const std::int64_t head = w.Head();
  Org bad = MakeOrg("syt", "agency");
  auto r = w.service.CreateOrg(kAdmin, bad);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK_THAT(r.status().message(), Contains("field 'kind'"));

  CHECK_THAT(w.service.CreateOrg(kAdmin, MakeOrg("Sở Y tế")).status().message(), Contains("field 'id'"));
  Org unnamed = MakeOrg("syt");
  unnamed.name = "   ";
  CHECK_THAT(w.service.CreateOrg(kAdmin, unnamed).status().message(), Contains("field 'name'"));
  CHECK(w.service.CreateOrg(kAdmin, MakeOrg("stp")).status().code() == ErrorCode::kConflict);
  Org orphan = MakeOrg("syt");
  orphan.successor = "nowhere";
  CHECK_THAT(w.service.CreateOrg(kAdmin, orphan).status().message(), Contains("field 'successor'"));
  CHECK(w.Head() == head);
}

TEST_CASE("directory: a merger names the successor, refuses cycles, and resolves the effective org") {
  World w;
  REQUIRE(w.service.CreateOrg(kAdmin, MakeOrg("skhcn")).ok());
  OrgPatch merge;
  merge.successor = "skhcn";
  merge.active = false;
  auto merged = w.service.UpdateOrg(kAdmin, "stttt", merge);
  REQUIRE(merged.ok());
  CHECK(merged->successor == "skhcn");
  CHECK_FALSE(merged->active);

  OrgPatch back;
  back.successor = "stttt";
  auto cycle = w.service.UpdateOrg(kAdmin, "skhcn", back);
  CHECK(cycle.status().code() == ErrorCode::kInvalidValue);
  CHECK_THAT(cycle.status().message(), Contains("cycle"));

  auto orgs = w.store.ListOrgs();
  REQUIRE(orgs.ok());
  CHECK(EffectiveOrg(orgs.value(), "stttt") == "skhcn");
  CHECK(PredecessorsOf(orgs.value(), "skhcn") == std::set<std::string>{"stttt"});

  // A patch that changes nothing writes nothing.
  const std::int64_t head = w.Head();
  REQUIRE(w.service.UpdateOrg(kAdmin, "stttt", merge).ok());
  CHECK(w.Head() == head);
  const auto last = w.History().back();
  CHECK(last.type == "org_updated");
  CHECK(last.payload.count("successor") == 1);
  CHECK(last.payload.count("name") == 0);
}

TEST_CASE("directory: users are checked, normalised, and their history holds no personal data") {
  World w;
  User u = MakeUser("stp.d", "stp");
  u.email = "d@stp.gov.vn";
  u.phone = "+84 90-000.0009";
  u.password_hash = "$pbkdf2$should-be-ignored";
  auto created = w.service.CreateUser(kAdmin, u);
  REQUIRE(created.ok());
  CHECK(created->phone == "+84900000009");
  CHECK(created->password_hash.empty());
  const auto event = w.History().back();
  const std::string text = ToCanonicalJson(DirectoryEventToJson(event));
  CHECK_THAT(text, !Contains("d@stp.gov.vn"));
  CHECK_THAT(text, !Contains("84900000009"));
  CHECK_THAT(text, !Contains("pbkdf2"));

  User bad_email = MakeUser("stp.e", "stp");
  bad_email.email = "not an email";
  CHECK_THAT(w.service.CreateUser(kAdmin, bad_email).status().message(), Contains("field 'email'"));
  User bad_phone = MakeUser("stp.e", "stp");
  bad_phone.phone = "12";
  CHECK_THAT(w.service.CreateUser(kAdmin, bad_phone).status().message(), Contains("field 'phone'"));
  CHECK_THAT(w.service.CreateUser(kAdmin, MakeUser("stp.e", "nowhere")).status().message(), Contains("field 'org'"));
  CHECK_THAT(w.service.CreateUser(kAdmin, MakeUser("stp.e", "stp", {})).status().message(), Contains("field 'roles'"));
  CHECK_THAT(w.service.CreateUser(kAdmin, MakeUser("system", "stp")).status().message(), Contains("reserved"));
}

TEST_CASE("directory: the password policy") {
  CHECK(CheckPasswordPolicy("stp.a", "đủ-dài-và-riêng-2026").ok());
  CHECK_THAT(CheckPasswordPolicy("stp.a", "short-pw").message(), Contains("at least 12"));
  CHECK_THAT(CheckPasswordPolicy("stp.reporter", "STP.REPORTER2026").message(), Contains("username"));
  CHECK_THAT(CheckPasswordPolicy("stp.a", "Password1234").message(), Contains("common"));
  CHECK_THAT(CheckPasswordPolicy("stp.a", "zzzzzzzzzzzzzz").message(), Contains("common"));
  CHECK_THAT(CheckPasswordPolicy("stp.a", "matkhau123456", "new").message(), Contains("field 'new'"));
}

TEST_CASE("directory: a set-password link works once and not after it expires") {
  World w;
  const Timestamp expires = w.clock.Now() + std::chrono::hours(72);
  REQUIRE(w.service.IssuePasswordReset(kAdmin, "stp.a", "hash-of-token", expires).ok());
  CHECK(w.History().back().type == "password_reset_issued");
  CHECK(w.service.ResetPassword("hash-of-token", "short", "$h1").code() == ErrorCode::kInvalidValue);
  REQUIRE(w.service.ResetPassword("hash-of-token", "một-mật-khẩu-dài", "$h1").ok());
  auto user = w.store.FindUser("stp.a");
  REQUIRE(user.ok());
  CHECK(user.value()->password_hash == "$h1");
  CHECK(w.service.ResetPassword("hash-of-token", "một-mật-khẩu-khác", "$h2").code() == ErrorCode::kNotFound);

  REQUIRE(w.service.IssuePasswordReset(kAdmin, "stp.b", "other-token", expires).ok());
  w.clock.Advance(std::chrono::hours(73));
  CHECK(w.service.ResetPassword("other-token", "một-mật-khẩu-dài", "$h3").code() == ErrorCode::kNotFound);
  CHECK(w.service.IssuePasswordReset(kCoordinator, "stp.b", "t3", expires).code() == ErrorCode::kForbidden);
}

TEST_CASE("directory: appointing a focal point ends the previous term and keeps history by date") {
  World w;
  auto first = w.service.AppointFocalPoint(kAdmin, "stp", Appoint("stp.a", "2026-01-05"));
  REQUIRE(first.ok());
  CHECK(first->id != 0);
  REQUIRE(w.service.AppointFocalPoint(kCoordinator, "stp", Appoint("stp.b", "2026-06-01")).ok());

  const auto terms = w.Terms("stp");
  REQUIRE(terms.size() == 2);
  auto on = [&](const char* day) { return FocalPointOnDuty(terms, "stp", Day(day)); };
  REQUIRE(on("2026-03-01"));
  CHECK(on("2026-03-01")->username == "stp.a");
  CHECK(on("2026-05-31")->username == "stp.a");
  CHECK(on("2026-06-01")->username == "stp.b");
  CHECK_FALSE(on("2025-12-31"));
  CHECK(w.History().back().legal_basis == "Art. 18.1b");

  // Not before the latest term, only the org's own staff, only managers of focal points.
  auto early = w.service.AppointFocalPoint(kAdmin, "stp", Appoint("stp.c", "2026-05-01"));
  CHECK_THAT(early.status().message(), Contains("field 'since'"));
  auto foreign = w.service.AppointFocalPoint(kAdmin, "stp", Appoint("stttt.coordinator", "2026-09-01"));
  CHECK_THAT(foreign.status().message(), Contains("field 'username'"));
  CHECK(w.service.AppointFocalPoint(kEngineer, "stp", Appoint("stp.c", "2026-09-01")).status().code() ==
        ErrorCode::kForbidden);
  FocalPointAppointment no_position = Appoint("stp.c", "2026-09-01");
  no_position.position = "";
  CHECK_THAT(w.service.AppointFocalPoint(kAdmin, "stp", no_position).status().message(), Contains("field 'position'"));
  CHECK(w.Terms("stp").size() == 2);
}

TEST_CASE("directory: the deputy is on duty while the focal point is marked absent") {
  World w;
  REQUIRE(w.service.AppointFocalPoint(kAdmin, "stp", Appoint("stp.a", "2026-01-05")).ok());
  REQUIRE(w.service.AppointFocalPoint(kAdmin, "stp", Appoint("stp.b", "2026-01-05", FocalPointRole::kDeputy)).ok());
  const CivilDate today = LocalDateOf(w.clock.Now());
  CHECK(FocalPointOnDuty(w.Terms("stp"), "stp", today)->username == "stp.a");

  auto absent = w.service.SetFocalPointAbsent(kCoordinator, "stp", true);
  REQUIRE(absent.ok());
  CHECK(absent->absent);
  CHECK(FocalPointOnDuty(w.Terms("stp"), "stp", today)->username == "stp.b");
  CHECK(w.History().back().type == "focal_point_absent");

  REQUIRE(w.service.SetFocalPointAbsent(kCoordinator, "stp", false).ok());
  CHECK(FocalPointOnDuty(w.Terms("stp"), "stp", today)->username == "stp.a");
  CHECK(w.service.SetFocalPointAbsent(kAdmin, "stttt", true).status().code() == ErrorCode::kNotFound);
}

TEST_CASE("directory: the focal-point list goes draft, submitted, approved, and a new appointment reopens it") {
  World w;
  CHECK(w.service.ApproveFocalPointList(kAdmin, "35/QĐ-UBND", Day("2026-11-20")).status().code() ==
        ErrorCode::kIllegalTransition);
  auto submitted = w.service.SubmitFocalPointList(kCoordinator);
  REQUIRE(submitted.ok());
  CHECK(submitted->status == FocalListStatus::kSubmitted);
  CHECK(w.service.SubmitFocalPointList(kCoordinator).status().code() == ErrorCode::kIllegalTransition);
  CHECK_THAT(w.service.ApproveFocalPointList(kChairman, "", Day("2026-11-20")).status().message(),
             Contains("field 'decision_ref'"));
  CHECK_THAT(w.service.ApproveFocalPointList(kChairman, "35/QĐ-UBND", Day("2027-01-01")).status().message(),
             Contains("field 'decision_date'"));
  auto approved = w.service.ApproveFocalPointList(kChairman, "35/QĐ-UBND", Day("2026-11-20"));
  REQUIRE(approved.ok());
  CHECK(approved->status == FocalListStatus::kApproved);
  CHECK(approved->decision_ref == "35/QĐ-UBND");
  CHECK(w.History().back().legal_basis == "Art. 18.3");
  CHECK(w.service.SubmitFocalPointList(kEngineer).status().code() == ErrorCode::kForbidden);

  REQUIRE(w.service.AppointFocalPoint(kAdmin, "stp", Appoint("stp.a", "2026-12-01")).ok());
  auto list = w.store.GetFocalPointList();
  REQUIRE(list.ok());
  CHECK(list->status == FocalListStatus::kDraft);
  CHECK(list->revision == approved->revision + 1);
}

DirectoryImport Province() {
  DirectoryImport in;
  Org merged = MakeOrg("stnmt");
  merged.successor = "snnmt";  // defined further down the file
  merged.active = false;
  in.orgs = {MakeOrg("stp"), merged, MakeOrg("snnmt")};
  DirectoryImport::UserRow row;
  row.user = MakeUser("snnmt.focal", "snnmt", {Role::kFocalPoint});
  row.user.email = "focal@snnmt.gov.vn";
  row.user.password_hash = "$demo";
  row.has_password = true;
  in.users = {row};
  in.focal_points = {{"snnmt", Appoint("snnmt.focal", "2026-02-01")}};
  return in;
}

TEST_CASE("directory: an import writes once, and importing the same file again changes nothing") {
  World w;
  auto dry = w.service.Import(kAdmin, Province(), true);
  REQUIRE(dry.ok());
  CHECK(dry->problems.empty());
  CHECK_FALSE(dry->written);
  CHECK(dry->changes == std::vector<std::string>{"create org stnmt", "create org snnmt", "create user snnmt.focal",
                                                 "appoint snnmt.focal as focal of org snnmt from 2026-02-01"});
  const std::int64_t head = w.Head();
  CHECK(w.Head() == head);

  auto first = w.service.Import(kAdmin, Province(), false);
  REQUIRE(first.ok());
  CHECK(first->written);
  CHECK(w.Head() == head + 4);
  auto user = w.store.FindUser("snnmt.focal");
  REQUIRE(user.ok());
  CHECK(user.value()->password_hash == "$demo");

  auto again = w.service.Import(kAdmin, Province(), false);
  REQUIRE(again.ok());
  CHECK(again->changes.empty());
  CHECK_FALSE(again->written);
  CHECK(w.Head() == head + 4);
  CHECK(VerifyDirectoryChain(w.History()).ok());
}

TEST_CASE("directory: one bad row anywhere in an import writes nothing and is named") {
  World w;
  DirectoryImport in = Province();
  in.orgs.push_back(MakeOrg("stp"));  // twice
  in.users.push_back({MakeUser("x.y", "nowhere"), false});
  in.focal_points.push_back({"snnmt", Appoint("stp.a", "2026-03-01")});  // not of that org
  const std::int64_t head = w.Head();
  auto r = w.service.Import(kAdmin, in, false);
  REQUIRE(r.ok());
  CHECK_FALSE(r->written);
  REQUIRE(r->problems.size() == 3);
  CHECK(r->problems[0].section == "orgs");
  CHECK(r->problems[0].row == 3);
  CHECK(r->problems[0].field == "id");
  CHECK(r->problems[1].section == "users");
  CHECK(r->problems[1].row == 1);
  CHECK(r->problems[1].field == "org");
  CHECK(r->problems[2].section == "focal_points");
  CHECK(r->problems[2].field == "username");
  CHECK(w.Head() == head);
  CHECK(w.service.Import(kCoordinator, Province(), false).status().code() == ErrorCode::kForbidden);
}

TEST_CASE("directory: concurrent writers all land, each once, on one valid chain") {
  World w;
  const std::int64_t head = w.Head();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const auto r = w.service.CreateUser(kAdmin, MakeUser("u" + std::to_string(t) + "." + std::to_string(i), "stp"));
        CHECK(r.ok());
      }
    });
  for (auto& th : threads) th.join();
  CHECK(w.Head() == head + 40);
  CHECK(VerifyDirectoryChain(w.History()).ok());
}

}  // namespace
}  // namespace incidents::testing
