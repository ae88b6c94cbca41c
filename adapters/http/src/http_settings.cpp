#include "incidents/http/http_settings.h"

#include <charconv>

#include "client_address.h"
#include "incidents/engine/config_section.h"

namespace incidents::http {

using engine::JsonValue;
using engine::Status;

JsonValue DefaultHttpSection() {
  const ApiServerOptions defaults;
  return JsonValue::Object{{"threads", defaults.threads},
                           {"keep_alive_timeout_ms", static_cast<std::int64_t>(defaults.keep_alive_timeout.count())},
                           {"max_queued", defaults.max_queued},
                           {"body_limit_bytes", static_cast<std::int64_t>(defaults.body_limit_bytes)},
                           {"read_timeout_ms", static_cast<std::int64_t>(defaults.read_timeout.count())},
                           {"body_timeout_ms", static_cast<std::int64_t>(defaults.body_timeout.count())},
                           {"cookie_secure", defaults.cookie_secure},
                           {"web_root", defaults.web_root},
                           {"node_id", defaults.node},
                           {"trusted_proxies", ""}};
}

JsonValue DefaultAuthSection() {
  const ApiServerOptions defaults;
  return JsonValue::Object{
      {"token_ttl_hours", static_cast<std::int64_t>(defaults.token_ttl / std::chrono::hours(1))},
      {"login_max_failures_per_minute", defaults.login_max_failures},
      {"password_reset_ttl_hours", static_cast<std::int64_t>(defaults.password_reset_ttl / std::chrono::hours(1))}};
}

engine::Result<ApiServerOptions> ParseHttpSettings(const JsonValue& http, const JsonValue& auth) {
  ApiServerOptions o;
  engine::ConfigSection h(http, kHttpSection);
  if (auto v = h.Int("threads", 1, 1024)) o.threads = static_cast<int>(*v);
  if (auto v = h.Int("keep_alive_timeout_ms", 100, 300000)) o.keep_alive_timeout = std::chrono::milliseconds(*v);
  if (auto v = h.Int("max_queued", 1, 100000)) o.max_queued = static_cast<int>(*v);
  if (auto v = h.Int("body_limit_bytes", 1024, 64 << 20)) o.body_limit_bytes = static_cast<std::size_t>(*v);
  if (auto v = h.Int("read_timeout_ms", 100, 300000)) o.read_timeout = std::chrono::milliseconds(*v);
  if (auto v = h.Int("body_timeout_ms", 100, 3600000)) o.body_timeout = std::chrono::milliseconds(*v);
  if (auto v = h.Bool("cookie_secure")) o.cookie_secure = *v;
  if (auto v = h.String("web_root")) o.web_root = *v;
  if (auto v = h.String("node_id")) {
    if (v->size() > kMaxNodeIdLength)
      h.Fail("node_id", "must be at most " + std::to_string(kMaxNodeIdLength) + " characters");
    o.node = *v;
  }
  if (auto v = h.String("trusted_proxies")) {
    std::string error;
    if (!ParseTrustedProxies(*v, &o.trusted_proxies, &error)) h.Fail("trusted_proxies", error);
  }
  if (!h.ok()) return h.status();
  engine::ConfigSection a(auth, kAuthSection);
  if (auto v = a.Int("token_ttl_hours", 1, 24 * 30)) o.token_ttl = std::chrono::hours(*v);
  if (auto v = a.Int("login_max_failures_per_minute", 1, 10000)) o.login_max_failures = static_cast<int>(*v);
  if (auto v = a.Int("password_reset_ttl_hours", 1, 24 * 30)) o.password_reset_ttl = std::chrono::hours(*v);
  if (!a.ok()) return a.status();
  return o;
}

Status ParseListen(const std::string& listen, std::string& host, int& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::InvalidValue("must be HOST:PORT, not '" + listen + "'");
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string p = listen.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (ec != std::errc() || ptr != p.data() + p.size() || p.empty() || port < 0 || port > 65535)
    return Status::InvalidValue("must have a port from 0 to 65535, not '" + p + "'");
  return {};
}

std::string NodeName(const ApiServerOptions& options, const std::string& hostname) {
  if (!options.node.empty()) return options.node;
  if (options.port == 0 || hostname.empty()) return "";
  return hostname + ":" + std::to_string(options.port);
}

std::string DefaultListen() {
  const ApiServerOptions defaults;
  const bool ipv6 = defaults.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + defaults.host + "]" : defaults.host) + ":" + std::to_string(defaults.port);
}

}  // namespace incidents::http
