#pragma once
// Password hashing with PBKDF2-HMAC-SHA256 (OpenSSL), per-user random salt, stored as
// "pbkdf2-sha256$ITERATIONS$SALT_B64$HASH_B64". Thread-safe, stateless.

#include <string>
#include <string_view>

namespace incidents::base {

inline constexpr int kDefaultPbkdf2Iterations = 100000;

std::string HashPassword(std::string_view password, int iterations = kDefaultPbkdf2Iterations);

// Constant-time comparison; false for a malformed stored hash.
bool VerifyPassword(std::string_view password, std::string_view stored_hash);

// A hash that no password matches, checked against when the user does not exist so that
// a login takes as long for an unknown user as for a wrong password.
const std::string& DummyPasswordHash();

// `bytes` random bytes from the OS CSPRNG, base64url without padding.
std::string RandomToken(int bytes = 32);

}  // namespace incidents::base
