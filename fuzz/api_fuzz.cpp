// The HTTP API behind the socket: the request path and query, the headers the router reads
// (Authorization, Cookie, Idempotency-Key, If-None-Match, Origin, X-CSRF-Token,
// Accept-Language, Content-Type), the cursor and the other query parameters, the JSON
// bodies and every handler, through Dispatch() as ApiServer calls it (api_world.h).
//
// Input: the request line "METHOD TARGET", header lines "Name: value", a blank line, the
// body. A header "As: <username>" signs the request in as that demo user (bearer token).
// Invariants: never a 500 (every 500 is a bug: the cause would be in the log); the status
// is 200-599; a problem document is JSON with type, title, status and detail, its status
// the response's; a JSON answer parses.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "api_world.h"
#include "fuzz_check.h"
#include "incidents/engine/canonical_json.h"

using namespace incidents;

namespace {

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
  fuzz::World& world = fuzz::WorldFor(kInputsPerWorld);
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view request_line = NextLine(rest);
  const std::size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return 0;

  http::ApiRequest r = fuzz::World::Request(std::string(request_line.substr(0, space)), "");
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
    if (name == "As") r.authorization = "Bearer " + world.TokenOf(value);
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

  const http::ApiResponse resp = world.Send(r);
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
