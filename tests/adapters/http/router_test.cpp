// The router (adapters/http/src/router.h): path matching (404/405), Content-Type (415),
// authentication (401), and the endpoints of spec/API.md answered through Dispatch.
// Also GET /metrics.

#include <catch2/catch.hpp>

#include <string>

#include "api_harness.h"
#include "incidents/engine/canonical_json.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

void CheckProblem(const http::ApiResponse& r, int status) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
  const auto j = Json(r);
  CHECK(j.Find("status") != nullptr);
  if (j.Find("status")) CHECK(j.Find("status")->as_int() == status);
  CHECK(j.Find("type") != nullptr);
  CHECK(j.Find("title") != nullptr);
  CHECK(j.Find("detail") != nullptr);
}

TEST_CASE("router: an unknown path is a 404 problem") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  for (const char* path : {"/", "/api", "/api/v1", "/api/v2/me", "/api/v1/nothing", "/api/v1/tickets/x/y/z",
                           "/index.html"}) {
    CAPTURE(path);
    std::string route;
    const auto r = h.Call(h.Request("GET", path, "", token), route);
    CheckProblem(r, 404);
    CHECK(route == "unmatched");
  }
}

TEST_CASE("router: a known path with the wrong method is 405 with Allow") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  {
    const auto r = h.Call(h.Request("PUT", "/api/v1/me", "{}", token));
    CheckProblem(r, 405);
    CHECK(Header(r, "Allow") == std::optional<std::string>("GET"));
  }
  {
    const auto r = h.Call(h.Request("DELETE", "/api/v1/tickets", "", token));
    CheckProblem(r, 405);
    const auto allow = Header(r, "Allow");
    REQUIRE(allow.has_value());
    CHECK_THAT(*allow, Contains("GET"));
    CHECK_THAT(*allow, Contains("POST"));
  }
  {
    // No authentication needed to learn that the method is wrong, and nothing runs.
    const auto r = h.Call(h.Request("GET", "/api/v1/sessions"));
    CheckProblem(r, 405);
    CHECK(Header(r, "Allow") == std::optional<std::string>("POST"));
  }
}

TEST_CASE("router: the matched route pattern is reported for metrics") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string token = h.Login("stp.reporter");
  std::string route;
  const auto r = h.Call(h.Request("GET", "/api/v1/tickets/" + id, "", token), route);
  CHECK(r.status == 200);
  CHECK(route == "/api/v1/tickets/{id}");
  h.Call(h.Request("GET", "/api/v1/tickets/" + id + "/history", "", token), route);
  CHECK(route == "/api/v1/tickets/{id}/history");
}

TEST_CASE("router: a POST that is not JSON is 415 and runs nothing") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  for (const char* type : {"text/plain", "", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    CAPTURE(type);
    auto req = h.Request("POST", "/api/v1/tickets", TicketBody(), token);
    req.content_type = type;
    CheckProblem(h.Call(req), 415);
  }
  CHECK(h.TicketCount() == 0);
  // Sign-in is a POST too.
  auto login = h.Request("POST", "/api/v1/sessions", R"({"username":"stp.reporter","password":"demo"})");
  login.content_type = "text/plain";
  CheckProblem(h.Call(login), 415);
}

TEST_CASE("router: JSON content types with parameters or a +json suffix are accepted") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON",
                           "application/merge-patch+json"}) {
    CAPTURE(type);
    auto req = h.Request("POST", "/api/v1/tickets", TicketBody(), token);
    req.content_type = type;
    CHECK(h.Call(req).status == 201);
  }
}

TEST_CASE("router: a missing token is 401 with WWW-Authenticate on every /api/v1 route but sign-in") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::pair<const char*, std::string> routes[] = {
      {"GET", "/api/v1/me"},
      {"GET", "/api/v1/orgs"},
      {"GET", "/api/v1/tickets"},
      {"POST", "/api/v1/tickets"},
      {"GET", "/api/v1/tickets/" + id},
      {"POST", "/api/v1/tickets/" + id + "/events"},
      {"GET", "/api/v1/tickets/" + id + "/history"},
      {"GET", "/api/v1/tickets/" + id + "/notifications"},
      {"GET", "/api/v1/calendar"},
      {"GET", "/api/v1/workflows/incident"},
      {"DELETE", "/api/v1/sessions/current"},
  };
  for (const auto& [method, path] : routes) {
    CAPTURE(method, path);
    const auto r = h.Call(h.Request(method, path, R"({"type":"comment","body":"x"})"));
    CheckProblem(r, 401);
    const auto www = Header(r, "WWW-Authenticate");
    REQUIRE(www.has_value());
    CHECK_THAT(*www, StartsWith("Bearer"));
  }
  CHECK(h.TicketCount() == 1);
  auto history = h.fx.store.LoadHistory(id);
  REQUIRE(history.ok());
  CHECK(history->size() == 1);
  // A token in another scheme is no token.
  auto basic = h.Request("GET", "/api/v1/me");
  basic.authorization = "Basic c3RwLnJlcG9ydGVyOmRlbW8=";
  CheckProblem(h.Call(basic), 401);
}

