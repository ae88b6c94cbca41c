// TimerScheduler (adapters/scheduler): claims due timers with a lease and fires each
// ticket through the `fire` function. RunOnce() is driven with a ManualMillisClock and an
// InMemoryTimerStore; the started scheduler (its own thread on a system_timer) runs on
// the real clock, with every wait bounded.

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "in_memory_timer_store.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/scheduler/timer_scheduler.h"
#include "manual_millis_clock.h"

using namespace std::chrono_literals;
using incidents::engine::MillisTime;
using incidents::engine::Status;
using incidents::engine::TicketCommit;
using incidents::engine::TimerKind;
using incidents::scheduler::SchedulerSettings;
using incidents::scheduler::TimerScheduler;
using incidents::testing::InMemoryTimerStore;
using incidents::testing::kTestEpoch;
using incidents::testing::ManualMillisClock;

namespace {

// Bounds the waits on the started scheduler; generous, for a loaded two-core machine.
constexpr auto kWithin = 10s;

MillisTime SystemNow() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

// What `fire` saw, and what it does: by default what TicketService::FireDueTimers does to
// the store once a ticket has nothing more due (its timers are replaced: none left).
class FireRecorder {
 public:
  explicit FireRecorder(InMemoryTimerStore& store) : store_(store) {}

  TimerScheduler::FireFn Fn() {
    return [this](const std::string& ticket_id) -> Status {
      Status result;
      std::function<void(const std::string&)> then;
      {
        std::lock_guard lock(mu_);
        if (auto f = failing_.find(ticket_id); f != failing_.end()) result = f->second;
        then = then_;
      }
      if (result.ok()) {
        (void)store_.ReplaceTimers(ticket_id, {});
        if (then) then(ticket_id);
      }
      std::lock_guard lock(mu_);
      fired_.push_back(ticket_id);
      fired_at_.push_back(SystemNow());
      cv_.notify_all();
      return result;
    };
  }

  // Firing `ticket_id` fails with `status` (and leaves its timers as they are).
  void Fail(const std::string& ticket_id, Status status) {
    std::lock_guard lock(mu_);
    failing_[ticket_id] = std::move(status);
  }
  // Runs after each successful firing, on the scheduler's thread.
  void Then(std::function<void(const std::string&)> then) {
    std::lock_guard lock(mu_);
    then_ = std::move(then);
  }

  std::vector<std::string> fired() const {
    std::lock_guard lock(mu_);
    return fired_;
  }
  std::vector<MillisTime> fired_at() const {
    std::lock_guard lock(mu_);
    return fired_at_;
  }
  bool WaitForFired(std::size_t n, std::chrono::milliseconds within) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, within, [&] { return fired_.size() >= n; });
  }

 private:
  InMemoryTimerStore& store_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Status> failing_;
  std::function<void(const std::string&)> then_;
  std::vector<std::string> fired_;
  std::vector<MillisTime> fired_at_;
};

// A commit that stored `timers` for its ticket, as the scheduler hears of it.
TicketCommit CommitStoring(std::vector<incidents::engine::DueTimer> timers) {
  TicketCommit commit{};
  commit.expected_version = 1;
  commit.timers = std::move(timers);
  return commit;
}

// RunOnce on a manual clock.
struct Harness {
  ManualMillisClock clock{kTestEpoch};
  InMemoryTimerStore store{clock.Fn()};
  FireRecorder fire{store};
  SchedulerSettings settings;

  Harness() {
    settings.max_sleep = 1h;
    settings.lease = 60s;
    settings.batch_size = 100;
    settings.now = clock.Fn();
  }
  TimerScheduler Make() { return TimerScheduler(store, fire.Fn(), settings, nullptr); }
};

// The started scheduler, on the real clock.
struct RunningHarness {
  InMemoryTimerStore store;
  FireRecorder fire{store};
  SchedulerSettings settings;

  RunningHarness() {
    settings.max_sleep = 1h;  // so that only a timer or a wake-up makes it look again
    settings.lease = 60s;
    settings.batch_size = 100;
  }
};

}  // namespace

