#pragma once
// InMemoryTimerStore: a TimerStore fake with the contract of the real stores
// (engine/timer_store.h; SqliteTimerStore): at most one timer per ticket and kind; a claim
// takes due, unleased timers earliest first and leases them until now + lease;
// ReplaceTimers replaces a ticket's timers as a whole (their leases go with them);
// NextDue is the earliest timer not leased at the store's `now`.
//
// For tests it also schedules a timer at a millisecond instant, records each claim's
// arguments and counts NextDue calls, fails the next claims on request, runs a hook
// inside NextDue, and lets a test thread wait (bounded) for claims. Thread-safe (one
// mutex).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "incidents/engine/timer_store.h"

namespace incidents::testing {

class InMemoryTimerStore final : public engine::TimerStore {
 public:
  struct Claim {
    engine::MillisTime now;
    int limit = 0;
    std::chrono::milliseconds lease{0};
    std::vector<engine::ScheduledTimer> timers;  // what it returned
  };

  // `now` is the time NextDue judges leases by (the real stores read the system clock
  // there); empty: the system clock.
  explicit InMemoryTimerStore(std::function<engine::MillisTime()> now = nullptr);

  // Adds or moves one timer (ReplaceTimers takes whole seconds; this takes milliseconds).
  void Schedule(const std::string& ticket_id, engine::TimerKind kind, engine::MillisTime due);
  std::vector<Claim> claims() const;
  int next_due_calls() const;

  // Runs `hook` once, on the caller's thread, just after the next NextDue has read the
  // timers and before it returns: a commit landing at that moment.
  void AfterNextNextDue(std::function<void()> hook);
  // The next `n` ClaimDueTimers calls fail with `status`.
  void FailClaims(int n, engine::Status status);
  // Waits until at least `n` ClaimDueTimers calls have been made or `within` passes.
  bool WaitForClaims(std::size_t n, std::chrono::milliseconds within) const;
  // Waits until at least `n` NextDue calls have been made or `within` passes.
  bool WaitForNextDueCalls(int n, std::chrono::milliseconds within) const;

  engine::Result<std::vector<engine::ScheduledTimer>> ClaimDueTimers(engine::MillisTime now, int limit,
                                                                     std::chrono::milliseconds lease) override;
  engine::Result<std::optional<engine::MillisTime>> NextDue() override;
  engine::Status ReplaceTimers(const std::string& ticket_id, const std::vector<engine::DueTimer>& timers) override;
  engine::Result<std::int64_t> CountTimers() override;

 private:
  struct Stored {
    engine::MillisTime due;
    engine::MillisTime lease_until{};
  };
  engine::MillisTime Now() const;

  const std::function<engine::MillisTime()> now_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::map<std::pair<std::string, engine::TimerKind>, Stored> timers_;
  std::vector<Claim> claims_;
  int next_due_calls_ = 0;
  std::function<void()> after_next_due_;
  int failing_claims_ = 0;
  engine::Status claim_failure_;
};

}  // namespace incidents::testing