TEST_CASE("router: /healthz and /metrics need no token") {
  ApiHarness h;
  const auto health = h.Call(h.Request("GET", "/healthz"));
  CHECK(health.status == 200);
  CHECK(Json(health) == JsonValue(JsonValue::Object{{"status", "ok"}}));
  CHECK(h.Call(h.Request("GET", "/metrics")).status == 200);
  // HEAD is answered like GET.
  CHECK(h.Call(h.Request("HEAD", "/healthz")).status == 200);
}

TEST_CASE("router: metrics render requests, and tickets by workflow and state for every state of each workflow") {
  ApiHarness h;
  h.fx.TicketIn(State::kTriage);
  h.fx.TicketIn(State::kTriage);
  h.fx.TicketIn(State::kRejected);
  h.ctx->metrics.RecordRequest("/api/v1/tickets/{id}", "GET", 200, 0.003);
  h.ctx->metrics.RecordRequest("/api/v1/tickets/{id}", "GET", 200, 0.2);
  const auto r = h.Call(h.Request("GET", "/metrics"));
  REQUIRE(r.status == 200);
  CHECK_THAT(r.content_type, StartsWith("text/plain; version=0.0.4"));
  const std::string& m = r.body;
  CHECK_THAT(m, Contains("# TYPE incidentd_http_requests_total counter"));
  CHECK_THAT(m, Contains(R"(incidentd_http_requests_total{route="/api/v1/tickets/{id}",method="GET",status="200"} 2)"));
  CHECK_THAT(m, Contains(R"(incidentd_http_request_duration_seconds_count{route="/api/v1/tickets/{id}"} 2)"));
  CHECK_THAT(m, Contains(R"(incidentd_http_request_duration_seconds_bucket{route="/api/v1/tickets/{id}",le="0.005"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_http_request_duration_seconds_bucket{route="/api/v1/tickets/{id}",le="+Inf"} 2)"));
  // Every state of each workflow has its series, at 0 before its first ticket; a state the
  // workflow does not have has none.
  for (const Workflow* w : {static_cast<const Workflow*>(&h.fx.workflow), static_cast<const Workflow*>(&h.fx.data_requests)}) {
    const WorkflowCatalog& c = w->Catalog();
    for (State s : kAllStates) {
      const std::string series =
          "incidentd_tickets{workflow=\"" + c.workflow() + "\",state=\"" + std::string(ToString(s)) + "\"} ";
      CAPTURE(series);
      if (c.Has(s)) CHECK_THAT(m, Contains(series));
      else CHECK_THAT(m, !Contains(series));
    }
  }
  CHECK_THAT(m, Contains("# TYPE incidentd_tickets gauge"));
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="incident",state="triage"} 2)"));
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="incident",state="rejected"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="incident",state="closed"} 0)"));
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="data_request",state="submitted"} 0)"));
  CHECK_THAT(m, !Contains("incidentd_tickets{state="));
}

TEST_CASE("router: metrics count sign-ins and applied events") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  (void)h.LoginResponse("stp.reporter", "wrong");
  REQUIRE(h.Call(h.Request("POST", "/api/v1/tickets", TicketBody(), token)).status == 201);
  const std::string m = h.Call(h.Request("GET", "/metrics")).body;
  CHECK_THAT(m, Contains(R"(incidentd_logins_total{outcome="ok"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_logins_total{outcome="failed"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_events_applied_total{workflow="incident",type="report"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="incident",state="reported"} 1)"));
}

