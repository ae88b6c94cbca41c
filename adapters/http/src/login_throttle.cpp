#include "login_throttle.h"

namespace incidents::http {

int LoginThrottle::RetryAfterLocked(std::deque<TimePoint>& failures, TimePoint now) {
  while (!failures.empty() && failures.front() + window_ <= now) failures.pop_front();
  if (static_cast<int>(failures.size()) < max_) return 0;
  const auto wait = failures[failures.size() - static_cast<std::size_t>(max_)] + window_ - now;
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(wait).count());
}

int LoginThrottle::RetryAfterSeconds(const std::string& username, const std::string& address, TimePoint now) {
  std::lock_guard lock(mu_);
  int wait = 0;
  if (auto it = by_account_.find(username); it != by_account_.end()) wait = RetryAfterLocked(it->second, now);
  if (auto it = by_address_.find(address); it != by_address_.end())
    wait = std::max(wait, RetryAfterLocked(it->second, now));
  return wait;
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address, TimePoint now) {
  std::lock_guard lock(mu_);
  // Bound memory under a flood of made-up usernames: forget idle entries now and then.
  if (by_account_.size() > 100000) by_account_.clear();
  if (by_address_.size() > 100000) by_address_.clear();
  auto push = [&](std::deque<TimePoint>& q) {
    q.push_back(now);
    while (static_cast<int>(q.size()) > max_ * 2) q.pop_front();
  };
  push(by_account_[username]);
  push(by_address_[address]);
}

void LoginThrottle::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  by_account_.erase(username);
}

}  // namespace incidents::http
