// Sessions: login, logout, cookie sessions, throttled logins, and what survives a restart.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "e2e_fixture.h"
#include "workflow_oracle.h"

using namespace e2e;

TEST_CASE("sessions: login answers token, expires_at and the user - /me agrees", "[e2e][sessions]") {
  DemoServer s;
  for (const auto& u : DemoUsers()) {
    INFO(u.username);
    const Response r = s.client->LoginResponse(u.username);
    INFO(r.Describe());
    REQUIRE(r.status == 201);
    const auto o = r.Object();
    const std::string token = Str(o, "token");
    CHECK(token.size() >= 16);
    CHECK(std::regex_match(Str(o, "expires_at"), std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)")));
    const auto user = ObjAt(o, "user");
    CHECK(Str(user, "username") == u.username);
    CHECK(Str(user, "org") == u.org);
    const auto roles = Strings(ArrAt(user, "roles"));
    CHECK(std::set<std::string>(roles.begin(), roles.end()) == u.roles);
    const Response me = s.client->Get("/api/v1/me", token);
    REQUIRE(me.status == 200);
    CHECK(Str(me.Object(), "username") == u.username);
    CHECK(Str(me.Object(), "org") == u.org);
    const auto me_roles = Strings(ArrAt(me.Object(), "roles"));
    CHECK(std::set<std::string>(me_roles.begin(), me_roles.end()) == u.roles);
  }
  // Two logins give two different tokens.
  CHECK(s.client->Login("stp.reporter") != s.client->Login("stp.reporter"));
}

TEST_CASE("sessions: logout (DELETE /api/v1/sessions/current) kills that token only", "[e2e][sessions]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string a = c.Login("stp.reporter");
  const std::string b = c.Login("stp.reporter");
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu"), "id");
  REQUIRE(c.Get(TicketPath(id), a).status == 200);

  const Response out = c.Delete("/api/v1/sessions/current", a);
  INFO(out.Describe());
  REQUIRE(out.status == 204);
  CHECK(out.body.empty());
  RequireProblem(c.Get("/api/v1/me", a), 401);
  RequireProblem(c.Get(TicketPath(id), a), 401);
  RequireProblem(c.Post(TicketPath(id) + "/events", Canonical(Obj({{"type", "comment"}, {"body", "x"}})), a), 401);
  RequireProblem(c.Delete("/api/v1/sessions/current", a), 401);
  // The other session of the same user is untouched.
  CHECK(c.Get("/api/v1/me", b).status == 200);
  CHECK(Int(c.Get(TicketPath(id), b).Object(), "version") == 1);
}

TEST_CASE("sessions: a cookie login sets an HttpOnly SameSite=Strict cookie that authenticates GETs",
          "[e2e][sessions]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string id = Str(s.CreateTicket("stnmt.reporter", "Phiếu Sở TN&MT"), "id");

  // Without "cookie": no cookie.
  CHECK(c.LoginResponse("stnmt.focal").AllHeaders("Set-Cookie").empty());

  const Response r = c.LoginResponse("stnmt.focal", "demo", /*cookie=*/true);
  INFO(r.Describe());
  REQUIRE(r.status == 201);
  const auto cookies = r.AllHeaders("Set-Cookie");
  REQUIRE(cookies.size() == 1);
  const std::string& set = cookies.front();
  INFO("Set-Cookie: " << set);
  CHECK_THAT(set, Catch::Contains("HttpOnly", Catch::CaseSensitive::No));
  CHECK_THAT(set, Catch::Contains("SameSite=Strict", Catch::CaseSensitive::No));
  const std::string pair = set.substr(0, set.find(';'));  // name=value
  REQUIRE(pair.find('=') != std::string::npos);
  REQUIRE(pair.find('=') + 1 < pair.size());

  const Response me = c.Send("GET", "/api/v1/me", "", {{"Cookie", pair}});
  INFO(me.Describe());
  REQUIRE(me.status == 200);
  CHECK(Str(me.Object(), "username") == "stnmt.focal");
  const Response t = c.Send("GET", TicketPath(id), "", {{"Cookie", "other=1; " + pair}});
  INFO(t.Describe());
  REQUIRE(t.status == 200);
  CHECK(Str(t.Object(), "id") == id);
  // A made-up cookie value is not a session.
  RequireProblem(c.Send("GET", "/api/v1/me", "", {{"Cookie", pair.substr(0, pair.find('=') + 1) + "forged"}}), 401);
  // Logout through the cookie ends it (a cookie-signed change carries the CSRF token too).
  const Response out = c.Send("DELETE", "/api/v1/sessions/current", "",
                              {{"Cookie", pair},
                               {"Origin", "http://127.0.0.1:" + std::to_string(c.port())},
                               {"X-CSRF-Token", Str(me.Object(), "csrf_token")}});
  INFO(out.Describe());
  CHECK(out.status == 204);
  RequireProblem(c.Send("GET", "/api/v1/me", "", {{"Cookie", pair}}), 401);
}

TEST_CASE("sessions: 10 failed logins for one account in a minute: the 11th attempt gets 429 with Retry-After, even "
          "with the right password",
          "[e2e][sessions][throttle]") {
  DemoServer s;  // fresh server: the limits are per process
  Client& c = *s.client;
  for (int i = 0; i < 10; ++i) {
    INFO("failed attempt " << i + 1);
    RequireProblem(c.LoginResponse("stp.focal", "wrong-" + std::to_string(i)), 401);
  }
  const Response r = c.LoginResponse("stp.focal", "demo");
  RequireProblem(r, 429);
  const std::string retry = r.Header("Retry-After");
  INFO("Retry-After: " << retry);
  REQUIRE(std::regex_match(retry, std::regex(R"(\d+)")));
  CHECK(std::stoi(retry) >= 1);
  CHECK(std::stoi(retry) <= 60);
  // Still limited; a wrong password too.
  RequireProblem(c.LoginResponse("stp.focal", "demo"), 429);
  RequireProblem(c.LoginResponse("stp.focal", "wrong"), 429);
  // Existing sessions are not affected by the login limit.
  // (Tokens obtained before the lockout keep working: nothing to do with sign-in attempts.)
}

TEST_CASE("sessions: failed logins are also limited per client address (all tests come from 127.0.0.1)",
          "[e2e][sessions][throttle]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string before = c.Login("stttt.engineer");
  for (int i = 0; i < 10; ++i) {
    INFO("failed attempt " << i + 1);
    RequireProblem(c.LoginResponse("nobody-" + std::to_string(i), "x"), 401);
  }
  const Response r = c.LoginResponse("admin", "demo");
  RequireProblem(r, 429);
  CHECK(!r.Header("Retry-After").empty());
  // Sessions that exist keep working.
  CHECK(c.Get("/api/v1/me", before).status == 200);
}

// Behind the front (docs/deployment-front.md) every connection comes from the front; with
// http.trusted_proxies its X-Forwarded-For names the client, so one client's failures do
// not lock out the others. A header from an untrusted peer is ignored.
TEST_CASE("sessions: behind a trusted proxy the address throttle counts the X-Forwarded-For client",
          "[e2e][sessions][throttle]") {
  auto login = [](Client& c, const std::string& user, const std::string& password, const std::string& client) {
    return c.Send("POST", "/api/v1/sessions", R"({"username":")" + user + R"(","password":")" + password + R"("})",
                  {{"X-Forwarded-For", client}});
  };
  SECTION("127.0.0.1 trusted: each forwarded client has its own count") {
    DemoServer s({"--set", "http.trusted_proxies=127.0.0.1"});
    Client& c = *s.client;
    for (int i = 0; i < 10; ++i) RequireProblem(login(c, "nobody-" + std::to_string(i), "x", "203.0.113.7"), 401);
    RequireProblem(login(c, "admin", "demo", "203.0.113.7"), 429);
    CHECK(login(c, "admin", "demo", "198.51.100.2").status == 201);
    // A client's own X-Forwarded-For before the front's element proves nothing.
    RequireProblem(login(c, "admin", "demo", "198.51.100.2, 203.0.113.7"), 429);
  }
  SECTION("no trusted proxy: the header is ignored and the socket's address counts") {
    DemoServer s;
    Client& c = *s.client;
    for (int i = 0; i < 10; ++i) RequireProblem(login(c, "nobody-" + std::to_string(i), "x", "203.0.113.7"), 401);
    RequireProblem(login(c, "admin", "demo", "198.51.100.2"), 429);
  }
}

// A ticket's representation without `sla`: its working seconds left and a paused due time
// move with the wall clock, so two reads a second apart differ there and nowhere else.
static std::string WithoutClock(const Response& r) {
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  return Canonical(CopyWithout(r.Object(), "sla"));
}

TEST_CASE("sessions: a restart on the same database keeps tickets, histories, versions and tokens - --demo loads "
          "nothing twice - numbering continues",
          "[e2e][sessions][restart]") {
  incidents::testing::TempDir dir;
  std::vector<std::string> ids;
  std::map<std::string, std::string> tickets_before, histories_before;
  std::string token, coordinator, orgs_before;
  long long max_number = 0;
  {
    auto server = StartServer(dir);
    Client c(server->port());
    token = c.Login("stp.reporter");
    coordinator = c.Login("stttt.coordinator");
    for (int i = 0; i < 4; ++i) {
      const Response r = c.Post("/api/v1/tickets",
                                Canonical(Obj({{"category", "data_discrepancy"},
                                               {"title", "Trước khi khởi động lại " + std::to_string(i)},
                                               {"description", "Dữ liệu"},
                                               {"parties", StrArr({"stnmt"})}})),
                                token);
      REQUIRE(r.status == 201);
      ids.push_back(Str(r.Object(), "id"));
      max_number = std::max(max_number, TicketNumber(ids.back()));
    }
    auto post = [&](const std::string& id, const std::string& body, const std::string& tok) {
      const Response r = c.Post(TicketPath(id) + "/events", body, tok);
      INFO(r.Describe());
      REQUIRE(r.status == 200);
    };
    post(ids[0], R"({"type":"acknowledge"})", coordinator);
    post(ids[0], R"({"type":"assign_doict"})", coordinator);
    post(ids[0], R"({"type":"comment","body":"Đang xử lý"})", token);
    post(ids[1], R"({"type":"reject","reason":"Trùng"})", coordinator);
    post(ids[2], R"({"type":"acknowledge"})", coordinator);
    post(ids[2], R"({"type":"request_info","question":"Chi tiết?"})", coordinator);
    for (const auto& id : ids) {
      tickets_before[id] = WithoutClock(c.Get(TicketPath(id), token));
      histories_before[id] = c.Get(TicketPath(id) + "/history", token).body;
    }
    orgs_before = c.Get("/api/v1/orgs", token).body;
    server->Stop();
  }
  {
    auto server = StartServer(dir);  // same database, --demo again
    Client c(server->port());
    // Old tokens still work: sessions are durable.
    const Response me = c.Get("/api/v1/me", token);
    INFO(me.Describe());
    REQUIRE(me.status == 200);
    CHECK(Str(me.Object(), "username") == "stp.reporter");
    // Identical tickets and histories (allowed_actions included: same caller, same state).
    for (const auto& id : ids) {
      INFO(id);
      CHECK(WithoutClock(c.Get(TicketPath(id), token)) == tickets_before[id]);
      CHECK(c.Get(TicketPath(id) + "/history", token).body == histories_before[id]);
    }
    // The demo directory was not loaded again: same orgs, users still sign in with "demo".
    CHECK(c.Get("/api/v1/orgs", token).body == orgs_before);
    CHECK(ArrAt(c.Get("/api/v1/orgs", token).Object(), "items")->size() == 8);
    CHECK(c.LoginResponse("stnmt.focal").status == 201);
    const Response list = c.Get("/api/v1/tickets", coordinator);
    REQUIRE(list.status == 200);
    CHECK(ArrAt(list.Object(), "items")->size() == ids.size());
    // Work continues where it stopped.
    const Response ev = c.Post(TicketPath(ids[0]) + "/events", R"({"type":"comment","body":"Sau khởi động lại"})", token);
    INFO(ev.Describe());
    REQUIRE(ev.status == 200);
    CHECK(Int(ev.Object(), "version") == 5);
    const Response created = c.Post(
        "/api/v1/tickets",
        Canonical(Obj({{"category", "other"}, {"title", "Sau khởi động lại"}, {"description", "x"}})), token);
    REQUIRE(created.status == 201);
    const std::string new_id = Str(created.Object(), "id");
    CHECK(TicketNumber(new_id) > max_number);
    CHECK(std::find(ids.begin(), ids.end(), new_id) == ids.end());
    VerifyHashChain(ArrAt(c.Get(TicketPath(ids[0]) + "/history", token).Object(), "items"), ids[0]);
    server->Stop();
  }
  const RunResult verify = RunCommand({INCIDENTCTL_PATH, "verify", "--database", TestDatabaseUrl(dir)});
  INFO(verify.output);
  CHECK(verify.exit_code == 0);
}
