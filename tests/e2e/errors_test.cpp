// The error answers of API.md "Conventions": every one an RFC 9457 problem document with
// type, title, status and detail, and none of them changing anything.

#include <catch2/catch.hpp>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

long long CountTickets(DemoServer& s) {
  const Response r = s.client->Get("/api/v1/tickets?limit=500", s.Token("stttt.coordinator"));
  REQUIRE(r.status == 200);
  return static_cast<long long>(ArrAt(r.Object(), "items")->size());
}

long long VersionOf(DemoServer& s, const std::string& id) {
  const Response r = s.GetTicket("stttt.coordinator", id);
  REQUIRE(r.status == 200);
  return Int(r.Object(), "version");
}

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

Poco::JSON::Object::Ptr TicketBody(const std::string& title = "Sai lệch dữ liệu") {
  return Obj({{"category", "data_discrepancy"}, {"title", title}, {"description", "Mô tả"}});
}

}  // namespace

TEST_CASE("errors: 401 without a token, with a bad token, with a signed-out token", "[e2e][errors]") {
  DemoServer s;
  Client& c = *s.client;
  for (const char* path : {"/api/v1/me", "/api/v1/tickets", "/api/v1/orgs", "/api/v1/workflows/incident",
                           "/api/v1/calendar?year=2027"}) {
    INFO(path);
    RequireProblem(c.Get(path), 401);
    RequireProblem(c.Get(path, "not-a-token"), 401);
    RequireProblem(c.Send("GET", path, "", {{"Authorization", "Basic c3RwLnJlcG9ydGVyOmRlbW8="}}), 401);
  }
  RequireProblem(c.Post("/api/v1/tickets", Canonical(TicketBody())), 401);
  RequireProblem(c.Post("/api/v1/tickets", Canonical(TicketBody()), "x"), 401);
  RequireProblem(c.Delete("/api/v1/sessions/current"), 401);

  const std::string token = c.Login("stp.reporter");
  REQUIRE(c.Get("/api/v1/me", token).status == 200);
  REQUIRE(c.Delete("/api/v1/sessions/current", token).status == 204);
  RequireProblem(c.Get("/api/v1/me", token), 401);
  RequireProblem(c.Post("/api/v1/tickets", Canonical(TicketBody()), token), 401);
  CHECK(CountTickets(s) == 0);

  // Bad credentials.
  RequireProblem(c.LoginResponse("stp.reporter", "wrong"), 401);
  RequireProblem(c.LoginResponse("nobody", "demo"), 401);
}

TEST_CASE("errors: 403 when the caller sees the ticket but may not act - nothing changes", "[e2e][errors]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu", {"stnmt"}), "id");
  RequireProblem(s.PostEvent("stp.reporter", id, "acknowledge"), 403);
  RequireProblem(s.PostEvent("stnmt.focal", id, "acknowledge"), 403);
  RequireProblem(s.PostEvent("chairman", id, "acknowledge"), 403);
  RequireProblem(s.PostEvent("admin", id, "acknowledge"), 403);
  RequireProblem(s.PostEvent("stttt.engineer", id, "reject", Obj({{"reason", "x"}})), 403);
  CHECK(VersionOf(s, id) == 1);
  CHECK(s.History("stp.reporter", id)->size() == 1);
  // Neither DoICT nor the Chairman files tickets.
  RequireProblem(s.client->Post("/api/v1/tickets", Canonical(TicketBody()), s.Token("stttt.coordinator")), 403);
  RequireProblem(s.client->Post("/api/v1/tickets", Canonical(TicketBody()), s.Token("chairman")), 403);
  CHECK(CountTickets(s) == 1);
}

