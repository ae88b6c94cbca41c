#include "succession_cache.h"

namespace incidents::http {

engine::Result<std::set<std::string>> SuccessionCache::PredecessorsOf(engine::Directory& directory,
                                                                      const std::string& org) {
  if (auto orgs = orgs_.Find("")) return engine::PredecessorsOf(**orgs, org);
  const auto before = orgs_.BeforeRead();
  auto orgs = directory.ListOrgs();  // outside any lock: a slow database stalls no other request
  if (!orgs.ok()) return orgs.status();
  auto shared = std::make_shared<const std::vector<engine::Org>>(std::move(orgs.value()));
  orgs_.Put("", shared, before);
  return engine::PredecessorsOf(*shared, org);
}

}  // namespace incidents::http
