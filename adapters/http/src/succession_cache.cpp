#include "succession_cache.h"

namespace incidents::http {

engine::Result<std::set<std::string>> SuccessionCache::PredecessorsOf(engine::Directory& directory,
                                                                      const std::string& org) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (loaded_ && now - loaded_at_ < max_age_) return engine::PredecessorsOf(orgs_, org);
  }
  auto orgs = directory.ListOrgs();  // outside the lock: a slow database stalls no other request
  if (!orgs.ok()) return orgs.status();
  std::lock_guard<std::mutex> lock(mu_);
  orgs_ = std::move(orgs.value());
  loaded_ = true;
  loaded_at_ = now;
  return engine::PredecessorsOf(orgs_, org);
}

void SuccessionCache::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  loaded_ = false;
}

}  // namespace incidents::http
