#include "incidents/scheduler/report_draft_scheduler.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/system_timer.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace incidents::scheduler {

struct ReportDraftScheduler::Runtime {
  boost::asio::io_context io;
  boost::asio::system_timer timer{io};
  std::atomic<bool> stopping{false};
  std::thread thread;
};

ReportDraftScheduler::ReportDraftScheduler(RunFn run, std::chrono::minutes check_every,
                                           std::shared_ptr<spdlog::logger> log,
                                           std::function<engine::Timestamp()> now)
    : run_(std::move(run)), check_every_(std::max(check_every, std::chrono::minutes(1))), log_(std::move(log)),
      now_(std::move(now)) {}

ReportDraftScheduler::~ReportDraftScheduler() { Stop(); }

engine::Timestamp ReportDraftScheduler::Now() const {
  return now_ ? now_() : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

engine::Timestamp ReportDraftScheduler::NextRun(engine::Timestamp now) const {
  return std::min(engine::NextPeriodStart(now), now + check_every_);
}

void ReportDraftScheduler::Start() {
  if (runtime_) return;
  runtime_ = std::make_unique<Runtime>();
  Arm();
  runtime_->thread = std::thread([this] { runtime_->io.run(); });
}

void ReportDraftScheduler::Stop() {
  if (!runtime_) return;
  runtime_->stopping = true;
  boost::asio::post(runtime_->io, [this] { runtime_->timer.cancel(); });
  runtime_->thread.join();
  runtime_.reset();
}

bool ReportDraftScheduler::RunOnce() {
  engine::Result<std::vector<engine::DraftOutcome>> outcomes = engine::Status::Internal("not run");
  try {
    outcomes = run_();
  } catch (const std::exception& e) {  // never let a run end the thread (or the server)
    outcomes = engine::Status::Internal(e.what());
  }
  if (!outcomes.ok()) {
    if (log_)
      log_->warn("report drafts: the run failed, tried again within {} min: {}", check_every_.count(),
                 outcomes.status().ToString());
    return false;
  }
  for (const engine::DraftOutcome& o : outcomes.value()) {
    if (!o.recorded || !log_) continue;
    if (o.mails == 0)
      log_->warn("report drafts: drafted the report of {} but mailed nobody: no user with the configured roles "
                 "(reports.drafts) has an email address",
                 o.period);
    else
      log_->info("report drafts: drafted the report of {} and queued {} mails", o.period, o.mails);
  }
  return true;
}

void ReportDraftScheduler::Cycle() {
  if (runtime_->stopping) return;
  RunOnce();
  Arm();
}

void ReportDraftScheduler::Arm() {
  const engine::Timestamp wake = NextRun(Now());
  runtime_->timer.expires_at(std::chrono::system_clock::time_point(wake.time_since_epoch()));
  runtime_->timer.async_wait([this](const boost::system::error_code&) { Cycle(); });
}

}  // namespace incidents::scheduler
