// The web pages as the real server serves them (issue 7): the shell on every page route,
// /assets/... with their types and ETags, 404 elsewhere, the security headers on every
// answer (API included), the CSRF token of cookie sessions, and a server whose web root is
// missing still serving the API. Reads the repository's own web/ folder (incidentd runs in
// the repository root, where the default http.web_root "web" points).

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

const std::string kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void RequireSecurityHeaders(const Response& r) {
  INFO(r.Describe());
  CHECK(r.Header("Content-Security-Policy") == kCsp);
  CHECK(r.Header("X-Content-Type-Options") == "nosniff");
  CHECK(r.Header("Referrer-Policy") == "no-referrer");
  CHECK(r.Header("X-Frame-Options") == "DENY");
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("web: every page route answers the shell with the security headers", "[e2e][web]") {
  DemoServer s;
  Client& c = *s.client;
  const Response root = c.Get("/");
  INFO(root.Describe());
  REQUIRE(root.status == 200);
  CHECK(root.ContentType() == "text/html; charset=utf-8");
  CHECK_THAT(root.body, Catch::Contains("<script type=\"module\" src=\"/assets/app.js\"></script>"));
  CHECK_THAT(root.body, Catch::Contains("lang=\"vi\""));
  CHECK(root.Header("Cache-Control") == "no-cache");
  REQUIRE(!root.Header("ETag").empty());
  RequireSecurityHeaders(root);

  for (const char* page : {"/login", "/tickets", "/tickets/new", "/tickets/INC-2026-000001", "/queue", "/inbox",
                           "/data-requests", "/data-requests/new", "/data-requests/opinions",
                           "/data-requests/YC-2026-000001", "/workflow", "/admin/orgs", "/admin/users",
                           "/admin/focal-points", "/focal-points/print", "/reports", "/account/password", "/set-password",
                           "/request-data", "/request-data/confirm", "/request-data/status"}) {
    const Response r = c.Get(page);
    INFO(page << ": " << r.Describe());
    CHECK(r.status == 200);
    CHECK(r.body == root.body);
    CHECK(r.Header("ETag") == root.Header("ETag"));
  }
  // Revalidation: 304 without a body.
  const Response again = c.Send("GET", "/tickets", "", {{"If-None-Match", root.Header("ETag")}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
}

TEST_CASE("web: assets carry their type, anything else is 404, nothing outside web/ is served", "[e2e][web]") {
  DemoServer s;
  Client& c = *s.client;
  const Response js = c.Get("/assets/app.js");
  INFO(js.Describe());
  REQUIRE(js.status == 200);
  CHECK(js.ContentType() == "text/javascript; charset=utf-8");
  CHECK(js.body == ReadFile(std::filesystem::path(REPO_ROOT) / "web/assets/app.js"));
  RequireSecurityHeaders(js);
  CHECK(c.Get("/assets/app.css").ContentType() == "text/css; charset=utf-8");

  for (const char* path : {"/nope", "/index.html", "/assets/nope.js", "/assets/../config/demo-directory.csv",
                           "/assets/%2e%2e/%2e%2e/config/demo-directory.csv", "/config/demo-directory.csv", "/tickets/a/b"}) {
    const Response r = c.Get(path);
    INFO(path << ": " << r.Describe());
    CHECK(r.status == 404);
    CHECK_THAT(r.body, !Catch::Contains("stp.reporter"));
  }
  CHECK(c.Send("POST", "/tickets/new", "{}").status == 405);
}

TEST_CASE("web: API answers carry the security headers too", "[e2e][web]") {
  DemoServer s;
  RequireSecurityHeaders(s.client->Get("/healthz"));
  RequireSecurityHeaders(s.client->Get("/api/v1/me"));  // 401
  RequireSecurityHeaders(s.client->Get("/api/v1/orgs", s.Token("stp.reporter")));
}

TEST_CASE("web: a cookie session's changes need the X-CSRF-Token of GET /api/v1/me", "[e2e][web]") {
  DemoServer s;
  Client& c = *s.client;
  const Response login = c.LoginResponse("stp.reporter", "demo", /*cookie=*/true);
  REQUIRE(login.status == 201);
  const std::string set = login.Header("Set-Cookie");
  const std::string cookie = set.substr(0, set.find(';'));
  const std::string origin = "http://127.0.0.1:" + std::to_string(c.port());

  const Response me = c.Send("GET", "/api/v1/me", "", {{"Cookie", cookie}});
  REQUIRE(me.status == 200);
  const std::string csrf = Str(me.Object(), "csrf_token");
  CHECK(csrf == Str(login.Object(), "csrf_token"));
  CHECK(csrf.size() == 64);

  const std::string body = Canonical(Obj({{"category", "connection_failure"},
                                          {"title", "Mất kết nối LGSP"},
                                          {"description", "Không gọi được dịch vụ."}}));
  const std::string detail =
      RequireProblem(c.Send("POST", "/api/v1/tickets", body, {{"Cookie", cookie}, {"Origin", origin}}), 403, "csrf");
  CHECK_THAT(detail, Catch::Contains("X-CSRF-Token"));
  RequireProblem(c.Send("POST", "/api/v1/tickets", body,
                        {{"Cookie", cookie}, {"Origin", origin}, {"X-CSRF-Token", std::string(64, 'a')}}),
                 403, "csrf");
  const Response ok =
      c.Send("POST", "/api/v1/tickets", body, {{"Cookie", cookie}, {"Origin", origin}, {"X-CSRF-Token", csrf}});
  INFO(ok.Describe());
  CHECK(ok.status == 201);
  // Bearer clients are unaffected.
  CHECK(c.Post("/api/v1/tickets", body, s.Token("stp.reporter")).status == 201);
}

TEST_CASE("web: a missing web root leaves the API running and the pages 404", "[e2e][web]") {
  DemoServer s({"--set", "http.web_root=no-such-folder"});
  CHECK(s.client->Get("/").status == 404);
  CHECK(s.client->Get("/healthz").status == 200);
  CHECK_THAT(s.server->Log(), Catch::Contains("web pages not served"));
}

TEST_CASE("web: the pages hold no inline script, style, event handler or HTML sink (the CSP would block them)",
          "[e2e][web]") {
  const std::regex inline_script(R"(<script(?![^>]*\bsrc=)[^>]*>)", std::regex::icase);
  const std::regex attributes(R"(\s(style|on[a-z]+)\s*=)", std::regex::icase);
  const std::regex remote(R"((src|href)\s*=\s*["']?(https?:)?//)", std::regex::icase);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(REPO_ROOT) / "web")) {
    const auto ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".html" && ext != ".js" && ext != ".css")) continue;
    ++files;
    const std::string text = ReadFile(entry.path());
    INFO(entry.path().string());
    if (ext == ".html") {
      CHECK_FALSE(std::regex_search(text, inline_script));
      CHECK_FALSE(std::regex_search(text, attributes));
      CHECK_FALSE(std::regex_search(text, remote));
    }
    if (ext == ".js") {
      CHECK(text.find("setAttribute('style'") == std::string::npos);
      CHECK(text.find("setAttribute(\"style\"") == std::string::npos);
      CHECK(text.find("eval(") == std::string::npos);
      // Text from users reaches the page only as text nodes: no HTML parsing sinks at all.
      for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "new Function"}) {
        INFO("sink " << sink);
        CHECK(text.find(sink) == std::string::npos);
      }
    }
    if (ext == ".css") CHECK(text.find("@import url(http") == std::string::npos);
  }
  CHECK(files >= 3);
}
