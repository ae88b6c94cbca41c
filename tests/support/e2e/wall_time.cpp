#include "wall_time.h"

#include <time.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <thread>

namespace e2e {

std::int64_t EpochSeconds(const std::string& rfc3339) {
  std::tm tm{};
  REQUIRE(::strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) != nullptr);
  return static_cast<std::int64_t>(::timegm(&tm));
}

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SleepUntil(std::int64_t epoch_seconds, std::chrono::milliseconds extra) {
  std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(epoch_seconds)) + extra);
}

}  // namespace e2e
