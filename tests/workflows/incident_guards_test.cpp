// The guards and payload rules of the incident workflow (spec/WORKFLOW.md
// "Transitions"): where provide_info returns to, the chairman's requires_action, the
// assignee and party rules, the 30-day reopen window, the terminal rejected state, text
// validation and optimistic concurrency.

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#define CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "demo_fixture.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/status.h"
#include "incidents/workflows/incident_workflow.h"


namespace {

using namespace incidents::engine;
using incidents::testing::DemoActor;
using incidents::testing::DemoFixture;
using std::chrono::hours;
using std::chrono::minutes;

using S = State;
using E = EventType;

constexpr auto kDay = hours(24);

Ticket Load(DemoFixture& f, const std::string& id) {
  auto t = f.service.Get(DemoActor("stttt.engineer"), id);
  REQUIRE(t.ok());
  return t.value();
}

std::size_t HistoryLength(DemoFixture& f, const std::string& id) {
  auto h = f.service.History(DemoActor("stttt.engineer"), id);
  REQUIRE(h.ok());
  return h->size();
}

void ExpectRefused(DemoFixture& f, const Actor& actor, const std::string& id, const Command& command,
                   ErrorCode code, std::optional<std::int64_t> expected_version = std::nullopt) {
  const Ticket before = Load(f, id);
  const std::size_t history_before = HistoryLength(f, id);
  auto r = f.service.Apply(actor, id, command, expected_version);
  INFO("actor " << actor.username << ", event " << ToString(TypeOf(command)) << ", status "
                << r.status().ToString());
  CHECK_FALSE(r.ok());
  CHECK(r.status().code() == code);
  const Ticket after = Load(f, id);
  CHECK(after.version == before.version);
  CHECK(after.state == before.state);
  CHECK(after == before);
  CHECK(HistoryLength(f, id) == history_before);
}

std::size_t TicketCount(DemoFixture& f) {
  auto ids = f.store.ListTicketIds();
  REQUIRE(ids.ok());
  return ids->size();
}

// `n` copies of a two-byte Vietnamese letter: n code points, 2n bytes.
std::string VietnameseText(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "ă";
  return s;
}

ReportCommand GoodReport() {
  ReportCommand r;
  r.category = Category::kSharingDisagreement;
  r.title = "Bất đồng về dữ liệu chia sẻ";
  r.description = "Hai bên chưa thống nhất danh mục dữ liệu.";
  r.parties = {"stnmt"};
  return r;
}

// ---------------------------------------------------------------------------------------
// provide_info

TEST_CASE("guards: provide_info returns to the state request_info left", "[workflow][guards][provide_info]") {
  const State from = GENERATE(S::kTriage, S::kDoictFixing, S::kPartyFixing);
  INFO("request_info sent in " << ToString(from));
  DemoFixture f;
  const std::string id = f.TicketIn(from);
  const Ticket asked = f.Do("stttt.engineer", id, RequestInfoCommand{"Xin bổ sung"});
  CHECK(asked.state == S::kWaitingReporter);
  CHECK(asked.resume_state == std::optional<State>(from));

  // Check() agrees before the answer, for the reporter org only.
  CHECK(f.workflow.Check(asked, E::kProvideInfo, DemoActor("stp.focal"), f.clock.Now()).ok());

  const Ticket answered = f.Do("stp.focal", id, ProvideInfoCommand{"Đã bổ sung"});
  CHECK(answered.state == from);
  CHECK_FALSE(answered.resume_state.has_value());
  CHECK(answered.parties == asked.parties);
  CHECK(answered.assignee == asked.assignee);

  auto history = f.service.History(DemoActor("stp.reporter"), id);
  REQUIRE(history.ok());
  CHECK(history->back().type == E::kProvideInfo);
  CHECK(history->back().from_state == std::optional<State>(S::kWaitingReporter));
  CHECK(history->back().to_state == from);
}

TEST_CASE("guards: provide_info resumes correctly over several request_info rounds",
          "[workflow][guards][provide_info]") {
  DemoFixture f;
  const std::string eng = "stttt.engineer", rep = "stp.reporter";
  const std::string id = f.TicketIn(S::kTriage);
  f.Do(eng, id, RequestInfoCommand{"Câu 1"});
  CHECK(f.Do(rep, id, ProvideInfoCommand{"Trả lời 1"}).state == S::kTriage);
  f.Do(eng, id, AssignDoictCommand{});
  f.Do(eng, id, RequestInfoCommand{"Câu 2"});
  CHECK(f.Do(rep, id, ProvideInfoCommand{"Trả lời 2"}).state == S::kDoictFixing);
  f.Do(eng, id, RequestPartyFixCommand{"stnmt", "Sửa dữ liệu"});
  f.Do(eng, id, RequestInfoCommand{"Câu 3"});
  CHECK(f.Do(rep, id, ProvideInfoCommand{"Trả lời 3"}).state == S::kPartyFixing);
  f.Do(eng, id, RequestInfoCommand{"Câu 4"});
  CHECK(f.Do(rep, id, ProvideInfoCommand{"Trả lời 4"}).state == S::kPartyFixing);
}

TEST_CASE("guards: provide_info without a recorded resume state is not a legal transition",
          "[workflow][guards][provide_info]") {
  // A hand-built snapshot: waiting_reporter but no resume_state (e.g. corrupt data). The
  // machine must not guess a target.
  DemoFixture f;
  Ticket t = Load(f, f.TicketIn(S::kWaitingReporter));
  REQUIRE(t.resume_state == std::optional<State>(S::kTriage));
  t.resume_state.reset();
  const auto d = f.workflow.Decide(t, ProvideInfoCommand{"x"}, DemoActor("stp.reporter"), f.clock.Now());
  CHECK_FALSE(d.ok());
  CHECK(d.status().code() == ErrorCode::kIllegalTransition);
}

// ---------------------------------------------------------------------------------------
// record_chairman_decision

TEST_CASE("guards: the chairman's decision goes to party_fixing when it requires action",
          "[workflow][guards][chairman]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  f.clock.Advance(hours(3));
  const Ticket t = f.Do("chairman", id, RecordChairmanDecisionCommand{"Giao STNMT xử lý", true});
  CHECK(t.state == S::kPartyFixing);
  CHECK_FALSE(t.resolved_at.has_value());
  auto history = f.service.History(DemoActor("chairman"), id);
  REQUIRE(history.ok());
  CHECK(history->back().to_state == S::kPartyFixing);
  CHECK(history->back().legal_basis == "Art. 11.1");
}

TEST_CASE("guards: the chairman's decision resolves the ticket when it requires no action",
          "[workflow][guards][chairman]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  f.clock.Advance(hours(3));
  const Timestamp decided_at = f.clock.Now();
  const Ticket t = f.Do("chairman", id, RecordChairmanDecisionCommand{"Không cần xử lý thêm", false});
  CHECK(t.state == S::kResolved);
  CHECK(t.resolved_at == std::optional<Timestamp>(decided_at));
}

TEST_CASE("guards: the chairman's decision after a Ministry referral follows the same rule",
          "[workflow][guards][chairman]") {
  DemoFixture f;
  for (bool requires_action : {true, false}) {
    INFO("requires_action " << requires_action);
    const std::string id = f.TicketIn(S::kAwaitingMinistry);
    f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Bộ chưa trả lời"});
    const Ticket t = f.Do("chairman", id, RecordChairmanDecisionCommand{"Quyết định", requires_action});
    CHECK(t.state == (requires_action ? S::kPartyFixing : S::kResolved));
  }
}

// ---------------------------------------------------------------------------------------
// assign_doict

TEST_CASE("guards: assign_doict defaults the assignee to the caller", "[workflow][guards][assign]") {
  DemoFixture f;
  for (const char* who : {"stttt.engineer", "stttt.coordinator"}) {
    INFO("caller " << who);
    const std::string id = f.TicketIn(S::kTriage);
    const Ticket t = f.Do(who, id, AssignDoictCommand{});
    CHECK(t.state == S::kDoictFixing);
    CHECK(t.assignee == std::optional<std::string>(who));
  }
}

TEST_CASE("guards: assign_doict accepts another DoICT engineer as assignee", "[workflow][guards][assign]") {
  DemoFixture f;
  const std::string a = f.TicketIn(S::kTriage);
  CHECK(f.Do("stttt.engineer", a, AssignDoictCommand{std::string("stttt.coordinator")}).assignee ==
        std::optional<std::string>("stttt.coordinator"));
  const std::string b = f.TicketIn(S::kTriage);
  CHECK(f.Do("stttt.coordinator", b, AssignDoictCommand{std::string("stttt.engineer")}).assignee ==
        std::optional<std::string>("stttt.engineer"));
}

TEST_CASE("guards: assign_doict refuses an assignee who is not a DoICT engineer", "[workflow][guards][assign]") {
  DemoFixture f;
  User retired;
  retired.username = "stttt.retired";
  retired.display_name = "Kỹ sư đã nghỉ";
  retired.org = "stttt";
  retired.roles = {Role::kEngineer};
  retired.active = false;
  f.directory.AddUser(retired);
  // An engineer, but of an agency's IT unit: not DoICT.
  User agency_engineer;
  agency_engineer.username = "stp.it";
  agency_engineer.display_name = "Kỹ sư CNTT Sở Tư pháp";
  agency_engineer.org = "stp";
  agency_engineer.roles = {Role::kEngineer, Role::kCoordinator};
  f.directory.AddUser(agency_engineer);

  const std::string id = f.TicketIn(S::kTriage);
  // stp.reporter and stnmt.focal: other orgs; admin: DoICT's org but no engineer role;
  // chairman: another org; nobody: unknown; stttt.retired: deactivated; stp.it: an
  // engineer outside DoICT.
  for (const char* assignee :
       {"stp.reporter", "stnmt.focal", "admin", "chairman", "nobody", "stttt.retired", "stp.it"}) {
    INFO("assignee " << assignee);
    ExpectRefused(f, DemoActor("stttt.engineer"), id, AssignDoictCommand{std::string(assignee)},
                  ErrorCode::kInvalidValue);
  }
}

// ---------------------------------------------------------------------------------------
// request_party_fix

TEST_CASE("guards: request_party_fix adds a new party once and never duplicates one",
          "[workflow][guards][parties]") {
  DemoFixture f;
  const std::string eng = "stttt.engineer";
  // Already a party: unchanged.
  const std::string a = f.TicketIn(S::kTriage);
  REQUIRE(Load(f, a).parties == std::vector<std::string>{"stnmt"});
  CHECK(f.Do(eng, a, RequestPartyFixCommand{"stnmt", "Sửa"}).parties == std::vector<std::string>{"stnmt"});

  // A new party is appended, in order; asking it again after a reopen adds nothing.
  const std::string b = f.TicketIn(S::kDoictFixing);
  const Ticket added = f.Do(eng, b, RequestPartyFixCommand{"syt", "Sở Y tế kiểm tra"});
  CHECK(added.state == S::kPartyFixing);
  CHECK(added.parties == std::vector<std::string>{"stnmt", "syt"});
  f.Do(eng, b, ResolveCommand{"Đã sửa"});
  f.Do("stp.reporter", b, ReopenCommand{"Còn lỗi"});
  CHECK(f.Do(eng, b, RequestPartyFixCommand{"syt", "Kiểm tra lại"}).parties ==
        std::vector<std::string>{"stnmt", "syt"});
  f.Do(eng, b, ResolveCommand{"Đã sửa"});
  f.Do("stp.reporter", b, ReopenCommand{"Còn lỗi"});
  CHECK(f.Do(eng, b, RequestPartyFixCommand{"stnmt", "Kiểm tra lại"}).parties ==
        std::vector<std::string>{"stnmt", "syt"});
}

TEST_CASE("guards: request_party_fix refuses an unknown org or DoICT itself", "[workflow][guards][parties]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kTriage);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, RequestPartyFixCommand{"no-such-org", "Sửa"},
                ErrorCode::kInvalidValue);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, RequestPartyFixCommand{"", "Sửa"}, ErrorCode::kInvalidValue);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, RequestPartyFixCommand{"stttt", "Sửa"},
                ErrorCode::kInvalidValue);
}

