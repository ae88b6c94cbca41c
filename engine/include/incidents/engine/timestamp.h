#pragma once
// Instants and their RFC 3339 form. The engine works in whole seconds, UTC.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace incidents::engine {

// Spelled out rather than std::chrono::sys_seconds so that the header is also valid C++17.
using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

// "2026-01-05T01:00:00Z"
std::string FormatRfc3339(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)"; fractions are truncated.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

}  // namespace incidents::engine
