#include "router.h"

#include <cctype>
#include <string_view>
#include <vector>

#include "authentication.h"
#include "handlers.h"
#include "idempotency.h"
#include "problem.h"
#include "web_pages.h"

namespace incidents::http {

namespace {

using Handler = ApiResponse (*)(ApiContext&, const ApiRequest&);

struct Route {
  std::string_view method;
  std::string_view pattern;
  bool needs_auth;
  Handler handler;
  // False for answers that carry a one-time secret (a set-password link): Idempotency-Key
  // is ignored there, so that no copy of the secret is kept for replays.
  bool replayable = true;
};

constexpr bool kCarriesSecret = false;

// clang-format off
const Route kRoutes[] = {
  {"GET",    "/healthz",                               false, HandleHealth},
  {"GET",    "/readyz",                                false, HandleReady},
  {"GET",    "/metrics",                               false, HandleMetrics},
  {"POST",   "/api/v1/sessions",                       false, HandleLogin},
  {"DELETE", "/api/v1/sessions/current",               true,  HandleLogout},
  {"GET",    "/api/v1/me",                             true,  HandleMe},
  {"GET",    "/api/v1/orgs",                           true,  HandleOrgs},
  {"POST",   "/api/v1/orgs",                           true,  HandleCreateOrg},
  {"GET",    "/api/v1/orgs/{id}",                      true,  HandleGetOrg},
  {"PATCH",  "/api/v1/orgs/{id}",                      true,  HandleUpdateOrg},
  {"GET",    "/api/v1/orgs/{id}/focal-points",         true,  HandleOrgFocalPoints},
  {"POST",   "/api/v1/orgs/{id}/focal-points",         true,  HandleAppointFocalPoint},
  {"PATCH",  "/api/v1/orgs/{id}/focal-points/current", true,  HandleSetFocalPointAbsent},
  {"GET",    "/api/v1/users",                          true,  HandleListUsers},
  {"POST",   "/api/v1/users",                          true,  HandleCreateUser, kCarriesSecret},
  {"GET",    "/api/v1/users/{username}",               true,  HandleGetUser},
  {"PATCH",  "/api/v1/users/{username}",               true,  HandleUpdateUser},
  {"POST",   "/api/v1/users/{username}/password-reset", true, HandleIssuePasswordReset, kCarriesSecret},
  {"POST",   "/api/v1/set-password",                   false, HandleSetPassword},
  {"PUT",    "/api/v1/me/password",                    true,  HandleChangePassword},
  {"GET",    "/api/v1/focal-points",                   true,  HandleFocalPoints},
  {"POST",   "/api/v1/focal-points/list/submit",       true,  HandleSubmitFocalPointList},
  {"POST",   "/api/v1/focal-points/list/approve",      true,  HandleApproveFocalPointList},
  {"GET",    "/api/v1/directory/history",              true,  HandleDirectoryHistory},
  {"POST",   "/api/v1/tickets",                        true,  HandleCreateTicket},
  {"GET",    "/api/v1/tickets",                        true,  HandleListTickets},
  {"GET",    "/api/v1/tickets/export",                 true,  HandleExportTickets},  // before {id}
  {"GET",    "/api/v1/tickets/{id}",                   true,  HandleGetTicket},
  {"POST",   "/api/v1/tickets/{id}/events",            true,  HandlePostEvent},
  {"GET",    "/api/v1/tickets/{id}/history",           true,  HandleHistory},
  {"GET",    "/api/v1/tickets/{id}/notifications",     true,  HandleNotifications},
  {"GET",    "/api/v1/calendar",                       true,  HandleCalendar},
  {"GET",    "/api/v1/reports/incidents",              true,  HandleIncidentReport},
  {"GET",    "/api/v1/reports/data-requests",          true,  HandleDataRequestReport},
  {"GET",    "/api/v1/workflows/incident",             true,  HandleWorkflow},
  {"GET",    "/api/v1/workflows/data_request",         true,  HandleDataRequestWorkflow},
  {"POST",   "/api/v1/data-requests",                  true,  HandleCreateDataRequest},
  {"GET",    "/api/v1/data-requests",                  true,  HandleListDataRequests},
  {"GET",    "/api/v1/data-requests/export",           true,  HandleExportDataRequests},  // before {id}
  {"GET",    "/api/v1/data-requests/{id}",             true,  HandleGetDataRequest},
  {"POST",   "/api/v1/data-requests/{id}/events",      true,  HandlePostDataRequestEvent},
  {"GET",    "/api/v1/data-requests/{id}/history",     true,  HandleDataRequestHistory},
  // The public requester's: the answers carry or are keyed by the tracking code, a secret
  // (no copy is kept for Idempotency-Key replays).
  {"POST",   "/api/v1/public/data-requests",           false, HandleCreatePublicRequest, kCarriesSecret},
  {"GET",    "/api/v1/public/data-requests/{code}",    false, HandleGetPublicRequest, kCarriesSecret},
  {"POST",   "/api/v1/public/data-requests/{code}/confirm", false, HandleConfirmPublicRequest, kCarriesSecret},
  {"POST",   "/api/v1/public/data-requests/{code}/events",  false, HandlePostPublicRequestEvent, kCarriesSecret},
};
// clang-format on

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') { ++pos; continue; }
    const std::size_t end = std::min(path.find('/', pos), path.size());
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool Match(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  const auto want = Segments(pattern), have = Segments(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      found[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

bool IsJson(const std::string& content_type) {
  std::string base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return base == "application/json" || (base.size() > 5 && base.compare(base.size() - 5, 5, "+json") == 0);
}

// Host part of an Origin ("http://host:port" -> "host:port").
std::string OriginHost(const std::string& origin) {
  const auto p = origin.find("://");
  return p == std::string::npos ? origin : origin.substr(p + 3);
}

// The origin ("scheme://host[:port]", lowercase, no path) of the address people use.
std::string OriginOf(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  std::string origin = url.substr(0, url.find('/', scheme_end + 3));
  for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

// Whether a cookie-signed change comes from this server's own pages: its Origin is the
// configured public_url's (behind a proxy that sends its own Host upstream), or names the
// Host the request was sent to (a direct connection, or a proxy that passes Host on).
// With public_url set, the Origin's scheme must be its scheme too: the Host is the same over
// http and https, and a page served over plain http must not change what https protects.
bool SameOrigin(const ApiContext& ctx, const ApiRequest& r) {
  if (r.origin.empty()) return false;
  const std::string configured = OriginOf(ctx.options.public_url);
  const std::string origin = OriginOf(r.origin);
  if (!configured.empty() && origin.substr(0, origin.find("://")) != configured.substr(0, configured.find("://")))
    return false;
  return OriginHost(r.origin) == r.host || (!configured.empty() && origin == configured);
}

// Dispatch without the localization of problems.
ApiResponse Answer(ApiContext& ctx, ApiRequest& r, std::string& route_name) {
  route_name = "unmatched";
  const Route* route = nullptr;
  std::string allowed;
  for (const Route& candidate : kRoutes) {
    std::map<std::string, std::string> params;
    if (!Match(candidate.pattern, r.path, params)) continue;
    if (candidate.method == r.method || (r.method == "HEAD" && candidate.method == "GET")) {
      route = &candidate;
      r.params = std::move(params);
      break;
    }
    // Once each: /tickets/export matches /tickets/{id} too.
    if ((", " + allowed + ", ").find(", " + std::string(candidate.method) + ", ") != std::string::npos) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += candidate.method;
  }
  if (!route) {
    if (!allowed.empty()) {
      ApiResponse p =
          Problem(405, "method-not-allowed", r.method + " is not allowed on " + r.path + "; allowed: " + allowed);
      p.SetHeader("Allow", allowed);
      return p;
    }
    if (IsWebPath(r.path)) return ServeWeb(ctx, r, route_name);
    return Problem(404, "not-found", "no such resource: " + r.path);
  }
  route_name = std::string(route->pattern);

  if (route->needs_auth) {
    auto caller = Authenticate(ctx, r);
    if (!caller.ok()) {
      ApiResponse p = ProblemFromStatus(caller.status());
      if (p.status == 401) p.SetHeader("WWW-Authenticate", "Bearer realm=\"incidentd\"");
      return p;
    }
    r.caller = std::move(caller.value());
    // Pages sign in with a SameSite=Strict cookie. Besides that, a cookie-signed request
    // that changes something must come from this server's own origin and carry the
    // synchronizer token (csrf_token of GET /api/v1/me) in X-CSRF-Token. A bearer token
    // is no ambient credential: a browser never sends it on its own.
    if (r.caller->via_cookie && r.method != "GET" && r.method != "HEAD") {
      if (!SameOrigin(ctx, r))
        return Problem(403, "csrf", "a cookie-authenticated change must carry this server's Origin header "
                                    "(its Host, or the configured public_url)");
      if (r.csrf_token.empty())
        return Problem(403, "csrf",
                       "a cookie-authenticated change must send the X-CSRF-Token header with the csrf_token "
                       "of GET /api/v1/me");
      if (!ConstantTimeEquals(r.csrf_token, r.caller->csrf_token))
        return Problem(403, "csrf",
                       "the X-CSRF-Token header does not match this session; reload the page to get the current "
                       "csrf_token from GET /api/v1/me");
    }
  }
  const bool has_body = r.method == "POST" || r.method == "PUT" || r.method == "PATCH";
  if (has_body && !IsJson(r.content_type))
    return Problem(415, "unsupported-media-type", "send the body as Content-Type: application/json");
  if (r.method == "POST" && route->replayable)
    return WithIdempotency(ctx, r, [&] { return route->handler(ctx, r); });
  return route->handler(ctx, r);
}

}  // namespace

// Problems are localized here, once for every route, rather than by each handler: handlers
// and the engine speak English, and an Idempotency-Key replay is localized for the replaying
// request.
ApiResponse Dispatch(ApiContext& ctx, ApiRequest& r, std::string& route_name) {
  return LocalizeProblem(Answer(ctx, r, route_name), r.accept_language);
}

}  // namespace incidents::http
