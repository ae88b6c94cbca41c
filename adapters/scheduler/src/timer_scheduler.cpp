#include "incidents/scheduler/timer_scheduler.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/system_timer.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <set>
#include <thread>

namespace incidents::scheduler {

using engine::MillisTime;

struct TimerScheduler::Runtime {
  boost::asio::io_context io;
  boost::asio::system_timer timer{io};
  // When the timer will next wake; INT64_MAX while a round runs, so that a commit landing
  // after the round read NextDue still wakes it for another round.
  std::atomic<std::int64_t> armed_for_ms{INT64_MAX};
  std::atomic<bool> stopping{false};
  std::thread thread;
};

TimerScheduler::TimerScheduler(engine::TimerStore& store, FireFn fire, SchedulerSettings settings,
                               std::shared_ptr<spdlog::logger> log)
    : store_(store), fire_(std::move(fire)), settings_(settings), log_(std::move(log)) {}

TimerScheduler::~TimerScheduler() { Stop(); }

void TimerScheduler::Start() {
  if (runtime_) return;
  runtime_ = std::make_unique<Runtime>();
  boost::asio::post(runtime_->io, [this] { Cycle(); });
  runtime_->thread = std::thread([this] { runtime_->io.run(); });
}

void TimerScheduler::Stop() {
  if (!runtime_) return;
  runtime_->stopping = true;
  boost::asio::post(runtime_->io, [this] { runtime_->timer.cancel(); });
  runtime_->thread.join();
  runtime_.reset();
}

MillisTime TimerScheduler::Now() const {
  return settings_.now ? settings_.now()
                       : std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

int TimerScheduler::RunOnce() {
  auto due = store_.ClaimDueTimers(Now(), settings_.batch_size, settings_.lease);
  if (!due.ok()) {
    if (log_) log_->warn("timer claim failed: {}", due.status().ToString());
    return 0;
  }
  // One firing handles every due timer of a ticket. The claim is earliest first, so a
  // ticket's timers need not be next to each other.
  std::set<std::string> fired;
  for (const auto& timer : due.value()) {
    if (!fired.insert(timer.ticket_id).second) continue;
    if (engine::Status st = fire_(timer.ticket_id); !st.ok() && log_)
      log_->warn("timer {} of {} failed: {}", engine::ToString(timer.kind), timer.ticket_id, st.ToString());
  }
  return static_cast<int>(due->size());
}

void TimerScheduler::Cycle() {
  if (runtime_->stopping) return;
  runtime_->armed_for_ms = INT64_MAX;
  const int fired = RunOnce();
  MillisTime wake = Now() + settings_.max_sleep;
  if (fired >= settings_.batch_size) {
    wake = Now();
  } else if (auto next = store_.NextDue(); next.ok() && next.value() && *next.value() < wake) {
    wake = *next.value();
  }
  runtime_->armed_for_ms = wake.time_since_epoch().count();
  runtime_->timer.expires_at(std::chrono::system_clock::time_point(wake.time_since_epoch()));
  runtime_->timer.async_wait([this](const boost::system::error_code&) { Cycle(); });
}

void TimerScheduler::OnCommitted(const engine::TicketCommit& commit) {
  if (!runtime_ || runtime_->stopping || !commit.timers) return;
  std::int64_t earliest = INT64_MAX;
  for (const auto& t : *commit.timers)
    earliest = std::min<std::int64_t>(earliest, t.due.time_since_epoch().count() * 1000);
  if (earliest < runtime_->armed_for_ms.load())
    boost::asio::post(runtime_->io, [this] { runtime_->timer.cancel(); });  // Cycle re-arms
}

}  // namespace incidents::scheduler