// ---- RunOnce ----------------------------------------------------------------------------

TEST_CASE("TimerScheduler fires the tickets whose timers are due and no others", "[scheduler]") {
  Harness h;
  auto scheduler = h.Make();
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, kTestEpoch - 1s);
  h.store.Schedule("INC-2026-000002", TimerKind::kResolveLevel1, kTestEpoch);
  h.store.Schedule("INC-2026-000003", TimerKind::kAutoClose, kTestEpoch + 1ms);

  CHECK(scheduler.RunOnce() == 2);
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001", "INC-2026-000002"});
  const auto claims = h.store.claims();
  REQUIRE(claims.size() == 1);
  CHECK(claims[0].now == kTestEpoch);
  CHECK(claims[0].limit == 100);
  CHECK(claims[0].lease == 60s);

  CHECK(scheduler.RunOnce() == 0);  // the fired tickets' timers are gone; the third is not due
  h.clock.Advance(1ms);
  CHECK(scheduler.RunOnce() == 1);
  CHECK(h.fire.fired().back() == "INC-2026-000003");
}

TEST_CASE("TimerScheduler fires a ticket once per round however many of its timers are due", "[scheduler]") {
  Harness h;
  auto scheduler = h.Make();
  // Claimed earliest first, so the two timers of ticket 1 are not next to each other.
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, kTestEpoch - 3s);
  h.store.Schedule("INC-2026-000002", TimerKind::kAckLevel1, kTestEpoch - 2s);
  h.store.Schedule("INC-2026-000001", TimerKind::kResolveLevel1, kTestEpoch - 1s);

  CHECK(scheduler.RunOnce() == 3);
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001", "INC-2026-000002"});
}

TEST_CASE("TimerScheduler claims at most batch_size timers per round", "[scheduler]") {
  Harness h;
  h.settings.batch_size = 2;
  auto scheduler = h.Make();
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, kTestEpoch - 3s);
  h.store.Schedule("INC-2026-000002", TimerKind::kAckLevel1, kTestEpoch - 2s);
  h.store.Schedule("INC-2026-000003", TimerKind::kAckLevel1, kTestEpoch - 1s);

  CHECK(scheduler.RunOnce() == 2);
  CHECK(h.store.claims()[0].limit == 2);
  CHECK(scheduler.RunOnce() == 1);
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001", "INC-2026-000002", "INC-2026-000003"});
}

TEST_CASE("TimerScheduler fires a ticket whose firing failed again only when its lease runs out", "[scheduler]") {
  Harness h;
  auto scheduler = h.Make();
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, kTestEpoch - 2s);
  h.store.Schedule("INC-2026-000002", TimerKind::kAckLevel1, kTestEpoch - 1s);
  h.fire.Fail("INC-2026-000001", Status::VersionConflict("kept changing"));

  // The failure does not stop the round: the next ticket is fired too.
  CHECK(scheduler.RunOnce() == 2);
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001", "INC-2026-000002"});

  // Its timer stays claimed for the lease: neither this node nor another fires it meanwhile.
  h.clock.Advance(60s - 1ms);
  CHECK(scheduler.RunOnce() == 0);
  h.clock.Advance(1ms);
  CHECK(scheduler.RunOnce() == 1);
  CHECK(h.fire.fired().back() == "INC-2026-000001");
}

TEST_CASE("TimerScheduler fires nothing when the claim fails and carries on at the next round", "[scheduler]") {
  Harness h;
  auto scheduler = h.Make();
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, kTestEpoch);
  h.store.FailClaims(1, Status::Unavailable("database down"));

  CHECK(scheduler.RunOnce() == 0);
  CHECK(h.fire.fired().empty());
  CHECK(scheduler.RunOnce() == 1);
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001"});
}

// ---- Started ----------------------------------------------------------------------------

TEST_CASE("Started TimerScheduler fires a timer that is due at start", "[scheduler][threads]") {
  RunningHarness h;
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, SystemNow() - 1h);
  TimerScheduler scheduler(h.store, h.fire.Fn(), h.settings, nullptr);
  scheduler.Start();
  CHECK(h.fire.WaitForFired(1, kWithin));
  scheduler.Stop();
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001"});
}