TEST_CASE("guards: report refuses an unknown party org and stores nothing", "[workflow][guards][parties]") {
  DemoFixture f;
  const std::size_t before = TicketCount(f);
  ReportCommand r = GoodReport();
  r.parties = {"stnmt", "no-such-org"};
  auto t = f.service.Report(DemoActor("stp.reporter"), r);
  CHECK(t.status().code() == ErrorCode::kInvalidValue);
  CHECK(TicketCount(f) == before);
}

TEST_CASE("guards: report stores each listed party once", "[workflow][guards][parties]") {
  DemoFixture f;
  ReportCommand r = GoodReport();
  r.parties = {"stnmt", "syt", "stnmt"};
  auto t = f.service.Report(DemoActor("stp.focal"), r);
  REQUIRE(t.ok());
  CHECK(t->parties == std::vector<std::string>{"stnmt", "syt"});
  CHECK(t->state == S::kReported);
  CHECK(t->reporter == "stp.focal");
  CHECK(t->reporter_org == "stp");
}

// ---------------------------------------------------------------------------------------
// The reopen window (30 days after the ticket was resolved)

TEST_CASE("guards: reopen from resolved just inside the 30-day window", "[workflow][guards][reopen]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kResolved);
  f.clock.Advance(30 * kDay - minutes(1));
  CHECK(f.workflow.Check(Load(f, id), E::kReopen, DemoActor("stp.reporter"), f.clock.Now()).ok());
  const Ticket t = f.Do("stp.reporter", id, ReopenCommand{"Lỗi tái diễn"});
  CHECK(t.state == S::kTriage);
  CHECK_FALSE(t.resolved_at.has_value());
}

