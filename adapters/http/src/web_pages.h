#pragma once
// The web pages: GET/HEAD of a page route (/, /login, /tickets, /tickets/new,
// /tickets/{id}, /queue, /inbox, /workflow) answers web/index.html, a shell whose script
// renders the page from location.pathname; /assets/... answers that file. Every answer
// carries an ETag and Cache-Control: no-cache (revalidate, then 304 on If-None-Match).
// Thread-safe.

#include <string>

#include "api_context.h"
#include "api_types.h"

namespace incidents::http {

// True for the paths the pages own: everything except /api/..., /healthz and /metrics.
bool IsWebPath(const std::string& path);

// Answers a request for a web path: 200/304 with the file, 404 for anything else, 405 for
// a method other than GET/HEAD. `route` receives a bounded name for metrics and the log
// (the page pattern, "/assets/{file}", or "unmatched").
ApiResponse ServeWeb(const ApiContext& ctx, const ApiRequest& request, std::string& route);

}  // namespace incidents::http