// The workflows share states (waiting_reporter, awaiting_chairman, closed) and events
// (request_info, comment, ...): an incident dashboard must count incidents only.
TEST_CASE("router: metrics count the tickets and events of each workflow apart") {
  ApiHarness h;
  h.fx.TicketIn(State::kWaitingReporter);  // acknowledge, request_info
  const Actor engineer = DemoActor("stttt.engineer");
  SubmitCommand submit;
  submit.scope = Scope::kPersonOrBusiness;
  submit.title = submit.data_wanted = submit.purpose = submit.legal_basis = submit.requester_name = "Yêu cầu";
  for (int i = 0; i < 2; ++i) {
    auto request = h.fx.service.Submit(engineer, submit);
    REQUIRE(request.ok());
    REQUIRE(h.fx.service.Apply(engineer, request->id, ScreenCommand{}).ok());
    auto asked = h.fx.service.Apply(engineer, request->id, RequestInfoCommand{"Xin nêu rõ mục đích"});
    INFO(asked.status().ToString());
    REQUIRE(asked.ok());
    REQUIRE(asked->state == State::kWaitingReporter);
  }
  const std::string m = h.Call(h.Request("GET", "/metrics")).body;
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="incident",state="waiting_reporter"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_tickets{workflow="data_request",state="waiting_reporter"} 2)"));
  CHECK_THAT(m, Contains(R"(incidentd_events_applied_total{workflow="incident",type="request_info"} 1)"));
  CHECK_THAT(m, Contains(R"(incidentd_events_applied_total{workflow="data_request",type="request_info"} 2)"));
  CHECK_THAT(m, Contains(R"(incidentd_events_applied_total{workflow="data_request",type="submit"} 2)"));
  CHECK_THAT(m, Contains(R"(incidentd_events_applied_total{workflow="incident",type="report"} 1)"));
  // An event a workflow does not have gets no series of that workflow.
  CHECK_THAT(m, !Contains(R"(incidentd_events_applied_total{workflow="data_request",type="report"})"));
  CHECK_THAT(m, !Contains(R"(incidentd_events_applied_total{workflow="incident",type="submit"})"));
}

// --- endpoints through the router ---------------------------------------------------------

TEST_CASE("router: POST /api/v1/tickets answers 201 with the ticket and Location") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto r = h.Call(h.Request("POST", "/api/v1/tickets", TicketBody(), token));
  REQUIRE(r.status == 201);
  const auto j = Json(r);
  const std::string id = Str(j, "id");
  CHECK(Header(r, "Location") == std::optional<std::string>("/api/v1/tickets/" + id));
  CHECK(Str(j, "state") == "reported");
  CHECK(Str(j, "reporter") == "stp.reporter");
  CHECK(Str(j, "reporter_org") == "stp");
  CHECK(Str(j, "priority") == "high");
  CHECK(j.Find("version")->as_int() == 1);
  CHECK(Str(j, "created_at") == "2026-01-05T01:00:00Z");
  // The same ticket comes back from GET.
  const auto got = h.Call(h.Request("GET", "/api/v1/tickets/" + id, "", token));
  REQUIRE(got.status == 200);
  CHECK(got.body == r.body);
}

TEST_CASE("router: ticket creation errors are 400 / 422 problems") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets", "{", token)), 400);
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets", "[]", token)), 400);
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets", R"({"title":"t","description":"d"})", token)), 400);
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets",
                                R"({"category":"nope","title":"t","description":"d"})", token)),
               422);
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets",
                                R"({"category":"other","title":"","description":"d"})", token)),
               422);
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets",
                                R"({"category":"other","title":"t","description":"d","parties":["no-such-org"]})", token)),
               422);
  CHECK(h.TicketCount() == 0);
}

