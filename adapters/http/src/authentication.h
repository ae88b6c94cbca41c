#pragma once
// Who is calling: the bearer token (or the session cookie set for the web pages) is
// looked up by its SHA-256 in the session store; expired or revoked sessions and
// deactivated users are refused.

#include <string>

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/status.h"

namespace incidents::http {

inline constexpr char kSessionCookie[] = "incidents_session";

// The presented token, empty when there is none; sets *via_cookie when it came from the
// cookie rather than the Authorization header.
std::string PresentedToken(const ApiRequest& request, bool* via_cookie);

// kUnauthenticated for no, bad, expired or revoked tokens.
engine::Result<Caller> Authenticate(ApiContext& ctx, const ApiRequest& request);

}  // namespace incidents::http
