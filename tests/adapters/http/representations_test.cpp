// JSON in and out as the API uses it: request bodies (ParseJsonObjectBody) mapped to
// commands with CommandFromPayload, and the response shapes of spec/API.md built by
// representations.h (TicketJson, WorkflowJson, UserJson; the directory's shapes in
// directory_shapes_test.cpp).

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "api_harness.h"
#include "demo_fixture.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/command.h"
#include "incidents/engine/sla.h"
#include "json_body.h"
#include "representations.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

bool IsRfc3339Z(const std::string& s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$)");
  return std::regex_match(s, re);
}

Result<Command> FromBody(EventType type, const std::string& body) {
  auto parsed = http::ParseJsonObjectBody(body);
  INFO(body << " -> " << parsed.status().ToString());
  REQUIRE(parsed.ok());
  return CommandFromPayload(type, parsed.value());
}

struct Case {
  EventType type;
  std::string body;  // as a client sends it to POST .../events (type and expected_version included)
  Command expected;
};

std::vector<Case> EveryEventType() {
  ReportCommand report;
  report.category = Category::kConnectionFailure;
  report.title = "Mất kết nối trục LGSP";
  report.description = "Không gọi được dịch vụ hộ tịch.";
  report.priority = Priority::kCritical;
  report.parties = {"stnmt", "syt"};
  report.service = "LGSP";
  return {
      {EventType::kReport,
       R"({"category":"connection_failure","title":"Mất kết nối trục LGSP","description":"Không gọi được dịch vụ hộ tịch.",)"
       R"("priority":"critical","parties":["stnmt","syt"],"service":"LGSP"})",
       report},
      {EventType::kAcknowledge, R"({"type":"acknowledge","expected_version":1})", AcknowledgeCommand{}},
      {EventType::kAssignDoict, R"({"type":"assign_doict","assignee":"stttt.engineer"})",
       AssignDoictCommand{"stttt.engineer"}},
      {EventType::kRequestPartyFix,
       R"({"type":"request_party_fix","party":"stnmt","instructions":"Kiểm tra lại dữ liệu","expected_version":3})",
       RequestPartyFixCommand{"stnmt", "Kiểm tra lại dữ liệu"}},
      {EventType::kRequestInfo, R"({"type":"request_info","question":"Xin gửi ảnh chụp màn hình"})",
       RequestInfoCommand{"Xin gửi ảnh chụp màn hình"}},
      {EventType::kProvideInfo, R"({"type":"provide_info","answer":"Đã gửi kèm"})", ProvideInfoCommand{"Đã gửi kèm"}},
      {EventType::kReferMinistry, R"({"type":"refer_ministry","question":"Đề nghị Bộ cho ý kiến"})",
       ReferMinistryCommand{"Đề nghị Bộ cho ý kiến"}},
      {EventType::kRecordMinistryConclusion,
       R"({"type":"record_ministry_conclusion","conclusion":"Sở TN&MT cập nhật dữ liệu"})",
       RecordMinistryConclusionCommand{"Sở TN&MT cập nhật dữ liệu"}},
      {EventType::kEscalateChairman, R"({"type":"escalate_chairman","reason":"Vượt thẩm quyền của Sở"})",
       EscalateChairmanCommand{"Vượt thẩm quyền của Sở"}},
      {EventType::kApproveEscalation, R"({"type":"approve_escalation","note":"Đồng ý trình"})",
       ApproveEscalationCommand{"Đồng ý trình"}},
      {EventType::kReturnEscalation, R"({"type":"return_escalation","message":"Bổ sung ý kiến"})",
       ReturnEscalationCommand{"Bổ sung ý kiến"}},
      {EventType::kRecordChairmanDecision,
       R"({"type":"record_chairman_decision","decision":"Giao Sở TN&MT xử lý","requires_action":true})",
       RecordChairmanDecisionCommand{"Giao Sở TN&MT xử lý", true}},
      {EventType::kReturnToDoict, R"({"type":"return_to_doict","message":"Làm rõ phương án"})",
       ReturnToDoictCommand{"Làm rõ phương án"}},
      {EventType::kResolve, R"({"type":"resolve","resolution":"Đã sửa kết nối"})", ResolveCommand{"Đã sửa kết nối"}},
      {EventType::kConfirm, R"({"type":"confirm","feedback":"Cảm ơn"})", ConfirmCommand{"Cảm ơn"}},
      {EventType::kReopen, R"({"type":"reopen","reason":"Lỗi lặp lại"})", ReopenCommand{"Lỗi lặp lại"}},
      {EventType::kReject, R"({"type":"reject","reason":"Trùng","duplicate_of":"INC-2026-000001"})",
       RejectCommand{"Trùng", "INC-2026-000001"}},
      {EventType::kComment, R"({"type":"comment","body":"Đang theo dõi","expected_version":7})",
       CommentCommand{"Đang theo dõi"}},
      {EventType::kSlaBreach, R"({"type":"sla_breach","clock":"resolve","level":2})",
       SlaBreachCommand{SlaClockKind::kResolve, 2}},
      {EventType::kAutoClose, R"({"type":"auto_close"})", AutoCloseCommand{}},
  };
}

