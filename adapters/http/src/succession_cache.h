#pragma once
// Which orgs a signed-in user's org took over (Org::successor: a merger), for
// Actor::acting_for on every authenticated request: the user sees and acts on the old
// orgs' tickets. The org list is read from the directory at most every `max_age` rather
// than on every request: a merger made on another node reaches this one within that, and
// one made through this node's API at once (Invalidate).
//
// Thread-safe.

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/status.h"
#include "expiring_map.h"

namespace incidents::http {

class SuccessionCache {
 public:
  explicit SuccessionCache(std::chrono::milliseconds max_age) : orgs_(max_age, 1) {}

  // engine::PredecessorsOf over the org list of at most max_age ago.
  engine::Result<std::set<std::string>> PredecessorsOf(engine::Directory& directory, const std::string& org);
  // The next call reads the org list again.
  void Invalidate() { orgs_.Clear(); }

 private:
  // The org list, under the key "" (shared: a request copies a pointer, not the list).
  ExpiringMap<std::shared_ptr<const std::vector<engine::Org>>> orgs_;
};

}  // namespace incidents::http
