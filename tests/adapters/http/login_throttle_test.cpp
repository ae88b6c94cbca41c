// LoginThrottle (adapters/http/src/login_throttle.h): after 10 failed sign-ins in a
// minute, per account or per client address, further attempts wait (429 Retry-After).

#include <catch2/catch.hpp>

#include <chrono>

#include "api_harness.h"
#include "login_throttle.h"

namespace incidents::testing {
namespace {

using http::LoginThrottle;
using namespace std::chrono_literals;

const LoginThrottle::TimePoint kT0 = LoginThrottle::TimePoint{} + 1000h;

// `n` failures for (user, address), one per second from kT0.
void Fail(LoginThrottle& t, const std::string& user, const std::string& addr, int n, int first_second = 0) {
  for (int i = 0; i < n; ++i) t.RecordFailure(user, addr, kT0 + std::chrono::seconds(first_second + i));
}

TEST_CASE("throttle: fewer than 10 failures in a minute do not throttle") {
  LoginThrottle t(10, 60s);
  Fail(t, "stp.reporter", "192.0.2.1", 9);
  CHECK(t.RetryAfterSeconds("stp.reporter", "192.0.2.1", kT0 + 9s) == 0);
}

TEST_CASE("throttle: 10 failures in a minute block that account from any address") {
  LoginThrottle t(10, 60s);
  Fail(t, "stp.reporter", "192.0.2.1", 10);
  const int wait = t.RetryAfterSeconds("stp.reporter", "198.51.100.7", kT0 + 10s);
  CHECK(wait > 0);
  // Until the oldest of the 10 failures (at kT0) leaves the window at kT0 + 60 s.
  CHECK(wait == 50);
  // Another account from another address is not affected.
  CHECK(t.RetryAfterSeconds("stnmt.reporter", "198.51.100.7", kT0 + 10s) == 0);
}

TEST_CASE("throttle: 10 failures in a minute block that address for any account") {
  LoginThrottle t(10, 60s);
  for (int i = 0; i < 10; ++i) t.RecordFailure("user" + std::to_string(i), "203.0.113.9", kT0 + std::chrono::seconds(i));
  CHECK(t.RetryAfterSeconds("chairman", "203.0.113.9", kT0 + 10s) > 0);
  CHECK(t.RetryAfterSeconds("chairman", "192.0.2.1", kT0 + 10s) == 0);
  // No single account reached 10.
  CHECK(t.RetryAfterSeconds("user0", "192.0.2.1", kT0 + 10s) == 0);
}

TEST_CASE("throttle: the block falls back to 0 once the failures leave the window") {
  LoginThrottle t(10, 60s);
  Fail(t, "stp.reporter", "192.0.2.1", 10);  // at kT0 .. kT0+9s
  CHECK(t.RetryAfterSeconds("stp.reporter", "192.0.2.1", kT0 + 59s) == 1);
  CHECK(t.RetryAfterSeconds("stp.reporter", "192.0.2.1", kT0 + 60s) == 0);
  CHECK(t.RetryAfterSeconds("stp.reporter", "192.0.2.1", kT0 + 3600s) == 0);
  // And a fresh burst blocks again.
  Fail(t, "stp.reporter", "192.0.2.1", 10, 4000);
  CHECK(t.RetryAfterSeconds("stp.reporter", "192.0.2.1", kT0 + 4010s) > 0);
}

TEST_CASE("throttle: a success resets the account but not the address") {
  LoginThrottle t(10, 60s);
  Fail(t, "stp.reporter", "192.0.2.1", 10);
  REQUIRE(t.RetryAfterSeconds("stp.reporter", "198.51.100.7", kT0 + 10s) > 0);
  t.RecordSuccess("stp.reporter");
  CHECK(t.RetryAfterSeconds("stp.reporter", "198.51.100.7", kT0 + 10s) == 0);
  // The address that failed 10 times is still blocked, for this and other accounts.
  CHECK(t.RetryAfterSeconds("stnmt.reporter", "192.0.2.1", kT0 + 10s) > 0);
  CHECK(t.RetryAfterSeconds("stp.reporter", "192.0.2.1", kT0 + 10s) > 0);
}

TEST_CASE("throttle: the limit is configurable") {
  LoginThrottle t(3, 60s);
  Fail(t, "admin", "192.0.2.1", 2);
  CHECK(t.RetryAfterSeconds("admin", "192.0.2.2", kT0 + 2s) == 0);
  Fail(t, "admin", "192.0.2.1", 1, 2);
  CHECK(t.RetryAfterSeconds("admin", "192.0.2.2", kT0 + 3s) > 0);
}

TEST_CASE("throttle: through the API the 11th attempt after 10 wrong passwords is 429 with Retry-After") {
  ApiHarness h;
  for (int i = 0; i < 10; ++i) {
    auto r = h.LoginResponse("stp.reporter", "wrong");
    REQUIRE(r.status == 401);
  }
  // Even the right password is refused while the account is blocked.
  auto blocked = h.LoginResponse("stp.reporter", "demo");
  CHECK(blocked.status == 429);
  CHECK_THAT(blocked.content_type, Catch::Matchers::StartsWith("application/problem+json"));
  const auto retry = Header(blocked, "Retry-After");
  REQUIRE(retry.has_value());
  CHECK(std::stoi(*retry) > 0);
  CHECK(std::stoi(*retry) <= 60);
  // The same address is blocked for another account too.
  CHECK(h.LoginResponse("stnmt.reporter", "demo").status == 429);
}

}  // namespace
}  // namespace incidents::testing
