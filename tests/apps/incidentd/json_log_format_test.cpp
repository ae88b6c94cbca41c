// UseJsonLogFormat (apps/incidentd/json_log_format.h): whatever a message holds, the line
// is one JSON object; a message that is already a JSON object or string is kept as it is.

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "incidents/engine/canonical_json.h"
#include "json_log_format.h"

namespace incidents::testing {
namespace {

using engine::JsonValue;

// The one line that logging `message` writes, parsed.
JsonValue LogOnce(const std::string& message) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger log("incidentd", sink);
  apps::UseJsonLogFormat(log);
  log.warn(message);
  std::string line = out.str();
  INFO(line);
  REQUIRE(!line.empty());
  REQUIRE(line.back() == '\n');
  line.pop_back();
  CHECK(line.find('\n') == std::string::npos);
  auto parsed = engine::ParseJson(line);
  INFO(parsed.status().ToString());
  REQUIRE(parsed.ok());
  REQUIRE(parsed->is_object());
  CHECK(parsed->Find("time") != nullptr);
  CHECK(*parsed->Find("level") == JsonValue("warning"));
  CHECK(*parsed->Find("logger") == JsonValue("incidentd"));
  REQUIRE(parsed->Find("line") != nullptr);
  return *parsed->Find("line");
}

TEST_CASE("json log: plain text with quotes, backslashes, new lines and Vietnamese becomes a JSON string") {
  const std::string text = "SMTP to \"Đầu mối\" failed: C:\\tmp\nsecond line\ttab \x01 {not json";
  CHECK(LogOnce(text) == JsonValue(text));
  CHECK(LogOnce("") == JsonValue(""));
  CHECK(LogOnce("{\"unterminated\":") == JsonValue("{\"unterminated\":"));
  CHECK(LogOnce("\"half") == JsonValue("\"half"));
}

TEST_CASE("json log: bytes that are not UTF-8 become U+FFFD") {
  CHECK(LogOnce("a\xff" "b\xc3") == JsonValue("a\xEF\xBF\xBD" "b\xEF\xBF\xBD"));
}

TEST_CASE("json log: a message that is already JSON is kept as it is") {
  const JsonValue object = LogOnce(R"({"method":"GET","msg":"request","status":200})");
  REQUIRE(object.is_object());
  CHECK(*object.Find("status") == JsonValue(std::int64_t{200}));
  CHECK(LogOnce(engine::ToCanonicalJson(JsonValue("đã \"dừng\""))) == JsonValue("đã \"dừng\""));
}

}  // namespace
}  // namespace incidents::testing
