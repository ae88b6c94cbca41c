// Problem documents follow Accept-Language (issue 13): Vietnamese by default, English on
// request, through the real router (Dispatch) and the real server (ApiServer over a socket
// on 127.0.0.1), with Content-Language and Vary: Accept-Language on every problem.

#include <catch2/catch.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <string>

#include "api_harness.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/http/api_server.h"
#include "problem.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

http::ApiRequest WithLanguage(http::ApiRequest r, const std::string& accept_language) {
  r.accept_language = accept_language;
  return r;
}

http::ApiRequest WithQuery(http::ApiRequest r, const std::string& name, const std::string& value) {
  r.query[name] = value;
  return r;
}

// The problem's body, after checking the headers every problem carries.
JsonValue CheckedProblem(const http::ApiResponse& r, int status, const std::string& language) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
  CHECK(Header(r, "Content-Language") == std::optional<std::string>(language));
  CHECK(Header(r, "Vary") == std::optional<std::string>("Accept-Language"));
  return Json(r);
}

TEST_CASE("problem language: Vietnamese by default, English under Accept-Language: en") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto request = h.Request("GET", "/api/v1/tickets/INC-2026-000999", "", token);

  const JsonValue vi = CheckedProblem(h.Call(request), 404, "vi");
  CHECK(Str(vi, "title") == "Không tìm thấy");
  CHECK(Str(vi, "detail") == "không có phiếu 'INC-2026-000999'");
  CHECK(vi.Find("detail_en") == nullptr);  // translated: no English copy

  const JsonValue en = CheckedProblem(h.Call(WithLanguage(request, "en")), 404, "en");
  CHECK(Str(en, "title") == "Not found");
  CHECK(Str(en, "detail") == "no ticket 'INC-2026-000999'");
  CHECK(en.Find("detail_en") == nullptr);

  // The same problem otherwise: type and status, and nothing else added.
  CHECK(Str(vi, "type") == Str(en, "type"));
  CHECK(vi.as_object().size() == 4);
  CHECK(en.as_object().size() == 4);
}

TEST_CASE("problem language: q-values choose, and anything but vi or en is Vietnamese") {
  ApiHarness h;
  const auto request = h.Request("GET", "/api/v1/me");  // no token: 401
  struct Case {
    const char* header;
    const char* language;
    const char* title;
  };
  const Case cases[] = {
      {"en-US,en;q=0.9", "en", "Not signed in"},
      {"vi;q=0.4, en;q=0.9", "en", "Not signed in"},
      {"en;q=0.4, vi;q=0.9", "vi", "Chưa đăng nhập"},
      {"vi-VN,vi;q=0.9,en;q=0.8", "vi", "Chưa đăng nhập"},
      {"fr-FR, de;q=0.5", "vi", "Chưa đăng nhập"},
      {"*", "vi", "Chưa đăng nhập"},
      {"en;q=0", "vi", "Chưa đăng nhập"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header);
    const auto r = h.Call(WithLanguage(request, c.header));
    const JsonValue j = CheckedProblem(r, 401, c.language);
    CHECK(Str(j, "title") == c.title);
    CHECK(Header(r, "WWW-Authenticate").has_value());  // the router's own headers stay
  }
}