TEST_CASE("errors: 404 for an unknown ticket and for a ticket the caller may not see", "[e2e][errors]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu của Sở Tư pháp", {"stnmt"}), "id");
  Client& c = *s.client;
  const std::string comment = Canonical(Obj({{"type", "comment"}, {"body", "Xin chào"}}));

  auto all_404 = [&](const std::string& user, const std::string& tid) {
    INFO(user << " on " << tid);
    const std::string& token = s.Token(user);
    RequireProblem(c.Get(TicketPath(tid), token), 404);
    RequireProblem(c.Get(TicketPath(tid) + "/history", token), 404);
    RequireProblem(c.Get(TicketPath(tid) + "/notifications", token), 404);
    RequireProblem(c.Post(TicketPath(tid) + "/events", comment, token), 404);
  };
  for (const char* unknown : {"INC-2026-999999", "INC-1999-000001", "nonsense"}) {
    all_404("stttt.coordinator", unknown);
    all_404("stp.reporter", unknown);
  }
  // syt has nothing to do with the ticket: for it the ticket does not exist.
  all_404("syt.reporter", id);
  // The same answer as for a ticket that does not exist (no leak through type/title).
  const auto invisible = c.Get(TicketPath(id), s.Token("syt.reporter")).Object();
  const auto unknown = c.Get(TicketPath("INC-2026-999999"), s.Token("syt.reporter")).Object();
  CHECK(Str(invisible, "type") == Str(unknown, "type"));
  CHECK(Str(invisible, "title") == Str(unknown, "title"));
  // ...and it is not listed.
  const Response list = c.Get("/api/v1/tickets", s.Token("syt.reporter"));
  REQUIRE(list.status == 200);
  CHECK(ArrAt(list.Object(), "items")->size() == 0);
  CHECK(IsNull(list.Object(), "next_cursor"));
  // The attempts changed nothing; the ticket's own people still see it.
  CHECK(VersionOf(s, id) == 1);
  for (const char* user : {"stp.reporter", "stp.focal", "stnmt.reporter", "stnmt.focal", "stttt.engineer",
                           "chairman", "admin"}) {
    INFO(user);
    CHECK(s.GetTicket(user, id).status == 200);
  }
  const Response n = c.Get(TicketPath(id) + "/notifications", s.Token("stp.reporter"));
  INFO(n.Describe());
  REQUIRE(n.status == 200);
  REQUIRE(ArrAt(n.Object(), "items"));
}

TEST_CASE("errors: 409 for an illegal transition and for a stale expected_version", "[e2e][errors]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu"), "id");

  RequireProblem(s.PostEvent("stp.reporter", id, "confirm"), 409, "illegal-transition");
  RequireProblem(s.PostEvent("stttt.engineer", id, "assign_doict"), 409, "illegal-transition");
  RequireProblem(s.PostEvent("stttt.engineer", id, "resolve", Obj({{"resolution", "x"}})), 409, "illegal-transition");
  CHECK(VersionOf(s, id) == 1);
  REQUIRE(s.PostEvent("stttt.engineer", id, "acknowledge").status == 200);
  RequireProblem(s.PostEvent("stttt.engineer", id, "acknowledge"), 409, "illegal-transition");
  CHECK(VersionOf(s, id) == 2);

  // expected_version: right -> applied; stale -> 409 version-conflict and nothing changes.
  Response ok = s.PostEvent("stp.reporter", id, "comment", Obj({{"body", "một"}, {"expected_version", 2}}));
  INFO(ok.Describe());
  REQUIRE(ok.status == 200);
  CHECK(Int(ok.Object(), "version") == 3);
  const std::string detail = RequireProblem(
      s.PostEvent("stp.focal", id, "comment", Obj({{"body", "hai"}, {"expected_version", 2}})), 409,
      "version-conflict");
  RequireProblem(s.PostEvent("stttt.engineer", id, "assign_doict", Obj({{"expected_version", 1}})), 409,
                 "version-conflict");
  CHECK(VersionOf(s, id) == 3);
  CHECK(s.History("stp.reporter", id)->size() == 3);
  REQUIRE(s.PostEvent("stp.focal", id, "comment", Obj({{"body", "hai"}, {"expected_version", 3}})).status == 200);
  REQUIRE(s.PostEvent("stp.focal", id, "comment", Obj({{"body", "ba"}, {"expected_version", Poco::Dynamic::Var()}})).status == 200);
  CHECK(VersionOf(s, id) == 5);
}

