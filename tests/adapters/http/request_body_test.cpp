// ReadChunkedBody (adapters/http/src/request_body.h) over an in-memory connection: a
// well-formed chunked body decodes and the bytes after it stay unread; a malformed one, or
// one past the limit, is refused without waiting for bytes the client may never send (the
// fake connection has no more, and counts a read past its end).

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "request_body.h"

namespace incidents::testing {
namespace {

using http::ChunkedBody;
using Outcome = http::ChunkedBody::Outcome;

// The connection's bytes; a read past them is what a real server would block on.
struct FakeConnection {
  std::string bytes;
  std::size_t pos = 0;
  bool read_past_end = false;

  http::ReadExactly Reader() {
    return [this](char* dest, std::size_t n) {
      if (bytes.size() - pos < n) {
        read_past_end = true;
        return false;
      }
      bytes.copy(dest, n, pos);
      pos += n;
      return true;
    };
  }
};

ChunkedBody Read(FakeConnection& c, std::size_t limit = 100) { return http::ReadChunkedBody(c.Reader(), limit); }

TEST_CASE("request body: a chunked body decodes, extensions and trailer dropped, the next request left unread") {
  FakeConnection c{"4;name=value\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Checksum: 1\r\n\r\nGET / HTTP/1.1\r\n"};
  const ChunkedBody b = Read(c);
  INFO(b.detail);
  REQUIRE(b.outcome == Outcome::kComplete);
  CHECK(b.body == "{\"a\":1}");
  CHECK(c.bytes.substr(c.pos) == "GET / HTTP/1.1\r\n");
  CHECK_FALSE(c.read_past_end);

  FakeConnection upper{"A\r\n0123456789\r\n0\r\n\r\n"};
  CHECK(Read(upper).body == "0123456789");
  FakeConnection sixteen_digits{"0000000000000002\r\n{}\r\n0\r\n\r\n"};
  CHECK(Read(sixteen_digits).body == "{}");
}

TEST_CASE("request body: a line of the chunked body that does not end with CRLF is refused at once") {
  // RFC 9112 2.2 lets a recipient take a bare LF as a line end, but a front proxy that does
  // not would see another request in the same bytes.
  for (const std::string bytes : {"2\n{}\r\n0\r\n\r\n", "2\r\n{}\n0\r\n\r\n", "2\r\n{}\r\n0\n\r\n",
                                  "2\r\n{}\r\n0\r\n\n", "2\r\n{}\r\n0\r\nX-T: 1\n\r\n", "2\rx\r\n{}\r\n",
                                  "2;a\rb\r\n{}\r\n", "2\r\n{}\rX", "2;\x01\r\n{}\r\n0\r\n\r\n"}) {
    CAPTURE(bytes);
    FakeConnection c{bytes};
    const ChunkedBody b = Read(c);
    CHECK(b.outcome == Outcome::kMalformed);
    CHECK_FALSE(b.detail.empty());
    CHECK_FALSE(c.read_past_end);
  }
}

TEST_CASE("request body: a bad chunk size is refused at once") {
  for (const std::string bytes : {"zz\r\n{}\r\n0\r\n\r\n", "\r\n\r\n", " 2\r\n{}\r\n0\r\n\r\n", "-2\r\n{}\r\n",
                                  "+2\r\n{}\r\n", "0x2\r\n{}\r\n", "2 x\r\n{}\r\n", "2\r\n{}XX", "5\r\n{}\r\n0\r\n\r\n",
                                  // white space between the size and its CRLF or ';'
                                  "2 \r\n{}\r\n0\r\n\r\n", "2\t\r\n{}\r\n0\r\n\r\n", "2 ;x=1\r\n{}\r\n0\r\n\r\n",
                                  // more than 16 hex digits, even when they are zeros
                                  "00000000000000002\r\n{}\r\n0\r\n\r\n", "fffffffffffffffffffffffff\r\n"}) {
    CAPTURE(bytes);
    FakeConnection c{bytes};
    const ChunkedBody b = Read(c);
    CHECK(b.outcome == Outcome::kMalformed);
    CHECK_FALSE(b.detail.empty());
    CHECK_FALSE(c.read_past_end);
  }
}

TEST_CASE("request body: a chunk past the limit is refused before any of it is read") {
  const std::string cases[] = {"65\r\n", "ffffffff\r\n", "ffffffffffffffff\r\n",
                               "32\r\n" + std::string(50, 'x') + "\r\n33\r\n"};
  for (const std::string& bytes : cases) {
    CAPTURE(bytes.substr(0, 12));
    FakeConnection c{bytes};
    const ChunkedBody b = Read(c, 100);
    CHECK(b.outcome == Outcome::kTooLarge);
    CHECK(b.detail == "the request body is larger than 100 bytes");
    CHECK_FALSE(c.read_past_end);
  }
  FakeConnection exact{"64\r\n" + std::string(100, 'x') + "\r\n0\r\n\r\n"};
  CHECK(Read(exact, 100).outcome == Outcome::kComplete);
}

TEST_CASE("request body: over-long size lines and trailers, too many chunks, and an early end, are malformed") {
  FakeConnection long_line{"1;" + std::string(2000, 'e') + "\r\n"};
  CHECK(Read(long_line).outcome == Outcome::kMalformed);
  CHECK_FALSE(long_line.read_past_end);
  FakeConnection long_trailer{"0\r\n" + std::string(9000, 't') + "\r\n\r\n"};
  CHECK(Read(long_trailer).outcome == Outcome::kMalformed);
  CHECK_FALSE(long_trailer.read_past_end);
  std::string tiny;  // one-byte chunks: framing past 64 KiB
  for (int i = 0; i < 20000; ++i) tiny += "1\r\nx\r\n";
  FakeConnection many{tiny + "0\r\n\r\n"};
  const ChunkedBody b = Read(many, 1 << 20);
  CHECK(b.outcome == Outcome::kMalformed);
  CHECK(b.detail == "the chunked body has too many chunks");
  for (const std::string bytes : {"", "2\r\n{", "2\r\n{}", "0\r\n"}) {
    CAPTURE(bytes);
    FakeConnection c{bytes};
    CHECK(Read(c).outcome == Outcome::kMalformed);
  }
}

using http::BodyFraming;
using Kind = http::BodyFraming::Kind;
using Fields = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("request body: framing by one Content-Length or one chunked Transfer-Encoding is taken") {
  CHECK(http::FrameRequestBody({{"Host", "x"}}, false).kind == Kind::kNone);
  const BodyFraming cl = http::FrameRequestBody({{"Host", "x"}, {"content-length", "0042"}}, false);
  CHECK(cl.kind == Kind::kContentLength);
  CHECK(cl.length == 42);
  CHECK(http::FrameRequestBody({{"Content-Length", "18446744073709551615"}}, false).length == 18446744073709551615u);
  CHECK(http::FrameRequestBody({{"Content-Length", "5"}}, true).kind == Kind::kContentLength);  // HTTP/1.0 too
  for (const char* te : {"chunked", "CHUNKED", "Chunked", " chunked", "chunked\t"}) {
    CAPTURE(te);
    CHECK(http::FrameRequestBody({{"Transfer-Encoding", te}}, false).kind == Kind::kChunked);
  }
}

TEST_CASE("request body: ambiguous framing is refused before any of the body is read") {
  const Fields cases[] = {
      {{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}},
      {{"Transfer-Encoding", "chunked"}, {"transfer-encoding", "identity"}},
      {{"Content-Length", "5"}, {"Content-Length", "5"}},
      {{"Content-Length", "5"}, {"CONTENT-LENGTH", "6"}},
      {{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}},
      {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}},
      {{"Transfer-Encoding", "chunked, identity"}},
      {{"Transfer-Encoding", "gzip, chunked"}},
      {{"Transfer-Encoding", "identity"}},
      {{"Transfer-Encoding", ""}},
      {{"Transfer-Encoding", "chunked;q=1"}},
      {{"Content-Length", "+5"}},
      {{"Content-Length", "-5"}},
      {{"Content-Length", "5, 5"}},
      {{"Content-Length", "5,5"}},
      {{"Content-Length", "5 5"}},
      {{"Content-Length", "0x5"}},
      {{"Content-Length", ""}},
      {{"Content-Length", "18446744073709551616"}},      // 2^64
      {{"Content-Length", "99999999999999999999999"}},
      {{"Transfer-Encoding ", "chunked"}},                // white space before the colon
      {{"Content-Length\t", "5"}},
      {{"Host", "x"}, {"X Y", "1"}},
  };
  for (const Fields& fields : cases) {
    std::string shown;
    for (const auto& [name, value] : fields) shown += "[" + name + ": " + value + "]";
    CAPTURE(shown);
    const BodyFraming f = http::FrameRequestBody(fields, false);
    CHECK(f.kind == Kind::kInvalid);
    CHECK_FALSE(f.detail.empty());
  }
  // An HTTP/1.0 request cannot be chunked.
  const BodyFraming old = http::FrameRequestBody({{"Transfer-Encoding", "chunked"}}, true);
  CHECK(old.kind == Kind::kInvalid);
  CHECK(old.detail == "an HTTP/1.0 request cannot have Transfer-Encoding");
}

}  // namespace
}  // namespace incidents::testing
