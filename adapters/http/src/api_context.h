#pragma once
// ApiContext: what every handler may use. Built once by ApiServer; shared by all request
// threads (each member is thread-safe).

#include <memory>
#include <string>

#include "incidents/engine/canonical_json.h"
#include "incidents/http/api_server.h"
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
  ApiContext(ApiServices s, ApiServerOptions o, std::shared_ptr<spdlog::logger> l)
      : services(s),
        options(std::move(o)),
        metrics(*s.metrics),
        throttle(options.login_max_failures, std::chrono::seconds(60)),
        succession(std::chrono::seconds(2)),
        web(WebAssets::Load(options.web_root, &web_error)),
        log(std::move(l)) {}

  ApiServices services;
  const ApiServerOptions options;
  Metrics& metrics;
  LoginThrottle throttle;
  SuccessionCache succession;  // Actor::acting_for of signed-in users
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