TEST_CASE("problem language: the frequent problems of the router have a Vietnamese detail") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string reporter = h.Login("stp.reporter");
  const std::string engineer = h.Login("stttt.engineer");
  const std::string events = "/api/v1/tickets/" + id + "/events";
  struct Case {
    http::ApiRequest request;
    int status;
    const char* title;
    const char* detail;
  };
  const Case cases[] = {
      {h.Request("POST", "/api/v1/tickets", R"({"category":"other","title":" ","description":"d"})", reporter), 422,
       "Giá trị không hợp lệ", "trường 'title' không được để trống"},
      {h.Request("POST", "/api/v1/tickets", R"({"category":"other","description":"d"})", reporter), 400,
       "Yêu cầu không hợp lệ", "trường 'title' là bắt buộc"},
      {h.Request("POST", "/api/v1/tickets", R"({"category":"gossip","title":"t","description":"d"})", reporter), 422,
       "Giá trị không hợp lệ", "trường 'category': giá trị 'gossip' không hợp lệ"},
      {h.Request("POST", "/api/v1/tickets", TicketBody(std::string(201, 'a')), reporter), 422,
       "Giá trị không hợp lệ", "trường 'title' dài quá 200 ký tự"},
      {h.Request("POST", "/api/v1/tickets",
                 R"({"category":"other","title":"t","description":"d","parties":["no-such-org"]})", reporter),
       422, "Giá trị không hợp lệ", "trường 'parties': không có đơn vị 'no-such-org'"},
      {h.Request("POST", events, R"({"type":"resolve","resolution":"done"})", engineer), 409,
       "Thao tác không hợp lệ ở trạng thái hiện tại", "thao tác 'resolve' không được phép ở trạng thái 'reported'"},
      {h.Request("POST", events, R"({"type":"acknowledge","expected_version":7})", engineer), 409,
       "Phiếu đã được người khác cập nhật", nullptr},
      {h.Request("POST", events, R"({"type":"explode"})", engineer), 422, "Giá trị không hợp lệ",
       "trường 'type': không có sự kiện 'explode'"},
      {h.Request("POST", events, R"({"type":"acknowledge"})", reporter), 403, "Không có quyền thực hiện", nullptr},
      {h.Request("POST", events, "{\"type\":", engineer), 400, "Yêu cầu không hợp lệ", nullptr},
      {WithQuery(h.Request("GET", "/api/v1/tickets", "", reporter), "limit", "0"), 422, "Giá trị không hợp lệ",
       "tham số 'limit' phải từ 1 đến 500"},
      {h.Request("PUT", "/api/v1/me", "{}", reporter), 405, "Phương thức không được hỗ trợ",
       "không dùng được phương thức PUT với /api/v1/me; các phương thức được dùng: GET"},
      {h.Request("GET", "/api/v1/nothing", "", reporter), 404, "Không tìm thấy",
       "không có tài nguyên /api/v1/nothing"},
      {h.Request("GET", "/api/v1/me"), 401, "Chưa đăng nhập", "hãy đăng nhập trước: gửi Authorization: Bearer TOKEN"},
  };
  for (const Case& c : cases) {
    INFO(c.request.method << " " << c.request.path << " " << c.request.body);
    const JsonValue j = CheckedProblem(h.Call(c.request), c.status, "vi");
    CHECK(Str(j, "title") == c.title);
    if (c.detail) CHECK(Str(j, "detail") == c.detail);
    CHECK(j.Find("detail_en") == nullptr);  // every one of these has a translation
  }
  // 415: the body is not JSON.
  auto text = h.Request("POST", "/api/v1/tickets", "title=x", reporter);
  text.content_type = "text/plain";
  const JsonValue j = CheckedProblem(h.Call(text), 415, "vi");
  CHECK(Str(j, "detail") == "hãy gửi nội dung với Content-Type: application/json");
}

TEST_CASE("problem language: an untranslated detail keeps the English as detail_en") {
  // A store's constraint message reaches the client as it is (sqlite_connection.cpp).
  const std::string english = "UNIQUE constraint failed: orgs.id";
  const auto raw = http::ProblemFromStatus(Status::Conflict(english));

  const auto vi = http::LocalizeProblem(raw, "");
  const JsonValue j = CheckedProblem(vi, 409, "vi");
  CHECK(Str(j, "title") == "Xung đột dữ liệu");
  CHECK(Str(j, "detail") == "dữ liệu gửi lên xung đột với dữ liệu đã có");
  CHECK(Str(j, "detail_en") == english);
  // Canonical JSON, members sorted: detail, detail_en, status, title, type.
  CHECK(vi.body == ToCanonicalJson(j));
  CHECK(vi.body.find("\"detail\"") < vi.body.find("\"detail_en\""));

  const JsonValue e = CheckedProblem(http::LocalizeProblem(raw, "en"), 409, "en");
  CHECK(Str(e, "title") == "Conflict");
  CHECK(Str(e, "detail") == english);
  CHECK(e.Find("detail_en") == nullptr);
}

