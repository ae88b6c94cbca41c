#pragma once
// ReportDraftScheduler: runs the scheduled report drafts (engine/report_draft.h, issue
// 16.4) on a Boost.Asio system_timer of its own thread: at each local midnight of the 1st
// of a month (engine::NextPeriodStart), and between those at least
// every `check_every` (reports.drafts.retry_minutes), so that a failed run is tried again
// and a clock that jumps cannot make it sleep past a month's start. A run whose periods are
// drafted already costs two point reads; the store makes each period's draft happen once
// however many nodes run this. Errors are logged, never thrown. The run at start is the
// caller's: RunOnce() before Start(), so that a server that listens has drafted what is due.
//
// Thread safety: Start/Stop from one thread. The run function is called on the
// scheduler's thread (or the caller's, for RunOnce).

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "incidents/engine/report_draft.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace spdlog {
class logger;
}

namespace incidents::scheduler {

class ReportDraftScheduler {
 public:
  using RunFn = std::function<engine::Result<std::vector<engine::DraftOutcome>>()>;

  // `now`: the time the next wake-up is computed from; empty: the system clock.
  ReportDraftScheduler(RunFn run, std::chrono::minutes check_every, std::shared_ptr<spdlog::logger> log,
                       std::function<engine::Timestamp()> now = nullptr);
  ~ReportDraftScheduler();

  // The first run is at NextRun(now): call RunOnce() first for one at once.
  void Start();
  void Stop();

  // One run on the calling thread, logged; false when it failed.
  bool RunOnce();
  // When the run after one at `now` is due: the next month's start, or sooner by
  // check_every.
  engine::Timestamp NextRun(engine::Timestamp now) const;

 private:
  struct Runtime;
  void Cycle();
  void Arm();  // the timer, for NextRun(Now())
  engine::Timestamp Now() const;

  RunFn run_;
  const std::chrono::minutes check_every_;
  std::shared_ptr<spdlog::logger> log_;
  std::function<engine::Timestamp()> now_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace incidents::scheduler
