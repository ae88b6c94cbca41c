#pragma once
// The date ranges and the search text of the case lists (issue 16.5): created_from,
// created_to, resolved_from, resolved_to (local Vietnam dates YYYY-MM-DD, both ends
// included) and q (at most 200 characters), into TicketQuery's [from, to) timestamps and
// text. Pure; thread-safe.

#include "api_types.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::http {

inline constexpr std::size_t kMaxSearchLength = 200;  // characters of `q`

// A date of the wrong form is InvalidArgument (400), a range that ends before it starts or
// a `q` too long InvalidValue (422); `q` with no word is no search.
engine::Status ParseCaseSearchParams(const ApiRequest& r, engine::TicketQuery& q);

}  // namespace incidents::http
