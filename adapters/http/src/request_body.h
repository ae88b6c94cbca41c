#pragma once
// The chunked transfer coding (RFC 9112 section 7.1) of a request's body, decoded within the
// body limit so that a malformed or endless body is refused at once instead of being read
// until the client goes away.
//
// Written here rather than left to Poco's HTTPChunkedInputStream (Poco 1.11), which skips
// any amount of white space before a chunk size and then waits for a chunk of any size up
// to 4 GiB: a chunk size of "\r\n" or "ffffffff" held a server thread until the
// connection's timeout. Here a size line is hex digits, an optional ";extension" and CRLF
// (a bare LF is accepted, RFC 9112 2.2); a chunk that would take the body past the limit is
// refused before any of it is read; the size lines together may take 64 KiB (a body of
// one-byte chunks is refused rather than read a byte at a time); the trailer section is
// read and dropped.
//
// Pure functions over a byte source; thread-compatible.

#include <cstddef>
#include <functional>
#include <string>

namespace incidents::http {

// Reads exactly `n` bytes into `dest`; false when the connection ends or fails first. Must
// not read past those n bytes: the next request on the connection follows the body.
using ReadExactly = std::function<bool(char* dest, std::size_t n)>;

struct ChunkedBody {
  enum class Outcome { kComplete, kTooLarge, kMalformed };
  Outcome outcome = Outcome::kComplete;
  std::string body;    // kComplete: the decoded body
  std::string detail;  // otherwise: why, in English, for the problem document (never quotes the input)
};

// Decodes one chunked body of at most `limit` bytes. After kTooLarge or kMalformed the
// connection is out of step with the client: answer, then close it.
ChunkedBody ReadChunkedBody(const ReadExactly& read, std::size_t limit);

}  // namespace incidents::http
