// Sign-in sessions through the router (spec/API.md: POST /api/v1/sessions, GET /api/v1/me,
// DELETE /api/v1/sessions/current): issuing, using, expiring and revoking tokens; only the
// token's SHA-256 is stored; bad credentials look alike; cookie sessions and their CSRF
// check.

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api_harness.h"
#include "api_context.h"
#include "authentication.h"
#include "incidents/base/sha256.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// Every value of every row of the sessions table, as text.
std::vector<std::vector<std::string>> SessionRows(const std::string& db_path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT * FROM sessions", -1, &st, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const unsigned char* text = sqlite3_column_text(st, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

// The bytes of the database file and its WAL (where fresh pages live).
std::string DatabaseBytes(const std::string& db_path) {
  std::string all;
  for (const std::string& p : {db_path, db_path + "-wal", db_path + "-journal"}) {
    std::ifstream in(p, std::ios::binary);
    if (!in) continue;
    std::stringstream s;
    s << in.rdbuf();
    all += s.str();
  }
  return all;
}

TEST_CASE("sessions: sign-in answers 201 with token and expires_at = now + 12 h and the user") {
  ApiHarness h;
  const auto r = h.LoginResponse("stttt.coordinator");
  REQUIRE(r.status == 201);
  const JsonValue j = Json(r);
  const std::string token = Str(j, "token");
  CHECK(token.size() >= 22);
  CHECK(Str(j, "expires_at") == "2026-01-05T13:00:00Z");  // DemoStart() + 12 h
  REQUIRE(j.Find("user") != nullptr);
  const JsonValue& user = *j.Find("user");
  CHECK(Str(user, "username") == "stttt.coordinator");
  CHECK(Str(user, "org") == "stttt");
  REQUIRE(user.Find("roles") != nullptr);
  std::set<std::string> roles;
  for (const auto& role : user.Find("roles")->as_array()) roles.insert(role.as_string());
  CHECK(roles == std::set<std::string>{"coordinator", "engineer"});
  CHECK(r.body.find("pbkdf2") == std::string::npos);
  // Tokens must not be cached by proxies or browsers.
  CHECK(Header(r, "Cache-Control") == std::optional<std::string>("no-store"));
  // Without "cookie": true no cookie is set.
  CHECK_FALSE(Header(r, "Set-Cookie").has_value());
}

TEST_CASE("sessions: the token's lifetime follows ApiServerOptions::token_ttl") {
  http::ApiServerOptions o;
  o.token_ttl = std::chrono::hours(1);
  ApiHarness h(o);
  const auto j = Json(h.LoginResponse("stp.reporter"));
  CHECK(Str(j, "expires_at") == "2026-01-05T02:00:00Z");
}

TEST_CASE("sessions: two sign-ins give two different tokens") {
  ApiHarness h;
  CHECK(h.Login("stp.reporter") != h.Login("stp.reporter"));
}

TEST_CASE("sessions: the token authenticates GET /api/v1/me") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto me = h.Call(h.Request("GET", "/api/v1/me", "", token));
  REQUIRE(me.status == 200);
  const auto j = Json(me);
  CHECK(Str(j, "username") == "stp.reporter");
  CHECK(Str(j, "org") == "stp");
  CHECK(*j.Find("roles") == JsonValue(JsonValue::Array{"reporter"}));
  // The scheme name is case-insensitive (RFC 9110).
  auto lower = h.Request("GET", "/api/v1/me");
  lower.authorization = "bearer " + token;
  CHECK(h.Call(lower).status == 200);
}

TEST_CASE("sessions: a made-up or altered token is refused") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  std::string altered = token;
  altered[5] = altered[5] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {altered, token + "x", token.substr(1), std::string("x"), std::string(300, 'A')}) {
    const auto r = h.Call(h.Request("GET", "/api/v1/me", "", bad));
    CHECK(r.status == 401);
  }
}

TEST_CASE("sessions: only the SHA-256 of the token is stored") {
  ApiHarness h;
  const std::string token = h.Login("stnmt.focal");
  const auto rows = SessionRows(h.dir.File("api.db"));
  REQUIRE(rows.size() == 1);
  bool hash_found = false;
  for (const auto& value : rows[0]) {
    CHECK(value.find(token) == std::string::npos);
    if (value == incidents::base::Sha256Hex(token)) hash_found = true;
  }
  CHECK(hash_found);
  // Nor anywhere in the database files (positive control: the hash is found there).
  const std::string bytes = DatabaseBytes(h.dir.File("api.db"));
  CHECK(bytes.find(token) == std::string::npos);
  CHECK(bytes.find(incidents::base::Sha256Hex(token)) != std::string::npos);
  // The store's port sees the same: found by hash, not by the token itself.
  auto by_hash = h.sessions->FindSession(incidents::base::Sha256Hex(token));
  REQUIRE(by_hash.ok());
  REQUIRE(by_hash.value().has_value());
  CHECK(by_hash.value()->username == "stnmt.focal");
  auto by_token = h.sessions->FindSession(token);
  REQUIRE(by_token.ok());
  CHECK_FALSE(by_token.value().has_value());
}

