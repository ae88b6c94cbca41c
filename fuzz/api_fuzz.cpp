// The HTTP API behind the socket: the request path and query, the headers the router reads
// (Authorization, Cookie, Idempotency-Key, If-None-Match, Origin, X-CSRF-Token,
// Accept-Language, Content-Type), the cursor and the other query parameters, the JSON
// bodies and every handler, through Dispatch() as ApiServer calls it. Wired like the HTTP
// adapter's tests (tests/adapters/http/api_harness.h): the demo directory and in-memory
// tickets, the real SQLite session and idempotency stores on a temporary file.
//
// Input: the request line "METHOD TARGET", header lines "Name: value", a blank line, the
// body. A header "As: <username>" signs the request in as that demo user (bearer token).
// Invariants: never a 500 (every 500 is a bug: the cause would be in the log); the status
// is 200-599; a problem document is JSON with type, title, status and detail, its status
// the response's; a JSON answer parses.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "api_context.h"
#include "demo_fixture.h"
#include "fuzz_check.h"
#include "incidents/base/password.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/directory_service.h"
#include "incidents/http/metrics.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_session_store.h"
#include "router.h"

using namespace incidents;

namespace {

// Everything one run of inputs shares; rebuilt every kInputsPerWorld inputs so that the
// tickets they file do not grow without end.
struct World {
  World() {
    for (auto user : testing::DemoUsers()) {
      user.password_hash = base::HashPassword("demo", 1000);
      fx.directory.AddUser(user);
    }
    const auto dir = std::filesystem::temp_directory_path() / ("api_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::filesystem::remove(dir / "api.db");
    auto opened = storage::sqlite::SqliteDatabase::Open((dir / "api.db").string());
    if (!opened.ok()) std::abort();
    db = std::move(opened.value());
    sessions = std::make_unique<storage::sqlite::SqliteSessionStore>(*db);
    idempotency = std::make_unique<storage::sqlite::SqliteIdempotencyStore>(*db);
    fx.store.AttachIdempotency(idempotency.get());  // answers commit with their events (issue 14.3)
    fx.service.AddCommitListener(&metrics);
    ctx = std::make_unique<http::ApiContext>(
        http::ApiServices{fx.service, fx.store, fx.directory, *sessions, *idempotency, fx.clock, calendar,
                          directory_admin, nullptr, &metrics, {}},
        http::ApiServerOptions{}, nullptr);
  }

  // A bearer token of `username`, signed in once.
  std::string TokenOf(const std::string& username) {
    if (auto it = tokens.find(username); it != tokens.end()) return it->second;
    http::ApiRequest r;
    r.method = "POST";
    r.path = "/api/v1/sessions";
    r.content_type = "application/json";
    r.host = "127.0.0.1:8080";
    r.client_address = "192.0.2.10";
    r.body = engine::ToCanonicalJson(engine::JsonValue::Object{{"username", username}, {"password", "demo"}});
    std::string route;
    const auto resp = http::Dispatch(*ctx, r, route);
    std::string token;
    if (resp.status == 201)
      if (auto j = engine::ParseJson(resp.body); j.ok() && j->Find("token")) token = j->Find("token")->as_string();
    return tokens[username] = token;
  }

  testing::DemoFixture fx;
  std::unique_ptr<storage::sqlite::SqliteDatabase> db;
  std::unique_ptr<storage::sqlite::SqliteSessionStore> sessions;
  std::unique_ptr<storage::sqlite::SqliteIdempotencyStore> idempotency;
  engine::BusinessCalendar calendar;
  engine::DirectoryService directory_admin{fx.directory, fx.clock, fx.workflow.settings()};
  http::Metrics metrics;
  std::unique_ptr<http::ApiContext> ctx;
  std::map<std::string, std::string> tokens;
};

constexpr int kInputsPerWorld = 5000;

std::string_view NextLine(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::unique_ptr<World> world;
  static int inputs = 0;
  if (!world || ++inputs % kInputsPerWorld == 0) {
    world.reset();
    world = std::make_unique<World>();
  }
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view request_line = NextLine(rest);
  const std::size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return 0;

  http::ApiRequest r;
  r.method = std::string(request_line.substr(0, space));
  r.host = "127.0.0.1:8080";
  r.client_address = "192.0.2.10";
  try {  // what ApiServer does with the request target (a malformed one is its 400)
    const Poco::URI uri{std::string(request_line.substr(space + 1))};
    r.path = uri.getPath();
    for (const auto& [name, value] : uri.getQueryParameters()) r.query[name] = value;
  } catch (const Poco::Exception&) {
    return 0;
  }
  for (std::string_view line = NextLine(rest); !line.empty(); line = NextLine(rest)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name(line.substr(0, colon));
    std::string value(line.substr(colon + 1));
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "As") r.authorization = "Bearer " + world->TokenOf(value);
    else if (name == "Authorization") r.authorization = value;
    else if (name == "Cookie") r.cookie = value;
    else if (name == "Content-Type") r.content_type = value;
    else if (name == "Idempotency-Key") r.idempotency_key = value;
    else if (name == "If-None-Match") r.if_none_match = value;
    else if (name == "Origin") r.origin = value;
    else if (name == "X-CSRF-Token") r.csrf_token = value;
    else if (name == "Accept-Language") r.accept_language = value;
  }
  r.body = std::string(rest);

  std::string route;
  const http::ApiResponse resp = http::Dispatch(*world->ctx, r, route);
  if (resp.status >= 500 && resp.status != 503) std::fprintf(stderr, "%d %s\n", resp.status, resp.body.c_str());
  FUZZ_CHECK(resp.status >= 200 && resp.status <= 599);
  FUZZ_CHECK(resp.status < 500 || resp.status == 503);
  if (resp.content_type.rfind("application/problem+json", 0) == 0) {
    auto problem = engine::ParseJson(resp.body);
    FUZZ_CHECK(problem.ok());
    for (const char* member : {"type", "title", "detail"}) FUZZ_CHECK(problem->Find(member) && problem->Find(member)->is_string());
    FUZZ_CHECK(problem->Find("status") && problem->Find("status")->is_int() &&
               problem->Find("status")->as_int() == resp.status);
  } else if (resp.content_type.rfind("application/json", 0) == 0 && !resp.body.empty()) {
    FUZZ_CHECK(engine::ParseJson(resp.body).ok());
  }
  return 0;
}