TEST_CASE("Started TimerScheduler sleeps until the next timer and re-arms after each firing", "[scheduler][threads]") {
  RunningHarness h;
  // Each firing schedules the ticket's next timer a little later, as an SLA level does.
  std::vector<MillisTime> due;
  std::mutex due_mu;
  auto schedule = [&](MillisTime at) {
    std::lock_guard lock(due_mu);
    due.push_back(at);
    h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, at);
  };
  h.fire.Then([&](const std::string&) {
    if (h.fire.fired().empty()) schedule(SystemNow() + 300ms);  // after the first only
  });
  schedule(SystemNow() + 300ms);
  TimerScheduler scheduler(h.store, h.fire.Fn(), h.settings, nullptr);
  scheduler.Start();

  // With max_sleep an hour, only arming for the store's next due time gets these fired.
  REQUIRE(h.fire.WaitForFired(2, kWithin));
  scheduler.Stop();
  const auto fired_at = h.fire.fired_at();
  std::lock_guard lock(due_mu);
  REQUIRE(due.size() == 2);
  CHECK(fired_at[0] >= due[0]);  // never early
  CHECK(fired_at[1] >= due[1]);
}

TEST_CASE("Started TimerScheduler is woken by a commit that stores an earlier timer", "[scheduler][threads]") {
  RunningHarness h;
  h.store.Schedule("INC-2026-000009", TimerKind::kAutoClose, SystemNow() + 24h);
  TimerScheduler scheduler(h.store, h.fire.Fn(), h.settings, nullptr);
  scheduler.Start();
  // The first round has read the next due time (a day away): the scheduler sleeps.
  REQUIRE(h.store.WaitForNextDueCalls(1, kWithin));

  // A commit (here: a due time one second ago, in whole seconds as the engine has them).
  const auto due = std::chrono::floor<std::chrono::seconds>(SystemNow()) - 1s;
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, due);
  scheduler.OnCommitted(CommitStoring({{TimerKind::kAckLevel1, due}}));
  CHECK(h.fire.WaitForFired(1, kWithin));
  scheduler.Stop();
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001"});
}

TEST_CASE("Started TimerScheduler is woken by a commit that lands while it computes its wake-up",
          "[scheduler][threads]") {
  RunningHarness h;
  TimerScheduler scheduler(h.store, h.fire.Fn(), h.settings, nullptr);
  // The commit lands after the round has read the next due time (none) and before it has
  // armed its timer (for max_sleep, an hour).
  const auto due = std::chrono::floor<std::chrono::seconds>(SystemNow()) - 1s;
  h.store.AfterNextNextDue([&] {
    h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, due);
    scheduler.OnCommitted(CommitStoring({{TimerKind::kAckLevel1, due}}));
  });
  scheduler.Start();
  CHECK(h.fire.WaitForFired(1, kWithin));
  scheduler.Stop();
  CHECK(h.fire.fired() == std::vector<std::string>{"INC-2026-000001"});
}

TEST_CASE("Stopping TimerScheduler returns while it sleeps and nothing fires afterwards", "[scheduler][threads]") {
  RunningHarness h;
  TimerScheduler scheduler(h.store, h.fire.Fn(), h.settings, nullptr);
  scheduler.Start();
  REQUIRE(h.store.WaitForClaims(1, kWithin));

  auto stopped = std::async(std::launch::async, [&] { scheduler.Stop(); });
  REQUIRE(stopped.wait_for(kWithin) == std::future_status::ready);

  const auto due = std::chrono::floor<std::chrono::seconds>(SystemNow()) - 1s;
  h.store.Schedule("INC-2026-000001", TimerKind::kAckLevel1, due);
  scheduler.OnCommitted(CommitStoring({{TimerKind::kAckLevel1, due}}));
  CHECK(h.store.claims().size() == 1);
  CHECK(h.fire.fired().empty());
}