TEST_CASE("router: events grow the version by one and stale versions and illegal events are 409") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string reporter = h.Login("stp.reporter");
  const std::string engineer = h.Login("stttt.engineer");
  const std::string events = "/api/v1/tickets/" + id + "/events";

  const auto comment = h.Call(h.Request("POST", events, R"({"type":"comment","body":"x","expected_version":1})", reporter));
  REQUIRE(comment.status == 200);
  CHECK(Json(comment).Find("version")->as_int() == 2);

  SECTION("a stale expected_version: 409 version-conflict") {
    const auto r = h.Call(h.Request("POST", events, R"({"type":"acknowledge","expected_version":1})", engineer));
    CheckProblem(r, 409);
    CHECK_THAT(Str(Json(r), "type"), EndsWith("version-conflict"));
  }
  SECTION("an event the state does not allow: 409 illegal-transition") {
    const auto r = h.Call(h.Request("POST", events, R"({"type":"resolve","resolution":"done"})", engineer));
    CheckProblem(r, 409);
    CHECK_THAT(Str(Json(r), "type"), EndsWith("illegal-transition"));
  }
  SECTION("a fractional expected_version: 400 naming it") {
    const auto r = h.Call(h.Request("POST", events, R"({"type":"acknowledge","expected_version":2.5})", engineer));
    CheckProblem(r, 400);
    CHECK_THAT(Str(Json(r), "detail"), Contains("expected_version"));
  }
  SECTION("an unknown event type: 422; report through events: 422; no type: 400") {
    CheckProblem(h.Call(h.Request("POST", events, R"({"type":"explode"})", engineer)), 422);
    CheckProblem(h.Call(h.Request("POST", events, TicketBody(), engineer)), 400);
    CheckProblem(h.Call(h.Request("POST", events,
                                  R"({"type":"report","category":"other","title":"t","description":"d"})", engineer)),
                 422);
  }
  SECTION("the reporter may not acknowledge: 403") {
    CheckProblem(h.Call(h.Request("POST", events, R"({"type":"acknowledge"})", reporter)), 403);
  }
  SECTION("acknowledge with the current version: 200, version 3, state triage") {
    const auto r = h.Call(h.Request("POST", events, R"({"type":"acknowledge","expected_version":2})", engineer));
    REQUIRE(r.status == 200);
    const auto j = Json(r);
    CHECK(j.Find("version")->as_int() == 3);
    CHECK(Str(j, "state") == "triage");
  }
  auto history = h.fx.store.LoadHistory(id);
  REQUIRE(history.ok());
  CHECK(history->size() <= 3);
}

TEST_CASE("router: a ticket the caller cannot see is 404 whatever the request") {
  ApiHarness h;
  const std::string id = h.fx.File();  // stp reports, stnmt is a party
  const std::string outsider = h.Login("syt.reporter");
  CheckProblem(h.Call(h.Request("GET", "/api/v1/tickets/" + id, "", outsider)), 404);
  CheckProblem(h.Call(h.Request("GET", "/api/v1/tickets/" + id + "/history", "", outsider)), 404);
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets/" + id + "/events", R"({"type":"comment","body":"x"})", outsider)),
               404);
  // Even with a malformed body, the answer does not reveal the ticket.
  CheckProblem(h.Call(h.Request("POST", "/api/v1/tickets/" + id + "/events", R"({"type":"comment"})", outsider)), 404);
  CheckProblem(h.Call(h.Request("GET", "/api/v1/tickets/INC-2026-999999", "", outsider)), 404);
  // The party org sees it.
  CHECK(h.Call(h.Request("GET", "/api/v1/tickets/" + id, "", h.Login("stnmt.reporter"))).status == 200);
}

// Each family's API knows only its own workflow's events: the incident API answers the
// data-sharing requests' event names as it did before they existed (422 unknown event).
TEST_CASE("router: an event of the other workflow is an unknown event, 422, and changes nothing") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string coordinator = h.Login("stttt.coordinator");
  for (const char* body : {R"({"type":"decide","outcome":"refuse","reason":"x"})", R"({"type":"close"})",
                           R"({"type":"withdraw"})"}) {
    CAPTURE(body);
    const auto r = h.Call(h.Request("POST", "/api/v1/tickets/" + id + "/events", body, coordinator));
    CheckProblem(r, 422);
    CHECK_THAT(r.body, Contains("không có sự kiện"));  // "unknown event", in the default Vietnamese
  }
  incidents::engine::SubmitCommand submit;
  submit.scope = incidents::engine::Scope::kPersonOrBusiness;
  submit.title = submit.data_wanted = submit.purpose = submit.legal_basis = submit.requester_name = "Yêu cầu";
  auto request = h.fx.service.Submit(incidents::testing::DemoActor("stttt.engineer"), submit);
  REQUIRE(request.ok());
  const auto r = h.Call(h.Request("POST", "/api/v1/data-requests/" + request->id + "/events",
                                  R"({"type":"acknowledge"})", coordinator));
  CheckProblem(r, 422);
  CHECK_THAT(r.body, Contains("không có sự kiện 'acknowledge'"));
  CHECK(h.fx.service.Get(incidents::testing::DemoActor("stttt.engineer"), id)->version == 1);
}

