#include "incidents/base/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>
#include <vector>

namespace incidents::base {
namespace {

constexpr char kPrefix[] = "pbkdf2-sha256";
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

std::string Base64(const unsigned char* data, std::size_t n, bool url) {
  static constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const char* alphabet = url ? kUrl : kStd;
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < n; i += 3) {
    const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < n) {
    unsigned v = data[i] << 16;
    if (i + 1 < n) v |= data[i + 1] << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (i + 1 < n) out += alphabet[(v >> 6) & 63];
    else if (!url) out += '=';
    if (!url) out += '=';
  }
  return out;
}

bool Unbase64(std::string_view in, std::vector<unsigned char>& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  unsigned buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = value(c);
    if (v < 0) return false;
    buf = (buf << 6) | unsigned(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buf >> bits) & 0xFF));
    }
  }
  return true;
}

void Random(unsigned char* p, int n) {
  if (RAND_bytes(p, n) != 1) throw std::runtime_error("the OS random generator failed");
}

}  // namespace

std::string HashPassword(std::string_view password, int iterations) {
  unsigned char salt[kSaltBytes];
  Random(salt, kSaltBytes);
  unsigned char hash[kHashBytes];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt, kSaltBytes, iterations, EVP_sha256(),
                    kHashBytes, hash);
  return std::string(kPrefix) + "$" + std::to_string(iterations) + "$" + Base64(salt, kSaltBytes, false) + "$" +
         Base64(hash, kHashBytes, false);
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  // pbkdf2-sha256$ITER$SALT$HASH
  const auto p1 = stored.find('$');
  const auto p2 = stored.find('$', p1 + 1);
  const auto p3 = stored.find('$', p2 + 1);
  if (p1 == std::string_view::npos || p2 == std::string_view::npos || p3 == std::string_view::npos) return false;
  if (stored.substr(0, p1) != kPrefix) return false;
  int iterations = 0;
  const auto it = stored.substr(p1 + 1, p2 - p1 - 1);
  if (std::from_chars(it.data(), it.data() + it.size(), iterations).ec != std::errc() || iterations < 1 ||
      iterations > 10'000'000)
    return false;
  std::vector<unsigned char> salt, expected;
  if (!Unbase64(stored.substr(p2 + 1, p3 - p2 - 1), salt) || !Unbase64(stored.substr(p3 + 1), expected) ||
      static_cast<int>(expected.size()) != kHashBytes)
    return false;  // a shortened hash would compare only a prefix
  std::vector<unsigned char> actual(expected.size());
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(), static_cast<int>(salt.size()),
                    iterations, EVP_sha256(), static_cast<int>(actual.size()), actual.data());
  return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string hash = HashPassword(RandomToken(16));
  return hash;
}

std::string RandomToken(int bytes) {
  std::vector<unsigned char> buf(static_cast<std::size_t>(bytes));
  Random(buf.data(), bytes);
  return Base64(buf.data(), buf.size(), true);
}

}  // namespace incidents::base