TEST_CASE("sessions: once the clock passes expires_at the token is refused with 401") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  h.fx.clock.Advance(std::chrono::hours(12) - std::chrono::seconds(1));
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", token)).status == 200);
  h.fx.clock.Advance(std::chrono::seconds(1));  // exactly expires_at
  const auto r = h.Call(h.Request("GET", "/api/v1/me", "", token));
  CHECK(r.status == 401);
  CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
  CHECK(Header(r, "WWW-Authenticate").has_value());
}

TEST_CASE("sessions: DELETE /api/v1/sessions/current answers 204 and the token stops working") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const std::string other = h.Login("stp.reporter");
  const auto out = h.Call(h.Request("DELETE", "/api/v1/sessions/current", "", token));
  CHECK(out.status == 204);
  CHECK(out.body.empty());
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", token)).status == 401);
  CHECK(h.Call(h.Request("DELETE", "/api/v1/sessions/current", "", token)).status == 401);
  // Only that session ends: the user's other session still works.
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", other)).status == 200);
}

TEST_CASE("sessions: a deactivated user's token stops working") {
  ApiHarness h;
  const std::string token = h.Login("syt.reporter");
  auto user = h.fx.directory.FindUser("syt.reporter");
  REQUIRE(user.ok());
  User u = *user.value();
  u.active = false;
  h.fx.directory.AddUser(u);
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", token)).status == 401);
  CHECK(h.LoginResponse("syt.reporter").status == 401);
}

// A node keeps the sessions it read for ApiContext::kDirectoryMaxAge (recent_sessions): a
// user deactivated, or a session revoked, by another node or incidentctl (here: the stores
// written directly) counts on this one within that; done through this node, at once.
TEST_CASE("sessions: a change made elsewhere counts within kDirectoryMaxAge, one made here at once") {
  ApiHarness h;
  const std::string token = h.Login("syt.reporter");
  const std::string revoked = h.Login("stp.reporter");
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", token)).status == 200);
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", revoked)).status == 200);
  User u = *h.fx.directory.FindUser("syt.reporter").value();
  u.active = false;
  h.fx.directory.AddUser(u);
  REQUIRE(h.sessions->RevokeSession(base::Sha256Hex(revoked)).ok());
  const auto changed = std::chrono::steady_clock::now();
  // Still as read a moment ago...
  const int status = h.Call(h.Request("GET", "/api/v1/me", "", token)).status;
  if (std::chrono::steady_clock::now() - changed < http::ApiContext::kDirectoryMaxAge) CHECK(status == 200);
  // ...and refused once that is kDirectoryMaxAge old.
  std::this_thread::sleep_until(changed + http::ApiContext::kDirectoryMaxAge + std::chrono::milliseconds(50));
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", token)).status == 401);
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", revoked)).status == 401);

  // Through this node: a sign-out, and a user's deactivation, count at the next request.
  const std::string mine = h.Login("stp.reporter");
  const std::string other = h.Login("stttt.coordinator");
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", mine)).status == 200);
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", other)).status == 200);
  CHECK(h.Call(h.Request("DELETE", "/api/v1/sessions/current", "", mine)).status == 204);
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", mine)).status == 401);
  const std::string admin = h.Login("admin");
  CHECK(h.Call(h.Request("PATCH", "/api/v1/users/stttt.coordinator", R"({"active":false})", admin)).status == 200);
  CHECK(h.Call(h.Request("GET", "/api/v1/me", "", other)).status == 401);
}

TEST_CASE("sessions: a wrong password and an unknown user get the same 401") {
  ApiHarness h;
  const auto wrong = h.LoginResponse("stp.reporter", "not-demo");
  const auto unknown = h.LoginResponse("nobody.here", "demo");
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK_THAT(wrong.content_type, StartsWith("application/problem+json"));
  const auto jw = Json(wrong), ju = Json(unknown);
  CHECK(Str(jw, "detail") == Str(ju, "detail"));
  CHECK(wrong.body == unknown.body);  // nothing tells the two apart
  CHECK(wrong.body.find("nobody") == std::string::npos);
  CHECK(Header(wrong, "Set-Cookie") == std::nullopt);
}