TEST_CASE("guards: reopen from closed just inside the 30-day window", "[workflow][guards][reopen]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kClosed);
  f.clock.Advance(30 * kDay - minutes(1));
  const Ticket t = f.Do("stp.focal", id, ReopenCommand{"Lỗi tái diễn"});
  CHECK(t.state == S::kTriage);
}

TEST_CASE("guards: reopen exactly 30 days after resolution is still allowed", "[workflow][guards][reopen]") {
  // "at most 30 days after it was resolved": the boundary is inclusive.
  DemoFixture f;
  const std::string id = f.TicketIn(S::kResolved);
  f.clock.Advance(30 * kDay);
  CHECK(f.Do("stp.reporter", id, ReopenCommand{"Lỗi tái diễn"}).state == S::kTriage);
}

TEST_CASE("guards: reopen just after the 30-day window is an illegal transition", "[workflow][guards][reopen]") {
  const State state = GENERATE(S::kResolved, S::kClosed);
  INFO("state " << ToString(state));
  DemoFixture f;
  const std::string id = f.TicketIn(state);
  f.clock.Advance(30 * kDay + minutes(1));
  CHECK(f.workflow.Check(Load(f, id), E::kReopen, DemoActor("stp.reporter"), f.clock.Now()).code() ==
        ErrorCode::kIllegalTransition);
  ExpectRefused(f, DemoActor("stp.reporter"), id, ReopenCommand{"Lỗi tái diễn"}, ErrorCode::kIllegalTransition);
  ExpectRefused(f, DemoActor("stp.focal"), id, ReopenCommand{"Lỗi tái diễn"}, ErrorCode::kIllegalTransition);
  // Comments still work on the old ticket.
  CHECK(f.service.Apply(DemoActor("stp.reporter"), id, CommentCommand{"Vẫn còn lỗi"}).ok());
}

