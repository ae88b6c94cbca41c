#pragma once
// The security headers sent with every response, API and pages alike. The pages are
// plain files from this server (web/), so the policy allows only 'self': no inline script
// or style, no framing, no plug-ins, no other origin to fetch from or post to.

#include <string_view>
#include <utility>

namespace incidents::http {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

inline constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy", kContentSecurityPolicy},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

}  // namespace incidents::http
