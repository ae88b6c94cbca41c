#pragma once
// The address a request comes from, for the sign-in throttle (per account and per address)
// and the logs. Behind the front of docs/deployment-front.md every connection comes from
// the front itself, so without this every client would share one address and ten failed
// sign-ins anywhere would lock everyone out for a minute. A connection from one of
// http.trusted_proxies may name the client in X-Forwarded-For; the last element counts (the
// one the nearest proxy wrote: the front sets it to the address it saw, and anything before
// it came from the client and proves nothing). From any other peer the header is ignored.
// Pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace incidents::http {

// "127.0.0.1, ::1" -> {"127.0.0.1", "::1"}; false (and *error says why) when an element is
// empty or not written like an IPv4 or IPv6 address.
bool ParseTrustedProxies(std::string_view text, std::vector<std::string>* out, std::string* error);

// `peer` (the socket's address), or the last element of `forwarded_for` when `peer` is one
// of `trusted` and that element looks like an address.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted);

}  // namespace incidents::http
