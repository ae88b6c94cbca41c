#include "incidents/http/api_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <limits>
#include <optional>
#include <thread>

#include "api_context.h"
#include "incidents/engine/canonical_json.h"
#include "problem.h"
#include "request_body.h"
#include "router.h"
#include "security_headers.h"

namespace incidents::http {

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// A Content-Length body (its length checked against the limit before): reads at most
// limit + 1 bytes whatever the stream holds.
std::string ReadBody(std::istream& in, std::size_t limit) {
  std::string body;
  char buf[16384];
  while (body.size() <= limit && in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  return body;
}

// Exactly n bytes of the connection, never more: the next request follows the body.
bool ReadFromConnection(Poco::Net::HTTPSession& session, char* dest, std::size_t n) {
  Poco::Net::HTTPFixedLengthInputStream in(session, static_cast<Poco::Net::HTTPFixedLengthStreamBuf::ContentLength>(n));
  in.read(dest, static_cast<std::streamsize>(n));
  return static_cast<std::size_t>(in.gcount()) == n;
}

bool IsAsciiDigits(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Reads the body of `req` as RFC 9112 section 6 frames it, into `body`. Returns the problem
// to answer instead (and sets `close` when the connection cannot be reused), or nothing:
// - Content-Length: that many bytes; over the limit, 413 (a moderate body is read and
//   dropped so that a client that writes it all before reading still gets the answer);
// - Transfer-Encoding: chunked: decoded by ReadChunkedBody (request_body.h), 400 when
//   malformed and 413 over the limit, at once; any other transfer coding, 400;
// - neither: no body. POST, PUT and PATCH then get 411: Poco would read such a body up
//   to the end of the stream, holding the thread until the client goes away.
std::optional<ApiResponse> ReadRequestBody(HTTPServerRequest& req, std::size_t limit, std::string& body, bool& close) {
  const std::string too_large = "the request body is larger than " + std::to_string(limit) + " bytes";
  if (req.has("Transfer-Encoding")) {
    close = true;  // unless the chunked body reads cleanly
    if (Poco::icompare(req.get("Transfer-Encoding"), "chunked") != 0)
      return Problem(400, "invalid-request", "the only Transfer-Encoding accepted is chunked");
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&req);
    if (impl == nullptr) return Problem(400, "invalid-request", "the chunked body cannot be read");
    Poco::Net::HTTPSession& session = impl->session();
    ChunkedBody chunked = ReadChunkedBody(
        [&session](char* dest, std::size_t n) { return ReadFromConnection(session, dest, n); }, limit);
    switch (chunked.outcome) {
      case ChunkedBody::Outcome::kComplete: break;
      case ChunkedBody::Outcome::kTooLarge: return Problem(413, "body-too-large", chunked.detail);
      case ChunkedBody::Outcome::kMalformed: return Problem(400, "invalid-request", chunked.detail);
    }
    // With Content-Length as well the framing was ambiguous (a smuggling attempt, perhaps):
    // chunked wins, and the connection closes after the answer (RFC 9112 6.3).
    close = req.has("Content-Length");
    body = std::move(chunked.body);
    return std::nullopt;
  }
  if (req.has("Content-Length")) {
    const std::string text = req.get("Content-Length");
    if (!IsAsciiDigits(text)) {
      close = true;
      return Problem(400, "invalid-request", "Content-Length must be a number of bytes");
    }
    const std::uint64_t length = std::stoull(text);
    if (length > limit) {
      // Read and drop a moderately large body; beyond that, close rather than read on
      // (the unread body would corrupt the next request on this connection).
      if (length <= 4 * static_cast<std::uint64_t>(limit)) req.stream().ignore(std::numeric_limits<std::streamsize>::max());
      else close = true;
      return Problem(413, "body-too-large", too_large);
    }
    body = ReadBody(req.stream(), limit);
    return std::nullopt;
  }
  const std::string& method = req.getMethod();
  if (method == "POST" || method == "PUT" || method == "PATCH") {
    close = true;  // whatever the client sends next may be the body it did not announce
    return Problem(411, "length-required", method + " needs Content-Length or Transfer-Encoding: chunked");
  }
  return std::nullopt;  // no body; the stream is not read at all
}

void AccessLog(ApiContext& ctx, const std::string& method, const std::string& route, int status, double ms,
               const std::string& user) {
  if (!ctx.log) return;
  if (ctx.options.log_format == "json") {
    ctx.log->info(engine::ToCanonicalJson(engine::JsonValue::Object{{"msg", "request"},
                                                                    {"method", method},
                                                                    {"route", route},
                                                                    {"status", std::int64_t{status}},
                                                                    {"latency_ms", std::int64_t(ms * 1000) / 1000},
                                                                    {"user", user}}));
  } else {
    ctx.log->info("{} {} {} {:.2f}ms user={}", method, route, status, ms, user);
  }
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestHandler(ApiContext& ctx) : ctx_(ctx) {}

  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
    const auto start = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    std::string user = "-";
    ApiResponse out;
    bool close = false;
    // Poco 1.11 takes any word for the version ("GET / x\r\nHost: y" reads as version
    // "Host:") and answers in it; only HTTP/1.0 and 1.1 are served, and answered in 1.1.
    const bool bad_version = req.getVersion() != HTTPServerRequest::HTTP_1_0 &&
                             req.getVersion() != HTTPServerRequest::HTTP_1_1;
    try {
      if (bad_version) {
        resp.setVersion(HTTPServerRequest::HTTP_1_1);
        out = Problem(400, "invalid-request", "the request line has no valid HTTP version (HTTP/1.0 or HTTP/1.1)");
        close = true;
      } else {
        out = Answer(req, route, user, close);
      }
    } catch (const Poco::SyntaxException& e) {
      out = Problem(400, "invalid-request", "the request URI is malformed");
      close = true;  // the body, if any, was not read
    } catch (const Poco::Exception& e) {
      if (ctx_.log) ctx_.log->error(LogText(ctx_, "request failed: " + e.displayText()));
      out = Problem(500, "internal", "an internal error occurred; it has been logged");
      close = true;  // the body may be unread
    } catch (const std::exception& e) {
      if (ctx_.log) ctx_.log->error(LogText(ctx_, std::string("request failed: ") + e.what()));
      out = Problem(500, "internal", "an internal error occurred; it has been logged");
      close = true;  // the body may be unread
    }
    // The problems built here, outside Dispatch (which localizes its own), in the caller's
    // language.
    out = LocalizeProblem(std::move(out), req.get("Accept-Language", ""));
    if (out.status >= 500 && ctx_.log && out.body.find("problem:internal\"") != std::string::npos)
      ctx_.log->error(LogText(ctx_, std::string(MethodLabel(req.getMethod())) + " " + route + " answered " + std::to_string(out.status)));

    try {
      resp.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(out.status));
      if (close) resp.setKeepAlive(false);
      for (const auto& [name, value] : kSecurityHeaders) resp.set(std::string(name), std::string(value));
      if (route != "unmatched" && route.rfind("/api/", 0) == 0) resp.set("Cache-Control", "no-store");
      for (const auto& [name, value] : out.headers) resp.add(name, value);
      if (out.status == 304) {
        resp.send();  // no Content-Length: a 304 must not contradict the 200's (RFC 9110 8.6)
      } else if (out.status == 204 || out.body.empty()) {
        resp.setContentLength(0);
        resp.send();
      } else {
        resp.setContentType(out.content_type);
        resp.setContentLength(static_cast<std::streamsize>(out.body.size()));
        if (req.getMethod() == "HEAD") resp.send();
        else resp.sendBuffer(out.body.data(), out.body.size());
      }
    } catch (const Poco::Exception& e) {
      if (ctx_.log) ctx_.log->warn(LogText(ctx_, "could not send the response: " + e.displayText()));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ctx_.metrics.RecordRequest(route, req.getMethod(), out.status, seconds);
    // The method as metrics label it: a made-up one (any bytes but space) is logged as "other".
    AccessLog(ctx_, std::string(MethodLabel(req.getMethod())), route, out.status, seconds * 1000, user);
  }

  // Reads the request and its body and dispatches it; `route` and `user` are for the
  // metrics and the access log, `close` set when the connection cannot be reused.
  ApiResponse Answer(HTTPServerRequest& req, std::string& route, std::string& user, bool& close) {
    ApiResponse out;
    ApiRequest r;
    r.method = req.getMethod();
    const Poco::URI uri(req.getURI());
    r.path = uri.getPath();
    for (const auto& [name, value] : uri.getQueryParameters()) r.query[name] = value;
    r.content_type = req.getContentType();
    r.authorization = req.get("Authorization", "");
    r.cookie = req.get("Cookie", "");
    r.idempotency_key = req.get("Idempotency-Key", "");
    r.origin = req.get("Origin", "");
    r.csrf_token = req.get("X-CSRF-Token", "");
    r.if_none_match = req.get("If-None-Match", "");
    r.accept_language = req.get("Accept-Language", "");
    r.client_address = req.clientAddress().host().toString();
    // HTTP/1.1 requires Host (RFC 9112 3.2); an HTTP/1.0 request may lack it.
    if (!req.has("Host") && req.getVersion() != HTTPServerRequest::HTTP_1_0) {
      out = Problem(400, "invalid-request", "the request has no Host header");
      close = true;
    } else if (auto refused = ReadRequestBody(req, ctx_.options.body_limit_bytes, r.body, close)) {
      out = std::move(*refused);
    } else {
      r.host = req.get("Host", "");
      out = Dispatch(ctx_, r, route);
    }
    if (r.caller) user = r.caller->actor.username;
    return out;
  }

 private:
  ApiContext& ctx_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(ApiContext& ctx) : ctx_(ctx) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new RequestHandler(ctx_);
  }

