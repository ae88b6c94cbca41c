// TicketService (engine/include/incidents/engine/ticket_service.h): filing, applying
// events under version checks, visibility and payload validation. Concurrent writers are
// in ticket_service_concurrency_test.cpp.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/ticket_service.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;

Timestamp At(const char* rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  REQUIRE(t.has_value());
  return *t;
}

std::vector<TicketEvent> HistoryOf(TicketStore& store, const std::string& id) {
  auto h = store.LoadHistory(id);
  REQUIRE(h.ok());
  return h.value();
}

std::vector<std::string> Ids(TicketStore& store) {
  auto ids = store.ListTicketIds();
  REQUIRE(ids.ok());
  return ids.value();
}

ReportCommand ValidReport() {
  ReportCommand r;
  r.category = Category::kConnectionFailure;
  r.title = "Mất kết nối trục LGSP";
  r.description = "Không gọi được dịch vụ hộ tịch từ 8 giờ sáng.";
  r.priority = Priority::kHigh;
  r.parties = {"stnmt"};
  r.service = "LGSP";
  return r;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// --------------------------------------------------------------------------------------
// Report

TEST_CASE("Report files a ticket for the actor's org at version 1", "[engine][service][report]") {
  DemoFixture f;
  const Actor actor = DemoActor("stnmt.focal");
  auto t = f.service.Report(actor, ValidReport());
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  CHECK(t->id == "INC-2026-000001");
  CHECK(t->workflow == "incident");
  CHECK(t->reporter == "stnmt.focal");
  CHECK(t->reporter_org == "stnmt");
  CHECK(t->version == 1);
  CHECK(t->state == State::kReported);
  CHECK(t->category == Category::kConnectionFailure);
  CHECK(t->priority == Priority::kHigh);
  CHECK(t->title == "Mất kết nối trục LGSP");
  CHECK(t->description == "Không gọi được dịch vụ hộ tịch từ 8 giờ sáng.");
  CHECK(t->service == std::optional<std::string>("LGSP"));
  CHECK(t->parties == std::vector<std::string>{"stnmt"});
  CHECK_FALSE(t->assignee.has_value());
  CHECK(t->created_at == DemoStart());
  CHECK(t->updated_at == DemoStart());

  auto stored = f.store.LoadTicket(t->id);
  REQUIRE(stored.ok());
  CHECK(stored.value() == t.value());
  CHECK(Ids(f.store) == std::vector<std::string>{"INC-2026-000001"});

  const auto events = HistoryOf(f.store, t->id);
  REQUIRE(events.size() == 1);
  CHECK(events[0].seq == 1);
  CHECK(events[0].type == EventType::kReport);
  CHECK(events[0].actor == "stnmt.focal");
  CHECK(events[0].actor_org == "stnmt");
  CHECK_FALSE(events[0].from_state.has_value());
  CHECK(events[0].to_state == State::kReported);
  CHECK(events[0].at == DemoStart());
  CHECK(events[0].legal_basis == "Art. 16");
  CHECK(events[0].prev_hash == std::string(64, '0'));
  CHECK(events[0].hash == t->last_hash);
}

TEST_CASE("Report numbers tickets in order and removes duplicate parties", "[engine][service][report]") {
  DemoFixture f;
  auto first = f.service.Report(DemoActor("stp.reporter"), ValidReport());
  REQUIRE(first.ok());
  ReportCommand r = ValidReport();
  r.parties = {"syt", "skhdt", "syt"};
  r.service = std::nullopt;
  auto second = f.service.Report(DemoActor("stp.focal"), r);
  REQUIRE(second.ok());
  CHECK(first->id == "INC-2026-000001");
  CHECK(second->id == "INC-2026-000002");
  CHECK(second->parties == std::vector<std::string>{"syt", "skhdt"});
  CHECK_FALSE(second->service.has_value());
  CHECK(second->reporter_org == "stp");
  CHECK(Ids(f.store) == std::vector<std::string>{"INC-2026-000001", "INC-2026-000002"});
}

TEST_CASE("the ticket id carries the year in Vietnam time (UTC+7)", "[engine][service][report]") {
  DemoFixture f;
  f.clock.Set(At("2026-12-31T16:59:59Z"));  // 23:59:59 on 31 December in Vietnam
  auto before = f.service.Report(DemoActor("stp.reporter"), ValidReport());
  REQUIRE(before.ok());
  CHECK(before->id == "INC-2026-000001");

  f.clock.Set(At("2026-12-31T17:30:00Z"));  // 00:30 on 1 January 2027 in Vietnam
  auto after = f.service.Report(DemoActor("stp.reporter"), ValidReport());
  REQUIRE(after.ok());
  CHECK(after->id == "INC-2027-000002");
  CHECK(after->created_at == At("2026-12-31T17:30:00Z"));
}

TEST_CASE("FormatTicketId pads the number and uses the Vietnamese year", "[engine][service][report]") {
  CHECK(FormatTicketId(At("2026-01-05T01:00:00Z"), 42) == "INC-2026-000042");
  CHECK(FormatTicketId(At("2026-01-05T01:00:00Z"), 1) == "INC-2026-000001");
  CHECK(FormatTicketId(At("2026-01-05T01:00:00Z"), 999999) == "INC-2026-999999");
  CHECK(FormatTicketId(At("2025-12-31T17:00:00Z"), 7) == "INC-2026-000007");
  CHECK(FormatTicketId(At("2025-12-31T16:59:59Z"), 7) == "INC-2025-000007");
}

TEST_CASE("only agency users file tickets", "[engine][service][report]") {
  DemoFixture f;
  for (const char* who : {"stttt.engineer", "chairman", "admin"}) {
    INFO(who);
    auto t = f.service.Report(DemoActor(who), ValidReport());
    REQUIRE_FALSE(t.ok());
    CHECK(t.status().code() == ErrorCode::kForbidden);
  }
  CHECK(Ids(f.store).empty());
}

// --------------------------------------------------------------------------------------
// Validation of the report

TEST_CASE("invalid report values are InvalidValue and create no ticket", "[engine][service][validation]") {
  DemoFixture f;
  const std::string existing = f.File();
  const auto ids_before = Ids(f.store);
  REQUIRE(ids_before.size() == 1);

  struct Case {
    const char* what;
    const char* field;
    std::function<void(ReportCommand&)> edit;
  };
  const std::vector<Case> cases = {
      {"empty title", "title", [](ReportCommand& r) { r.title = ""; }},
      {"blank title", "title", [](ReportCommand& r) { r.title = " \t\r\n "; }},
      {"title of 201 Vietnamese characters", "title", [](ReportCommand& r) { r.title = Repeat("ệ", 201); }},
      {"title of 201 ASCII characters", "title", [](ReportCommand& r) { r.title = std::string(201, 'a'); }},
      {"title with a bad UTF-8 sequence", "title", [](ReportCommand& r) { r.title = "Lỗi \xC3\x28 dữ liệu"; }},
      {"title with a stray continuation byte", "title", [](ReportCommand& r) { r.title = "abc\x80"; }},
      {"title with a truncated sequence", "title", [](ReportCommand& r) { r.title = "abc\xE1\xBB"; }},
      {"title with an overlong encoding", "title", [](ReportCommand& r) { r.title = "\xC0\xAF"; }},
      {"title with an encoded surrogate", "title", [](ReportCommand& r) { r.title = "\xED\xA0\x80"; }},
      {"title with 0xFF", "title", [](ReportCommand& r) { r.title = "\xFF"; }},
      {"description with bad UTF-8", "description", [](ReportCommand& r) { r.description = "m\xF0\x28\x8C\x28"; }},
      {"description over 20000 characters", "description",
       [](ReportCommand& r) { r.description = std::string(20001, 'x'); }},
      {"unknown party org", "parties", [](ReportCommand& r) { r.parties = {"stnmt", "sxyz"}; }},
      {"service with bad UTF-8", "service", [](ReportCommand& r) { r.service = "\xC3"; }},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    ReportCommand r = ValidReport();
    c.edit(r);
    auto t = f.service.Report(DemoActor("stp.reporter"), r);
    REQUIRE_FALSE(t.ok());
    INFO(t.status().ToString());
    CHECK(t.status().code() == ErrorCode::kInvalidValue);
    CHECK_THAT(t.status().message(), Contains(c.field));
    CHECK(Ids(f.store) == ids_before);
  }
  auto unknown = f.service.Report(DemoActor("stp.reporter"), [] {
    ReportCommand r = ValidReport();
    r.parties = {"sxyz"};
    return r;
  }());
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Contains("sxyz"));
  CHECK(Ids(f.store) == ids_before);
}

