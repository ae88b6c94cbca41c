// Issue 12.3, "The Chairman and the Office are two things": DoICT's director signs off an
// escalation (escalation_signoff "director"), the Chairman may send it back to DoICT
// (chairman_may_return), and the Chairman's office records a decision on the signer's
// behalf, naming the signer and the signed document. Through TicketService::Apply with
// the demo users plus stttt.director, vice.chairman and vp-ubnd.office.

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/status.h"
#include "incidents/workflows/incident_workflow.h"

namespace {

using namespace incidents::engine;
using incidents::testing::DemoActor;
using incidents::testing::DemoFixture;

using S = State;
using E = EventType;

WorkflowSettings Signoff(bool may_return = true) {
  WorkflowSettings s = incidents::testing::DemoWorkflowSettings();
  s.escalation_signoff = EscalationSignoff::kDirector;
  s.chairman_may_return = may_return;
  return s;
}

WorkflowSettings MayReturn() {
  WorkflowSettings s = incidents::testing::DemoWorkflowSettings();
  s.chairman_may_return = true;
  return s;
}

User UserOf(const std::string& username, const std::string& org, std::set<Role> roles) {
  User u;
  u.username = username;
  u.display_name = username;
  u.org = org;
  u.roles = std::move(roles);
  return u;
}

Ticket Load(DemoFixture& f, const std::string& id) {
  auto t = f.service.Get(DemoActor("stttt.engineer"), id);
  REQUIRE(t.ok());
  return t.value();
}

std::vector<TicketEvent> History(DemoFixture& f, const std::string& id) {
  auto h = f.service.History(DemoActor("stttt.engineer"), id);
  REQUIRE(h.ok());
  return h.value();
}

// Applies `command` as `actor` and checks the refusal code and that nothing changed.
void ExpectRefused(DemoFixture& f, const Actor& actor, const std::string& id, const Command& command,
                   ErrorCode code, const std::string& message_part = "") {
  const Ticket before = Load(f, id);
  const std::size_t history_before = History(f, id).size();
  auto r = f.service.Apply(actor, id, command);
  INFO("actor " << actor.username << ", event " << ToString(TypeOf(command)) << ", status "
                << r.status().ToString());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == code);
  if (!message_part.empty()) CHECK(r.status().message().find(message_part) != std::string::npos);
  CHECK(Load(f, id) == before);
  CHECK(History(f, id).size() == history_before);
}

std::set<EventType> Allowed(DemoFixture& f, const std::string& who, const std::string& id) {
  const auto v = f.service.AllowedActions(DemoActor(who), Load(f, id));
  return std::set<EventType>(v.begin(), v.end());
}

// A ticket escalated by the coordinator from `from` (triage, doict_fixing, party_fixing or
// awaiting_ministry).
std::string EscalatedFrom(DemoFixture& f, State from) {
  const std::string id = f.TicketIn(from);
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Vượt thẩm quyền của Sở"});
  return id;
}

const State kEscalationSources[] = {S::kTriage, S::kDoictFixing, S::kPartyFixing, S::kAwaitingMinistry};

RecordChairmanDecisionCommand Decision(std::optional<std::string> signer, SignedAs as = SignedAs::kChairman,
                                       std::optional<std::string> number = std::nullopt,
                                       std::optional<CivilDate> date = std::nullopt) {
  RecordChairmanDecisionCommand c;
  c.decision = "Giao Sở Tài nguyên và Môi trường chia sẻ dữ liệu trong 10 ngày làm việc.";
  c.requires_action = true;
  c.signer = std::move(signer);
  c.signed_as = as;
  c.document_number = std::move(number);
  c.document_date = date;
  return c;
}

// ---------------------------------------------------------------------------------------
// Director sign-off