TEST_CASE("errors: 413 for a body over 1 MiB, with Content-Length and chunked - the server stays up",
          "[e2e][errors]") {
  DemoServer s;
  const std::string token = s.Token("stp.reporter");
  const std::string big =
      Canonical(Obj({{"category", "other"}, {"title", "Quá lớn"}, {"description", std::string(1 << 20, 'a')}}));
  REQUIRE(big.size() > (1u << 20));
  const Headers auth{{"Authorization", "Bearer " + token}};

  const std::string head = "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                           "\r\nContent-Type: application/json\r\n";
  SECTION("Content-Length") {
    const Response r =
        SendRaw(s.server->port(), head + "Content-Length: " + std::to_string(big.size()) + "\r\n\r\n", big);
    INFO("transport: " << r.error);
    RequireProblem(r, 413);
  }
  SECTION("chunked") {
    const Response r = SendRaw(s.server->port(), head + "Transfer-Encoding: chunked\r\n\r\n", ChunkEncode(big));
    INFO("transport: " << r.error);
    RequireProblem(r, 413);
  }
  // Just under the limit is not 413 (the description itself is then too long: 422).
  Client c(s.server->port());
  const std::string under = Canonical(
      Obj({{"category", "other"}, {"title", "Gần giới hạn"}, {"description", std::string(1000000, 'b')}}));
  REQUIRE(under.size() < (1u << 20));
  RequireProblem(c.Send("POST", "/api/v1/tickets", under, auth), 422);
  REQUIRE(c.Get("/healthz").status == 200);
  CHECK(CountTickets(s) == 0);
  // A chunked body of normal size works.
  const Response created = c.Send("POST", "/api/v1/tickets", Canonical(TicketBody()), auth, "application/json", true);
  INFO(created.Describe());
  CHECK(created.status == 201);
}

TEST_CASE("errors: 415 for a body that is not JSON", "[e2e][errors]") {
  DemoServer s;
  const Headers auth{{"Authorization", "Bearer " + s.Token("stp.reporter")}};
  const std::string body = Canonical(TicketBody());
  RequireProblem(s.client->Send("POST", "/api/v1/tickets", body, auth, "text/plain"), 415);
  RequireProblem(s.client->Send("POST", "/api/v1/tickets", body, auth, "application/x-www-form-urlencoded"), 415);
  RequireProblem(s.client->Send("POST", "/api/v1/sessions",
                                Canonical(Obj({{"username", "stp.reporter"}, {"password", "demo"}})), {},
                                "text/plain"),
                 415);
  CHECK(CountTickets(s) == 0);
  // application/json with a charset is fine.
  CHECK(s.client->Send("POST", "/api/v1/tickets", body, auth, "application/json; charset=utf-8").status == 201);
}

