#pragma once
// SHA-256 as 64 lower-case hex digits. Thread-safe.

#include <string>
#include <string_view>

namespace incidents::base {

std::string Sha256Hex(std::string_view data);

}  // namespace incidents::base