TEST_CASE("escalation: with director sign-off a coordinator's escalation waits for the director",
          "[workflow][escalation][signoff]") {
  for (State from : kEscalationSources) {
    INFO("escalated from " << ToString(from));
    DemoFixture f(Signoff());
    const std::string id = EscalatedFrom(f, from);
    Ticket t = Load(f, id);
    CHECK(t.state == S::kAwaitingDirector);
    CHECK(t.resume_state == std::optional<State>(from));
    // The director signs it off: on to the Chairman, still knowing where it came from.
    t = f.Do("stttt.director", id, ApproveEscalationCommand{std::string("Đồng ý trình Chủ tịch")});
    CHECK(t.state == S::kAwaitingChairman);
    CHECK(t.resume_state == std::optional<State>(from));
    const auto h = History(f, id);
    CHECK(h[h.size() - 2].to_state == S::kAwaitingDirector);
    CHECK(h.back().type == E::kApproveEscalation);
    CHECK(h.back().legal_basis == "Art. 11.2b");
    CHECK(h.back().payload.at("note") == JsonValue("Đồng ý trình Chủ tịch"));
    // The decision ends the escalation: nothing to go back to any more.
    t = f.Do("chairman", id, Decision(std::nullopt));
    CHECK(t.state == S::kPartyFixing);
    CHECK_FALSE(t.resume_state.has_value());
  }
}

TEST_CASE("escalation: a director escalates straight to the Chairman, signing off as they escalate",
          "[workflow][escalation][signoff]") {
  DemoFixture f(Signoff());
  const std::string a = f.TicketIn(S::kDoictFixing);
  CHECK(f.Do("stttt.director", a, EscalateChairmanCommand{"Lãnh đạo Sở trình"}).state == S::kAwaitingChairman);
  // A user who is coordinator and director alike: straight on as well.
  f.directory.AddUser(UserOf("stttt.deputy", "stttt", {Role::kCoordinator, Role::kDirector}));
  const Actor deputy = Actor::User("stttt.deputy", "stttt", {Role::kCoordinator, Role::kDirector});
  const std::string b = f.TicketIn(S::kTriage);
  auto r = f.service.Apply(deputy, b, EscalateChairmanCommand{"Phó Giám đốc trình"});
  REQUIRE(r.ok());
  CHECK(r->state == S::kAwaitingChairman);
  CHECK(r->resume_state == std::optional<State>(S::kTriage));
}

TEST_CASE("escalation: without sign-off the contract holds: the coordinator goes straight on, a director may not",
          "[workflow][escalation][contract]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kTriage);
  ExpectRefused(f, DemoActor("stttt.director"), id, EscalateChairmanCommand{"Trình"}, ErrorCode::kForbidden);
  const Ticket t = f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Trình"});
  CHECK(t.state == S::kAwaitingChairman);
  CHECK(t.resume_state == std::optional<State>(S::kTriage));
  // No return without chairman_may_return: the state has no such transition.
  ExpectRefused(f, DemoActor("chairman"), id, ReturnToDoictCommand{"Làm rõ"}, ErrorCode::kIllegalTransition);
  CHECK(Allowed(f, "chairman", id) == std::set<EventType>{E::kRecordChairmanDecision, E::kComment});
}

TEST_CASE("escalation: only DoICT's director signs off or sends back", "[workflow][escalation][signoff][actors]") {
  DemoFixture f(Signoff());
  const Actor stp_director = Actor::User("stp.director", "stp", {Role::kReporter, Role::kDirector});
  for (const Command& c : std::vector<Command>{ApproveEscalationCommand{}, ReturnEscalationCommand{"Bổ sung"}}) {
    INFO(ToString(TypeOf(c)));
    const std::string id = EscalatedFrom(f, S::kTriage);
    for (const char* who : {"stttt.engineer", "stttt.coordinator", "chairman", "vp-ubnd.office", "admin",
                            "stp.reporter", "stnmt.focal"})
      ExpectRefused(f, DemoActor(who), id, c, ErrorCode::kForbidden);
    // A director of another org is not DoICT's leadership.
    ExpectRefused(f, stp_director, id, c, ErrorCode::kForbidden);
    ExpectRefused(f, DemoActor("syt.reporter"), id, c, ErrorCode::kNotFound);
    ExpectRefused(f, Actor::System(), id, c, ErrorCode::kForbidden);
    CHECK(f.service.Apply(DemoActor("stttt.director"), id, c).ok());
  }
  // An engineer may not escalate at all.
  const std::string id = f.TicketIn(S::kTriage);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, EscalateChairmanCommand{"Trình"}, ErrorCode::kForbidden);
}