TEST_CASE("router: history lists events oldest first starting with report") {
  ApiHarness h;
  const std::string id = h.fx.TicketIn(State::kTriage);
  const auto r = h.Call(h.Request("GET", "/api/v1/tickets/" + id + "/history", "", h.Login("stp.reporter")));
  REQUIRE(r.status == 200);
  const auto body = Json(r);
  const auto& items = body.Find("items")->as_array();
  REQUIRE(items.size() == 2);
  CHECK(Str(items[0], "type") == "report");
  CHECK(items[0].Find("from_state")->is_null());
  CHECK(Str(items[0], "prev_hash") == std::string(64, '0'));
  CHECK(Str(items[1], "type") == "acknowledge");
  CHECK(Str(items[1], "prev_hash") == Str(items[0], "hash"));
}

TEST_CASE("router: GET /api/v1/tickets lists visible tickets newest first with filters and limits") {
  ApiHarness h;
  const std::string a = h.fx.File();
  const std::string b = h.fx.TicketIn(State::kTriage);
  const std::string token = h.Login("stp.reporter");
  const auto all = h.Call(h.Request("GET", "/api/v1/tickets", "", token));
  REQUIRE(all.status == 200);
  const auto j = Json(all);
  const auto& items = j.Find("items")->as_array();
  REQUIRE(items.size() == 2);
  CHECK(Str(items[0], "id") == b);
  CHECK(Str(items[1], "id") == a);
  CHECK(j.Find("next_cursor")->is_null());

  auto filtered = h.Request("GET", "/api/v1/tickets", "", token);
  filtered.query = {{"state", "triage"}};
  const auto f = Json(h.Call(filtered));
  REQUIRE(f.Find("items")->as_array().size() == 1);
  CHECK(Str(f.Find("items")->as_array()[0], "id") == b);

  auto paged = h.Request("GET", "/api/v1/tickets", "", token);
  paged.query = {{"limit", "1"}};
  const auto p = Json(h.Call(paged));
  CHECK(p.Find("items")->as_array().size() == 1);
  REQUIRE(p.Find("next_cursor")->is_string());

  auto bad = h.Request("GET", "/api/v1/tickets", "", token);
  bad.query = {{"limit", "0"}};
  CheckProblem(h.Call(bad), 422);
  bad.query = {{"limit", "501"}};
  CheckProblem(h.Call(bad), 422);
  bad.query = {{"limit", "ten"}};
  CheckProblem(h.Call(bad), 400);
  bad.query = {{"state", "sleeping"}};
  CheckProblem(h.Call(bad), 422);

  // Another org's reporter sees none of them.
  const auto other = Json(h.Call(h.Request("GET", "/api/v1/tickets", "", h.Login("syt.reporter"))));
  CHECK(other.Find("items")->as_array().empty());
}

// A request has no category or priority of its own (every one has the defaults): the
// request list refuses those filters rather than answer as if they meant something.
TEST_CASE("router: the data-request list refuses the category and priority filters, 422 naming the parameter") {
  ApiHarness h;
  auto request = h.fx.service.Submit(DemoActor("stttt.engineer"), [] {
    SubmitCommand submit;
    submit.scope = Scope::kPersonOrBusiness;
    submit.title = submit.data_wanted = submit.purpose = submit.legal_basis = submit.requester_name = "Yêu cầu";
    return submit;
  }());
  REQUIRE(request.ok());
  const std::string token = h.Login("stttt.engineer");
  for (const auto& [name, value] : {std::pair{"category", "other"}, std::pair{"priority", "normal"},
                                    std::pair{"category", "nope"}}) {
    CAPTURE(name, value);
    auto list = h.Request("GET", "/api/v1/data-requests", "", token);
    list.query = {{name, value}};
    const auto r = h.Call(list);
    CheckProblem(r, 422);
    const std::string detail = Str(Json(r), "detail");
    CHECK(detail == "tham số '" + std::string(name) + "' không áp dụng cho yêu cầu khai thác dữ liệu");
    list.accept_language = "en";
    CHECK(Str(Json(h.Call(list)), "detail") ==
          "query '" + std::string(name) + "' does not apply to data-sharing requests");
  }
  // Empty, as a form sends an unset filter: no filter, as in the ticket list.
  auto empty = h.Request("GET", "/api/v1/data-requests", "", token);
  empty.query = {{"category", ""}, {"priority", ""}};
  const auto listed = h.Call(empty);
  REQUIRE(listed.status == 200);
  REQUIRE(Json(listed).Find("items")->as_array().size() == 1);
  // The filters the requests have still work, and the incident list keeps both.
  auto by_state = h.Request("GET", "/api/v1/data-requests", "", token);
  by_state.query = {{"state", "submitted"}};
  CHECK(Json(h.Call(by_state)).Find("items")->as_array().size() == 1);
  auto incidents = h.Request("GET", "/api/v1/tickets", "", token);
  incidents.query = {{"category", "other"}, {"priority", "normal"}};
  CHECK(h.Call(incidents).status == 200);
}

