#pragma once
// Wall-clock helpers for the black-box tests that wait for the server's timers (SLA
// breaches, auto_close, working time left): RFC 3339 instants as epoch seconds, and
// sleeping until one. The real server runs on the real clock, so these tests do too.

#include <chrono>
#include <cstdint>
#include <string>

namespace e2e {

// "2026-01-05T01:00:00Z" -> seconds since the epoch; REQUIREs a well-formed UTC time.
std::int64_t EpochSeconds(const std::string& rfc3339);

std::int64_t NowSeconds();

// Sleeps until `epoch_seconds` (+ extra).
void SleepUntil(std::int64_t epoch_seconds, std::chrono::milliseconds extra = std::chrono::milliseconds(0));

}  // namespace e2e