TEST_CASE("escalation: the director sends it back to the state it was escalated from",
          "[workflow][escalation][signoff]") {
  for (State from : kEscalationSources) {
    INFO("escalated from " << ToString(from));
    DemoFixture f(Signoff());
    const std::string id = EscalatedFrom(f, from);
    const Ticket before = Load(f, id);
    ExpectRefused(f, DemoActor("stttt.director"), id, ReturnEscalationCommand{"  "}, ErrorCode::kInvalidValue,
                  "message");
    const Ticket t = f.Do("stttt.director", id, ReturnEscalationCommand{"Bổ sung ý kiến của Sở Tư pháp"});
    CHECK(t.state == from);
    CHECK_FALSE(t.resume_state.has_value());
    CHECK(t.parties == before.parties);
    CHECK(t.assignee == before.assignee);
    const TicketEvent last = History(f, id).back();
    CHECK(last.to_state == from);
    CHECK(last.legal_basis == "Art. 11.2b");
    CHECK(last.payload.at("message") == JsonValue("Bổ sung ý kiến của Sở Tư pháp"));
  }
}

TEST_CASE("escalation: allowed_actions while an escalation awaits the director", "[workflow][escalation][allowed_actions]") {
  DemoFixture f(Signoff());
  const std::string id = EscalatedFrom(f, S::kPartyFixing);
  CHECK(Allowed(f, "stttt.director", id) ==
        std::set<EventType>{E::kApproveEscalation, E::kReturnEscalation, E::kComment});
  CHECK(Allowed(f, "stttt.coordinator", id) == std::set<EventType>{E::kComment});
  CHECK(Allowed(f, "chairman", id) == std::set<EventType>{E::kComment});
  CHECK(Allowed(f, "stp.reporter", id) == std::set<EventType>{E::kComment});
  // Before the escalation: the coordinator and the director may escalate, the engineer not.
  const std::string triage = f.TicketIn(S::kTriage);
  CHECK(Allowed(f, "stttt.coordinator", triage).count(E::kEscalateChairman) == 1);
  CHECK(Allowed(f, "stttt.director", triage) == std::set<EventType>{E::kEscalateChairman, E::kComment});
  CHECK(Allowed(f, "stttt.engineer", triage).count(E::kEscalateChairman) == 0);
}

TEST_CASE("escalation: the resolve clock runs while the director signs off and pauses at the Chairman",
          "[workflow][escalation][sla]") {
  DemoFixture f(Signoff());
  const std::string id = EscalatedFrom(f, S::kDoictFixing);
  Ticket t = Load(f, id);
  CHECK_FALSE(t.sla.paused);
  CHECK_FALSE(t.sla.paused_since.has_value());
  f.clock.Advance(std::chrono::hours(2));
  t = f.Do("stttt.director", id, ApproveEscalationCommand{});
  CHECK(t.sla.paused);
  REQUIRE(t.sla.paused_since.has_value());
  CHECK(*t.sla.paused_since == f.clock.Now());
  f.clock.Advance(std::chrono::hours(3));
  t = f.Do("chairman", id, ReturnToDoictCommand{"Đề nghị làm rõ"});
  CHECK(t.state == S::kDoictFixing);
  CHECK_FALSE(t.sla.paused);
  REQUIRE(t.sla.pauses.size() == 1);
  CHECK(t.sla.pauses[0].to - t.sla.pauses[0].from == std::chrono::hours(3));
}

TEST_CASE("escalation: a ticket left awaiting the director when sign-off is switched off can still be signed off",
          "[workflow][escalation][settings]") {
  DemoFixture before(Signoff());
  const std::string id = EscalatedFrom(before, S::kTriage);
  // The same history under the default settings: the machine still has the rows.
  const incidents::workflows::IncidentWorkflow contract(incidents::testing::DemoWorkflowSettings());
  const Ticket t = Load(before, id);
  auto d = contract.Decide(t, ApproveEscalationCommand{}, DemoActor("stttt.director"), before.clock.Now());
  REQUIRE(d.ok());
  CHECK(d->next.state == S::kAwaitingChairman);
}

// ---------------------------------------------------------------------------------------
// The Chairman sends an escalation back to DoICT

