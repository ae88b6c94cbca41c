#pragma once
// ApiContext: what every handler may use. Built once by ApiServer; shared by all request
// threads (each member is thread-safe).

#include <memory>
#include <string>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/session_store.h"
#include "incidents/http/api_server.h"
#include "expiring_map.h"
#include "login_throttle.h"
#include "succession_cache.h"
#include "unreleased_claims.h"
#include "incidents/http/metrics.h"
#include "web_assets.h"

namespace spdlog {
class logger;
}

namespace incidents::http {

struct ApiContext {
  // How old the directory facts a request relies on may be (sessions, users' names, the
  // orgs' successions): a change made on another node is seen here within this.
  static constexpr std::chrono::seconds kDirectoryMaxAge{2};

  ApiContext(ApiServices s, ApiServerOptions o, std::shared_ptr<spdlog::logger> l)
      : services(s),
        options(std::move(o)),
        metrics(*s.metrics),
        throttle(options.login_max_failures, std::chrono::seconds(60)),
        succession(kDirectoryMaxAge),
        recent_sessions(kDirectoryMaxAge, 10'000),
        display_names(kDirectoryMaxAge, 10'000),
        web(WebAssets::Load(options.web_root, &web_error)),
        log(std::move(l)) {}

  ApiServices services;
  const ApiServerOptions options;
  Metrics& metrics;
  LoginThrottle throttle;
  SuccessionCache succession;  // Actor::acting_for of signed-in users
  // Sessions with their users by token hash, as Authenticate read them: a request costs no
  // round trip for its session when the same token was seen within kDirectoryMaxAge. Only
  // sessions found are kept; a sign-out erases its own, a change of a user or an org here
  // all of them.
  ExpiringMap<engine::SessionWithUser> recent_sessions;
  ExpiringMap<std::string> display_names;  // users' display names by username

  // After a change of the directory made through this node (a user, an org, a password,
  // which revokes sessions): what the node read of it is read again at the next request.
  void ForgetDirectoryReads() {
    recent_sessions.Clear();
    display_names.Clear();
    succession.Invalidate();
  }
  UnreleasedClaims unreleased_claims;  // idempotency keys a failed abandon left in flight
  std::string web_error;  // why options.web_root could not be loaded; empty when it was
  const WebAssets web;    // the pages (empty: API only)
  std::shared_ptr<spdlog::logger> log;
};

// A message as the log format wants it: JSON-escaped in JSON format.
inline std::string LogText(const ApiContext& ctx, const std::string& text) {
  return ctx.options.log_format == "json" ? engine::ToCanonicalJson(engine::JsonValue(text)) : text;
}

}  // namespace incidents::http