TEST_CASE("guards: the reopen window counts from resolution, not from closing", "[workflow][guards][reopen]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kResolved);
  f.clock.Advance(20 * kDay);
  f.Do("stp.reporter", id, ConfirmCommand{});
  f.clock.Advance(10 * kDay + minutes(1));  // 11 days after closing, 30 days + 1 minute after resolving
  ExpectRefused(f, DemoActor("stp.reporter"), id, ReopenCommand{"Lỗi"}, ErrorCode::kIllegalTransition);
}

TEST_CASE("guards: the reopen window counts from an auto_close's resolution", "[workflow][guards][reopen]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kResolved);
  f.clock.Advance(7 * kDay);
  REQUIRE(f.service.Apply(Actor::System(), id, AutoCloseCommand{}).ok());
  f.clock.Advance(23 * kDay - minutes(1));
  CHECK(f.Do("stp.reporter", id, ReopenCommand{"Lỗi"}).state == S::kTriage);
}

TEST_CASE("guards: resolving again after a reopen starts a new 30-day window", "[workflow][guards][reopen]") {
  DemoFixture f;
  const std::string eng = "stttt.engineer";
  const std::string id = f.TicketIn(S::kResolved);
  f.clock.Advance(29 * kDay);
  f.Do("stp.reporter", id, ReopenCommand{"Lỗi tái diễn"});
  f.Do(eng, id, AssignDoictCommand{});
  f.clock.Advance(hours(1));
  const Timestamp second_resolution = f.clock.Now();
  CHECK(f.Do(eng, id, ResolveCommand{"Đã sửa lần 2"}).resolved_at == std::optional<Timestamp>(second_resolution));
  f.clock.Advance(29 * kDay);  // 58 days after the first resolution, 29 after the second
  CHECK(f.Do("stp.reporter", id, ReopenCommand{"Lại lỗi"}).state == S::kTriage);
}

