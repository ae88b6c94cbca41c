#include "in_memory_timer_store.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace incidents::testing {

using namespace incidents::engine;

InMemoryTimerStore::InMemoryTimerStore(std::function<MillisTime()> now) : now_(std::move(now)) {}

MillisTime InMemoryTimerStore::Now() const {
  return now_ ? now_() : std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

void InMemoryTimerStore::Schedule(const std::string& ticket_id, TimerKind kind, MillisTime due) {
  std::lock_guard lock(mu_);
  timers_[{ticket_id, kind}] = Stored{due, {}};
  changed_.notify_all();
}

std::vector<InMemoryTimerStore::Claim> InMemoryTimerStore::claims() const {
  std::lock_guard lock(mu_);
  return claims_;
}

int InMemoryTimerStore::next_due_calls() const {
  std::lock_guard lock(mu_);
  return next_due_calls_;
}

void InMemoryTimerStore::FailClaims(int n, Status status) {
  std::lock_guard lock(mu_);
  failing_claims_ = n;
  claim_failure_ = std::move(status);
}

bool InMemoryTimerStore::WaitForClaims(std::size_t n, std::chrono::milliseconds within) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, within, [&] { return claims_.size() >= n; });
}

bool InMemoryTimerStore::WaitForNextDueCalls(int n, std::chrono::milliseconds within) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, within, [&] { return next_due_calls_ >= n; });
}

Result<std::vector<ScheduledTimer>> InMemoryTimerStore::ClaimDueTimers(MillisTime now, int limit,
                                                                       std::chrono::milliseconds lease) {
  std::lock_guard lock(mu_);
  Claim claim{now, limit, lease, {}};
  if (failing_claims_ > 0) {
    --failing_claims_;
    claims_.push_back(std::move(claim));
    changed_.notify_all();
    return claim_failure_;
  }
  // Earliest first, as the real stores' ORDER BY due_ms (ties: by ticket and kind).
  std::vector<std::tuple<MillisTime, std::string, TimerKind>> due;
  for (const auto& [key, t] : timers_)
    if (t.due <= now && t.lease_until <= now) due.emplace_back(t.due, key.first, key.second);
  std::sort(due.begin(), due.end());
  if (static_cast<int>(due.size()) > limit) due.resize(static_cast<std::size_t>(std::max(0, limit)));
  for (const auto& [at, ticket, kind] : due) {
    timers_[{ticket, kind}].lease_until = now + lease;
    claim.timers.push_back({ticket, kind, std::chrono::floor<std::chrono::seconds>(at)});
  }
  std::vector<ScheduledTimer> out = claim.timers;
  claims_.push_back(std::move(claim));
  changed_.notify_all();
  return out;
}

void InMemoryTimerStore::AfterNextNextDue(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  after_next_due_ = std::move(hook);
}

Result<std::optional<MillisTime>> InMemoryTimerStore::NextDue() {
  const MillisTime now = Now();
  std::optional<MillisTime> next;
  std::function<void()> hook;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, t] : timers_)
      if (t.lease_until <= now && (!next || t.due < *next)) next = t.due;
    hook = std::exchange(after_next_due_, nullptr);
  }
  if (hook) hook();
  std::lock_guard lock(mu_);
  ++next_due_calls_;
  changed_.notify_all();
  return next;
}

Status InMemoryTimerStore::ReplaceTimers(const std::string& ticket_id, const std::vector<DueTimer>& timers) {
  std::lock_guard lock(mu_);
  for (auto it = timers_.begin(); it != timers_.end();) it = it->first.first == ticket_id ? timers_.erase(it) : std::next(it);
  for (const DueTimer& t : timers)
    timers_[{ticket_id, t.kind}] = Stored{std::chrono::time_point_cast<std::chrono::milliseconds>(t.due), {}};
  changed_.notify_all();
  return {};
}

Result<std::int64_t> InMemoryTimerStore::CountTimers() {
  std::lock_guard lock(mu_);
  return static_cast<std::int64_t>(timers_.size());
}

}  // namespace incidents::testing
