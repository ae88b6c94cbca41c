// The synchronizer CSRF token of cookie sessions: csrf_token in the sign-in answer and in
// GET /api/v1/me, required as X-CSRF-Token on every cookie-authenticated change (403
// problem type csrf otherwise); bearer-token requests are unaffected.

#include <catch2/catch.hpp>

#include <string>

#include "api_harness.h"
#include "authentication.h"
#include "incidents/base/sha256.h"

namespace incidents::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

struct CookieSession {
  std::string token;
  std::string csrf;
  std::string cookie;
};

CookieSession SignIn(ApiHarness& h, const std::string& user) {
  const auto r = h.LoginResponse(user, "demo", /*cookie=*/true);
  REQUIRE(r.status == 201);
  const auto body = Json(r);
  return {Str(body, "token"), Str(body, "csrf_token"), std::string(http::kSessionCookie) + "=" + Str(body, "token")};
}

TEST_CASE("csrf: the token is the SHA-256 of a fixed prefix and the session token, per session") {
  const std::string a = http::CsrfTokenFor("token-a");
  CHECK(a.size() == 64);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a == http::CsrfTokenFor("token-a"));  // stateless: any node computes the same
  CHECK(a != http::CsrfTokenFor("token-b"));
  CHECK(a != incidents::base::Sha256Hex("token-a"));  // not the stored session hash
}

TEST_CASE("csrf: constant-time comparison compares whole strings") {
  CHECK(http::ConstantTimeEquals("abc", "abc"));
  CHECK_FALSE(http::ConstantTimeEquals("abc", "abd"));
  CHECK_FALSE(http::ConstantTimeEquals("abc", "abcd"));
  CHECK_FALSE(http::ConstantTimeEquals("", "a"));
  CHECK(http::ConstantTimeEquals("", ""));
}

TEST_CASE("csrf: the sign-in answer and GET /me carry the session's csrf_token") {
  ApiHarness h;
  const auto s = SignIn(h, "stp.reporter");
  CHECK(s.csrf == http::CsrfTokenFor(s.token));

  auto get = h.Request("GET", "/api/v1/me");
  get.cookie = s.cookie;
  const auto me = h.Call(get);
  REQUIRE(me.status == 200);
  CHECK(Str(Json(me), "csrf_token") == s.csrf);

  // A bearer caller sees it too (harmless: it needs no token to change things).
  const auto bearer = h.Call(h.Request("GET", "/api/v1/me", "", s.token));
  CHECK(Str(Json(bearer), "csrf_token") == s.csrf);

  // Another session has another token.
  CHECK(SignIn(h, "stp.reporter").csrf != s.csrf);
}

TEST_CASE("csrf: a cookie-authenticated change needs X-CSRF-Token equal to the session's") {
  ApiHarness h;
  const auto s = SignIn(h, "stp.reporter");
  auto post = [&](const std::string& csrf) {
    auto r = h.Request("POST", "/api/v1/tickets", TicketBody());
    r.cookie = s.cookie;
    r.origin = kTestOrigin;
    r.csrf_token = csrf;
    return h.Call(r);
  };

  SECTION("missing: 403 csrf with a detail naming the header, nothing filed") {
    const auto r = post("");
    CHECK(r.status == 403);
    CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
    const auto body = Json(r);
    CHECK_THAT(Str(body, "type"), EndsWith(":csrf"));
    CHECK_THAT(Str(body, "detail"), Contains("X-CSRF-Token"));
    CHECK(h.TicketCount() == 0);
  }
  SECTION("wrong: 403, nothing filed") {
    CHECK(post(std::string(64, '0')).status == 403);
    CHECK(post(s.csrf.substr(1)).status == 403);
    CHECK(post(http::CsrfTokenFor("another-session")).status == 403);
    // Another live session's token does not fit this one.
    CHECK(post(SignIn(h, "stp.reporter").csrf).status == 403);
    CHECK(h.TicketCount() == 0);
  }
  SECTION("right: 201") {
    CHECK(post(s.csrf).status == 201);
    CHECK(h.TicketCount() == 1);
  }
  SECTION("an event and the sign-out are changes too") {
    REQUIRE(post(s.csrf).status == 201);
    auto ids = h.fx.store.ListTicketIds();
    REQUIRE(ids.ok());
    REQUIRE(ids->size() == 1);
    auto ev = h.Request("POST", "/api/v1/tickets/" + ids->front() + "/events", R"({"type":"comment","body":"x"})");
    ev.cookie = s.cookie;
    ev.origin = kTestOrigin;
    CHECK(h.Call(ev).status == 403);
    ev.csrf_token = s.csrf;
    CHECK(h.Call(ev).status == 200);

    auto del = h.Request("DELETE", "/api/v1/sessions/current");
    del.cookie = s.cookie;
    del.origin = kTestOrigin;
    CHECK(h.Call(del).status == 403);
    del.csrf_token = s.csrf;
    CHECK(h.Call(del).status == 204);
  }
  SECTION("the right token without this server's Origin is still refused") {
    auto r = h.Request("POST", "/api/v1/tickets", TicketBody());
    r.cookie = s.cookie;
    r.origin = "http://evil.example";
    r.csrf_token = s.csrf;
    CHECK(h.Call(r).status == 403);
  }
  SECTION("GET needs no token") {
    auto get = h.Request("GET", "/api/v1/tickets");
    get.cookie = s.cookie;
    CHECK(h.Call(get).status == 200);
  }
}

// Issue 17.2: behind a proxy that sends its own Host upstream (nginx's default), the pages'
// Origin is the public_url's, not the Host's; it is accepted, and so is the Host over
// public_url's scheme; nothing else is.
TEST_CASE("csrf: behind a proxy the Origin of public_url is this server's, whatever the Host") {
  http::ApiServerOptions options;
  options.public_url = "https://SuCo.NinhThuan.gov.vn/incidents";
  ApiHarness h(options);
  const auto s = SignIn(h, "stp.reporter");
  auto post = [&](const std::string& origin) {
    auto r = h.Request("POST", "/api/v1/tickets", TicketBody());
    r.host = "127.0.0.1:8080";  // what the proxy sent upstream
    r.cookie = s.cookie;
    r.origin = origin;
    r.csrf_token = s.csrf;
    return h.Call(r);
  };
  CHECK(post("https://suco.ninhthuan.gov.vn").status == 201);
  CHECK(post("https://suco.ninhthuan.gov.vn:8443").status == 403);  // another port is another origin
  CHECK(post("http://suco.ninhthuan.gov.vn").status == 403);        // and another scheme
  CHECK(post("https://suco.ninhthuan.gov.vn.evil.example").status == 403);
  CHECK(post("https://evil.example").status == 403);
  CHECK(post("http://127.0.0.1:8080").status == 403);  // the Host, but over public_url's other scheme
  CHECK(post("https://127.0.0.1:8080").status == 201);  // the Host itself, over https
  CHECK(h.TicketCount() == 2);
}

TEST_CASE("csrf: bearer-token requests need neither Origin nor X-CSRF-Token") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  CHECK(h.Call(h.Request("POST", "/api/v1/tickets", TicketBody(), token)).status == 201);
  // A wrong X-CSRF-Token on a bearer request is ignored, not an error.
  auto r = h.Request("POST", "/api/v1/tickets", TicketBody("Khác"), token);
  r.csrf_token = "nonsense";
  CHECK(h.Call(r).status == 201);
}

}  // namespace
}  // namespace incidents::testing