TEST_CASE("escalation: the Chairman or the office sends it back to where it was escalated from",
          "[workflow][escalation][return]") {
  for (const char* who : {"chairman", "vice.chairman", "vp-ubnd.office"}) {
    for (State from : kEscalationSources) {
      INFO(who << ", escalated from " << ToString(from));
      DemoFixture f(MayReturn());
      const std::string id = EscalatedFrom(f, from);
      REQUIRE(Load(f, id).state == S::kAwaitingChairman);
      ExpectRefused(f, DemoActor(who), id, ReturnToDoictCommand{""}, ErrorCode::kInvalidValue, "message");
      const Ticket t = f.Do(who, id, ReturnToDoictCommand{"Đề nghị Sở báo cáo rõ phương án kỹ thuật"});
      CHECK(t.state == from);
      CHECK_FALSE(t.resume_state.has_value());
      const TicketEvent last = History(f, id).back();
      CHECK(last.type == E::kReturnToDoict);
      CHECK(last.legal_basis == "Art. 11.1");
    }
  }
}

TEST_CASE("escalation: nobody else sends it back", "[workflow][escalation][return][actors]") {
  DemoFixture f(MayReturn());
  const std::string id = EscalatedFrom(f, S::kTriage);
  const Actor office_elsewhere = Actor::User("stp.office", "stp", {Role::kReporter, Role::kOfficeStaff});
  for (const char* who : {"stttt.coordinator", "stttt.engineer", "stttt.director", "admin", "stp.reporter"})
    ExpectRefused(f, DemoActor(who), id, ReturnToDoictCommand{"Làm rõ"}, ErrorCode::kForbidden);
  ExpectRefused(f, office_elsewhere, id, ReturnToDoictCommand{"Làm rõ"}, ErrorCode::kForbidden);
  ExpectRefused(f, Actor::System(), id, ReturnToDoictCommand{"Làm rõ"}, ErrorCode::kForbidden);
  CHECK(Allowed(f, "chairman", id) ==
        std::set<EventType>{E::kRecordChairmanDecision, E::kReturnToDoict, E::kComment});
  CHECK(Allowed(f, "vp-ubnd.office", id) ==
        std::set<EventType>{E::kRecordChairmanDecision, E::kReturnToDoict, E::kComment});
  CHECK(Allowed(f, "stttt.coordinator", id) == std::set<EventType>{E::kComment});
}

TEST_CASE("escalation: an escalation with no recorded origin goes back to doict_fixing",
          "[workflow][escalation][return]") {
  // A snapshot escalated before the origin was kept: awaiting_chairman without resume_state.
  DemoFixture f(Signoff());
  Ticket t = Load(f, f.TicketIn(S::kAwaitingChairman));
  t.resume_state.reset();
  auto d = f.workflow.Decide(t, ReturnToDoictCommand{"Làm rõ"}, DemoActor("chairman"), f.clock.Now());
  REQUIRE(d.ok());
  CHECK(d->next.state == S::kDoictFixing);
  t.state = S::kAwaitingDirector;
  d = f.workflow.Decide(t, ReturnEscalationCommand{"Làm rõ"}, DemoActor("stttt.director"), f.clock.Now());
  REQUIRE(d.ok());
  CHECK(d->next.state == S::kDoictFixing);
}

// ---------------------------------------------------------------------------------------
// The decision: the signer and the signed document

TEST_CASE("decision: the Chairman records their own decision and the signer is the caller",
          "[workflow][escalation][decision]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  f.Do("chairman", id, Decision(std::nullopt));
  const TicketEvent last = History(f, id).back();
  CHECK(last.payload.at("signer") == JsonValue("chairman"));
  CHECK(last.payload.at("signed_as") == JsonValue("chairman"));
  CHECK(last.payload.at("document_number").is_null());
  CHECK(last.payload.at("document_date").is_null());
}

TEST_CASE("decision: a Vice-Chairman signs KT. Chủ tịch", "[workflow][escalation][decision]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  f.Do("vice.chairman", id, Decision(std::nullopt, SignedAs::kViceChairman));
  const TicketEvent last = History(f, id).back();
  CHECK(last.actor == "vice.chairman");
  CHECK(last.payload.at("signer") == JsonValue("vice.chairman"));
  CHECK(last.payload.at("signed_as") == JsonValue("vice_chairman"));
}

