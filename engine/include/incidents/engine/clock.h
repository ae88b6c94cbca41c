#pragma once
// Clock: the port through which the engine learns the time. Implementations must be
// thread-safe; Now() is called from any request thread. (The tests' ManualClock is in
// tests/support/manual_clock.h.)

#include <chrono>

#include "incidents/engine/timestamp.h"

namespace incidents::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The real clock, truncated to seconds.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

}  // namespace incidents::engine
