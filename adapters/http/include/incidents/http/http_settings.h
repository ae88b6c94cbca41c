#pragma once
// The HTTP API's settings: ApiServerOptions, whose initializers are the defaults of
// incidentd's "http" and "auth" sections and of the top-level `listen` (config/README.md),
// and the parsers of those. In a library of its own (incidents_http_settings, the engine
// only) so that the config library, and incidentctl through it, link no HTTP server.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::http {

struct ApiServerOptions {
  // Top-level `listen` (HOST:PORT).
  std::string host = "127.0.0.1";
  int port = 8080;                          // 0: pick a free port
  // Poco serves a connection on one thread until it closes, idle keep-alive time
  // included: threads bound how many clients (browsers keep ~6 connections each) can be
  // connected at once, and the keep-alive timeout how long an idle one holds a thread.
  int threads = 64;                         // request threads
  std::chrono::milliseconds keep_alive_timeout{5000};
  int max_queued = 256;                     // accepted connections waiting for a thread
  std::size_t body_limit_bytes = 1 << 20;   // larger bodies get 413
  // How long one receive from a client may wait (the request line and headers, each part of
  // a body; Poco's HTTPServerParams timeout), and how long the whole of one request body
  // may take to arrive: a body trickled a byte every few seconds, each receive within
  // read_timeout, gets 408 once body_timeout has passed.
  std::chrono::milliseconds read_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::seconds token_ttl = std::chrono::hours(12);  // auth.token_ttl_hours
  int login_max_failures = 10;              // auth.login_max_failures_per_minute: per account and per address
  // How long a set-password link works (auth.password_reset_ttl_hours).
  std::chrono::seconds password_reset_ttl = std::chrono::hours(72);
  // The top-level `public_url` (the address people use), for set-password links; the
  // composition root fills it in. Empty: the request's own Host, over http.
  std::string public_url;
  // http.node_id: this process's name among the nodes that share the database. Its
  // Idempotency-Key claims carry it, and it releases the claims left in flight under that
  // name when it starts (IdempotencyStore::ReleaseInFlight), so the name must be the same
  // across one node's restarts and unique among live nodes: a node that took a live peer's
  // name would release that peer's claims. "" (the default): NodeName() derives host name +
  // ":" + listen port, which is unique unless hosts share a name (clones of one image: set
  // node_id there); with port 0 (a free port, chosen at each start) there is no stable name,
  // so claims name no node and none are released at start: after a crash their retries wait
  // for the in-flight limit (120 s). The composition root stores the name used here.
  std::string node;
  // http.trusted_proxies ("127.0.0.1, ::1"): the fronts whose connections may name the
  // client in X-Forwarded-For (client_address.h). Empty (the default): the header is ignored.
  std::vector<std::string> trusted_proxies;
  bool cookie_secure = false;               // add "Secure" to the session cookie (behind HTTPS)
  std::string log_format = "text";          // top-level log.format, the access log's: "text" or "json"
  // The web pages' folder, relative to the working directory, read once by Start
  // (web/index.html and web/assets/...). Empty, or a folder that cannot be read (a
  // warning is logged): the API alone, pages get 404.
  std::string web_root = "web";
  // The most tickets one export (GET /api/v1/tickets/export) writes; more is 422 asking to
  // narrow the filters. Not in the config file: tests lower it.
  std::size_t export_max_rows = 100'000;
};

inline constexpr char kHttpSection[] = "http";
inline constexpr char kAuthSection[] = "auth";

// The sections with every key at ApiServerOptions{}'s value.
// http: threads, keep_alive_timeout_ms, max_queued, body_limit_bytes, read_timeout_ms,
// body_timeout_ms, cookie_secure, web_root, node_id, trusted_proxies.
engine::JsonValue DefaultHttpSection();
engine::JsonValue DefaultAuthSection();  // token_ttl_hours, login_max_failures_per_minute, password_reset_ttl_hours

// The "http" and "auth" sections. host, port, log_format and public_url keep their
// defaults: they come from the top-level keys `listen` (ParseListen), `log.format` and
// `public_url`, which the composition root reads. An absent key keeps its default; InvalidValue naming the key
// ("config: 'http.threads' ...") otherwise.
engine::Result<ApiServerOptions> ParseHttpSettings(const engine::JsonValue& http, const engine::JsonValue& auth);

// The longest http.node_id (the stores' node column holds 191 characters).
inline constexpr std::size_t kMaxNodeIdLength = 191;

// The name this process gives its Idempotency-Key claims (ApiServerOptions::node):
// `options.node` (http.node_id) when set, else `hostname` + ":" + options.port, else ""
// when the port is 0 or the host name is unknown ("" names no node).
std::string NodeName(const ApiServerOptions& options, const std::string& hostname);

// "HOST:PORT" (an IPv6 host in brackets) -> host and port (0..65535). Otherwise
// InvalidValue quoting the text, worded to follow the key's name ("must be HOST:PORT, not
// 'localhost'").
engine::Status ParseListen(const std::string& listen, std::string& host, int& port);
// ApiServerOptions{}'s address as "HOST:PORT": the default of `listen`.
std::string DefaultListen();

}  // namespace incidents::http
