#include "web_pages.h"

#include <string_view>

#include "problem.h"

namespace incidents::http {

namespace {

// The routes the pages' router (web/assets/router.js) knows; each answers the shell.
constexpr std::string_view kPages[] = {"/",
                                       "/login",
                                       "/tickets",
                                       "/tickets/new",
                                       "/queue",
                                       "/inbox",
                                       "/data-requests",
                                       "/data-requests/new",
                                       "/data-requests/opinions",
                                       "/workflow",
                                       "/admin/orgs",
                                       "/admin/users",
                                       "/admin/focal-points",
                                       "/focal-points/print",
                                       "/reports",
                                       "/account/password",
                                       "/set-password",
                                       // The public requester's (issue 15.2): no account.
                                       "/request-data",
                                       "/request-data/confirm",
                                       "/request-data/status"};

// The page pattern for `path`, or "" when it is no page.
std::string PagePattern(std::string_view path) {
  for (std::string_view page : kPages)
    if (path == page) return std::string(page);
  constexpr std::string_view kTicket = "/tickets/";
  if (path.size() > kTicket.size() && path.substr(0, kTicket.size()) == kTicket &&
      path.find('/', kTicket.size()) == std::string_view::npos)
    return "/tickets/{id}";
  constexpr std::string_view kRequest = "/data-requests/";
  if (path.size() > kRequest.size() && path.substr(0, kRequest.size()) == kRequest &&
      path.find('/', kRequest.size()) == std::string_view::npos)
    return "/data-requests/{id}";
  return {};
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

bool IsWebPath(const std::string& path) {
  return !(path == "/api" || StartsWith(path, "/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics");
}

ApiResponse ServeWeb(const ApiContext& ctx, const ApiRequest& r, std::string& route) {
  route = "unmatched";
  std::string file;
  if (std::string page = PagePattern(r.path); !page.empty()) {
    route = page;
    file = "index.html";
  } else if (StartsWith(r.path, "/assets/")) {
    // Only names loaded at start-up can match, so "..", "//" or "\" can reach nothing
    // else; refusing them here just keeps the answer honest.
    const std::string_view rest = std::string_view(r.path).substr(1);
    if (rest.find("..") == std::string_view::npos && rest.find('\\') == std::string_view::npos &&
        rest.find("//") == std::string_view::npos && ctx.web.Find(rest)) {
      route = "/assets/{file}";
      file = std::string(rest);
    }
  }
  const WebAsset* asset = file.empty() ? nullptr : ctx.web.Find(file);
  if (!asset) {
    route = "unmatched";
    return Problem(404, "not-found", "Không tìm thấy", "no such page or file: " + r.path);
  }
  if (r.method != "GET" && r.method != "HEAD") {
    ApiResponse p = Problem(405, "method-not-allowed", "Phương thức không được hỗ trợ",
                            r.method + " is not allowed on " + r.path + "; allowed: GET, HEAD");
    p.SetHeader("Allow", "GET, HEAD");
    return p;
  }
  ApiResponse resp;
  resp.SetHeader("ETag", asset->etag);
  resp.SetHeader("Cache-Control", "no-cache");
  if (!r.if_none_match.empty() && EtagMatches(r.if_none_match, asset->etag)) {
    resp.status = 304;
    resp.content_type.clear();
    return resp;
  }
  resp.status = 200;
  resp.content_type = asset->content_type;
  resp.body = asset->body;
  return resp;
}

}  // namespace incidents::http
