#include "json_log_format.h"

#include <spdlog/pattern_formatter.h>

#include <memory>
#include <string>
#include <string_view>

#include "incidents/base/utf8.h"
#include "incidents/engine/canonical_json.h"

namespace incidents::apps {

namespace {

// %* : the message as a JSON value.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string_view text(msg.payload.data(), msg.payload.size());
    std::string value;
    if (!text.empty() && (text.front() == '{' || text.front() == '"') && text.find('\n') == std::string_view::npos &&
        engine::ParseJson(text).ok()) {
      value = std::string(text);
    } else {
      engine::AppendCanonicalJsonString(base::utf8::Repaired(text), value);
    }
    dest.append(value.data(), value.data() + value.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonMessageFlag>(); }
};

}  // namespace

void UseJsonLogFormat(spdlog::logger& log) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<JsonMessageFlag>('*').set_pattern(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","line":%*})");
  log.set_formatter(std::move(formatter));
}

}  // namespace incidents::apps