TEST_CASE("decision: the office records on the signer's behalf, naming signer, number and date",
          "[workflow][escalation][decision][office]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  const Actor office = DemoActor("vp-ubnd.office");
  const CivilDate date{2026, 1, 5};
  ExpectRefused(f, office, id, Decision(std::nullopt, SignedAs::kChairman, "45/QĐ-UBND", date),
                ErrorCode::kInvalidValue, "field 'signer' is required");
  ExpectRefused(f, office, id, Decision("vice.chairman", SignedAs::kViceChairman), ErrorCode::kInvalidValue,
                "field 'document_number'");
  ExpectRefused(f, office, id, Decision("vice.chairman", SignedAs::kViceChairman, "45/QĐ-UBND"),
                ErrorCode::kInvalidValue, "field 'document_date'");
  ExpectRefused(f, office, id, Decision("vice.chairman", SignedAs::kViceChairman, "   ", date),
                ErrorCode::kInvalidValue, "field 'document_number'");
  // The signer must be the Chairman or a Vice-Chairman of the Chairman's office.
  for (const char* signer : {"stttt.coordinator", "vp-ubnd.office", "nobody"})
    ExpectRefused(f, office, id, Decision(std::string(signer), SignedAs::kChairman, "45/QĐ-UBND", date),
                  ErrorCode::kInvalidValue, "field 'signer'");

  const Ticket t = f.Do("vp-ubnd.office", id, Decision("vice.chairman", SignedAs::kViceChairman, "45/QĐ-UBND", date));
  CHECK(t.state == S::kPartyFixing);
  const TicketEvent last = History(f, id).back();
  CHECK(last.actor == "vp-ubnd.office");
  CHECK(last.actor_org == "vp-ubnd");
  CHECK(last.payload.at("signer") == JsonValue("vice.chairman"));
  CHECK(last.payload.at("signed_as") == JsonValue("vice_chairman"));
  CHECK(last.payload.at("document_number") == JsonValue("45/QĐ-UBND"));
  CHECK(last.payload.at("document_date") == JsonValue("2026-01-05"));
}

TEST_CASE("decision: the Chairman recording a Vice-Chairman's decision names the document too",
          "[workflow][escalation][decision]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  ExpectRefused(f, DemoActor("chairman"), id, Decision("vice.chairman", SignedAs::kViceChairman),
                ErrorCode::kInvalidValue, "field 'document_number'");
  CHECK(f.Do("chairman", id, Decision("vice.chairman", SignedAs::kViceChairman, "46/QĐ-UBND", CivilDate{2026, 1, 6}))
            .state == S::kPartyFixing);
}

TEST_CASE("decision: an inactive Vice-Chairman cannot be named as the signer", "[workflow][escalation][decision]") {
  DemoFixture f;
  User former = UserOf("former.vice", "vp-ubnd", {Role::kChairman});
  former.active = false;
  f.directory.AddUser(former);
  const std::string id = f.TicketIn(S::kAwaitingChairman);
  ExpectRefused(f, DemoActor("vp-ubnd.office"), id,
                Decision(std::string("former.vice"), SignedAs::kViceChairman, "1/QĐ-UBND", CivilDate{2026, 1, 5}),
                ErrorCode::kInvalidValue, "is not the Chairman or a Vice-Chairman");
}

TEST_CASE("decision: the payload's date and signed_as are parsed strictly", "[workflow][escalation][decision]") {
  Payload p{{"decision", JsonValue("Quyết định")}, {"requires_action", JsonValue(false)}};
  CHECK(CommandFromPayload(E::kRecordChairmanDecision, p).ok());
  p["document_date"] = JsonValue("2026-02-30");
  auto r = CommandFromPayload(E::kRecordChairmanDecision, p);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK(r.status().message().find("document_date") != std::string::npos);
  p["document_date"] = JsonValue("05/01/2026");
  CHECK(CommandFromPayload(E::kRecordChairmanDecision, p).status().code() == ErrorCode::kInvalidValue);
  p["document_date"] = JsonValue(std::int64_t{20260105});
  CHECK(CommandFromPayload(E::kRecordChairmanDecision, p).status().code() == ErrorCode::kInvalidArgument);
  p["document_date"] = JsonValue("2026-01-05");
  p["signed_as"] = JsonValue("deputy");
  r = CommandFromPayload(E::kRecordChairmanDecision, p);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK(r.status().message().find("signed_as") != std::string::npos);
  p["signed_as"] = JsonValue("vice_chairman");
  r = CommandFromPayload(E::kRecordChairmanDecision, p);
  REQUIRE(r.ok());
  const auto& c = std::get<RecordChairmanDecisionCommand>(r.value());
  CHECK(c.signed_as == SignedAs::kViceChairman);
  CHECK(c.document_date == std::optional<CivilDate>(CivilDate{2026, 1, 5}));
}

