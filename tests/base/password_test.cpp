// Password hashing and tokens (base/include/incidents/base/password.h).

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "incidents/base/password.h"

namespace incidents::testing {
namespace {

using base::HashPassword;
using base::RandomToken;
using base::VerifyPassword;
using Catch::Matchers::StartsWith;

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const auto next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) return out;
    pos = next + 1;
  }
}

// Changes one character of part `index` ('$'-separated) to another base64 character.
std::string Tamper(const std::string& stored, std::size_t index) {
  auto parts = Split(stored, '$');
  std::string& p = parts.at(index);
  const std::size_t at = p.size() / 2;
  p[at] = p[at] == 'A' ? 'B' : 'A';
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "$" : "") + parts[i];
  return out;
}

TEST_CASE("password: HashPassword writes pbkdf2-sha256$ITER$SALT$HASH with at least 100000 iterations") {
  const std::string h = HashPassword("demo");
  CHECK_THAT(h, StartsWith("pbkdf2-sha256$100000$"));
  const auto parts = Split(h, '$');
  REQUIRE(parts.size() == 4);
  CHECK(parts[0] == "pbkdf2-sha256");
  CHECK(std::stoi(parts[1]) >= 100000);
  CHECK(parts[2].size() >= 22);  // 16 salt bytes in base64
  CHECK(parts[3].size() >= 43);  // 32 hash bytes in base64
  CHECK(h.find("demo") == std::string::npos);
  CHECK(base::kDefaultPbkdf2Iterations >= 100000);
}

TEST_CASE("password: VerifyPassword accepts the right password and refuses a wrong one") {
  const std::string h = HashPassword("mật khẩu đúng", 1000);
  CHECK(VerifyPassword("mật khẩu đúng", h));
  CHECK_FALSE(VerifyPassword("mật khẩu sai", h));
  CHECK_FALSE(VerifyPassword("", h));
  CHECK_FALSE(VerifyPassword("mật khẩu đúng ", h));
  CHECK_FALSE(VerifyPassword("Mật khẩu đúng", h));
}

TEST_CASE("password: the default iteration count verifies too") {
  const std::string h = HashPassword("demo");
  CHECK(VerifyPassword("demo", h));
  CHECK_FALSE(VerifyPassword("Demo", h));
}

TEST_CASE("password: a tampered hash or salt or iteration count does not verify") {
  const std::string h = HashPassword("demo", 1000);
  REQUIRE(VerifyPassword("demo", h));
  CHECK_FALSE(VerifyPassword("demo", Tamper(h, 3)));  // hash
  CHECK_FALSE(VerifyPassword("demo", Tamper(h, 2)));  // salt
  auto parts = Split(h, '$');
  CHECK_FALSE(VerifyPassword("demo", parts[0] + "$1001$" + parts[2] + "$" + parts[3]));
  CHECK_FALSE(VerifyPassword("demo", "pbkdf2-sha512$1000$" + parts[2] + "$" + parts[3]));
}

TEST_CASE("password: a truncated stored hash does not verify") {
  // PBKDF2's first output bytes do not depend on the output length, so a verifier that
  // compares only as many bytes as the stored hash holds accepts a shortened hash (down
  // to one byte: 1 in 256 guesses). The stored hash must be the full 32 bytes.
  const std::string h = HashPassword("demo", 1000);
  const auto parts = Split(h, '$');
  for (std::size_t chars : {4, 8, 22}) {
    CAPTURE(chars);
    CHECK_FALSE(VerifyPassword("demo", parts[0] + "$" + parts[1] + "$" + parts[2] + "$" + parts[3].substr(0, chars)));
  }
}

TEST_CASE("password: malformed stored strings are refused and never match") {
  const std::string good = HashPassword("demo", 1000);
  const auto parts = Split(good, '$');
  for (const std::string& bad : std::vector<std::string>{
           "",
           "demo",
           "pbkdf2-sha256",
           "pbkdf2-sha256$",
           "pbkdf2-sha256$1000",
           "pbkdf2-sha256$1000$" + parts[2],
           "pbkdf2-sha256$1000$" + parts[2] + "$",
           "pbkdf2-sha256$abc$" + parts[2] + "$" + parts[3],
           "pbkdf2-sha256$0$" + parts[2] + "$" + parts[3],
           "pbkdf2-sha256$-5$" + parts[2] + "$" + parts[3],
           "pbkdf2-sha256$1000$" + parts[2] + "$!!!not base64!!!",
           "pbkdf2-sha256$1000$%%%$" + parts[3],
           "$1000$" + parts[2] + "$" + parts[3],
           "$$$",
       }) {
    CAPTURE(bad);
    CHECK_FALSE(VerifyPassword("demo", bad));
  }
}

TEST_CASE("password: two hashes of the same password differ (random salt) and both verify") {
  const std::string a = HashPassword("demo", 1000);
  const std::string b = HashPassword("demo", 1000);
  CHECK(a != b);
  CHECK(Split(a, '$')[2] != Split(b, '$')[2]);
  CHECK(VerifyPassword("demo", a));
  CHECK(VerifyPassword("demo", b));
}

TEST_CASE("password: no password matches the dummy hash used for unknown users") {
  const std::string& dummy = base::DummyPasswordHash();
  CHECK_THAT(dummy, StartsWith("pbkdf2-sha256$"));
  CHECK_FALSE(VerifyPassword("", dummy));
  CHECK_FALSE(VerifyPassword("demo", dummy));
  CHECK(&dummy == &base::DummyPasswordHash());
}

bool UrlSafe(const std::string& s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

TEST_CASE("token: RandomToken(32) carries at least 128 bits and is URL-safe and does not repeat") {
  const std::string t = RandomToken(32);
  CHECK(t.size() >= 22);
  CHECK(t.size() == 43);  // 32 bytes, base64url without padding
  CHECK(UrlSafe(t));
  CHECK(RandomToken().size() == 43);  // the default is 32 bytes too
  CHECK(RandomToken(16).size() == 22);

  std::set<std::string> seen;
  bool all_safe = true;
  std::set<char> chars;
  for (int i = 0; i < 1000; ++i) {
    const std::string tok = RandomToken(32);
    all_safe = all_safe && UrlSafe(tok) && tok.size() == 43;
    chars.insert(tok.begin(), tok.end());
    seen.insert(tok);
  }
  CHECK(all_safe);
  CHECK(seen.size() == 1000);
  // 43,000 random characters use (nearly) the whole alphabet, '-' and '_' included.
  CHECK(chars.size() >= 60);
  CHECK(chars.count('-') == 1);
  CHECK(chars.count('_') == 1);
}

}  // namespace
}  // namespace incidents::testing
