#pragma once
// Idempotency-Key on POST (spec/API.md "Conventions"): the same key with the same request
// within 24 h returns the first response and changes nothing; the same key with another
// request is 422; a retry while the first is still in flight is 409. Keys are scoped to
// the caller. 5xx answers are not remembered, so a retry runs again.

#include <functional>

#include "api_context.h"
#include "api_types.h"

namespace incidents::http {

ApiResponse WithIdempotency(ApiContext& ctx, const ApiRequest& request,
                            const std::function<ApiResponse()>& handler);

}  // namespace incidents::http