TEST_CASE("a title of exactly 200 Vietnamese characters is accepted", "[engine][service][validation]") {
  DemoFixture f;
  ReportCommand r = ValidReport();
  r.title = Repeat("ệ", 200);  // 600 bytes, 200 code points
  REQUIRE(r.title.size() == 600);
  auto t = f.service.Report(DemoActor("stp.reporter"), r);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  CHECK(t->title == r.title);
  CHECK(Ids(f.store).size() == 1);

  r.title = Repeat("Đ", 199) + "a";  // 2-byte characters
  auto t2 = f.service.Report(DemoActor("stp.reporter"), r);
  INFO(t2.status().ToString());
  CHECK(t2.ok());
  r.title = Repeat("😀", 200);  // 4-byte characters
  auto t3 = f.service.Report(DemoActor("stp.reporter"), r);
  INFO(t3.status().ToString());
  CHECK(t3.ok());
  CHECK(Ids(f.store).size() == 3);
}

TEST_CASE("a description of exactly 20000 characters is accepted", "[engine][service][validation]") {
  DemoFixture f;
  ReportCommand r = ValidReport();
  r.description = Repeat("ữ", 20000);
  auto t = f.service.Report(DemoActor("stp.reporter"), r);
  INFO(t.status().ToString());
  CHECK(t.ok());
}

