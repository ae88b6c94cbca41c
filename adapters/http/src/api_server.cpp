#include "incidents/http/api_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <limits>
#include <thread>

#include "api_context.h"
#include "incidents/engine/canonical_json.h"
#include "problem.h"
#include "router.h"
#include "security_headers.h"

namespace incidents::http {

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// Reads at most limit + 1 bytes, so that an over-long chunked body is noticed without
// buffering it all.
std::string ReadBody(std::istream& in, std::size_t limit) {
  std::string body;
  char buf[16384];
  while (body.size() <= limit && in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  return body;
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
    try {
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
      r.host = req.getHost();
      r.client_address = req.clientAddress().host().toString();
      const std::size_t limit = ctx_.options.body_limit_bytes;
      const auto length = req.getContentLength64();
      if (length != HTTPServerRequest::UNKNOWN_CONTENT_LENGTH && static_cast<std::uint64_t>(length) > limit) {
        out = Problem(413, "body-too-large", "the request body is larger than " + std::to_string(limit) + " bytes");
        // Read and drop a moderately large body so that a client that writes it all
        // before reading still gets the 413; beyond that, close rather than read on.
        if (static_cast<std::uint64_t>(length) <= 4 * static_cast<std::uint64_t>(limit)) {
          req.stream().ignore(std::numeric_limits<std::streamsize>::max());
        } else {
          close = true;  // the unread body would corrupt the next request on this connection
        }
      } else {
        r.body = ReadBody(req.stream(), limit);
        if (r.body.size() > limit) {
          out = Problem(413, "body-too-large", "the request body is larger than " + std::to_string(limit) + " bytes");
          close = true;
        } else {
          out = Dispatch(ctx_, r, route);
        }
      }
      if (r.caller) user = r.caller->actor.username;
    } catch (const Poco::SyntaxException& e) {
      out = Problem(400, "invalid-request", "the request URI is malformed");
    } catch (const Poco::Exception& e) {
      if (ctx_.log) ctx_.log->error(LogText(ctx_, "request failed: " + e.displayText()));
      out = Problem(500, "internal", "an internal error occurred; it has been logged");
    } catch (const std::exception& e) {
      if (ctx_.log) ctx_.log->error(LogText(ctx_, std::string("request failed: ") + e.what()));
      out = Problem(500, "internal", "an internal error occurred; it has been logged");
    }
    // The problems built here, outside Dispatch (which localizes its own), in the caller's
    // language.
    out = LocalizeProblem(std::move(out), req.get("Accept-Language", ""));
    if (out.status >= 500 && ctx_.log && out.body.find("problem:internal\"") != std::string::npos)
      ctx_.log->error(LogText(ctx_, req.getMethod() + " " + route + " answered " + std::to_string(out.status)));

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
    AccessLog(ctx_, req.getMethod(), route, out.status, seconds * 1000, user);
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
