#include "incidents/http/api_server.h"

#include <Poco/BasicEvent.h>
#include <Poco/Delegate.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "api_context.h"
#include "client_address.h"
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
using SteadyClock = std::chrono::steady_clock;

Poco::Timespan ToTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// The clock of one request body: each receive waits at most http.read_timeout_ms (the
// socket's receive timeout), and all of them together at most http.body_timeout_ms, which a
// client trickling a byte every few seconds would otherwise never reach. Before each read
// that may block, Arm lowers the socket's receive timeout to what is left; the destructor
// puts http.read_timeout_ms back for the next request on the connection.
// One per request; not synchronised.
class BodyClock {
 public:
  BodyClock(Poco::Net::StreamSocket& socket, std::chrono::milliseconds read_timeout,
            std::chrono::milliseconds body_timeout)
      : socket_(socket),
        read_timeout_(read_timeout),
        armed_(read_timeout),
        deadline_(SteadyClock::now() + body_timeout) {}
  BodyClock(const BodyClock&) = delete;
  BodyClock& operator=(const BodyClock&) = delete;
  ~BodyClock() {
    if (armed_ == read_timeout_) return;
    try {
      socket_.setReceiveTimeout(ToTimespan(read_timeout_));
    } catch (const Poco::Exception&) {  // the connection is gone; nothing to restore
    }
  }

  // False once the deadline has passed, exactly when Expired() is true: a read cut short
  // by Arm() is then always a timeout (408), never a body that "ended" (400), even when a
  // byte arrives in the last millisecond (what is left rounds up). The receive timeout is
  // lowered only when what is left is 20 ms below the one set (a deadline overshot by at
  // most that), so that a body read in many small pieces does not cost a system call for each.
  bool Arm() {
    const auto now = SteadyClock::now();
    if (now >= deadline_) return false;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now);
    const auto want = std::min(read_timeout_, left);
    if (armed_ - want >= std::chrono::milliseconds(20)) {
      socket_.setReceiveTimeout(ToTimespan(want));
      armed_ = want;
    }
    return true;
  }
  bool Expired() const { return SteadyClock::now() >= deadline_; }

 private:
  Poco::Net::StreamSocket& socket_;
  const std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds armed_;  // the socket's receive timeout now
  const SteadyClock::time_point deadline_;
};

// Up to n bytes of `in` into `dest`, under `clock`: one receive at a time (peek waits for
// one, readsome takes what it brought), each armed with what is left. Returns how many were
// read; fewer than n when the stream ended, failed or timed out first.
std::size_t ReadWithin(std::istream& in, char* dest, std::size_t n, BodyClock& clock) {
  std::size_t got = 0;
  while (got < n && clock.Arm()) {
    if (in.peek() == std::char_traits<char>::eof()) break;
    got += static_cast<std::size_t>(in.readsome(dest + got, static_cast<std::streamsize>(n - got)));
  }
  return got;
}

// Whether a read of the body stopped for want of time rather than because the connection ended.
bool TimedOut(const Poco::Net::HTTPSession& session, const BodyClock& clock) {
  return clock.Expired() || dynamic_cast<const Poco::TimeoutException*>(session.networkException()) != nullptr;
}

ApiResponse BodyTimeout(const ApiServerOptions& options) {
  return Problem(408, "request-timeout",
                 "the request body did not arrive within " + std::to_string(options.body_timeout.count()) +
                     " ms, or paused for more than " + std::to_string(options.read_timeout.count()) + " ms");
}

