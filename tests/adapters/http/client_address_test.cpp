// The client's address behind a front (client_address.h): X-Forwarded-For counts only on a
// connection from a trusted proxy, and only its last element.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "client_address.h"
#include "incidents/http/http_settings.h"

namespace incidents::http {
namespace {

TEST_CASE("client address: X-Forwarded-For counts only from a trusted proxy, its last element only") {
  const std::vector<std::string> trusted = {"127.0.0.1", "::1"};
  CHECK(ClientAddress("127.0.0.1", "203.0.113.7", trusted) == "203.0.113.7");
  CHECK(ClientAddress("::1", "2001:db8::5", trusted) == "2001:db8::5");
  // What the client wrote before the front's own element proves nothing.
  CHECK(ClientAddress("127.0.0.1", "10.9.9.9, 203.0.113.7", trusted) == "203.0.113.7");
  // From anyone else the header is ignored: a client cannot pick its throttle bucket.
  CHECK(ClientAddress("198.51.100.2", "203.0.113.7", trusted) == "198.51.100.2");
  CHECK(ClientAddress("198.51.100.2", "203.0.113.7", {}) == "198.51.100.2");
  // Without the header, or with something that is no address, the peer.
  CHECK(ClientAddress("127.0.0.1", "", trusted) == "127.0.0.1");
  CHECK(ClientAddress("127.0.0.1", "203.0.113.7, unknown", trusted) == "127.0.0.1");
  CHECK(ClientAddress("127.0.0.1", "x\r\nSet-Cookie: a", trusted) == "127.0.0.1");
  CHECK(ClientAddress("127.0.0.1", std::string(46, '1'), trusted) == "127.0.0.1");
}

TEST_CASE("client address: http.trusted_proxies lists addresses and refuses anything else, naming the key") {
  std::vector<std::string> out;
  std::string error;
  REQUIRE(ParseTrustedProxies(" 127.0.0.1 , ::1", &out, &error));
  CHECK(out == std::vector<std::string>{"127.0.0.1", "::1"});
  REQUIRE(ParseTrustedProxies("", &out, &error));
  CHECK(out.empty());
  CHECK_FALSE(ParseTrustedProxies("127.0.0.1,,::1", &out, &error));
  CHECK_FALSE(ParseTrustedProxies("front.example.vn", &out, &error));
  CHECK(error.find("front.example.vn") != std::string::npos);

  auto ok = ParseHttpSettings(engine::JsonValue::Object{{"trusted_proxies", "127.0.0.1"}}, engine::JsonValue::Object{});
  REQUIRE(ok.ok());
  CHECK(ok->trusted_proxies == std::vector<std::string>{"127.0.0.1"});
  CHECK(ParseHttpSettings(engine::JsonValue::Object{}, engine::JsonValue::Object{})->trusted_proxies.empty());
  auto bad = ParseHttpSettings(engine::JsonValue::Object{{"trusted_proxies", "localhost"}}, engine::JsonValue::Object{});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("http.trusted_proxies") != std::string::npos);
}

}  // namespace
}  // namespace incidents::http
