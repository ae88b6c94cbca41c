#include "client_address.h"

#include <algorithm>

namespace incidents::http {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Written like an IPv4 or IPv6 address (digits, hex digits, dots, colons; at most 45
// characters, the longest IPv6 text form). Not a full parse: enough that a header cannot put
// arbitrary text into the throttle's keys and the logs.
bool LooksLikeAddress(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
  });
}

}  // namespace

bool ParseTrustedProxies(std::string_view text, std::vector<std::string>* out, std::string* error) {
  out->clear();
  if (Trim(text).empty()) return true;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view item = Trim(text.substr(0, comma));
    if (!LooksLikeAddress(item)) {
      *error = "must list IP addresses separated by commas, not '" + std::string(item) + "'";
      return false;
    }
    out->emplace_back(item);
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted) {
  if (forwarded_for.empty() || std::find(trusted.begin(), trusted.end(), peer) == trusted.end()) return peer;
  const auto comma = forwarded_for.rfind(',');
  const std::string_view last = Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
  return LooksLikeAddress(last) ? std::string(last) : peer;
}

}  // namespace incidents::http
