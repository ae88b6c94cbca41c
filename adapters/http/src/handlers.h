#pragma once
// The endpoint handlers of spec/API.md: each reads the request, calls the engine, and
// writes the answer. Routing, authentication, idempotency, limits and logging happen
// around them (router.cpp, api_server.cpp).

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/json_value.h"

namespace incidents::http {

ApiResponse JsonResponse(int status, const engine::JsonValue& body);
// Where people open the pages, for links sent by mail: http.public_url, else this
// request's own host; no trailing slash (defined in password_reset.cpp).
std::string PublicBase(const ApiContext& ctx, const ApiRequest& r);

// Operations
ApiResponse HandleHealth(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleReady(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleMetrics(ApiContext& ctx, const ApiRequest& r);

// Sessions
ApiResponse HandleLogin(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleLogout(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleMe(ApiContext& ctx, const ApiRequest& r);

// The directory (Chapter VI): orgs, users, passwords, focal points, history
ApiResponse HandleOrgs(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleGetOrg(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleCreateOrg(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleUpdateOrg(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleListUsers(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleGetUser(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleCreateUser(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleUpdateUser(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleIssuePasswordReset(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleSetPassword(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleChangePassword(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleFocalPoints(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleOrgFocalPoints(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleAppointFocalPoint(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleSetFocalPointAbsent(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleSubmitFocalPointList(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleApproveFocalPointList(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleDirectoryHistory(ApiContext& ctx, const ApiRequest& r);

// Reference data
ApiResponse HandleWorkflow(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleDataRequestWorkflow(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleCalendar(ApiContext& ctx, const ApiRequest& r);

// Tickets
ApiResponse HandleCreateTicket(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleListTickets(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleGetTicket(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandlePostEvent(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleHistory(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleNotifications(ApiContext& ctx, const ApiRequest& r);

// Exports (issue 16.3): the list's tickets as CSV or XLSX (handlers_exports.cpp)
ApiResponse HandleExportTickets(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleExportDataRequests(ApiContext& ctx, const ApiRequest& r);

// Reports (issue 16): the figures of a period, as JSON, CSV or XLSX
ApiResponse HandleIncidentReport(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleDataRequestReport(ApiContext& ctx, const ApiRequest& r);

// Data-sharing requests (issue 15): the same handlers as tickets, on the data_request
// workflow's tickets only.
ApiResponse HandleCreateDataRequest(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleListDataRequests(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleGetDataRequest(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandlePostDataRequestEvent(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleDataRequestHistory(ApiContext& ctx, const ApiRequest& r);

// The public requester's (issue 15.2): no account; the tracking code is the key.
ApiResponse HandleCreatePublicRequest(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleConfirmPublicRequest(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandleGetPublicRequest(ApiContext& ctx, const ApiRequest& r);
ApiResponse HandlePostPublicRequestEvent(ApiContext& ctx, const ApiRequest& r);

}  // namespace incidents::http
