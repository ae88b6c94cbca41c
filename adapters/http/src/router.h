#pragma once
// The route table of spec/API.md and what happens around every handler: path matching
// (404/405), authentication (401), the CSRF check for cookie sessions, Content-Type
// (415), and Idempotency-Key replays. Thread-safe.

#include <string>

#include "api_context.h"
#include "api_types.h"

namespace incidents::http {

// Answers one request. `route` receives the matched pattern (e.g. "/api/v1/tickets/{id}")
// for metrics and the access log, or "unmatched". A problem comes back in the language of
// the request's Accept-Language (LocalizeProblem, problem.h).
ApiResponse Dispatch(ApiContext& ctx, ApiRequest& request, std::string& route);

}  // namespace incidents::http