 private:
  ApiContext& ctx_;
};

}  // namespace

struct ApiServer::Impl {
  Impl(ApiServices services, ApiServerOptions options, std::shared_ptr<spdlog::logger> log)
      : ctx(services, std::move(options), std::move(log)) {}
  ApiContext ctx;
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  std::string address;
  int port = 0;
};

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ApiServer::~ApiServer() {
  if (impl_ && impl_->server) Stop(std::chrono::milliseconds(0));
}

engine::Result<std::unique_ptr<ApiServer>> ApiServer::Start(const ApiServerOptions& options, ApiServices services,
                                                            std::shared_ptr<spdlog::logger> log) {
  if (options.threads < 1) return engine::Status::InvalidValue("http.threads must be at least 1");
  if (!services.metrics) return engine::Status::InvalidValue("the API server needs a Metrics instance");
  auto impl = std::make_unique<Impl>(services, options, std::move(log));
  if (impl->ctx.log) {
    if (!impl->ctx.web_error.empty())
      impl->ctx.log->warn(LogText(impl->ctx, "web pages not served: " + impl->ctx.web_error + "; serving the API only"));
    else if (!options.web_root.empty())
      impl->ctx.log->info(LogText(impl->ctx, "web pages: " + std::to_string(impl->ctx.web.size()) + " files from " +
                                                 options.web_root));
  }
  try {
    Poco::Net::ServerSocket socket;
    // SO_REUSEADDR (restart quickly after a stop) but not SO_REUSEPORT: a second server on
    // a busy port must fail, not share it.
    socket.bind(Poco::Net::SocketAddress(options.host, static_cast<Poco::UInt16>(options.port)), true, false);
    socket.listen(256);
    impl->port = socket.address().port();
    impl->address = options.host + ":" + std::to_string(impl->port);
    auto params = new Poco::Net::HTTPServerParams;  // owned by the server
    params->setMaxThreads(options.threads);
    params->setMaxQueued(options.max_queued);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(10000);
    params->setKeepAliveTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(options.keep_alive_timeout.count()) * 1000));
    params->setServerName("incidentd");
    impl->pool = std::make_unique<Poco::ThreadPool>(2, options.threads + 2);
    impl->server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(impl->ctx), *impl->pool, socket, params);
    impl->server->start();
  } catch (const Poco::Exception& e) {
    return engine::Status::Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                                       e.displayText());
  }
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

std::string ApiServer::address() const { return impl_->address; }
int ApiServer::port() const { return impl_->port; }

void ApiServer::Stop(std::chrono::milliseconds grace) {
  if (!impl_->server) return;
  // Stop accepting; requests in flight complete, idle keep-alive connections close.
  impl_->server->stopAll(false);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (impl_->server->currentConnections() > 0) impl_->server->stopAll(true);
  impl_->pool->joinAll();
  impl_->server.reset();
}

}  // namespace incidents::http