TEST_CASE("errors: 400 for malformed JSON and for a missing or mistyped field, naming the field", "[e2e][errors]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string& token = s.Token("stp.reporter");
  auto create = [&](const std::string& body) { return c.Post("/api/v1/tickets", body, token); };

  RequireProblem(create(R"({"category":"other","title":)"), 400);
  RequireProblem(create(R"({"category":"other",})"), 400);
  RequireProblem(create("[1,2,3]"), 400);
  RequireProblem(create("\"text\""), 400);
  RequireProblem(create(""), 400);

  struct Case {
    std::string body, field;
  };
  for (const auto& [body, field] : std::vector<Case>{
           {R"({"category":"other","description":"d"})", "title"},
           {R"({"title":"t","description":"d"})", "category"},
           {R"({"category":"other","title":"t"})", "description"},
           {R"({"category":"other","title":5,"description":"d"})", "title"},
           {R"({"category":"other","title":"t","description":["d"]})", "description"},
           {R"({"category":7,"title":"t","description":"d"})", "category"},
           {R"({"category":"other","title":"t","description":"d","parties":"stnmt"})", "parties"},
           {R"({"category":"other","title":"t","description":"d","parties":[1]})", "parties"},
       }) {
    INFO("body " << body);
    const std::string detail = RequireProblem(create(body), 400);
    CHECK_THAT(detail, Catch::Contains(field));
  }

  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu"), "id");
  auto event = [&](const std::string& user, const std::string& body) {
    return c.Post(TicketPath(id) + "/events", body, s.Token(user));
  };
  for (const auto& [user, body, field] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"stp.reporter", R"({"body":"không có type"})", "type"},
           {"stp.reporter", R"({"type":5})", "type"},
           {"stp.reporter", R"({"type":"comment"})", "body"},
           {"stp.reporter", R"({"type":"comment","body":42})", "body"},
           {"stp.reporter", R"({"type":"comment","body":"x","expected_version":"1"})", "expected_version"},
           {"stttt.engineer", R"({"type":"acknowledge","expected_version":1.5})", "expected_version"},
       }) {
    INFO(user << " posts " << body);
    const std::string detail = RequireProblem(event(user, body), 400);
    CHECK_THAT(detail, Catch::Contains(field));
  }
  RequireProblem(event("stp.reporter", R"({"type":"comment",)"), 400);
  // Payload fields of the state-changing events.
  REQUIRE(s.PostEvent("stttt.coordinator", id, "acknowledge").status == 200);
  for (const auto& [body, field] : std::vector<Case>{
           {R"({"type":"request_info"})", "question"},
           {R"({"type":"request_party_fix","party":"stnmt"})", "instructions"},
           {R"({"type":"escalate_chairman","reason":false})", "reason"},
       }) {
    INFO("coordinator posts " << body);
    CHECK_THAT(RequireProblem(event("stttt.coordinator", body), 400), Catch::Contains(field));
  }
  REQUIRE(s.PostEvent("stttt.coordinator", id, "escalate_chairman", Obj({{"reason", "r"}})).status == 200);
  CHECK_THAT(RequireProblem(event("chairman", R"({"type":"record_chairman_decision","decision":"d"})"), 400),
             Catch::Contains("requires_action"));
  CHECK_THAT(RequireProblem(event("chairman",
                                  R"({"type":"record_chairman_decision","decision":"d","requires_action":"yes"})"),
                            400),
             Catch::Contains("requires_action"));
  CHECK(VersionOf(s, id) == 3);
  // Login.
  CHECK_THAT(RequireProblem(c.Post("/api/v1/sessions", R"({"username":"stp.reporter"})"), 400),
             Catch::Contains("password"));
  CHECK_THAT(RequireProblem(c.Post("/api/v1/sessions", R"({"username":1,"password":"demo"})"), 400),
             Catch::Contains("username"));
  RequireProblem(c.Post("/api/v1/sessions", R"({"username":)"), 400);
  CHECK(CountTickets(s) == 1);
}

TEST_CASE("errors: 422 for well-formed but invalid values", "[e2e][errors]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string& token = s.Token("stp.reporter");
  auto create = [&](const Poco::JSON::Object::Ptr& body) { return c.Post("/api/v1/tickets", Canonical(body), token); };
  auto with = [](const std::string& key, const Poco::Dynamic::Var& v) {
    auto b = TicketBody();
    b->set(key, v);
    return b;
  };

  CHECK_THAT(RequireProblem(create(with("category", "weather")), 422), Catch::Contains("category"));
  CHECK_THAT(RequireProblem(create(with("priority", "urgent")), 422), Catch::Contains("priority"));
  CHECK_THAT(RequireProblem(create(with("parties", StrArr({"stnmt", "no-such-org"}))), 422),
             Catch::Contains("no-such-org"));
  CHECK_THAT(RequireProblem(create(with("title", "")), 422), Catch::Contains("title"));
  CHECK_THAT(RequireProblem(create(with("title", "   ")), 422), Catch::Contains("title"));
  // 201 characters (each 'ệ' is 3 bytes in UTF-8): too long; 200 is fine.
  CHECK_THAT(RequireProblem(create(with("title", Repeat("ệ", 201))), 422), Catch::Contains("title"));
  CHECK_THAT(RequireProblem(create(with("title", std::string(201, 'a'))), 422), Catch::Contains("title"));
  CHECK_THAT(RequireProblem(create(with("description", std::string(20001, 'a'))), 422),
             Catch::Contains("description"));
  CHECK(CountTickets(s) == 0);
  const Response ok = create(with("title", Repeat("ệ", 200)));
  INFO(ok.Describe());
  REQUIRE(ok.status == 201);
  CHECK(Str(ok.Object(), "title") == Repeat("ệ", 200));
  const std::string id = Str(ok.Object(), "id");

  CHECK_THAT(RequireProblem(s.PostEvent("stp.reporter", id, "teleport"), 422), Catch::Contains("type"));
  CHECK_THAT(RequireProblem(s.PostEvent("stp.reporter", id, "comment", Obj({{"body", ""}})), 422),
             Catch::Contains("body"));
  CHECK_THAT(RequireProblem(s.PostEvent("stp.reporter", id, "comment", Obj({{"body", std::string(20001, 'x')}})), 422),
             Catch::Contains("body"));
  REQUIRE(s.PostEvent("stttt.coordinator", id, "acknowledge").status == 200);
  CHECK_THAT(RequireProblem(s.PostEvent("stttt.coordinator", id, "request_party_fix",
                                        Obj({{"party", "no-such-org"}, {"instructions", "x"}})),
                            422),
             Catch::Contains("no-such-org"));
  CHECK_THAT(RequireProblem(s.PostEvent("stttt.coordinator", id, "assign_doict", Obj({{"assignee", "stp.reporter"}})),
                            422),
             Catch::Contains("assignee"));
  CHECK_THAT(RequireProblem(s.PostEvent("stttt.coordinator", id, "reject",
                                        Obj({{"reason", "trùng"}, {"duplicate_of", "INC-2026-999999"}})),
                            422),
             Catch::Contains("duplicate_of"));
  CHECK(VersionOf(s, id) == 2);
  CHECK(CountTickets(s) == 1);
}

