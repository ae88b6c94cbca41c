#pragma once
// A small HTTP client for the black-box tests: one Poco HTTPClientSession (keep-alive) to
// 127.0.0.1:PORT. Not thread-safe: one Client per thread.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace e2e {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
  int status = 0;  // 0: no response (transport error; see `error`)
  std::string reason;
  Headers headers;
  std::string body;
  std::string error;

  // First header of that name (case-insensitive), or "".
  std::string Header(const std::string& name) const;
  std::vector<std::string> AllHeaders(const std::string& name) const;
  bool HasHeader(const std::string& name) const;
  std::string ContentType() const { return Header("Content-Type"); }
  // The body parsed as JSON; REQUIREs that it parses (and, for Object(), is an object).
  Poco::Dynamic::Var Json() const;
  Poco::JSON::Object::Ptr Object() const;
  // One-line summary for INFO().
  std::string Describe() const;
};

class Client {
 public:
  explicit Client(int port);

  Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                const Headers& headers = {}, const std::string& content_type = "application/json",
                bool chunked = false);
  Response Get(const std::string& path, const std::string& token = "");
  Response Post(const std::string& path, const std::string& body, const std::string& token = "",
                const std::string& idempotency_key = "");
  Response Delete(const std::string& path, const std::string& token = "");

  // POST /api/v1/sessions; REQUIREs 201 and returns the token.
  std::string Login(const std::string& username, const std::string& password = "demo");
  Response LoginResponse(const std::string& username, const std::string& password = "demo", bool cookie = false);

  int port() const { return port_; }
  void SetTimeout(std::chrono::milliseconds t);

 private:
  int port_;
  Poco::Net::HTTPClientSession session_;
};

// Writes `head` (request line and headers, ending with an empty line) and then as much of
// `body` (raw bytes, already chunk-encoded if the head says so) as the server accepts, on a
// fresh connection; stops writing at the first error and reads whatever answer arrives.
// For answers a server gives before it has read the whole request (413).
Response SendRaw(int port, const std::string& head, const std::string& body);

// `data` as one chunk plus the last chunk of a chunked body.
std::string ChunkEncode(const std::string& data, std::size_t chunk_size = 64 * 1024);

}  // namespace e2e