TEST_CASE("guards: a ticket resolved by the chairman's decision can be reopened within the window",
          "[workflow][guards][reopen]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  f.clock.Advance(5 * kDay);
  f.Do("chairman", id, RecordChairmanDecisionCommand{"Không cần xử lý", false});
  f.clock.Advance(30 * kDay - minutes(1));  // 35 days after filing
  CHECK(f.Do("stp.reporter", id, ReopenCommand{"Không đồng ý"}).state == S::kTriage);
}

// ---------------------------------------------------------------------------------------
// Terminal states

TEST_CASE("guards: rejected is terminal, nothing but comment is allowed", "[workflow][guards][terminal]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kRejected);
  const Ticket t = Load(f, id);
  CHECK(IsTerminal(S::kRejected));
  // Every actor that could fire the event anywhere, so that a refusal here is the state's.
  const Actor actors[] = {DemoActor("stp.reporter"), DemoActor("stnmt.focal"), DemoActor("stttt.engineer"),
                          DemoActor("stttt.coordinator"), DemoActor("chairman"), Actor::System()};
  for (EventType e : incidents::workflows::kIncidentEventTypes) {
    for (const Actor& a : actors) {
      INFO("event " << ToString(e) << " by " << a.username);
      const Status st = f.workflow.Check(t, e, a, f.clock.Now());
      if (e == E::kComment && a.is_system())
        CHECK(st.code() == ErrorCode::kForbidden);  // the timers record breaches, not comments
      else if (e == E::kComment)
        CHECK(st.ok());
      else
        CHECK(st.code() == ErrorCode::kIllegalTransition);
    }
  }
  ExpectRefused(f, DemoActor("stp.reporter"), id, ReopenCommand{"Mở lại"}, ErrorCode::kIllegalTransition);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, AcknowledgeCommand{}, ErrorCode::kIllegalTransition);
  ExpectRefused(f, Actor::System(), id, SlaBreachCommand{SlaClockKind::kResolve, 1}, ErrorCode::kIllegalTransition);
  const Ticket commented = f.Do("stp.reporter", id, CommentCommand{"Đồng ý"});
  CHECK(commented.state == S::kRejected);
  CHECK(commented.version == t.version + 1);
}

