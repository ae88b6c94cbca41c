#pragma once
// How a request's body is framed (RFC 9112 section 6), judged strictly: a front proxy and
// this server must agree on where each request ends, or the bytes after one are read as a
// request the proxy never saw (request smuggling). Every framing that two readers could take
// differently is refused, never guessed at.
//
// - FrameRequestBody judges the header fields, before any of the body is read.
// - ReadChunkedBody decodes the chunked transfer coding (RFC 9112 section 7.1) within the body
//   limit, so that a malformed or endless body is refused at once instead of being read until
//   the client goes away. Written here rather than left to Poco's HTTPChunkedInputStream
//   (Poco 1.11), which skips any amount of white space before a chunk size and then waits
//   for a chunk of any size up to 4 GiB: a chunk size of "\r\n" or "ffffffff" held a server
//   thread until the connection's timeout.
//
// Pure functions over header fields and a byte source; thread-compatible.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace incidents::http {

// ---------------------------------------------------------------------------------------
// The header fields.

struct BodyFraming {
  enum class Kind { kNone, kContentLength, kChunked, kInvalid };
  Kind kind = Kind::kNone;
  std::uint64_t length = 0;  // kContentLength: the body's length in bytes
  std::string detail;        // kInvalid: why, in English, for a 400 problem (never quotes the input)
};

// The framing that `fields` (every header field of the request as received, in order,
// repeats included; values without their surrounding white space) announce. kInvalid for:
// - a field name that is not a token (white space before the colon: "Transfer-Encoding :");
// - more than one Transfer-Encoding field, or more than one Content-Length field (even with
//   equal values);
// - both Transfer-Encoding and Content-Length;
// - Transfer-Encoding in an HTTP/1.0 request (`http_1_0`), which cannot have it;
// - a Transfer-Encoding other than exactly "chunked" (any case): "gzip, chunked",
//   "chunked, identity" and "identity" included;
// - a Content-Length other than digits ("+5", "5, 5", "5 5", "0x5"), or past 2^64 - 1.
// kChunked or kContentLength otherwise, or kNone when neither field is there.
BodyFraming FrameRequestBody(const std::vector<std::pair<std::string, std::string>>& fields, bool http_1_0);

// ---------------------------------------------------------------------------------------
// The chunked body.

// Reads exactly `n` bytes into `dest`; false when the connection ends, fails or times out
// first. Must not read past those n bytes: the next request on the connection follows the body.
using ReadExactly = std::function<bool(char* dest, std::size_t n)>;

struct ChunkedBody {
  enum class Outcome { kComplete, kTooLarge, kMalformed };
  Outcome outcome = Outcome::kComplete;
  std::string body;    // kComplete: the decoded body
  std::string detail;  // otherwise: why, in English, for the problem document (never quotes the input)
};

// Decodes one chunked body of at most `limit` bytes, strictly:
// - every line (chunk size line, chunk data end, trailer field, last empty line) ends with
//   CRLF; a bare LF or CR is malformed (RFC 9112 2.2 lets a recipient accept a bare LF, but a
//   proxy that does not would frame the request differently);
// - a chunk size is 1 to 16 hex digits, followed at once by CRLF or by ";" and an extension:
//   no sign, no "0x", no white space before the CRLF or the ";", no control characters;
// - a chunk that would take the body past the limit is kTooLarge before any of it is read;
// - the size lines together may take 64 KiB (a body of one-byte chunks is refused rather
//   than read a byte at a time); the trailer section is read, up to 8 KiB, and dropped.
// A read that fails (the connection ended or timed out) is kMalformed; the caller knows
// which it was. After kTooLarge or kMalformed the connection is out of step with the
// client: answer, then close it.
ChunkedBody ReadChunkedBody(const ReadExactly& read, std::size_t limit);

}  // namespace incidents::http
