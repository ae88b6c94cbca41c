#include "http_client.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "json_support.h"

namespace e2e {

namespace {

// A server closing a connection we still write to must not kill the test process.
const bool kIgnoreSigpipe = [] {
  ::signal(SIGPIPE, SIG_IGN);
  return true;
}();

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string Response::Header(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (SameName(n, name)) return v;
  return {};
}

std::vector<std::string> Response::AllHeaders(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (SameName(n, name)) out.push_back(v);
  return out;
}

bool Response::HasHeader(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (SameName(n, name)) return true;
  return false;
}

Poco::Dynamic::Var Response::Json() const {
  Poco::Dynamic::Var v;
  std::string error;
  try {
    Poco::JSON::Parser parser;
    v = parser.parse(body);
  } catch (const Poco::Exception& e) {
    error = e.displayText();
  }
  // No INFO on the way that passes: tests call this from several threads at once, and
  // Catch's message stack (INFO) is not thread-safe (concurrent INFOs corrupted it and
  // aborted the test binary). A failure reports from whichever thread meets it.
  if (!error.empty()) FAIL("response: " << Describe() << "\nJSON parse error: " << error);
  return v;
}

Poco::JSON::Object::Ptr Response::Object() const {
  const auto v = Json();
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) FAIL("not a JSON object: " << Describe());
  return v.extract<Poco::JSON::Object::Ptr>();
}

std::string Response::Describe() const {
  std::ostringstream s;
  if (status == 0) {
    s << "no response (" << error << ")";
    return s.str();
  }
  s << status << " " << reason << " [" << ContentType() << "] ";
  s << (body.size() > 2000 ? body.substr(0, 2000) + "..." : body);
  return s.str();
}

Client::Client(int port) : port_(port), session_("127.0.0.1", static_cast<Poco::UInt16>(port)) {
  session_.setKeepAlive(true);
  session_.setTimeout(Poco::Timespan(30, 0));
  // Reconnect after 2 s idle, well inside incidentd's keep-alive of 5 s: Poco's default of
  // 8 s reuses connections the server may be closing at that moment, and a request sent
  // into that close gets no answer ("No message received"; seen under TSan, where a loop
  // of list GETs slowed past 5 s between requests).
  session_.setKeepAliveTimeout(Poco::Timespan(2, 0));
}

void Client::SetTimeout(std::chrono::milliseconds t) {
  session_.setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(t.count()) * 1000));
}