TEST_CASE("invalid event payloads are refused and change nothing", "[engine][service][validation]") {
  DemoFixture f;
  const std::string id = f.TicketIn(State::kTriage);
  auto before = f.store.LoadTicket(id);
  REQUIRE(before.ok());
  const auto history_before = HistoryOf(f.store, id);

  struct Case {
    const char* what;
    const char* who;
    Command command;
  };
  const std::vector<Case> cases = {
      {"empty comment", "stp.reporter", CommentCommand{""}},
      {"comment with bad UTF-8", "stp.reporter", CommentCommand{"\xC3\x28"}},
      {"request_party_fix to an unknown org", "stttt.engineer", RequestPartyFixCommand{"sxyz", "Kiểm tra"}},
      {"request_party_fix without instructions", "stttt.engineer", RequestPartyFixCommand{"stnmt", "  "}},
      {"assign_doict to a user outside DoICT", "stttt.engineer", AssignDoictCommand{"stp.reporter"}},
      {"assign_doict to an unknown user", "stttt.engineer", AssignDoictCommand{"nobody"}},
      {"reject as a duplicate of itself", "stttt.coordinator", RejectCommand{"Trùng", id}},
      {"reject as a duplicate of an unknown ticket", "stttt.coordinator", RejectCommand{"Trùng", "INC-2026-999999"}},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto r = f.service.Apply(DemoActor(c.who), id, c.command);
    REQUIRE_FALSE(r.ok());
    INFO(r.status().ToString());
    CHECK(r.status().code() == ErrorCode::kInvalidValue);
    auto after = f.store.LoadTicket(id);
    REQUIRE(after.ok());
    CHECK(after.value() == before.value());
    CHECK(HistoryOf(f.store, id) == history_before);
  }
}

TEST_CASE("Apply refuses a report command", "[engine][service]") {
  DemoFixture f;
  const std::string id = f.File();
  auto r = f.service.Apply(DemoActor("stp.reporter"), id, ValidReport());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kInvalidArgument);
  CHECK(HistoryOf(f.store, id).size() == 1);
}

// --------------------------------------------------------------------------------------
// Versions

