// ReportDraftScheduler (adapters/scheduler, issue 16.4): when it wakes (the next local
// midnight of a 1st, or sooner by check_every), and that a failed or throwing run is
// logged and reported, never thrown; the started scheduler on its own thread stops
// cleanly without running before its first wake-up (the run at start is the caller's).

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "incidents/scheduler/report_draft_scheduler.h"

using namespace std::chrono_literals;
using incidents::engine::DraftOutcome;
using incidents::engine::ParseRfc3339;
using incidents::engine::Result;
using incidents::engine::Status;
using incidents::engine::Timestamp;
using incidents::scheduler::ReportDraftScheduler;

namespace {

Timestamp At(const char* text) { return *ParseRfc3339(text); }

Result<std::vector<DraftOutcome>> Nothing() { return std::vector<DraftOutcome>{}; }

}  // namespace

TEST_CASE("report draft scheduler: it wakes at the next local 1st, or sooner by check_every", "[report_draft]") {
  ReportDraftScheduler s(Nothing, 60min, nullptr);
  // 31 December 23:30 in Vietnam: the month turns in half an hour (17:00Z).
  CHECK(s.NextRun(At("2026-12-31T16:30:00Z")) == At("2026-12-31T17:00:00Z"));
  // Mid-month: an hour later.
  CHECK(s.NextRun(At("2026-12-06T05:00:00Z")) == At("2026-12-06T06:00:00Z"));
  ReportDraftScheduler daily(Nothing, 1440min, nullptr);
  CHECK(daily.NextRun(At("2026-12-31T10:00:00Z")) == At("2026-12-31T17:00:00Z"));
}

TEST_CASE("report draft scheduler: a failed or throwing run is reported, not thrown", "[report_draft]") {
  int calls = 0;
  ReportDraftScheduler ok([&]() -> Result<std::vector<DraftOutcome>> {
    ++calls;
    return std::vector<DraftOutcome>{{"2026-11", true, 2}, {"2026-Q3", false, 0}};
  }, 60min, nullptr);
  CHECK(ok.RunOnce());
  ReportDraftScheduler failing([&]() -> Result<std::vector<DraftOutcome>> {
    ++calls;
    return Status::Unavailable("the database is away");
  }, 60min, nullptr);
  CHECK_FALSE(failing.RunOnce());
  ReportDraftScheduler throwing([&]() -> Result<std::vector<DraftOutcome>> {
    ++calls;
    throw std::runtime_error("boom");
  }, 60min, nullptr);
  CHECK_FALSE(throwing.RunOnce());
  CHECK(calls == 3);
}

TEST_CASE("report draft scheduler: started, it waits for its first wake-up and stops at once", "[report_draft]") {
  std::atomic<int> calls{0};
  ReportDraftScheduler s([&]() -> Result<std::vector<DraftOutcome>> {
    ++calls;
    return std::vector<DraftOutcome>{};
  }, 60min, nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  s.Start();
  std::this_thread::sleep_for(200ms);
  s.Stop();
  CHECK(calls == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
}
