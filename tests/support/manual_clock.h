#pragma once
// ManualClock: an engine Clock the tests (and the benchmarks) move by hand, in whole
// seconds like SystemClock. Thread-safe. ManualMillisClock is its millisecond
// counterpart for the dispatcher and the scheduler.

#include <atomic>
#include <chrono>

#include "incidents/engine/clock.h"

namespace incidents::testing {

class ManualClock final : public engine::Clock {
 public:
  explicit ManualClock(engine::Timestamp start) : now_(start.time_since_epoch().count()) {}
  engine::Timestamp Now() const override { return engine::Timestamp(std::chrono::seconds(now_.load())); }
  void Set(engine::Timestamp t) { now_.store(t.time_since_epoch().count()); }
  void Advance(std::chrono::seconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<long long> now_;
};

}  // namespace incidents::testing