TEST_CASE("guards: closed allows only reopen and comment", "[workflow][guards][terminal]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kClosed);
  const Ticket t = Load(f, id);
  const Actor actors[] = {DemoActor("stp.reporter"), DemoActor("stnmt.focal"), DemoActor("stttt.engineer"),
                          DemoActor("stttt.coordinator"), DemoActor("chairman"), Actor::System()};
  for (EventType e : incidents::workflows::kIncidentEventTypes) {
    if (e == E::kComment || e == E::kReopen) continue;
    for (const Actor& a : actors) {
      INFO("event " << ToString(e) << " by " << a.username);
      CHECK(f.workflow.Check(t, e, a, f.clock.Now()).code() == ErrorCode::kIllegalTransition);
    }
  }
}

TEST_CASE("guards: reject accepts a valid duplicate_of and refuses itself or an unknown ticket",
          "[workflow][guards][reject]") {
  DemoFixture f;
  const std::string original = f.TicketIn(S::kTriage);
  const std::string dup = f.TicketIn(S::kReported);
  const Actor coord = DemoActor("stttt.coordinator");
  ExpectRefused(f, coord, dup, RejectCommand{"Trùng", dup}, ErrorCode::kInvalidValue);
  ExpectRefused(f, coord, dup, RejectCommand{"Trùng", std::string("INC-2026-999999")}, ErrorCode::kInvalidValue);
  const Ticket t = f.Do("stttt.coordinator", dup, RejectCommand{"Trùng", original});
  CHECK(t.state == S::kRejected);
}

// ---------------------------------------------------------------------------------------
// Text validation

TEST_CASE("guards: report title must be non-blank and at most 200 characters", "[workflow][guards][text]") {
  DemoFixture f;
  const Actor rep = DemoActor("stp.reporter");
  const std::size_t before = TicketCount(f);
  for (const std::string& title : {std::string(""), std::string("   \t\n"), std::string(201, 'x'),
                                   VietnameseText(201), std::string("\xC3\x28 bad utf-8")}) {
    INFO("title of " << title.size() << " bytes");
    ReportCommand r = GoodReport();
    r.title = title;
    auto t = f.service.Report(rep, r);
    CHECK(t.status().code() == ErrorCode::kInvalidValue);
  }
  CHECK(TicketCount(f) == before);

  // 200 characters are fine, even when they take 400 bytes.
  for (const std::string& title : {std::string(200, 'x'), VietnameseText(200)}) {
    INFO("title of " << title.size() << " bytes");
    ReportCommand r = GoodReport();
    r.title = title;
    auto t = f.service.Report(rep, r);
    INFO(t.status().ToString());
    REQUIRE(t.ok());
    CHECK(t->title == title);
  }
  CHECK(TicketCount(f) == before + 2);
}

TEST_CASE("guards: report description and service have length limits", "[workflow][guards][text]") {
  DemoFixture f;
  const Actor rep = DemoActor("stp.reporter");
  const std::size_t before = TicketCount(f);
  ReportCommand r = GoodReport();
  r.description = std::string(20001, 'd');
  CHECK(f.service.Report(rep, r).status().code() == ErrorCode::kInvalidValue);
  r = GoodReport();
  r.service = std::string(201, 's');
  CHECK(f.service.Report(rep, r).status().code() == ErrorCode::kInvalidValue);
  CHECK(TicketCount(f) == before);

  r = GoodReport();
  r.description = std::string(20000, 'd');
  r.service = std::string(200, 's');
  CHECK(f.service.Report(rep, r).ok());
}