TEST_CASE("mapping: every event type maps from its JSON body to the right command") {
  const auto cases = EveryEventType();
  std::set<EventType> covered;
  for (const auto& c : cases) {
    CAPTURE(ToString(c.type), c.body);
    auto command = FromBody(c.type, c.body);
    INFO(command.status().ToString());
    REQUIRE(command.ok());
    CHECK(TypeOf(command.value()) == c.type);
    CHECK(command.value() == c.expected);
    covered.insert(c.type);
  }
  CHECK(covered.size() == incidents::workflows::kIncidentEventTypes.size());
}

TEST_CASE("mapping: the recorded payload round trips through JSON text to the same command") {
  for (const auto& c : EveryEventType()) {
    CAPTURE(ToString(c.type));
    const std::string text = ToCanonicalJson(JsonValue(ToPayload(c.expected)));
    auto command = FromBody(c.type, text);
    REQUIRE(command.ok());
    CHECK(command.value() == c.expected);
  }
}

TEST_CASE("mapping: optional fields may be absent or null") {
  auto report = FromBody(EventType::kReport, R"({"category":"other","title":"t","description":"d"})");
  REQUIRE(report.ok());
  const auto& r = std::get<ReportCommand>(report.value());
  CHECK(r.priority == Priority::kNormal);
  CHECK(r.parties.empty());
  CHECK_FALSE(r.service.has_value());

  auto assign = FromBody(EventType::kAssignDoict, R"({"type":"assign_doict","assignee":null})");
  REQUIRE(assign.ok());
  CHECK(assign.value() == Command(AssignDoictCommand{std::nullopt}));
  auto confirm = FromBody(EventType::kConfirm, R"({"type":"confirm"})");
  REQUIRE(confirm.ok());
  CHECK(confirm.value() == Command(ConfirmCommand{std::nullopt}));
  auto reject = FromBody(EventType::kReject, R"({"type":"reject","reason":"ngoài phạm vi"})");
  REQUIRE(reject.ok());
  CHECK(reject.value() == Command(RejectCommand{"ngoài phạm vi", std::nullopt}));
}

