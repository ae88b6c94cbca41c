#include "unreleased_claims.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

namespace incidents::http {

void UnreleasedClaims::Abandon(engine::IdempotencyStore& store, Claim claim) {
  if (store.Abandon(claim.username, claim.key, claim.token).ok()) return;
  std::lock_guard lock(mu_);
  if (held_.size() >= kMaxHeld) held_.pop_front();
  held_.push_back(std::move(claim));
}

void UnreleasedClaims::RetryAll(engine::IdempotencyStore& store) {
  std::deque<Claim> pending;
  {
    std::lock_guard lock(mu_);
    if (held_.empty()) return;
    const std::size_t n = std::min(held_.size(), kRetriesPerCall);
    pending.assign(std::make_move_iterator(held_.begin()), std::make_move_iterator(held_.begin() + n));
    held_.erase(held_.begin(), held_.begin() + n);
  }
  // Outside the lock: store calls may be slow. Claims added meanwhile stay in held_.
  std::vector<Claim> refused;
  for (Claim& c : pending) {
    if (!refused.empty() || !store.Abandon(c.username, c.key, c.token).ok()) refused.push_back(std::move(c));
  }
  if (refused.empty()) return;
  std::lock_guard lock(mu_);
  for (auto it = refused.rbegin(); it != refused.rend(); ++it) {
    if (held_.size() >= kMaxHeld) break;
    held_.push_front(std::move(*it));
  }
}

std::size_t UnreleasedClaims::size() const {
  std::lock_guard lock(mu_);
  return held_.size();
}

}  // namespace incidents::http
