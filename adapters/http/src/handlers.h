#pragma once
// The endpoint handlers of spec/API.md: each reads the request, calls the engine, and
// writes the answer. Routing, authentication, idempotency, limits and logging happen
// around them (router.cpp, api_server.cpp).

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/json_value.h"

namespace incidents::http {

ApiResponse JsonResponse(int status, const engine::JsonValue& body);

// Operations
ApiResponse HandleHealth(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleMetrics(ApiContext& ctx, const ApiRequest& r);

// Sessions
ApiResponse HandleLogin(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleLogout(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleMe(ApiContext& ctx, const ApiRequest& r);

// Reference data
ApiResponse HandleOrgs(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleWorkflow(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleCalendar(ApiContext& ctx, const ApiRequest& r);

// Tickets
ApiResponse HandleCreateTicket(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleListTickets(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleGetTicket(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandlePostEvent(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleHistory(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleNotifications(ApiContext& ctx, const ApiRequest& r);

}  // namespace incidents::http