TEST_CASE("errors: the engine's own events (sla_breach, auto_close) and report cannot be posted", "[e2e][errors]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu"), "id");
  for (const char* user : {"stp.reporter", "stttt.coordinator", "admin", "chairman"}) {
    INFO(user);
    const Response breach = s.PostEvent(user, id, "sla_breach", Obj({{"clock", "ack"}, {"level", 1}}));
    INFO(breach.Describe());
    CHECK((breach.status == 403 || breach.status == 409 || breach.status == 422));
    RequireProblem(breach, breach.status);
    const Response report = s.PostEvent(user, id, "report", TicketBody());
    INFO(report.Describe());
    CHECK((report.status == 400 || report.status == 403 || report.status == 409 || report.status == 422));
    RequireProblem(report, report.status);
  }
  // auto_close needs a resolved ticket to be legal at all.
  REQUIRE(s.PostEvent("stttt.engineer", id, "acknowledge").status == 200);
  REQUIRE(s.PostEvent("stttt.engineer", id, "assign_doict").status == 200);
  REQUIRE(s.PostEvent("stttt.engineer", id, "resolve", Obj({{"resolution", "xong"}})).status == 200);
  for (const char* user : {"stp.reporter", "stttt.coordinator", "admin"}) {
    const Response r = s.PostEvent(user, id, "auto_close");
    INFO(user << ": " << r.Describe());
    CHECK((r.status == 403 || r.status == 422));
    RequireProblem(r, r.status);
  }
  CHECK(VersionOf(s, id) == 4);
  const Response t = s.GetTicket("stp.reporter", id);
  CHECK(Str(t.Object(), "state") == "resolved");
  CHECK(ArrAt(ObjAt(t.Object(), "sla"), "breaches")->size() == 0);
}

TEST_CASE("errors: unknown JSON fields are ignored (API.md Limits)", "[e2e][errors]") {
  DemoServer s;
  auto body = TicketBody("Có trường lạ");
  body->set("colour", "blue");
  body->set("nested", Obj({{"a", Arr({1, 2})}}));
  const auto t = s.CreateTicket("stp.reporter", body);
  CHECK(!t->has("colour"));
  const std::string id = Str(t, "id");
  const Response r = s.PostEvent("stp.reporter", id, "comment", Obj({{"body", "x"}, {"mood", "happy"}}));
  INFO(r.Describe());
  CHECK(r.status == 200);
  const Response login = s.client->Post(
      "/api/v1/sessions", Canonical(Obj({{"username", "stp.focal"}, {"password", "demo"}, {"remember_me", true}})));
  CHECK(login.status == 201);
}