Response Client::Send(const std::string& method, const std::string& path, const std::string& body,
                      const Headers& headers, const std::string& content_type, bool chunked) {
  Response out;
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setHost("127.0.0.1", static_cast<Poco::UInt16>(port_));
  for (const auto& [n, v] : headers) req.add(n, v);
  const bool has_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (has_body) {
    if (!content_type.empty()) req.setContentType(content_type);
    if (chunked) req.setChunkedTransferEncoding(true);
    else req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  try {
    std::ostream& os = session_.sendRequest(req);
    if (has_body) {
      // A server may answer (and close) before reading a large body: keep going to the
      // response whatever happens while writing.
      try {
        constexpr std::size_t kPiece = 64 * 1024;
        for (std::size_t pos = 0; pos < body.size() && os.good(); pos += kPiece)
          os.write(body.data() + pos, static_cast<std::streamsize>(std::min(kPiece, body.size() - pos)));
        os.flush();
      } catch (const Poco::Exception& e) {
        out.error = "while sending the body: " + e.displayText();
      } catch (const std::exception& e) {
        out.error = std::string("while sending the body: ") + e.what();
      }
    }
    Poco::Net::HTTPResponse resp;
    std::istream& is = session_.receiveResponse(resp);
    out.status = static_cast<int>(resp.getStatus());
    out.reason = resp.getReason();
    for (const auto& [n, v] : resp) out.headers.emplace_back(n, v);
    std::ostringstream b;
    Poco::StreamCopier::copyStream(is, b);
    out.body = b.str();
  } catch (const Poco::Exception& e) {
    out.status = 0;
    out.error += (out.error.empty() ? "" : "; ") + e.displayText();
    session_.reset();
  } catch (const std::exception& e) {
    out.status = 0;
    out.error += (out.error.empty() ? "" : "; ") + std::string(e.what());
    session_.reset();
  }
  return out;
}

Response Client::Get(const std::string& path, const std::string& token) {
  Headers h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return Send("GET", path, "", h);
}

Response Client::Post(const std::string& path, const std::string& body, const std::string& token,
                      const std::string& idempotency_key) {
  Headers h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  if (!idempotency_key.empty()) h.emplace_back("Idempotency-Key", idempotency_key);
  return Send("POST", path, body, h);
}

Response Client::Delete(const std::string& path, const std::string& token) {
  Headers h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return Send("DELETE", path, "", h);
}

Response Client::LoginResponse(const std::string& username, const std::string& password, bool cookie) {
  auto o = Obj({{"username", username}, {"password", password}});
  if (cookie) o->set("cookie", true);
  return Post("/api/v1/sessions", Canonical(o));
}

std::string Client::Login(const std::string& username, const std::string& password) {
  const Response r = LoginResponse(username, password);
  INFO("login as " << username << ": " << r.Describe());
  REQUIRE(r.status == 201);
  const auto o = r.Object();
  REQUIRE(o->has("token"));
  const std::string token = o->getValue<std::string>("token");
  REQUIRE(!token.empty());
  return token;
}

std::string ChunkEncode(const std::string& data, std::size_t chunk_size) {
  std::string out;
  char size[32];
  for (std::size_t pos = 0; pos < data.size(); pos += chunk_size) {
    const std::size_t n = std::min(chunk_size, data.size() - pos);
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    out += size;
    out.append(data, pos, n);
    out += "\r\n";
  }
  out += "0\r\n\r\n";
  return out;
}

Response SendRaw(int port, const std::string& head, const std::string& body) {
  (void)kIgnoreSigpipe;
  Response out;
  try {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    socket.setReceiveTimeout(Poco::Timespan(20, 0));
    socket.setSendTimeout(Poco::Timespan(20, 0));
    const std::string all = head + body;
    std::size_t sent = 0;
    try {
      while (sent < all.size()) {
        const int n = socket.sendBytes(all.data() + sent, static_cast<int>(std::min<std::size_t>(all.size() - sent, 65536)));
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
    } catch (const Poco::Exception& e) {
      out.error = "stopped writing after " + std::to_string(sent) + " bytes: " + e.displayText();
    }
    std::string raw;
    char buf[16384];
    try {
      while (true) {
        const int n = socket.receiveBytes(buf, sizeof buf);
        if (n <= 0) break;
        raw.append(buf, static_cast<std::size_t>(n));
        const auto end = raw.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        // Stop once the body announced by Content-Length is complete.
        std::string lower = raw.substr(0, end);
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto cl = lower.find("\r\ncontent-length:");
        if (cl != std::string::npos && raw.size() >= end + 4 + std::stoul(lower.substr(cl + 17))) break;
      }
    } catch (const Poco::Exception& e) {
      out.error += (out.error.empty() ? "" : "; ") + std::string("while reading: ") + e.displayText();
    }
    const auto end = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) {
      out.error += "; no HTTP answer (" + std::to_string(raw.size()) + " bytes)";
      return out;
    }
    std::istringstream lines(raw.substr(0, end));
    std::string line;
    std::getline(lines, line);
    out.status = std::stoi(line.substr(9, 3));
    out.reason = line.size() > 13 ? line.substr(13) : "";
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      out.headers.emplace_back(line.substr(0, colon), value);
    }
    out.body = raw.substr(end + 4);
    if (const std::string cl = out.Header("Content-Length"); !cl.empty() && out.body.size() > std::stoul(cl))
      out.body.resize(std::stoul(cl));
  } catch (const Poco::Exception& e) {
    out.status = 0;
    out.error += "; " + e.displayText();
  }
  return out;
}

}  // namespace e2e
