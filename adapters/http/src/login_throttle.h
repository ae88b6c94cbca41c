#pragma once
// LoginThrottle: after too many failed sign-ins in a minute, per account or per client
// address, further attempts are refused until the oldest failure ages out
// (issue 3: "after 10 in a minute: 429 with Retry-After").
//
// Thread-safe. Node-local: with several nodes each counts its own failures, so an
// attacker spreading over N nodes gets N times the budget (noted in the README).

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace incidents::http {

class LoginThrottle {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  LoginThrottle(int max_failures, std::chrono::seconds window) : max_(max_failures), window_(window) {}

  // Seconds to wait before another attempt for this account or address; 0 = go ahead.
  int RetryAfterSeconds(const std::string& username, const std::string& address, TimePoint now);
  void RecordFailure(const std::string& username, const std::string& address, TimePoint now);
  void RecordSuccess(const std::string& username);

 private:
  int RetryAfterLocked(std::deque<TimePoint>& failures, TimePoint now);

  const int max_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::deque<TimePoint>> by_account_;
  std::map<std::string, std::deque<TimePoint>> by_address_;
};

}  // namespace incidents::http