TEST_CASE("every event, comments included, increments the version by exactly one", "[engine][service][version]") {
  DemoFixture f;
  const std::string id = f.File();
  struct Step {
    const char* who;
    Command command;
  };
  const std::vector<Step> steps = {
      {"stp.reporter", CommentCommand{"Bổ sung thông tin"}},
      {"stttt.engineer", AcknowledgeCommand{}},
      {"stnmt.reporter", CommentCommand{"Đã xem"}},
      {"stttt.engineer", AssignDoictCommand{}},
      {"chairman", CommentCommand{"Đề nghị xử lý sớm"}},
      {"stttt.engineer", ResolveCommand{"Đã sửa"}},
      {"stp.reporter", ConfirmCommand{}},
      {"admin", CommentCommand{"Đã đóng"}},
  };
  std::int64_t version = 1;
  for (const auto& step : steps) {
    INFO(ToString(TypeOf(step.command)) << " by " << step.who);
    f.clock.Advance(std::chrono::minutes(5));
    auto t = f.service.Apply(DemoActor(step.who), id, step.command);
    INFO(t.status().ToString());
    REQUIRE(t.ok());
    CHECK(t->version == version + 1);
    version = t->version;
    const auto events = HistoryOf(f.store, id);
    CHECK(static_cast<std::int64_t>(events.size()) == version);
    CHECK(events.back().seq == version);
    CHECK(events.back().type == TypeOf(step.command));
    CHECK(events.back().hash == t->last_hash);
    CHECK(t->updated_at == f.clock.Now());
  }
  CHECK(version == 9);
  CHECK(f.store.LoadTicket(id)->state == State::kClosed);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("a stale expected_version is VersionConflict and changes nothing", "[engine][service][version]") {
  DemoFixture f;
  const std::string id = f.File();
  f.Do("stttt.engineer", id, AcknowledgeCommand{});  // version 2
  auto before = f.store.LoadTicket(id);
  REQUIRE(before.ok());
  REQUIRE(before->version == 2);

  for (std::int64_t stale : {std::int64_t{1}, std::int64_t{3}, std::int64_t{0}}) {
    INFO("expected_version " << stale);
    auto r = f.service.Apply(DemoActor("stttt.engineer"), id, CommentCommand{"x"}, stale);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kVersionConflict);
    auto after = f.store.LoadTicket(id);
    REQUIRE(after.ok());
    CHECK(after.value() == before.value());
    CHECK(HistoryOf(f.store, id).size() == 2);
  }
  auto ok = f.service.Apply(DemoActor("stttt.engineer"), id, AssignDoictCommand{}, 2);
  INFO(ok.status().ToString());
  REQUIRE(ok.ok());
  CHECK(ok->version == 3);
  CHECK(ok->state == State::kDoictFixing);
}