TEST_CASE("mapping: a missing or mistyped field is kInvalidArgument naming it") {
  struct Bad {
    EventType type;
    const char* body;
    const char* field;
  };
  const Bad bad[] = {
      {EventType::kReport, R"({"title":"t","description":"d"})", "category"},
      {EventType::kReport, R"({"category":"other","description":"d"})", "title"},
      {EventType::kReport, R"({"category":"other","title":5,"description":"d"})", "title"},
      {EventType::kReport, R"({"category":"other","title":"t","description":"d","parties":"stnmt"})", "parties"},
      {EventType::kReport, R"({"category":"other","title":"t","description":"d","parties":[1]})", "parties"},
      {EventType::kRequestPartyFix, R"({"party":"stnmt"})", "instructions"},
      {EventType::kRequestInfo, R"({"question":null})", "question"},
      {EventType::kComment, R"({"type":"comment"})", "body"},
      {EventType::kComment, R"({"body":["x"]})", "body"},
      {EventType::kRecordChairmanDecision, R"({"decision":"d","requires_action":"yes"})", "requires_action"},
      {EventType::kRecordChairmanDecision, R"({"decision":"d"})", "requires_action"},
      {EventType::kConfirm, R"({"feedback":3})", "feedback"},
      {EventType::kSlaBreach, R"({"clock":"ack"})", "level"},
  };
  for (const auto& b : bad) {
    CAPTURE(ToString(b.type), b.body);
    auto command = FromBody(b.type, b.body);
    REQUIRE_FALSE(command.ok());
    CHECK(command.status().code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(command.status().message(), Contains(b.field));
  }
}

TEST_CASE("mapping: unknown names are kInvalidValue (422) and not 400") {
  auto cat = FromBody(EventType::kReport, R"({"category":"gossip","title":"t","description":"d"})");
  REQUIRE_FALSE(cat.ok());
  CHECK(cat.status().code() == ErrorCode::kInvalidValue);
  CHECK_THAT(cat.status().message(), Contains("category"));
  auto prio = FromBody(EventType::kReport, R"({"category":"other","title":"t","description":"d","priority":"urgent"})");
  REQUIRE_FALSE(prio.ok());
  CHECK(prio.status().code() == ErrorCode::kInvalidValue);
  CHECK_THAT(prio.status().message(), Contains("priority"));
  auto level = FromBody(EventType::kSlaBreach, R"({"clock":"ack","level":3})");
  REQUIRE_FALSE(level.ok());
  CHECK(level.status().code() == ErrorCode::kInvalidValue);
}

// --- response shapes -------------------------------------------------------------------

void RequireType(const JsonValue& obj, const std::string& key, const char* type) {
  INFO("field '" << key << "' in " << ToCanonicalJson(obj));
  const JsonValue* v = obj.Find(key);
  REQUIRE(v != nullptr);
  const std::string t = type;
  if (t == "string") CHECK(v->is_string());
  else if (t == "int") CHECK(v->is_int());
  else if (t == "bool") CHECK(v->is_bool());
  else if (t == "array") CHECK(v->is_array());
  else if (t == "object") CHECK(v->is_object());
  else if (t == "null") CHECK(v->is_null());
  else if (t == "string_or_null") CHECK((v->is_string() || v->is_null()));
  else if (t == "time") {
    REQUIRE(v->is_string());
    CHECK(IsRfc3339Z(v->as_string()));
  } else FAIL("unknown type " << t);
}

void CheckTicketShape(const JsonValue& j) {
  REQUIRE(j.is_object());
  for (const char* k : {"id", "workflow", "category", "priority", "title", "description", "state", "reporter",
                        "reporter_org"})
    RequireType(j, k, "string");
  RequireType(j, "service", "string_or_null");
  RequireType(j, "assignee", "string_or_null");
  RequireType(j, "parties", "array");
  for (const auto& p : j.Find("parties")->as_array()) CHECK(p.is_string());
  RequireType(j, "version", "int");
  RequireType(j, "created_at", "time");
  RequireType(j, "updated_at", "time");
  RequireType(j, "sla", "object");
  const JsonValue& sla = *j.Find("sla");
  for (const char* k : {"ack_due", "resolve_due"}) {
    const JsonValue* v = sla.Find(k);
    REQUIRE(v != nullptr);
    if (!v->is_null()) {
      REQUIRE(v->is_string());
      CHECK(IsRfc3339Z(v->as_string()));
    }
  }
  // Working seconds from now to the due: an integer (negative past it) or null, null exactly
  // when the due is null.
  for (const char* k : {"ack_working_seconds_left", "resolve_working_seconds_left"}) {
    const JsonValue* v = sla.Find(k);
    INFO(k << " in " << ToCanonicalJson(sla));
    REQUIRE(v != nullptr);
    CHECK((v->is_int() || v->is_null()));
  }
  CHECK(sla.Find("ack_working_seconds_left")->is_null() == sla.Find("ack_due")->is_null());
  CHECK(sla.Find("resolve_working_seconds_left")->is_null() == sla.Find("resolve_due")->is_null());
  RequireType(sla, "paused", "bool");
  RequireType(sla, "breaches", "array");
  RequireType(j, "allowed_actions", "array");
  for (const auto& a : j.Find("allowed_actions")->as_array()) {
    REQUIRE(a.is_string());
    CHECK(ParseEventType(a.as_string()).has_value());
  }
}

TEST_CASE("shape: TicketJson has every field of spec/API.md 'Ticket' with the right JSON type") {
  DemoFixture fx;
  const std::string id = fx.File();
  auto t = fx.store.LoadTicket(id);
  REQUIRE(t.ok());
  const Actor reporter = DemoActor("stp.reporter");
  const JsonValue j = http::TicketJson(t.value(), fx.service.AllowedActions(reporter, t.value()), fx.workflow.Catalog());
  CheckTicketShape(j);
  // The values of a freshly reported ticket (spec/API.md example).
  CHECK(j.Find("id")->as_string() == id);
  CHECK(j.Find("workflow")->as_string() == "incident");
  CHECK(j.Find("category")->as_string() == "data_discrepancy");
  CHECK(j.Find("priority")->as_string() == "normal");
  CHECK(j.Find("state")->as_string() == "reported");
  CHECK(j.Find("reporter")->as_string() == "stp.reporter");
  CHECK(j.Find("reporter_org")->as_string() == "stp");
  CHECK(*j.Find("parties") == JsonValue(JsonValue::Array{"stnmt"}));
  CHECK(j.Find("assignee")->is_null());
  CHECK(j.Find("service")->is_null());
  CHECK(j.Find("version")->as_int() == 1);
  CHECK(j.Find("created_at")->as_string() == "2026-01-05T01:00:00Z");
  CHECK(j.Find("updated_at")->as_string() == "2026-01-05T01:00:00Z");
  const JsonValue& sla = *j.Find("sla");
  // ack_due/resolve_due: RFC 3339 or null (checked by CheckTicketShape); whether the
  // service fills them in is the engine's business (SlaPolicy), not this adapter's.
  CHECK(sla.Find("paused")->as_bool() == false);
  CHECK(sla.Find("breaches")->as_array().empty());
  // The reporter may comment on its own ticket: allowed_actions says so.
  const auto& actions = j.Find("allowed_actions")->as_array();
  CHECK(std::find(actions.begin(), actions.end(), JsonValue("comment")) != actions.end());
}

TEST_CASE("shape: TicketJson writes assignee and service and paused and breaches as {clock level at}") {
  Ticket t;
  t.id = "INC-2026-000042";
  t.category = Category::kOperationalIncident;
  t.priority = Priority::kHigh;
  t.title = "Sự cố";
  t.description = "Mô tả";
  t.service = "LGSP";
  t.state = State::kWaitingReporter;
  t.reporter = "stp.reporter";
  t.reporter_org = "stp";
  t.parties = {"stnmt", "syt"};
  t.assignee = "stttt.engineer";
  t.version = 5;
  t.created_at = *ParseRfc3339("2026-01-05T01:00:00Z");
  t.updated_at = *ParseRfc3339("2026-01-06T02:30:15Z");
  t.sla.ack_due = *ParseRfc3339("2026-01-05T05:00:00Z");
  t.sla.ack_working_left = std::chrono::seconds(-5400);
  t.sla.paused = true;
  t.sla.breaches.push_back({SlaClockKind::kAck, 1, *ParseRfc3339("2026-01-05T05:00:00Z")});
  t.sla.breaches.push_back({SlaClockKind::kResolve, 2, *ParseRfc3339("2026-01-09T09:00:00Z")});
  const JsonValue j = http::TicketJson(t, {EventType::kProvideInfo, EventType::kComment},
                                      incidents::workflows::IncidentWorkflow().Catalog());
  CheckTicketShape(j);
  CHECK(j.Find("assignee")->as_string() == "stttt.engineer");
  CHECK(j.Find("service")->as_string() == "LGSP");
  CHECK(j.Find("state")->as_string() == "waiting_reporter");
  CHECK(j.Find("priority")->as_string() == "high");
  CHECK(j.Find("category")->as_string() == "operational_incident");
  CHECK(j.Find("version")->as_int() == 5);
  CHECK(j.Find("updated_at")->as_string() == "2026-01-06T02:30:15Z");
  const JsonValue& sla = *j.Find("sla");
  CHECK(sla.Find("ack_due")->as_string() == "2026-01-05T05:00:00Z");
  CHECK(sla.Find("resolve_due")->is_null());
  CHECK(sla.Find("ack_working_seconds_left")->as_int() == -5400);
  CHECK(sla.Find("resolve_working_seconds_left")->is_null());
  CHECK(sla.Find("paused")->as_bool());
  const JsonValue expected_breaches = JsonValue::Array{
      JsonValue::Object{{"clock", "ack"}, {"level", 1}, {"at", "2026-01-05T05:00:00Z"}},
      JsonValue::Object{{"clock", "resolve"}, {"level", 2}, {"at", "2026-01-09T09:00:00Z"}},
  };
  CHECK(*sla.Find("breaches") == expected_breaches);
  CHECK(*j.Find("allowed_actions") == JsonValue(JsonValue::Array{"provide_info", "comment"}));
}

TEST_CASE("shape: every ticket the API returns carries the working seconds left from the service's SlaPolicy") {
  ApiHarness h;
  SlaPolicy policy(h.calendar, DefaultSlaTargets());
  h.fx.service.SetSlaPolicy(&policy, nullptr);
  const std::string token = h.Login("stp.reporter");
  auto sla_of = [](const JsonValue& ticket) {
    INFO(ToCanonicalJson(ticket));
    REQUIRE(ticket.Find("sla") != nullptr);
    return *ticket.Find("sla");
  };
  auto left = [](const JsonValue& sla, const char* key) {
    const JsonValue* v = sla.Find(key);
    INFO(key << " in " << ToCanonicalJson(sla));
    REQUIRE(v != nullptr);
    return v->is_null() ? std::optional<std::int64_t>() : std::optional<std::int64_t>(v->as_int());
  };

  // POST at Monday 2026-01-05 08:00 local; high: acknowledge 2 h, resolve 16 h.
  const auto created = h.Call(h.Request("POST", "/api/v1/tickets", TicketBody(), token));
  REQUIRE(created.status == 201);
  const JsonValue posted = Json(created);
  CheckTicketShape(posted);
  const std::string id = Str(posted, "id");
  CHECK(left(sla_of(posted), "ack_working_seconds_left") == 2 * 3600);
  CHECK(left(sla_of(posted), "resolve_working_seconds_left") == 16 * 3600);

  // GET at 12:00 local, in the lunch break: 3.5 h counted.
  h.fx.clock.Set(*ParseRfc3339("2026-01-05T05:00:00Z"));
  const auto got = h.Call(h.Request("GET", "/api/v1/tickets/" + id, "", token));
  REQUIRE(got.status == 200);
  const JsonValue one = Json(got);
  CheckTicketShape(one);
  CHECK(left(sla_of(one), "ack_working_seconds_left") == -(3600 + 1800));  // overdue: negative
  CHECK(left(sla_of(one), "resolve_working_seconds_left") == 12 * 3600 + 1800);

  // The list says the same.
  const auto listed = h.Call(h.Request("GET", "/api/v1/tickets", "", token));
  REQUIRE(listed.status == 200);
  bool seen = false;
  const JsonValue list = Json(listed);
  REQUIRE(list.Find("items") != nullptr);
  for (const auto& item : list.Find("items")->as_array()) {
    CheckTicketShape(item);
    if (Str(item, "id") != id) continue;
    seen = true;
    CHECK(sla_of(item) == sla_of(one));
  }
  CHECK(seen);

  // An event's answer: acknowledged, so the ack clock is null; the resolve clock still runs.
  const std::string engineer = h.Login("stttt.engineer");
  const auto acked = h.Call(h.Request("POST", "/api/v1/tickets/" + id + "/events", R"({"type":"acknowledge"})", engineer));
  REQUIRE(acked.status == 200);
  const JsonValue after = Json(acked);
  CheckTicketShape(after);
  CHECK_FALSE(left(sla_of(after), "ack_working_seconds_left"));
  CHECK(left(sla_of(after), "resolve_working_seconds_left") == 12 * 3600 + 1800);
}

TEST_CASE("shape: WorkflowJson lists the 10 states and every transition with the spec's fields") {
  // The contract's settings: no awaiting_director, and none of issue 12.3's events in the
  // table (the catalog's "events" lists every event type all the same).
  DemoFixture fx;
  const JsonValue j = http::WorkflowJson(fx.workflow, {200, 20000});
  CHECK(Str(j, "name") == "incident");
  REQUIRE(j.Find("states") != nullptr);
  const auto& states = j.Find("states")->as_array();
  REQUIRE(states.size() == 10);
  std::set<std::string> ids;
  for (const auto& s : states) {
    REQUIRE(s.is_object());
    RequireType(s, "id", "string");
    RequireType(s, "label_vi", "string");
    RequireType(s, "label_en", "string");
    RequireType(s, "terminal", "bool");
    const std::string id = s.Find("id")->as_string();
    ids.insert(id);
    CHECK_FALSE(s.Find("label_vi")->as_string().empty());
    CHECK_FALSE(s.Find("label_en")->as_string().empty());
    CHECK(s.Find("terminal")->as_bool() == (id == "closed" || id == "rejected"));
    if (id == "reported") CHECK(s.Find("label_vi")->as_string() == "Chờ tiếp nhận");
    if (id == "awaiting_chairman") CHECK(s.Find("label_vi")->as_string() == "Chờ Chủ tịch UBND tỉnh quyết định");
  }
  for (State s : incidents::workflows::kIncidentStates) CHECK(ids.count(std::string(ToString(s))) == (s == State::kAwaitingDirector ? 0u : 1u));

  REQUIRE(j.Find("transitions") != nullptr);
  const auto& transitions = j.Find("transitions")->as_array();
  std::set<std::string> events;
  for (const auto& t : transitions) {
    REQUIRE(t.is_object());
    RequireType(t, "event", "string");
    RequireType(t, "from", "array");
    RequireType(t, "to", "string_or_null");
    RequireType(t, "actors", "array");
    RequireType(t, "legal_basis", "string");
    const std::string ev = t.Find("event")->as_string();
    events.insert(ev);
    CAPTURE(ev);
    CHECK(ParseEventType(ev).has_value());
    // Machine form, or none where the step is the system's own procedure (and then a note).
    RequireType(t, "citation", "object");
    const JsonValue& citation = *t.Find("citation");
    if (t.Find("legal_basis")->as_string().empty())
      CHECK_FALSE(citation.Find("note_vi")->as_string().empty());
    else
      CHECK_THAT(t.Find("legal_basis")->as_string(), StartsWith("Art. "));
    CHECK_THAT(citation.Find("vi")->as_string(), !Contains("Art."));
    CHECK(citation.Find("regulation")->as_string() == "qd-57-2020-ubnd-ninhthuan");
    if (ev == "escalate_chairman") {
      CHECK(t.Find("legal_basis")->as_string() == "Art. 11.2b, 12.2, 13.2b");
      REQUIRE(t.Find("citations") != nullptr);
      std::map<std::string, std::string> by_scope;
      for (const auto& c : t.Find("citations")->as_array()) {
        CHECK(c.Find("by")->as_string() == "scope");
        CHECK_FALSE(c.Find("when_vi")->as_string().empty());
        CHECK_FALSE(c.Find("gloss_vi")->as_string().empty());
        by_scope[c.Find("when")->as_string()] = c.Find("vi")->as_string();
      }
      CHECK(by_scope == std::map<std::string, std::string>{{"intra_province", "điểm b khoản 2 Điều 11"},
                                                           {"outside_agency", "khoản 2 Điều 12"},
                                                           {"person_or_business", "điểm b khoản 2 Điều 13"}});
    }
    for (const auto& f : t.Find("from")->as_array()) {
      REQUIRE(f.is_string());
      CHECK(ParseState(f.as_string()).has_value());
    }
    if (t.Find("to")->is_string()) CHECK(ParseState(t.Find("to")->as_string()).has_value());
    CHECK_FALSE(t.Find("actors")->as_array().empty());
    for (const auto& a : t.Find("actors")->as_array()) CHECK(a.is_string());
    if (ev == "report") CHECK(t.Find("from")->as_array().empty());
    if (ev == "acknowledge") {
      CHECK(*t.Find("from") == JsonValue(JsonValue::Array{"reported"}));
      CHECK(t.Find("to")->as_string() == "triage");
      CHECK(t.Find("legal_basis")->as_string() == "Art. 17.1");
      CHECK(t.Find("citation")->Find("vi")->as_string() == "khoản 1 Điều 17");
      CHECK_THAT(t.Find("citation")->Find("gloss_vi")->as_string(), StartsWith("Sở Thông tin"));
    }
    if (ev == "comment") CHECK(t.Find("to")->is_null());
  }
  const std::set<EventType> settings_only = {EventType::kApproveEscalation, EventType::kReturnEscalation,
                                             EventType::kReturnToDoict};
  for (EventType e : incidents::workflows::kIncidentEventTypes) CHECK(events.count(std::string(ToString(e))) == (settings_only.count(e) ? 0u : 1u));
  REQUIRE(j.Find("events") != nullptr);
  CHECK(j.Find("events")->as_array().size() == incidents::workflows::kIncidentEventTypes.size());
}

TEST_CASE("shape: WorkflowJson with director sign-off has awaiting_director, and dates say their format") {
  WorkflowSettings settings = incidents::testing::DemoWorkflowSettings();
  settings.escalation_signoff = EscalationSignoff::kDirector;
  settings.chairman_may_return = true;
  DemoFixture fx(settings);
  const JsonValue j = http::WorkflowJson(fx.workflow, {200, 20000});
  std::set<std::string> ids, events;
  for (const auto& s : j.Find("states")->as_array()) ids.insert(s.Find("id")->as_string());
  for (const auto& t : j.Find("transitions")->as_array()) events.insert(t.Find("event")->as_string());
  CHECK(ids.size() == incidents::workflows::kIncidentStates.size());
  CHECK(ids.count("awaiting_director") == 1);
  for (EventType e : incidents::workflows::kIncidentEventTypes) CHECK(events.count(std::string(ToString(e))) == 1);
  bool seen = false;
  for (const auto& e : j.Find("events")->as_array()) {
    if (e.Find("type")->as_string() != "record_chairman_decision") continue;
    for (const auto& f : e.Find("fields")->as_array()) {
      const std::string name = f.Find("name")->as_string();
      if (name == "document_date") {
        seen = true;
        CHECK(f.Find("format")->as_string() == "date");
      } else {
        CHECK(f.Find("format") == nullptr);
      }
      if (name == "signer") CHECK(f.Find("ref")->as_string() == "chairman");
    }
  }
  CHECK(seen);
}

TEST_CASE("shape: HistoryJson gives each event its citation in Vietnamese, under the version it recorded") {
  DemoFixture fx;
  const std::string id = fx.File();
  fx.Do("stttt.engineer", id, AcknowledgeCommand{});
  fx.Do("stttt.coordinator", id, EscalateChairmanCommand{"Vượt thẩm quyền"});
  auto events = fx.store.LoadHistory(id);
  REQUIRE(events.ok());
  // The third event as recorded before citations were versioned: version 1's citation.
  auto legacy = events.value();
  legacy[2].regulation_id.clear();
  legacy[2].regulation_version = 0;
  legacy[2].legal_basis = "Art. 12.2, 13.2b";
  const auto& settings = fx.workflow.settings();
  auto name_of = [](const std::string& u) { return "Tên của " + u; };
  for (const auto& [history, escalation_vi, version] :
       {std::make_tuple(events.value(), std::string("điểm b khoản 2 Điều 11"),
                        std::int64_t{incidents::testing::DemoRegulation()->current_version()}),
        std::make_tuple(legacy, std::string("khoản 2 Điều 12, điểm b khoản 2 Điều 13"), std::int64_t{1})}) {
    const JsonValue j = http::HistoryJson(history, incidents::engine::kIncidentWorkflow, settings, name_of);
    const auto& items = j.Find("items")->as_array();
    REQUIRE(items.size() == 3);
    // The items are the events exactly as hashed: nothing added to them.
    for (std::size_t i = 0; i < items.size(); ++i) CHECK(items[i] == EventToJson(history[i]));
    const auto& citations = j.Find("citations")->as_array();
    REQUIRE(citations.size() == 3);
    const JsonValue& ack = citations[1];
    CHECK(ack.Find("seq")->as_int() == 2);
    CHECK(ack.Find("regulation")->as_string() == "qd-57-2020-ubnd-ninhthuan");
    CHECK(ack.Find("vi")->as_string() == "khoản 1 Điều 17");
    CHECK(ack.Find("en")->as_string() == "Art. 17.1");
    CHECK_THAT(ack.Find("gloss_vi")->as_string(), Contains("kiểm tra, rà soát"));
    const JsonValue& esc = citations[2];
    CHECK(esc.Find("vi")->as_string() == escalation_vi);
    CHECK(esc.Find("version")->as_int() == version);
    CHECK(esc.Find("en")->as_string() == history[2].legal_basis);
    CHECK(*j.Find("people") == JsonValue(JsonValue::Object{{"stp.reporter", "Tên của stp.reporter"},
                                                           {"stttt.engineer", "Tên của stttt.engineer"},
                                                           {"stttt.coordinator", "Tên của stttt.coordinator"}}));
  }
}

TEST_CASE("shape: OrgJson is the org with its focal point and deputy in force on the day, or null") {
  const Org o = DemoOrgs()[1];  // stp
  REQUIRE(o.id == "stp");
  std::map<std::string, User> people;
  for (const User& u : DemoUsers()) people.emplace(u.username, u);
  std::vector<FocalPoint> terms = DemoFocalPoints();
  FocalPoint deputy;
  deputy.id = 99;
  deputy.org = "stp";
  deputy.role = FocalPointRole::kDeputy;
  deputy.username = "stp.reporter";
  deputy.position = "Phó Trưởng phòng";
  deputy.since = CivilDate{2026, 1, 6};
  deputy.absent = false;
  terms.push_back(deputy);
  const User& focal = people.at("stp.focal");

  const JsonValue j = http::OrgJson(o, terms, people, CivilDate{2026, 1, 5});
  const JsonValue expected = JsonValue::Object{
      {"id", "stp"},
      {"name", "Sở Tư pháp"},
      {"short_name", "STP"},
      {"kind", "department"},
      {"active", true},
      {"successor", JsonValue()},
      {"focal_point", JsonValue::Object{{"username", "stp.focal"},
                                        {"name", focal.display_name},
                                        {"position", "Chuyên viên"},
                                        {"email", "focal@stp.ninhthuan.example"},
                                        {"phone", "+84900000002"},
                                        {"since", "2025-01-01"},
                                        {"absent", false}}},
      {"deputy", JsonValue()},  // appointed from the next day
  };
  CHECK(ToCanonicalJson(j) == ToCanonicalJson(expected));

  // The next day the deputy is in force too; a merged org names its successor.
  Org merged = o;
  merged.active = false;
  merged.successor = "stnmt";
  const JsonValue later = http::OrgJson(merged, terms, people, CivilDate{2026, 1, 6});
  CHECK(*later.Find("successor") == JsonValue("stnmt"));
  CHECK(*later.Find("active") == JsonValue(false));
  const JsonValue* dep = later.Find("deputy");
  REQUIRE(dep != nullptr);
  CHECK(Str(*dep, "username") == "stp.reporter");
  CHECK(Str(*dep, "position") == "Phó Trưởng phòng");
  CHECK(Str(*dep, "since") == "2026-01-06");
  // Before any term, and for a person the directory lacks, the shapes stay readable.
  CHECK(http::OrgJson(o, terms, people, CivilDate{2024, 12, 31}).Find("focal_point")->is_null());
  const JsonValue unknown = http::OrgJson(o, terms, {}, CivilDate{2026, 1, 5});
  CHECK(Str(*unknown.Find("focal_point"), "username") == "stp.focal");
  CHECK(Str(*unknown.Find("focal_point"), "email").empty());
}

TEST_CASE("shape: UserJson is the directory's user and never carries the password hash") {
  User u;
  u.username = "stttt.coordinator";
  u.org = "stttt";
  u.roles = {Role::kCoordinator, Role::kEngineer};
  u.password_hash = "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==";
  u.email = "c@example";
  const JsonValue j = http::UserJson(u);
  CHECK(Str(j, "username") == "stttt.coordinator");
  CHECK(Str(j, "org") == "stttt");
  REQUIRE(j.Find("roles") != nullptr);
  std::set<std::string> roles;
  for (const auto& r : j.Find("roles")->as_array()) roles.insert(r.as_string());
  CHECK(roles == std::set<std::string>{"coordinator", "engineer"});
  CHECK(ToCanonicalJson(j).find("pbkdf2") == std::string::npos);
  CHECK(j.Find("password_hash") == nullptr);
  CHECK(*j.Find("has_password") == JsonValue(true));
  CHECK(*j.Find("email") == JsonValue("c@example"));
  CHECK(*j.Find("active") == JsonValue(true));
  u.password_hash.clear();
  CHECK(*http::UserJson(u).Find("has_password") == JsonValue(false));
}

}  // namespace
}  // namespace incidents::testing
