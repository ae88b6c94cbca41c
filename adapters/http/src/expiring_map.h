#pragma once
// ExpiringMap: what this node read from the database lately, by key, each entry good for
// `max_age` after it was read, so that a request repeated within that (the API calls of
// one page, a client polling a ticket) does not cost another round trip. A change made
// through this node's API erases what it changes (Erase, Clear); one made on another node
// or by incidentctl is seen here within max_age. At most `max_entries` are kept: when full,
// the expired ones go, then all (what is dropped is read again; nothing is lost).
//
// Thread-safe; Find returns a copy.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace incidents::http {

template <typename Value>
class ExpiringMap {
 public:
  using Clock = std::chrono::steady_clock;

  ExpiringMap(std::chrono::milliseconds max_age, std::size_t max_entries)
      : max_age_(max_age), max_entries_(max_entries) {}

  std::optional<Value> Find(const std::string& key, Clock::time_point now = Clock::now()) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || now - it->second.read_at >= max_age_) return std::nullopt;
    return it->second.value;
  }

  // Where a read starts: what Put needs to know that nothing was erased meanwhile.
  struct ReadStart {
    Clock::time_point read_at;
    std::uint64_t generation;
  };
  ReadStart BeforeRead() const {
    std::lock_guard<std::mutex> lock(mu_);
    return {Clock::now(), generation_};
  }

  // `value` as read from the database after `before` (so that the entry expires no later
  // than max_age after what it shows was true). Dropped when an Erase or Clear came in
  // between: the read may predate the change that erased it (a sign-out during the read).
  void Put(const std::string& key, Value value, ReadStart before) {
    std::lock_guard<std::mutex> lock(mu_);
    if (before.generation != generation_) return;
    const Clock::time_point read_at = before.read_at;
    if (entries_.size() >= max_entries_ && !entries_.count(key)) {
      const auto now = Clock::now();
      std::erase_if(entries_, [&](const auto& e) { return now - e.second.read_at >= max_age_; });
      if (entries_.size() >= max_entries_) entries_.clear();
    }
    entries_.insert_or_assign(key, Entry{std::move(value), read_at});
  }

  void Erase(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.erase(key);
    ++generation_;
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.clear();
    ++generation_;
  }

 private:
  struct Entry {
    Value value;
    Clock::time_point read_at;
  };
  const std::chrono::milliseconds max_age_;
  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t generation_ = 0;  // Erase and Clear calls so far
};

}  // namespace incidents::http