TEST_CASE("an illegal transition changes nothing", "[engine][service][version]") {
  DemoFixture f;
  const std::string id = f.File();
  auto before = f.store.LoadTicket(id);
  REQUIRE(before.ok());
  auto r = f.service.Apply(DemoActor("stp.reporter"), id, ConfirmCommand{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kIllegalTransition);
  CHECK(f.store.LoadTicket(id).value() == before.value());
  CHECK(HistoryOf(f.store, id).size() == 1);
}

// --------------------------------------------------------------------------------------
// Time

TEST_CASE("an event's time never goes backwards even if the clock is set back", "[engine][service][time]") {
  DemoFixture f;
  const Timestamp t0 = DemoStart();
  const std::string id = f.File();
  f.clock.Set(t0 + std::chrono::hours(2));
  f.Do("stttt.engineer", id, AcknowledgeCommand{});

  f.clock.Set(t0 - std::chrono::hours(24));  // the clock steps back a day
  const Ticket after_step_back = f.Do("stp.reporter", id, CommentCommand{"Đồng hồ lùi"});
  CHECK(after_step_back.updated_at == t0 + std::chrono::hours(2));
  CHECK(after_step_back.created_at == t0);

  f.clock.Set(t0 + std::chrono::hours(1));  // still earlier than the last event
  f.Do("stttt.engineer", id, AssignDoictCommand{});

  f.clock.Set(t0 + std::chrono::hours(3));
  const Ticket later = f.Do("stp.reporter", id, CommentCommand{"Đồng hồ đúng"});
  CHECK(later.updated_at == t0 + std::chrono::hours(3));

  const auto events = HistoryOf(f.store, id);
  REQUIRE(events.size() == 5);
  CHECK(events[0].at == t0);
  CHECK(events[1].at == t0 + std::chrono::hours(2));
  CHECK(events[2].at == t0 + std::chrono::hours(2));
  CHECK(events[3].at == t0 + std::chrono::hours(2));
  CHECK(events[4].at == t0 + std::chrono::hours(3));
  for (std::size_t i = 1; i < events.size(); ++i) {
    INFO("event " << i + 1);
    CHECK(events[i].at >= events[i - 1].at);
  }
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

// --------------------------------------------------------------------------------------
// Visibility

TEST_CASE("Get and History of a ticket invisible to the actor are NotFound", "[engine][service][visibility]") {
  DemoFixture f;
  const std::string id = f.File();  // reporter org stp, party stnmt

  for (const char* who : {"syt.reporter"}) {
    INFO(who);
    auto g = f.service.Get(DemoActor(who), id);
    REQUIRE_FALSE(g.ok());
    CHECK(g.status().code() == ErrorCode::kNotFound);
    auto h = f.service.History(DemoActor(who), id);
    REQUIRE_FALSE(h.ok());
    CHECK(h.status().code() == ErrorCode::kNotFound);
    auto a = f.service.Apply(DemoActor(who), id, CommentCommand{"Xin chào"});
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == ErrorCode::kNotFound);
  }
  CHECK(HistoryOf(f.store, id).size() == 1);

  // An agency user of another org, with a focal_point role, is no different.
  const Actor other_focal = Actor::User("skhdt.focal", "skhdt", {Role::kFocalPoint});
  CHECK(f.service.Get(other_focal, id).status().code() == ErrorCode::kNotFound);
  CHECK(f.service.History(other_focal, id).status().code() == ErrorCode::kNotFound);

  // A user without any role sees nothing either.
  const Actor nobody = Actor::User("stp.guest", "stp", {});
  CHECK(f.service.Get(nobody, id).status().code() == ErrorCode::kNotFound);
}

TEST_CASE("the reporter org, party orgs, DoICT, the Chairman and admins see the ticket", "[engine][service][visibility]") {
  DemoFixture f;
  const std::string id = f.File();
  for (const char* who : {"stp.reporter", "stp.focal", "stnmt.reporter", "stnmt.focal", "stttt.engineer",
                          "stttt.coordinator", "chairman", "admin"}) {
    INFO(who);
    auto g = f.service.Get(DemoActor(who), id);
    INFO(g.status().ToString());
    REQUIRE(g.ok());
    CHECK(g->id == id);
    auto h = f.service.History(DemoActor(who), id);
    REQUIRE(h.ok());
    CHECK(h->size() == 1);
  }
}

TEST_CASE("a party added later makes the ticket visible to that org", "[engine][service][visibility]") {
  DemoFixture f;
  const std::string id = f.File();
  CHECK(f.service.Get(DemoActor("syt.reporter"), id).status().code() == ErrorCode::kNotFound);
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.Do("stttt.engineer", id, RequestPartyFixCommand{"syt", "Sở Y tế kiểm tra"});
  auto g = f.service.Get(DemoActor("syt.reporter"), id);
  INFO(g.status().ToString());
  REQUIRE(g.ok());
  CHECK(g->parties == std::vector<std::string>{"stnmt", "syt"});
}

TEST_CASE("an unknown ticket is NotFound", "[engine][service][visibility]") {
  DemoFixture f;
  CHECK(f.service.Get(DemoActor("admin"), "INC-2026-999999").status().code() == ErrorCode::kNotFound);
  CHECK(f.service.History(DemoActor("admin"), "INC-2026-999999").status().code() == ErrorCode::kNotFound);
  CHECK(f.service.Apply(DemoActor("stttt.engineer"), "INC-2026-999999", AcknowledgeCommand{}).status().code() ==
        ErrorCode::kNotFound);
}

}  // namespace
}  // namespace incidents::testing