TEST_CASE("ministry conclusion: the document number and date are recorded", "[workflow][escalation][ministry]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kAwaitingMinistry);
  RecordMinistryConclusionCommand c;
  c.conclusion = "Bộ kết luận: áp dụng chuẩn kết nối LGSP.";
  c.document_number = "123/BTTTT-CĐSQG";
  c.document_date = CivilDate{2025, 12, 30};
  f.Do("stttt.coordinator", id, c);
  const TicketEvent last = History(f, id).back();
  CHECK(last.payload.at("document_number") == JsonValue("123/BTTTT-CĐSQG"));
  CHECK(last.payload.at("document_date") == JsonValue("2025-12-30"));
  // Without them, as before.
  const std::string other = f.TicketIn(S::kAwaitingMinistry);
  f.Do("stttt.coordinator", other, RecordMinistryConclusionCommand{"Bộ kết luận"});
  CHECK(History(f, other).back().payload.at("document_number").is_null());
}

// ---------------------------------------------------------------------------------------
// Visibility and replay

TEST_CASE("escalation: DoICT's director and the Chairman's office see every ticket", "[workflow][escalation][visibility]") {
  DemoFixture f;
  const std::string id = f.TicketIn(S::kTriage);
  for (const char* who : {"stttt.director", "vp-ubnd.office", "vice.chairman"}) {
    INFO(who);
    CHECK(f.service.Get(DemoActor(who), id).ok());
    CHECK(f.service.Apply(DemoActor(who), id, CommentCommand{"Theo dõi"}).ok());
  }
  // The roles count only in their authority's org.
  const Actor elsewhere = Actor::User("syt.director", "syt", {Role::kDirector, Role::kOfficeStaff});
  CHECK(f.service.Get(elsewhere, id).status().code() == ErrorCode::kNotFound);
}

TEST_CASE("escalation: a history replays whatever the settings are now", "[workflow][escalation][replay]") {
  DemoFixture f(Signoff());
  const std::string id = EscalatedFrom(f, S::kPartyFixing);
  f.Do("stttt.director", id, ReturnEscalationCommand{"Bổ sung"});
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Trình lại"});
  f.Do("stttt.director", id, ApproveEscalationCommand{});
  f.Do("chairman", id, ReturnToDoictCommand{"Làm rõ"});
  f.Do("stttt.director", id, EscalateChairmanCommand{"Trình lần 3"});
  f.Do("vp-ubnd.office", id,
       Decision("vice.chairman", SignedAs::kViceChairman, "47/QĐ-UBND", CivilDate{2026, 1, 7}));
  const auto events = History(f, id);
  auto stored = f.store.LoadTicket(id);
  REQUIRE(stored.ok());
  for (const WorkflowSettings& now : {Signoff(), incidents::testing::DemoWorkflowSettings()}) {
    const incidents::workflows::IncidentWorkflow workflow(now);
    auto replayed = Replay(workflow, events);
    INFO(replayed.status().ToString());
    REQUIRE(replayed.ok());
    CHECK(DescribeDifference(replayed.value(), stored.value()) == "");
  }
  // A contract-era escalation (straight to the Chairman) replays under director sign-off.
  DemoFixture old;
  const std::string plain = old.TicketIn(S::kAwaitingChairman);
  auto replayed = Replay(f.workflow, History(old, plain));
  REQUIRE(replayed.ok());
  CHECK(replayed->state == S::kAwaitingChairman);
}

TEST_CASE("escalation: a replay refuses an escalation recorded to a state it cannot reach",
          "[workflow][escalation][replay]") {
  DemoFixture f(Signoff());
  const std::string id = EscalatedFrom(f, S::kTriage);
  auto events = History(f, id);
  REQUIRE(events.back().to_state == S::kAwaitingDirector);
  events.back().to_state = S::kResolved;
  auto replayed = Replay(f.workflow, events);
  CHECK(replayed.status().code() == ErrorCode::kCorruption);
}

}  // namespace
