// Idempotency-Key and the list cursor, through the API (api_world.h) with their own
// invariants beyond "never a 500":
//
// - a POST repeated with the same non-empty key and body answers the same status (and, for
//   a 2xx, the same bytes, marked Idempotent-Replayed) and files nothing more; the same key with another body is 422
//   once the first was answered 201; without a key every 201 files one ticket;
// - a ticket list with any cursor and limit is 200, 400 or 422; a 200 holds at most `limit`
//   items, and its next_cursor is a positive number below the cursor given, which lists
//   again.
//
// Input: a flags byte, then lines: the key, the cursor, the limit, and the rest (the
// ticket's title, or with flag 1 the whole raw body). Flag 2 leaves the cursor out, flag 4
// the limit.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "api_world.h"
#include "fuzz_check.h"
#include "incidents/engine/canonical_json.h"

using namespace incidents;
using engine::JsonValue;

namespace {

constexpr int kInputsPerWorld = 300;  // few tickets per world: each input lists them

std::string_view NextLine(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

std::int64_t TicketCount(fuzz::World& world) {
  auto counts = world.fx.store.CountByState();
  FUZZ_CHECK(counts.ok());
  std::int64_t n = 0;
  for (const auto& [state, count] : counts.value()) n += count;
  return n;
}

bool Replayed(const http::ApiResponse& resp) {
  for (const auto& [name, value] : resp.headers)
    if (name == "Idempotent-Replayed") return value == "true";
  return false;
}

std::string TicketBody(std::string_view title) {
  return engine::ToCanonicalJson(JsonValue::Object{{"category", "data_discrepancy"},
                                                   {"title", std::string(title)},
                                                   {"description", "Mô tả"},
                                                   {"priority", "low"},
                                                   {"parties", JsonValue::Array{}}});
}

http::ApiResponse Post(fuzz::World& world, const std::string& token, const std::string& key, const std::string& body) {
  http::ApiRequest r = fuzz::World::Request("POST", "/api/v1/tickets");
  r.authorization = "Bearer " + token;
  r.content_type = "application/json";
  r.idempotency_key = key;
  r.body = body;
  const http::ApiResponse resp = world.Send(r);
  if (resp.status >= 500 && resp.status != 503) std::fprintf(stderr, "%d %s\n", resp.status, resp.body.c_str());
  FUZZ_CHECK(resp.status >= 200 && (resp.status < 500 || resp.status == 503));
  return resp;
}

void CheckList(fuzz::World& world, const std::string* cursor, const std::string* limit) {
  http::ApiRequest r = fuzz::World::Request("GET", "/api/v1/tickets");
  r.authorization = "Bearer " + world.TokenOf("stttt.coordinator");
  if (cursor) r.query["cursor"] = *cursor;
  if (limit) r.query["limit"] = *limit;
  const http::ApiResponse resp = world.Send(r);
  // 400: not a whole number (or a cursor below 1); 422: a limit outside 1-500.
  FUZZ_CHECK(resp.status == 200 || resp.status == 400 || resp.status == 422);
  if (resp.status != 200) return;
  auto page = engine::ParseJson(resp.body);
  FUZZ_CHECK(page.ok() && page->Find("items") && page->Find("items")->is_array());
  if (limit) FUZZ_CHECK(static_cast<std::int64_t>(page->Find("items")->as_array().size()) <= std::stoll(*limit));
  const JsonValue* next = page->Find("next_cursor");
  FUZZ_CHECK(next != nullptr);
  if (next->is_null()) return;
  FUZZ_CHECK(next->is_string());
  const std::string next_cursor = next->as_string();
  const long long position = std::stoll(next_cursor);
  FUZZ_CHECK(position > 0);
  if (cursor && !cursor->empty()) FUZZ_CHECK(position < std::stoll(*cursor));
  http::ApiRequest again = r;
  again.query["cursor"] = next_cursor;
  FUZZ_CHECK(world.Send(again).status == 200);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  fuzz::World& world = fuzz::WorldFor(kInputsPerWorld);
  const std::uint8_t flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string key(NextLine(rest));
  const std::string cursor(NextLine(rest));
  const std::string limit(NextLine(rest));
  const std::string body = (flags & 1) ? std::string(rest) : TicketBody(rest);

  const std::string token = world.TokenOf("stp.reporter");
  const std::int64_t before = TicketCount(world);
  const http::ApiResponse first = Post(world, token, key, body);
  const std::int64_t after_first = TicketCount(world);
  // A key an earlier input of this world used with the same body replays its answer.
  FUZZ_CHECK(after_first == before + (first.status == 201 && !Replayed(first) ? 1 : 0));

  const http::ApiResponse second = Post(world, token, key, body);
  const std::int64_t after_second = TicketCount(world);
  if (key.empty()) {
    FUZZ_CHECK(after_second == after_first + (second.status == 201 ? 1 : 0));
  } else if (first.status != 503 && second.status != 503) {
    FUZZ_CHECK(second.status == first.status);
    if (first.status < 300) FUZZ_CHECK(second.body == first.body && Replayed(second));
    FUZZ_CHECK(after_second == after_first);
    if (first.status == 201) {
      const http::ApiResponse other = Post(world, token, key, body + " ");
      FUZZ_CHECK(other.status == 422);
      FUZZ_CHECK(TicketCount(world) == after_second);
    }
  }

  // The cursor: the one given, or the limit alone; a 200 must hold to what it said. A
  // cursor or limit the handler took must have been a number (std::stoll in CheckList
  // throws, and so aborts the run, on one that was not).
  CheckList(world, (flags & 2) ? nullptr : &cursor, (flags & 4) ? nullptr : &limit);
  return 0;
}
