#pragma once
// Which orgs a signed-in user's org took over (Org::successor: a merger), for
// Actor::acting_for on every authenticated request: the user sees and acts on the old
// orgs' tickets. The org list is read from the directory at most every `max_age` rather
// than on every request: a merger made on another node reaches this one within that, and
// one made through this node's API at once (Invalidate).
//
// Thread-safe.

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/status.h"

namespace incidents::http {

class SuccessionCache {
 public:
  explicit SuccessionCache(std::chrono::milliseconds max_age) : max_age_(max_age) {}

  // engine::PredecessorsOf over the org list of at most max_age ago.
  engine::Result<std::set<std::string>> PredecessorsOf(engine::Directory& directory, const std::string& org);
  // The next call reads the org list again.
  void Invalidate();

 private:
  const std::chrono::milliseconds max_age_;
  std::mutex mu_;
  bool loaded_ = false;
  std::chrono::steady_clock::time_point loaded_at_;
  std::vector<engine::Org> orgs_;
};

}  // namespace incidents::http
