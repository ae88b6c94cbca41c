// BoundedCache (base/include/incidents/base/bounded_cache.h): what it keeps, what it
// forgets first, and that it stays whole under threads (the sanitizer runs check the last).

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "incidents/base/bounded_cache.h"

namespace incidents::testing {
namespace {

using base::BoundedCache;

std::shared_ptr<const int> Int(int v) { return std::make_shared<const int>(v); }

TEST_CASE("BoundedCache finds what was put, replaced by the last Put, until erased", "[base][cache]") {
  BoundedCache<int> cache(100);
  CHECK(cache.Find("a") == nullptr);
  cache.Put("a", Int(1));
  cache.Put("b", Int(2));
  REQUIRE(cache.Find("a") != nullptr);
  CHECK(*cache.Find("a") == 1);
  cache.Put("a", Int(3));
  CHECK(*cache.Find("a") == 3);
  CHECK(cache.Size() == 2);
  cache.Erase("a");
  CHECK(cache.Find("a") == nullptr);
  CHECK(*cache.Find("b") == 2);
  cache.Erase("missing");  // nothing to erase: no harm
  CHECK(cache.Size() == 1);
}

TEST_CASE("BoundedCache never keeps more than its capacity and forgets the least recently used first",
          "[base][cache]") {
  // Capacity kStripes is one key a stripe: with a thousand keys, every stripe fills and
  // must evict.
  BoundedCache<int> cache(BoundedCache<int>::kStripes);
  for (int i = 0; i < 1000; ++i) cache.Put("k" + std::to_string(i), Int(i));
  CHECK(cache.Size() <= BoundedCache<int>::kStripes);
  // The last key put is always kept: it is its stripe's most recent.
  REQUIRE(cache.Find("k999") != nullptr);
  CHECK(*cache.Find("k999") == 999);

  // Two keys a stripe: using the older one keeps it, and the untouched one goes.
  BoundedCache<int> two(2 * BoundedCache<int>::kStripes);
  std::vector<std::string> same_stripe;  // three keys that share a stripe
  const auto stripe_of = [](const std::string& k) { return std::hash<std::string>{}(k) % BoundedCache<int>::kStripes; };
  for (int i = 0; same_stripe.size() < 3; ++i) {
    std::string k = "s" + std::to_string(i);
    if (same_stripe.empty() || stripe_of(k) == stripe_of(same_stripe.front())) same_stripe.push_back(k);
  }
  two.Put(same_stripe[0], Int(0));
  two.Put(same_stripe[1], Int(1));
  CHECK(two.Find(same_stripe[0]) != nullptr);  // [0] is now the most recently used
  two.Put(same_stripe[2], Int(2));             // the stripe is full: [1] goes
  CHECK(two.Find(same_stripe[1]) == nullptr);
  CHECK(two.Find(same_stripe[0]) != nullptr);
  CHECK(two.Find(same_stripe[2]) != nullptr);
}

TEST_CASE("BoundedCache of capacity 0 keeps nothing", "[base][cache]") {
  BoundedCache<int> cache(0);
  cache.Put("a", Int(1));
  CHECK(cache.Find("a") == nullptr);
  CHECK(cache.Size() == 0);
}

TEST_CASE("BoundedCache stays whole when many threads put, find and erase at once", "[base][cache]") {
  BoundedCache<int> cache(64);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 5000; ++i) {
        const std::string key = "k" + std::to_string((i * 7 + t) % 200);
        if (i % 3 == 0) cache.Erase(key);
        else cache.Put(key, Int(i));
        if (auto v = cache.Find(key)) (void)*v;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(cache.Size() <= 64);
}

}  // namespace
}  // namespace incidents::testing