TEST_CASE("guards: blank required text on any event is kInvalidValue and changes nothing",
          "[workflow][guards][text]") {
  DemoFixture f;
  struct Case {
    State state;
    const char* who;
    Command command;
  };
  const std::vector<Case> cases = {
      {S::kTriage, "stttt.engineer", RequestPartyFixCommand{"stnmt", ""}},
      {S::kTriage, "stttt.engineer", RequestInfoCommand{"  "}},
      {S::kWaitingReporter, "stp.reporter", ProvideInfoCommand{""}},
      {S::kTriage, "stttt.coordinator", ReferMinistryCommand{"\n"}},
      {S::kAwaitingMinistry, "stttt.coordinator", RecordMinistryConclusionCommand{""}},
      {S::kTriage, "stttt.coordinator", EscalateChairmanCommand{""}},
      {S::kAwaitingChairman, "chairman", RecordChairmanDecisionCommand{" ", true}},
      {S::kAwaitingChairman, "chairman", RecordChairmanDecisionCommand{"", false}},
      {S::kDoictFixing, "stttt.engineer", ResolveCommand{"\t"}},
      {S::kResolved, "stp.reporter", ReopenCommand{""}},
      {S::kClosed, "stp.reporter", ReopenCommand{"   "}},
      {S::kReported, "stttt.coordinator", RejectCommand{"", std::nullopt}},
      {S::kTriage, "stttt.coordinator", RejectCommand{" \r\n", std::nullopt}},
      {S::kPartyFixing, "stnmt.focal", CommentCommand{""}},
  };
  for (const Case& c : cases) {
    INFO(ToString(TypeOf(c.command)) << " in " << ToString(c.state) << " by " << c.who);
    ExpectRefused(f, DemoActor(c.who), f.TicketIn(c.state), c.command, ErrorCode::kInvalidValue);
  }
}

TEST_CASE("guards: overlong text on an event is kInvalidValue and changes nothing", "[workflow][guards][text]") {
  DemoFixture f;
  const std::string too_long(20001, 'x');
  ExpectRefused(f, DemoActor("stp.reporter"), f.TicketIn(S::kTriage), CommentCommand{too_long},
                ErrorCode::kInvalidValue);
  ExpectRefused(f, DemoActor("stttt.engineer"), f.TicketIn(S::kDoictFixing), ResolveCommand{too_long},
                ErrorCode::kInvalidValue);
  ExpectRefused(f, DemoActor("stp.reporter"), f.TicketIn(S::kResolved), ConfirmCommand{too_long},
                ErrorCode::kInvalidValue);
  ExpectRefused(f, DemoActor("stp.reporter"), f.TicketIn(S::kResolved), ReopenCommand{too_long},
                ErrorCode::kInvalidValue);
  ExpectRefused(f, DemoActor("stttt.engineer"), f.TicketIn(S::kTriage), CommentCommand{"\xFF\xFE"},
                ErrorCode::kInvalidValue);
  // The limit itself is fine; confirm's feedback is optional and may be empty.
  CHECK(f.service.Apply(DemoActor("stp.reporter"), f.TicketIn(S::kTriage), CommentCommand{std::string(20000, 'x')})
            .ok());
  CHECK(f.service.Apply(DemoActor("stp.reporter"), f.TicketIn(S::kResolved), ConfirmCommand{std::string()}).ok());
}

TEST_CASE("guards: sla_breach level must be 1 or 2", "[workflow][guards][sla]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kTriage);
  ExpectRefused(f, Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 3}, ErrorCode::kInvalidValue);
  ExpectRefused(f, Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 0}, ErrorCode::kInvalidValue);
  CHECK(f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 2}).ok());
}

// ---------------------------------------------------------------------------------------
// Optimistic concurrency

TEST_CASE("guards: a stale expected_version is kVersionConflict and changes nothing",
          "[workflow][guards][version]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kReported);
  const std::int64_t v1 = Load(f, id).version;
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  ExpectRefused(f, DemoActor("stttt.engineer"), id, AssignDoictCommand{}, ErrorCode::kVersionConflict, v1);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, AssignDoictCommand{}, ErrorCode::kVersionConflict, v1 + 5);
  auto ok = f.service.Apply(DemoActor("stttt.engineer"), id, AssignDoictCommand{}, v1 + 1);
  INFO(ok.status().ToString());
  REQUIRE(ok.ok());
  CHECK(ok->version == v1 + 2);
  CHECK(ok->state == S::kDoictFixing);
}

}  // namespace
