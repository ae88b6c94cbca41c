#pragma once
// The query of GET /api/v1/tickets and GET /api/v1/data-requests, shared with their exports
// (handlers_exports.cpp) so that an export takes every filter the list takes.

#include <optional>
#include <string_view>

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::http {

// Fills `q` from the query of `r` for the list of `workflow` (kIncidentWorkflow or
// kDataRequestWorkflow): its filters, limit and cursor. The problem (400/422) when a
// parameter is wrong; none when the query parsed (defined in handlers_tickets.cpp).
std::optional<ApiResponse> ParseCaseListQuery(ApiContext& ctx, const ApiRequest& r, std::string_view workflow,
                                              engine::TicketQuery& q);

}  // namespace incidents::http
