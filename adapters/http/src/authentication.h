#pragma once
// Who is calling: the bearer token (or the session cookie set for the web pages) is
// looked up by its SHA-256 in the session store; expired or revoked sessions and
// deactivated users are refused (deactivating a user also revokes the sessions). The
// actor acts for the orgs its org took over (SuccessionCache).

#include <optional>
#include <string>

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/status.h"

namespace incidents::http {

inline constexpr char kSessionCookie[] = "incidents_session";

// The presented token, empty when there is none; sets *via_cookie when it came from the
// cookie rather than the Authorization header.
std::string PresentedToken(const ApiRequest& request, bool* via_cookie);

// The synchronizer token that a cookie-authenticated change must send as X-CSRF-Token:
// hex SHA-256 of a fixed prefix and the session token. Stateless (any node, any restart
// computes the same value), and another site cannot compute it: it never sees the
// HttpOnly cookie, and SameSite=Strict keeps the cookie off its requests besides.
std::string CsrfTokenFor(const std::string& session_token);

// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

// kUnauthenticated for no, bad, expired or revoked tokens.
engine::Result<Caller> Authenticate(ApiContext& ctx, const ApiRequest& request);

// A password checked against the directory under the sign-in's limit (LoginThrottle):
// the sign-in and the change of one's own password both go through it, so that a stolen
// session is no way to guess a password past the limit. The hash always runs, so that an
// unknown or inactive user costs as much time as a wrong password.
struct PasswordCheck {
  int retry_after = 0;             // > 0: refused without checking; wait this many seconds
  std::optional<engine::User> user;  // set when the password is right (an active user's)
};
engine::Result<PasswordCheck> CheckPassword(ApiContext& ctx, const std::string& username,
                                            const std::string& password, const std::string& client_address);
// 429 with Retry-After for a refused check; `what` names what failed too often.
ApiResponse RateLimitedProblem(int retry_after, const std::string& what);

}  // namespace incidents::http