TEST_CASE("sessions: malformed sign-in bodies are 400") {
  ApiHarness h;
  for (const char* body : {R"({"username":"stp.reporter"})", R"({"password":"demo"})",
                           R"({"username":5,"password":"demo"})", R"({"username":"stp.reporter","password":null})",
                           R"({"username":"stp.reporter","password":"demo","cookie":"yes"})", "not json", ""}) {
    CAPTURE(body);
    const auto r = h.Call(h.Request("POST", "/api/v1/sessions", body));
    CHECK(r.status == 400);
    CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
  }
}

TEST_CASE("sessions: cookie sign-in sets an HttpOnly SameSite=Strict cookie that authenticates") {
  ApiHarness h;
  const auto r = h.LoginResponse("stp.reporter", "demo", /*cookie=*/true);
  REQUIRE(r.status == 201);
  const std::string token = Str(Json(r), "token");
  const auto cookie = Header(r, "Set-Cookie");
  REQUIRE(cookie.has_value());
  CHECK_THAT(*cookie, StartsWith(std::string(http::kSessionCookie) + "=" + token + ";"));
  CHECK_THAT(*cookie, Contains("HttpOnly"));
  CHECK_THAT(*cookie, Contains("SameSite=Strict"));
  CHECK_THAT(*cookie, Contains("Path=/"));
  CHECK_THAT(*cookie, !Contains("Secure"));  // cookie_secure is off by default

  auto get = h.Request("GET", "/api/v1/me");
  get.cookie = "theme=dark; " + std::string(http::kSessionCookie) + "=" + token + "; lang=vi";
  const auto me = h.Call(get);
  CHECK(me.status == 200);
  CHECK(Str(Json(me), "username") == "stp.reporter");
}

TEST_CASE("sessions: with cookie_secure the cookie is marked Secure") {
  http::ApiServerOptions o;
  o.cookie_secure = true;
  ApiHarness h(o);
  const auto r = h.LoginResponse("stp.reporter", "demo", true);
  REQUIRE(r.status == 201);
  CHECK_THAT(Header(r, "Set-Cookie").value_or(""), Contains("Secure"));
}

TEST_CASE("sessions: a cookie-authenticated POST needs this server's Origin but GET does not") {
  ApiHarness h;
  const auto login = Json(h.LoginResponse("stp.reporter", "demo", true));
  const std::string token = Str(login, "token");
  const std::string csrf = Str(login, "csrf_token");
  const std::string cookie = std::string(http::kSessionCookie) + "=" + token;

  auto post = [&](const std::string& origin) {
    auto r = h.Request("POST", "/api/v1/tickets", TicketBody());
    r.cookie = cookie;
    r.origin = origin;
    r.csrf_token = csrf;
    return h.Call(r);
  };
  SECTION("no Origin: 403, nothing filed") {
    const auto r = post("");
    CHECK(r.status == 403);
    CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
    CHECK(h.TicketCount() == 0);
  }
  SECTION("another site's Origin: 403") {
    CHECK(post("http://evil.example").status == 403);
    CHECK(post("http://127.0.0.1:8081").status == 403);
    CHECK(h.TicketCount() == 0);
  }
  SECTION("this server's Origin: 201") {
    CHECK(post(kTestOrigin).status == 201);
    CHECK(h.TicketCount() == 1);
  }
  SECTION("GET with the cookie and no Origin works") {
    auto get = h.Request("GET", "/api/v1/tickets");
    get.cookie = cookie;
    CHECK(h.Call(get).status == 200);
  }
  SECTION("DELETE (sign-out) with the cookie is a change too") {
    auto del = h.Request("DELETE", "/api/v1/sessions/current");
    del.cookie = cookie;
    del.csrf_token = csrf;
    CHECK(h.Call(del).status == 403);
    del.origin = kTestOrigin;
    const auto out = h.Call(del);
    CHECK(out.status == 204);
    // Signing out of a cookie session clears the cookie.
    const auto cleared = Header(out, "Set-Cookie");
    REQUIRE(cleared.has_value());
    CHECK_THAT(*cleared, Contains("Max-Age=0"));
  }
  SECTION("the same token as a Bearer header needs no Origin (not a browser ambient credential)") {
    const auto r = h.Call(h.Request("POST", "/api/v1/tickets", TicketBody(), token));
    CHECK(r.status == 201);
  }
}

}  // namespace
}  // namespace incidents::testing