// Reads the body of `req` into `body`. Returns the problem to answer instead, or nothing;
// every problem leaves the connection out of step with the client and sets `close`:
// - the framing is judged first, from the header fields alone (FrameRequestBody,
//   request_body.h): ambiguous framing (a smuggling attempt, perhaps) is 400;
// - Content-Length: that many bytes; over the limit, 413 at once, none of it read (the
//   connection lingers after the answer, ApiServer's Connection::Linger, so the client
//   still gets it);
// - Transfer-Encoding: chunked: decoded by ReadChunkedBody, 400 when malformed and 413 over
//   the limit, at once;
// - a body that does not arrive within http.body_timeout_ms, or pauses longer than
//   http.read_timeout_ms: 408;
// - neither: no body. POST, PUT and PATCH then get 411: Poco would read such a body up
//   to the end of the stream, holding the thread until the client goes away.
// Poco has chosen its own stream for the body as it read the header (HTTPServerRequestImpl);
// only a Content-Length one, whose length Poco parsed from the same single field, is used.
std::optional<ApiResponse> ReadRequestBody(HTTPServerRequest& req, HTTPServerResponse& resp,
                                           const ApiServerOptions& options, std::string& body, bool& close) {
  const std::size_t limit = options.body_limit_bytes;
  const std::vector<std::pair<std::string, std::string>> fields(req.begin(), req.end());
  const BodyFraming framing = FrameRequestBody(fields, req.getVersion() == HTTPServerRequest::HTTP_1_0);
  if (framing.kind == BodyFraming::Kind::kNone) {
    const std::string& method = req.getMethod();
    if (method == "POST" || method == "PUT" || method == "PATCH") {
      close = true;  // whatever the client sends next may be the body it did not announce
      return Problem(411, "length-required", method + " needs Content-Length or Transfer-Encoding: chunked");
    }
    return std::nullopt;  // no body; the stream is not read at all
  }
  close = true;  // unless the body reads cleanly
  if (framing.kind == BodyFraming::Kind::kInvalid) return Problem(400, "invalid-request", framing.detail);
  if (framing.kind == BodyFraming::Kind::kContentLength && framing.length > limit)
    return Problem(413, "body-too-large", "the request body is larger than " + std::to_string(limit) + " bytes");

  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&req);
  if (impl == nullptr) return Problem(400, "invalid-request", "the request body cannot be read");
  // Only now, with the framing and the length accepted, may the client send its body
  // (RFC 9110 10.1.1; never to HTTP/1.0). A refusal above goes out instead of the 100.
  if (req.getExpectContinue() && req.getVersion() == HTTPServerRequest::HTTP_1_1) resp.sendContinue();
  Poco::Net::HTTPServerSession& session = impl->session();
  BodyClock clock(session.socket(), options.read_timeout, options.body_timeout);

  if (framing.kind == BodyFraming::Kind::kContentLength) {
    const auto length = static_cast<std::size_t>(framing.length);
    body.resize(length);
    if (ReadWithin(req.stream(), body.data(), length, clock) < length) {
      body.clear();
      if (TimedOut(session, clock)) return BodyTimeout(options);
      return Problem(400, "invalid-request", "the request body ended before its Content-Length");
    }
    close = false;
    return std::nullopt;
  }
  // Chunked: exactly the bytes asked for, each read a stream of its own over the session, so
  // that nothing past the body is taken from the connection.
  ChunkedBody chunked = ReadChunkedBody(
      [&session, &clock](char* dest, std::size_t n) {
        Poco::Net::HTTPFixedLengthInputStream in(session,
                                                 static_cast<Poco::Net::HTTPFixedLengthStreamBuf::ContentLength>(n));
        return ReadWithin(in, dest, n, clock) == n;
      },
      limit);
  switch (chunked.outcome) {
    case ChunkedBody::Outcome::kComplete: break;
    case ChunkedBody::Outcome::kTooLarge: return Problem(413, "body-too-large", chunked.detail);
    case ChunkedBody::Outcome::kMalformed:
      if (TimedOut(session, clock)) return BodyTimeout(options);
      return Problem(400, "invalid-request", chunked.detail);
  }
  body = std::move(chunked.body);
  close = false;
  return std::nullopt;
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
        out = Answer(req, resp, route, user, close);
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
  ApiResponse Answer(HTTPServerRequest& req, HTTPServerResponse& resp, std::string& route, std::string& user,
                     bool& close) {
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
    // All X-Forwarded-For fields as one list: a proxy may add its own field after the
    // client's rather than extend it, and only the last element counts.
    std::string forwarded_for;
    for (const auto& [name, value] : req)
      if (Poco::icompare(name, "X-Forwarded-For") == 0) forwarded_for += (forwarded_for.empty() ? "" : ", ") + value;
    r.client_address = ClientAddress(req.clientAddress().host().toString(), forwarded_for, ctx_.options.trusted_proxies);
    // HTTP/1.1 requires Host (RFC 9112 3.2); an HTTP/1.0 request may lack it.
    if (!req.has("Host") && req.getVersion() != HTTPServerRequest::HTTP_1_0) {
      out = Problem(400, "invalid-request", "the request has no Host header");
      close = true;
    } else if (auto refused = ReadRequestBody(req, resp, ctx_.options, r.body, close)) {
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


// One connection, served on one thread until it closes: the loop of Poco 1.11's
// HTTPServerConnection (request, handler, keep-alive; Stop ends it through `stopped`), with
// two changes:
// - a request whose Content-Length Poco cannot parse as it builds the request
//   (HTTPServerRequestImpl calls getContentLength64, which throws SyntaxException for "5, 5",
//   "5 5" or a number past 2^63) gets the 400 problem every other bad Content-Length gets,
//   where HTTPServerConnection closed the connection without an answer;
// - an answer that closes the connection is followed by Linger.
class Connection final : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params, ApiContext& ctx,
             Poco::BasicEvent<const bool>& stopped)
      : Poco::Net::TCPServerConnection(socket), params_(std::move(params)), ctx_(ctx), stopped_event_(stopped) {
    stopped_event_ += Poco::delegate(this, &Connection::OnServerStopped);
  }
  ~Connection() override {
    try {
      stopped_event_ -= Poco::delegate(this, &Connection::OnServerStopped);
    } catch (...) {
    }
  }

  // Serves the connection's requests until the client goes, an answer closes it, or the
  // server stops. This is the role of Poco's HTTPServerConnection, played here because that
  // class drops a request whose Content-Length Poco cannot parse without any answer (before
  // a handler of ours could refuse it), and because an answer that closes the connection
  // must be followed by Linger.
  void run() override {
    try {  // a client that stops reading an answer must not hold the thread forever
      socket().setSendTimeout(params_->getTimeout());
    } catch (const Poco::Exception&) {
      return;
    }
    Poco::Net::HTTPServerSession session(socket(), params_);
    Ending ending = Ending::kKeepGoing;
    while (ending == Ending::kKeepGoing && !stopped_ && session.hasMoreRequests()) ending = ServeOne(session);
    if (ending == Ending::kAnsweredAndClosed && !stopped_) Linger();
  }

 private:
  enum class Ending {
    kKeepGoing,          // answered; the connection stays open for the next request
    kAnsweredAndClosed,  // answered with Connection: close; the client may still be sending
    kGone,               // the client went, the server stops, or the answer could not be sent
  };

  // Reads one request's header, hands it to the router, and says how the connection goes on.
  Ending ServeOne(Poco::Net::HTTPServerSession& session) {
    if (stopped_) return Ending::kGone;
    Poco::Net::HTTPServerResponseImpl response(session);
    std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
    try {
      request = std::make_unique<Poco::Net::HTTPServerRequestImpl>(response, session, params_);
    } catch (const Poco::SyntaxException&) {  // a Content-Length Poco cannot read as a number
      AnswerUnbuiltRequest(session, Problem(400, "invalid-request", "Content-Length must be a number of bytes"));
      return Ending::kAnsweredAndClosed;
    } catch (const Poco::Net::NoMessageException&) {  // closed between requests
      return Ending::kGone;
    } catch (const Poco::Net::MessageException&) {  // not a request line and header at all
      TrySendBareError(session, HTTPResponse::HTTP_BAD_REQUEST);
      return Ending::kAnsweredAndClosed;
    } catch (const Poco::Exception&) {  // timed out or reset while sending its header
      return Ending::kGone;
    }
    // From here the request is in flight: a graceful stop lets it finish. Not before: a
    // client trickling its header must not hold a stop up (OnServerStopped).
    Poco::FastMutex::ScopedLock busy(mutex_);
    if (stopped_) return Ending::kGone;
    response.setDate(Poco::Timestamp());
    response.setVersion(request->getVersion());
    response.setKeepAlive(params_->getKeepAlive() && request->getKeepAlive() && session.canKeepAlive());
    if (!params_->getSoftwareVersion().empty()) response.set("Server", params_->getSoftwareVersion());
    try {
      RequestHandler(ctx_).handleRequest(*request, response);
    } catch (const Poco::Exception&) {
      if (!response.sent()) TrySendBareError(session, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
      return Ending::kGone;
    }
    const bool keep = params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive();
    session.setKeepAlive(keep);
    return keep ? Ending::kKeepGoing : Ending::kAnsweredAndClosed;
  }

  // How long, and how much, Linger reads at most; and how long it waits for a byte.
  static constexpr std::chrono::milliseconds kLingerTime{5000};
  static constexpr std::chrono::milliseconds kLingerIdle{1000};

  void OnServerStopped(const bool& abort_current) {
    stopped_ = true;
    // Abort: shut the socket down now. Graceful: now if no request is in flight (the
    // connection is idle or still reading a header); else the loop ends after its answer
    // (it sees stopped_), and ApiServer::Stop aborts whatever is left after its grace. Never
    // wait here: the event calls every connection in turn.
    if (abort_current) {
      ShutDown();
    } else if (mutex_.tryLock()) {
      ShutDown();
      mutex_.unlock();
    }
  }
  void ShutDown() {
    try {
      socket().shutdown();
    } catch (...) {
    }
  }

  // After an answer that closes the connection: shuts down the sending side and reads and
  // drops what the client still sends (the body a 413 refused, the rest of a malformed one),
  // until the client closes, for at most kLingerTime, kLingerIdle without a byte, or four
  // times the body limit. Closing with unread bytes would reset the connection, and a
  // reset can destroy the answer before the client reads it (RFC 9112 9.6). The client
  // has its answer already; only this thread waits.
  void Linger() {
    try {
      Poco::Net::StreamSocket& s = socket();
      s.shutdownSend();
      const auto deadline = SteadyClock::now() + kLingerTime;
      const std::size_t most = 4 * ctx_.options.body_limit_bytes;
      std::size_t dropped = 0;
      char buf[16384];
      while (dropped < most && !stopped_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left <= std::chrono::milliseconds(0)) break;
        s.setReceiveTimeout(ToTimespan(std::min(kLingerIdle, left)));
        const int n = s.receiveBytes(buf, sizeof buf);
        if (n <= 0) break;
        dropped += static_cast<std::size_t>(n);
      }
    } catch (const Poco::Exception&) {  // timed out, or the client reset the connection
    }
  }

  // An answer for a request Poco could not build (so no Accept-Language: Vietnamese; no
  // method or route), closing the connection.
  void AnswerUnbuiltRequest(Poco::Net::HTTPServerSession& session, ApiResponse out) {
    const auto start = SteadyClock::now();
    out = LocalizeProblem(std::move(out), "");
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      response.setVersion(HTTPServerRequest::HTTP_1_1);
      response.setDate(Poco::Timestamp());
      response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(out.status));
      response.setKeepAlive(false);
      for (const auto& [name, value] : kSecurityHeaders) response.set(std::string(name), std::string(value));
      for (const auto& [name, value] : out.headers) response.add(name, value);
      response.setContentType(out.content_type);
      response.setContentLength(static_cast<std::streamsize>(out.body.size()));
      // send(), not sendBuffer(): with no request attached, sendBuffer writes no body.
      std::ostream& body = response.send();
      body.write(out.body.data(), static_cast<std::streamsize>(out.body.size()));
      body.flush();
    } catch (const Poco::Exception& e) {
      if (ctx_.log) ctx_.log->warn(LogText(ctx_, "could not send the response: " + e.displayText()));
    }
    session.setKeepAlive(false);
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    ctx_.metrics.RecordRequest("unmatched", "", out.status, seconds);
    AccessLog(ctx_, std::string(MethodLabel("")), "unmatched", out.status, seconds * 1000, "-");
  }

  // A bare answer (no body) to what cannot be read as a request at all, or to a handler
  // that failed before answering; nothing to do if even that cannot be sent.
  static void TrySendBareError(Poco::Net::HTTPServerSession& session, HTTPResponse::HTTPStatus status) {
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      response.setVersion(HTTPServerRequest::HTTP_1_1);
      response.setStatusAndReason(status);
      response.setKeepAlive(false);
      response.send();
      session.setKeepAlive(false);
    } catch (const Poco::Exception&) {
    }
  }

  Poco::Net::HTTPServerParams::Ptr params_;
  ApiContext& ctx_;
  Poco::BasicEvent<const bool>& stopped_event_;
  std::atomic<bool> stopped_{false};
  Poco::FastMutex mutex_;  // held while a request is served
};

class ConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(ApiContext& ctx, Poco::Net::HTTPServerParams::Ptr params, Poco::BasicEvent<const bool>& stopped)
      : ctx_(ctx), params_(std::move(params)), stopped_(stopped) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, params_, ctx_, stopped_);
  }

 private:
  ApiContext& ctx_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::BasicEvent<const bool>& stopped_;
};

}  // namespace

struct ApiServer::Impl {
  Impl(ApiServices services, ApiServerOptions options, std::shared_ptr<spdlog::logger> log)
      : ctx(services, std::move(options), std::move(log)) {}
  ApiContext ctx;
  // Fired by Stop: each Connection stops after its request in flight (false) or at once (true).
  Poco::BasicEvent<const bool> stopped;
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::TCPServer> server;
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
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    params->setMaxQueued(options.max_queued);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(10000);
    params->setKeepAliveTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(options.keep_alive_timeout.count()) * 1000));
    // Each receive of a request (the first one's wait included) waits at most this long.
    params->setTimeout(ToTimespan(options.read_timeout));
    params->setServerName("incidentd");
    impl->pool = std::make_unique<Poco::ThreadPool>(2, options.threads + 2);
    // Poco's TCPServer with our Connection rather than its HTTPServer (whose
    // HTTPServerConnection cannot be replaced): see Connection.
    impl->server = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(impl->ctx, params, impl->stopped),
                                                          *impl->pool, socket, Poco::Net::TCPServerParams::Ptr(params));
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
  impl_->server->stop();
  impl_->stopped.notify(this, false);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (impl_->server->currentConnections() > 0) impl_->stopped.notify(this, true);
  impl_->pool->joinAll();
  impl_->server.reset();
}

}  // namespace incidents::http