TEST_CASE("problem language: localizing is done once, and only to problems") {
  const auto once = http::LocalizeProblem(http::ProblemFromStatus(Status::NotFound("no org 'x'")), "en");
  const auto twice = http::LocalizeProblem(once, "vi");
  CHECK(twice.body == once.body);
  CHECK(twice.headers.size() == once.headers.size());

  http::ApiResponse ok;
  ok.body = R"({"detail":"no org 'x'","type":"x"})";
  const auto same = http::LocalizeProblem(ok, "vi");
  CHECK(same.body == ok.body);
  CHECK(same.headers.empty());
}

TEST_CASE("problem language: an Idempotency-Key replay is in the replaying request's language") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  auto first = h.Request("POST", "/api/v1/tickets", R"({"category":"other","title":"","description":"d"})", token);
  first.idempotency_key = "empty-title";
  const JsonValue vi = CheckedProblem(h.Call(first), 422, "vi");
  CHECK(Str(vi, "detail") == "trường 'title' không được để trống");

  const auto replay = h.Call(WithLanguage(first, "en"));
  CHECK(Header(replay, "Idempotent-Replayed") == std::optional<std::string>("true"));
  const JsonValue en = CheckedProblem(replay, 422, "en");
  CHECK(Str(en, "detail") == "field 'title' must not be empty");
  CHECK(Str(en, "title") == "Invalid value");
}

// The server itself: the Accept-Language header reaches the router, and the problems the
// server builds before routing (413) are localized too.
struct ServerAnswer {
  int status = 0;
  std::string content_language;
  std::string vary;
  JsonValue body;
};

ServerAnswer Send(int port, const std::string& method, const std::string& path, const std::string& body,
                  const std::string& accept_language) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!accept_language.empty()) req.set("Accept-Language", accept_language);
  req.setContentType("application/json");
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  std::string text;
  Poco::StreamCopier::copyToString(in, text);
  ServerAnswer a;
  a.status = static_cast<int>(resp.getStatus());
  a.content_language = resp.get("Content-Language", "");
  a.vary = resp.get("Vary", "");
  auto parsed = ParseJson(text);
  INFO(text);
  REQUIRE(parsed.ok());
  a.body = std::move(parsed).value();
  return a;
}

TEST_CASE("problem language: through the HTTP server on a socket") {
  ApiHarness h;
  http::ApiServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.web_root = "";
  options.body_limit_bytes = 64;
  auto started = http::ApiServer::Start(options, h.ctx->services, nullptr);
  REQUIRE(started.ok());
  auto& server = *started.value();

  SECTION("a routed problem") {
    const auto vi = Send(server.port(), "GET", "/api/v1/me", "", "");
    CHECK(vi.status == 401);
    CHECK(vi.content_language == "vi");
    CHECK(vi.vary == "Accept-Language");
    CHECK(Str(vi.body, "detail") == "hãy đăng nhập trước: gửi Authorization: Bearer TOKEN");
    const auto en = Send(server.port(), "GET", "/api/v1/me", "", "en-GB, vi;q=0.5");
    CHECK(en.status == 401);
    CHECK(en.content_language == "en");
    CHECK(Str(en.body, "title") == "Not signed in");
    CHECK(Str(en.body, "detail") == "sign in first: send Authorization: Bearer TOKEN");
  }
  SECTION("a problem of the server's own (413)") {
    const std::string big(200, ' ');
    const auto vi = Send(server.port(), "POST", "/api/v1/tickets", big, "vi-VN");
    CHECK(vi.status == 413);
    CHECK(vi.content_language == "vi");
    CHECK(vi.vary == "Accept-Language");
    CHECK(Str(vi.body, "title") == "Nội dung quá lớn");
    CHECK(Str(vi.body, "detail") == "nội dung yêu cầu lớn hơn 64 byte");
    const auto en = Send(server.port(), "POST", "/api/v1/tickets", big, "en");
    CHECK(en.content_language == "en");
    CHECK(Str(en.body, "title") == "Request body too large");
    CHECK(Str(en.body, "detail") == "the request body is larger than 64 bytes");
  }
  server.Stop(std::chrono::milliseconds(1000));
}

}  // namespace
}  // namespace incidents::testing
