#pragma once
// ManualMillisClock: a millisecond clock the tests move by hand, for the components that
// take their time as a `std::function<engine::MillisTime()>` (DispatcherSettings::now,
// SchedulerSettings::now). ManualClock (manual_clock.h) is the seconds-resolution counterpart for
// the engine's Clock port. Thread-safe.

#include <atomic>
#include <chrono>
#include <functional>

#include "incidents/engine/outbox.h"

namespace incidents::testing {

class ManualMillisClock {
 public:
  explicit ManualMillisClock(engine::MillisTime start) : now_ms_(start.time_since_epoch().count()) {}

  engine::MillisTime Now() const { return engine::MillisTime(std::chrono::milliseconds(now_ms_.load())); }
  void Set(engine::MillisTime t) { now_ms_.store(t.time_since_epoch().count()); }
  void Advance(std::chrono::milliseconds d) { now_ms_.fetch_add(d.count()); }

  // A `now` function reading this clock; the clock must outlive it.
  std::function<engine::MillisTime()> Fn() const {
    return [this] { return Now(); };
  }

 private:
  std::atomic<long long> now_ms_;
};

// 2026-03-02T01:00:00Z, a Monday morning in Vietnam: a fixed start for manual clocks.
inline constexpr engine::MillisTime kTestEpoch{std::chrono::milliseconds(1772413200000LL)};

}  // namespace incidents::testing
