// The web pages served by the router: WebAssets (loading a folder, Content-Type by
// extension, ETags), the page routes that answer the shell, /assets/..., 304 on
// If-None-Match, 404 for the rest and no way out of the web root.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "api_harness.h"
#include "security_headers.h"
#include "web_assets.h"
#include "web_pages.h"

namespace incidents::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A small web root: the shell, a script, a style sheet, an image, a hidden file, and a
// secret next to (outside) the root.
struct WebRoot {
  WebRoot() {
    Write(dir.path() / "web/index.html", "<!doctype html><html lang=\"vi\"><title>Sự cố</title></html>");
    Write(dir.path() / "web/assets/app.js", "import './router.js';\n");
    Write(dir.path() / "web/assets/app.css", "body { margin: 0 }\n");
    Write(dir.path() / "web/assets/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    Write(dir.path() / "web/assets/.hidden", "not served");
    Write(dir.path() / "secret.txt", "outside the web root");
  }
  std::string root() const { return (dir.path() / "web").string(); }
  TempDir dir;
};

http::ApiServerOptions WithRoot(const std::string& root) {
  http::ApiServerOptions o;
  o.web_root = root;
  return o;
}

TEST_CASE("web: Content-Type by extension") {
  CHECK(http::ContentTypeFor("index.html") == "text/html; charset=utf-8");
  CHECK(http::ContentTypeFor("app.js") == "text/javascript; charset=utf-8");
  CHECK(http::ContentTypeFor("APP.JS") == "text/javascript; charset=utf-8");
  CHECK(http::ContentTypeFor("app.css") == "text/css; charset=utf-8");
  CHECK(http::ContentTypeFor("icon.svg") == "image/svg+xml");
  CHECK(http::ContentTypeFor("logo.png") == "image/png");
  CHECK(http::ContentTypeFor("data.json") == "application/json; charset=utf-8");
  CHECK(http::ContentTypeFor("README") == "application/octet-stream");
  CHECK(http::ContentTypeFor("x.exe") == "application/octet-stream");
}

TEST_CASE("web: If-None-Match matching") {
  const std::string etag = "\"abc\"";
  CHECK(http::EtagMatches("\"abc\"", etag));
  CHECK(http::EtagMatches("W/\"abc\"", etag));  // weak comparison
  CHECK(http::EtagMatches("\"x\", \"abc\"", etag));
  CHECK(http::EtagMatches("*", etag));
  CHECK_FALSE(http::EtagMatches("\"abd\"", etag));
  CHECK_FALSE(http::EtagMatches("abc", etag));
  CHECK_FALSE(http::EtagMatches("", etag));
  CHECK_FALSE(http::EtagMatches(" , ", etag));
}

TEST_CASE("web: loading a folder") {
  WebRoot w;
  std::string error;
  const auto assets = http::WebAssets::Load(w.root(), &error);
  CHECK(error.empty());
  CHECK(assets.size() == 4);  // the hidden file is skipped
  REQUIRE(assets.Find("index.html"));
  REQUIRE(assets.Find("assets/app.js"));
  CHECK(assets.Find("assets/app.js")->body == "import './router.js';\n");
  CHECK(assets.Find("assets/.hidden") == nullptr);
  CHECK(assets.Find("../secret.txt") == nullptr);
  const auto* js = assets.Find("assets/app.js");
  CHECK_THAT(js->etag, StartsWith("\""));
  CHECK(js->etag != assets.Find("assets/app.css")->etag);

  SECTION("a missing folder: empty, with the reason") {
    const auto none = http::WebAssets::Load(w.root() + "/nope", &error);
    CHECK(none.empty());
    CHECK_THAT(error, Contains("nope"));
  }
  SECTION("no root configured: empty, no error") {
    const auto none = http::WebAssets::Load("", &error);
    CHECK(none.empty());
    CHECK(error.empty());
  }
}

TEST_CASE("web: which paths belong to the pages") {
  CHECK(http::IsWebPath("/"));
  CHECK(http::IsWebPath("/tickets/INC-1"));
  CHECK(http::IsWebPath("/assets/app.js"));
  CHECK(http::IsWebPath("/apis"));
  CHECK_FALSE(http::IsWebPath("/api/v1/nope"));
  CHECK_FALSE(http::IsWebPath("/api"));
  CHECK_FALSE(http::IsWebPath("/healthz"));
  CHECK_FALSE(http::IsWebPath("/metrics"));
}

TEST_CASE("web: page routes answer the shell, assets their file") {
  WebRoot w;
  ApiHarness h(WithRoot(w.root()));
  const std::string shell = "<!doctype html><html lang=\"vi\"><title>Sự cố</title></html>";

  for (const char* page : {"/", "/login", "/tickets", "/tickets/new", "/tickets/INC-2026-000001", "/queue", "/inbox",
                           "/data-requests", "/data-requests/new", "/data-requests/opinions",
                           "/data-requests/YC-2026-000001", "/workflow", "/admin/orgs", "/admin/users",
                           "/admin/focal-points", "/focal-points/print", "/reports", "/account/password", "/set-password",
                           "/request-data", "/request-data/confirm", "/request-data/status"}) {
    INFO(page);
    std::string route;
    const auto r = h.Call(h.Request("GET", page), route);
    CHECK(r.status == 200);
    CHECK(r.content_type == "text/html; charset=utf-8");
    CHECK(r.body == shell);
    CHECK(Header(r, "Cache-Control") == "no-cache");
    CHECK(Header(r, "ETag").has_value());
    CHECK(route != "unmatched");
  }
  std::string route;
  const auto id = h.Call(h.Request("GET", "/tickets/INC-9"), route);
  CHECK(route == "/tickets/{id}");  // bounded names for metrics
  h.Call(h.Request("GET", "/data-requests/YC-9"), route);
  CHECK(route == "/data-requests/{id}");

  const auto js = h.Call(h.Request("GET", "/assets/app.js"), route);
  CHECK(js.status == 200);
  CHECK(js.content_type == "text/javascript; charset=utf-8");
  CHECK(js.body == "import './router.js';\n");
  CHECK(route == "/assets/{file}");
  CHECK(h.Call(h.Request("GET", "/assets/app.css")).content_type == "text/css; charset=utf-8");
  CHECK(h.Call(h.Request("GET", "/assets/icon.svg")).content_type == "image/svg+xml");
  // HEAD is answered like GET (the server drops the body).
  CHECK(h.Call(h.Request("HEAD", "/assets/app.js")).status == 200);
}

TEST_CASE("web: If-None-Match with the current ETag gives 304 without a body") {
  WebRoot w;
  ApiHarness h(WithRoot(w.root()));
  const auto first = h.Call(h.Request("GET", "/assets/app.js"));
  const std::string etag = Header(first, "ETag").value_or("");
  REQUIRE_FALSE(etag.empty());

  auto again = h.Request("GET", "/assets/app.js");
  again.if_none_match = etag;
  const auto r = h.Call(again);
  CHECK(r.status == 304);
  CHECK(r.body.empty());
  CHECK(Header(r, "ETag") == etag);

  again.if_none_match = "\"stale\"";
  CHECK(h.Call(again).status == 200);
  // The shell has one ETag whatever page route asked for it.
  auto page = h.Request("GET", "/queue");
  page.if_none_match = Header(h.Call(h.Request("GET", "/")), "ETag").value_or("");
  CHECK(h.Call(page).status == 304);
}

TEST_CASE("web: anything else is 404, and nothing outside the root is reachable") {
  WebRoot w;
  ApiHarness h(WithRoot(w.root()));
  for (const char* path : {"/nope", "/index.html", "/assets/", "/assets/missing.js", "/assets/.hidden",
                           "/assets/../index.html", "/assets/../../secret.txt", "/assets/..%2f..%2fsecret.txt",
                           "/secret.txt", "/tickets/a/b", "/tickets/", "/data-requests/a/b", "/data-requests/", "/assets//app.js", "/assets\\app.js",
                           "/api/v1/nope", "/web/index.html"}) {
    INFO(path);
    std::string route;
    const auto r = h.Call(h.Request("GET", path), route);
    CHECK(r.status == 404);
    CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
    CHECK(route == "unmatched");
    CHECK_THAT(r.body, !Contains("outside the web root"));
  }
}

TEST_CASE("web: pages accept only GET and HEAD") {
  WebRoot w;
  ApiHarness h(WithRoot(w.root()));
  auto r = h.Request("POST", "/tickets/new", "{}");
  const auto resp = h.Call(r);
  CHECK(resp.status == 405);
  CHECK(Header(resp, "Allow") == "GET, HEAD");
  CHECK(h.Call(h.Request("DELETE", "/assets/app.js")).status == 405);
}

TEST_CASE("web: without a web root the pages are 404 and the API still answers") {
  WebRoot w;
  ApiHarness h(WithRoot(w.root() + "/missing"));
  CHECK_FALSE(h.ctx->web_error.empty());
  CHECK(h.Call(h.Request("GET", "/")).status == 404);
  CHECK(h.Call(h.Request("GET", "/assets/app.js")).status == 404);
  CHECK(h.Call(h.Request("GET", "/healthz")).status == 200);
}

TEST_CASE("web: the security headers forbid inline script, framing and other origins") {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : http::kSecurityHeaders) headers[std::string(name)] = std::string(value);
  const std::string csp = headers["Content-Security-Policy"];
  CHECK_THAT(csp, Contains("default-src 'self'"));
  CHECK_THAT(csp, Contains("script-src 'self';"));
  CHECK_THAT(csp, Contains("style-src 'self';"));
  CHECK_THAT(csp, Contains("frame-ancestors 'none'"));
  CHECK_THAT(csp, Contains("object-src 'none'"));
  CHECK_THAT(csp, !Contains("unsafe-inline"));
  CHECK_THAT(csp, !Contains("unsafe-eval"));
  CHECK(headers["X-Content-Type-Options"] == "nosniff");
  CHECK(headers["Referrer-Policy"] == "no-referrer");
  CHECK(headers["X-Frame-Options"] == "DENY");
}

}  // namespace
}  // namespace incidents::testing
