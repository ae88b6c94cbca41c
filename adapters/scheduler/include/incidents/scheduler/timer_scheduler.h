#pragma once
// TimerScheduler: fires the durable SLA and auto-close timers (issue 5) on a Boost.Asio
// system_timer. It keeps no timers in memory: it asks the store for the earliest one,
// sleeps until then (at most max_sleep), claims what is due with a lease and hands each
// ticket to `fire` (TicketService::FireDueTimers), which enters the engine as actor
// `system` through the same versioned path as a request. A commit that schedules an
// earlier timer wakes it (CommitListener).
//
// Memory is O(1) in the number of timers; start-up loads nothing; the cost of one firing
// is an indexed claim plus the ticket's own event.
// Thread safety: Start/Stop from one thread; OnCommitted from any thread.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/engine/timer_store.h"
#include "incidents/scheduler/scheduler_settings.h"  // SchedulerSettings

namespace spdlog {
class logger;
}

namespace incidents::scheduler {

class TimerScheduler final : public engine::CommitListener {
 public:
  using FireFn = std::function<engine::Status(const std::string& ticket_id)>;

  TimerScheduler(engine::TimerStore& store, FireFn fire, SchedulerSettings settings,
                 std::shared_ptr<spdlog::logger> log);
  ~TimerScheduler() override;

  void Start();
  void Stop();
  void OnCommitted(const engine::TicketCommit& commit) override;

  // Claims and fires what is due now on the calling thread; returns how many.
  int RunOnce();

 private:
  struct Runtime;
  void Cycle();
  engine::MillisTime Now() const;

  engine::TimerStore& store_;
  FireFn fire_;
  const SchedulerSettings settings_;
  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace incidents::scheduler
