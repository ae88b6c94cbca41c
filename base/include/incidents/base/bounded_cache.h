#pragma once
// BoundedCache: a map from string keys to shared immutable values that keeps about
// `capacity` of them (at most `capacity` rounded up to a multiple of kStripes), forgetting
// the least recently used of a stripe first. For the node-local copies
// that spare a database round trip (issue 17.4): the engine's last committed ticket
// snapshots (TicketService) and the MySQL store's memo of what its own commits wrote. A
// value found here is a guess that its user must confirm (a version check), never the truth.
//
// Thread safety: every member may be called from many threads at once. The keys are spread
// over kStripes stripes, each with its own mutex and its own share of the capacity, so that
// threads working on different keys rarely wait for each other. A value is handed out as a
// shared_ptr to const: readers copy it outside the lock, and a Put never changes a value
// someone holds.

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace incidents::base {

template <class Value>
class BoundedCache {
 public:
  static constexpr std::size_t kStripes = 16;

  // `capacity` 0 keeps nothing (every Find misses).
  explicit BoundedCache(std::size_t capacity) : per_stripe_((capacity + kStripes - 1) / kStripes) {}

  BoundedCache(const BoundedCache&) = delete;
  BoundedCache& operator=(const BoundedCache&) = delete;

  // The value kept for `key`, or null.
  std::shared_ptr<const Value> Find(const std::string& key) {
    Stripe& s = StripeOf(key);
    std::lock_guard lock(s.mutex);
    auto it = s.index.find(key);
    if (it == s.index.end()) return nullptr;
    s.order.splice(s.order.begin(), s.order, it->second);  // now the most recently used
    return it->second->second;
  }

  // Keeps `value` for `key`, replacing what was kept; the least recently used key of the
  // stripe goes when it is full.
  void Put(const std::string& key, std::shared_ptr<const Value> value) {
    if (per_stripe_ == 0) return;
    Stripe& s = StripeOf(key);
    std::lock_guard lock(s.mutex);
    if (auto it = s.index.find(key); it != s.index.end()) {
      it->second->second = std::move(value);
      s.order.splice(s.order.begin(), s.order, it->second);
      return;
    }
    if (s.index.size() >= per_stripe_) {
      s.index.erase(s.order.back().first);
      s.order.pop_back();
    }
    s.order.emplace_front(key, std::move(value));
    s.index.emplace(key, s.order.begin());
  }

  void Erase(const std::string& key) {
    Stripe& s = StripeOf(key);
    std::lock_guard lock(s.mutex);
    if (auto it = s.index.find(key); it != s.index.end()) {
      s.order.erase(it->second);
      s.index.erase(it);
    }
  }

  // How many values are kept (a sum over the stripes, each read under its own lock).
  std::size_t Size() {
    std::size_t n = 0;
    for (Stripe& s : stripes_) {
      std::lock_guard lock(s.mutex);
      n += s.index.size();
    }
    return n;
  }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const Value>>;
  struct Stripe {
    std::mutex mutex;
    std::list<Entry> order;  // most recently used first
    std::unordered_map<std::string, typename std::list<Entry>::iterator> index;
  };

  Stripe& StripeOf(const std::string& key) { return stripes_[std::hash<std::string>{}(key) % kStripes]; }

  const std::size_t per_stripe_;
  Stripe stripes_[kStripes];
};

}  // namespace incidents::base