TEST_CASE("router: the workflow export names an authority renamed in the directory at once") {
  ApiHarness h;
  const std::string token = h.Login("stttt.engineer");
  for (const auto& [id, name] : {std::pair<std::string, std::string>{"stttt", "Sở Khoa học và Công nghệ"},
                                 {"btttt", "Bộ Khoa học và Công nghệ"}}) {
    Org org = *h.fx.directory.FindOrg(id).value();
    org.name = name;
    h.fx.directory.AddOrg(org);
  }
  const auto wf = Json(h.Call(h.Request("GET", "/api/v1/workflows/incident", "", token)));
  const JsonValue& authorities = *wf.Find("authorities");
  CHECK(Str(*authorities.Find("doict"), "id") == "stttt");  // the id stays; tickets keep naming it
  CHECK(Str(*authorities.Find("doict"), "name") == "Sở Khoa học và Công nghệ");
  CHECK(Str(*authorities.Find("ministry"), "name") == "Bộ Khoa học và Công nghệ");
  CHECK(Str(*authorities.Find("chairman_office"), "name") == "Văn phòng UBND tỉnh");
  // No state or event label names one: the pages take the names from here.
  for (const char* list : {"states", "events"})
    for (const auto& item : wf.Find(list)->as_array())
      for (const char* label : {"label_vi", "label_en"}) {
        CAPTURE(list, Str(item, label));
        CHECK_THAT(Str(item, label), !Contains("TT&TT") && !Contains("Thông tin và Truyền thông") &&
                                         !Contains("Khoa học") && !Contains("DoICT"));
      }
}

TEST_CASE("router: reference data (orgs and workflow and calendar)") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto orgs = Json(h.Call(h.Request("GET", "/api/v1/orgs", "", token)));
  const auto& items = orgs.Find("items")->as_array();
  CHECK(items.size() == 8);
  for (const auto& o : items) {
    Str(o, "id");
    Str(o, "name");
    Str(o, "kind");
    REQUIRE(o.Find("focal_point") != nullptr);
    // Every org of the province has a focal point; the ministry, outside it, has none.
    if (Str(o, "id") == "btttt") CHECK(o.Find("focal_point")->is_null());
    else Str(*o.Find("focal_point"), "email");
  }
  const auto wf = h.Call(h.Request("GET", "/api/v1/workflows/incident", "", token));
  REQUIRE(wf.status == 200);
  CHECK(Str(Json(wf), "name") == "incident");
  // The authorities, by the configured ids, named as the directory names them.
  const JsonValue authorities = *Json(wf).Find("authorities");
  CHECK(ToCanonicalJson(authorities) ==
        ToCanonicalJson(JsonValue::Object{
            {"doict", JsonValue::Object{{"id", "stttt"}, {"name", "Sở Thông tin và Truyền thông"}}},
            {"chairman_office", JsonValue::Object{{"id", "vp-ubnd"}, {"name", "Văn phòng UBND tỉnh"}}},
            {"ministry", JsonValue::Object{{"id", "btttt"}, {"name", "Bộ Thông tin và Truyền thông"}}},
            {"province", "Ninh Thuận"}}));
  CHECK(Str(*Json(wf).Find("regulation"), "vi") == h.fx.workflow.settings().regulation_vi);
  CHECK(Str(*Json(wf).Find("regulation"), "en") == h.fx.workflow.settings().regulation_en);

  auto cal = h.Request("GET", "/api/v1/calendar", "", token);
  cal.query = {{"year", "2026"}};
  const auto c = h.Call(cal);
  REQUIRE(c.status == 200);
  const auto cj = Json(c);
  CHECK(cj.Find("year")->as_int() == 2026);
  const auto& off = cj.Find("days_off")->as_array();
  REQUIRE_FALSE(off.empty());
  CHECK(Str(off.front(), "date") == "2026-01-01");
  for (std::size_t i = 1; i < off.size(); ++i) CHECK(Str(off[i - 1], "date") < Str(off[i], "date"));
  cal.query = {{"year", "20x6"}};
  CheckProblem(h.Call(cal), 400);
  cal.query = {{"year", "1800"}};
  CheckProblem(h.Call(cal), 422);
}

}  // namespace
}  // namespace incidents::testing
