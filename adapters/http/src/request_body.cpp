#include "request_body.h"

namespace incidents::http {

namespace {

constexpr std::size_t kMaxSizeLine = 1024;      // hex digits and chunk extensions
constexpr std::size_t kMaxTrailer = 8 * 1024;   // all trailer fields together
// All the size lines and chunk ends together. Each costs a few one-byte reads of the
// connection (~1 us each): without a bound, a 1 MiB body sent as one-byte chunks kept a
// thread busy for seconds. 64 KiB is some 10000 chunks, far more than a client sends.
constexpr std::size_t kMaxFraming = 64 * 1024;

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

enum class LineResult { kOk, kTooLong, kEnded };

// One line without its CRLF (or bare LF), of at most `max` bytes.
LineResult ReadLine(const ReadExactly& read, std::size_t max, std::string& line) {
  line.clear();
  char c = 0;
  while (true) {
    if (!read(&c, 1)) return LineResult::kEnded;
    if (c == '\n') break;
    if (line.size() >= max) return LineResult::kTooLong;
    line.push_back(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return LineResult::kOk;
}

ChunkedBody Malformed(std::string detail) {
  ChunkedBody out;
  out.outcome = ChunkedBody::Outcome::kMalformed;
  out.detail = std::move(detail);
  return out;
}

ChunkedBody TooLarge(std::size_t limit) {
  ChunkedBody out;
  out.outcome = ChunkedBody::Outcome::kTooLarge;
  out.detail = "the request body is larger than " + std::to_string(limit) + " bytes";
  return out;
}

}  // namespace

ChunkedBody ReadChunkedBody(const ReadExactly& read, std::size_t limit) {
  ChunkedBody out;
  std::string line;
  std::size_t framing = 0;
  while (true) {
    switch (ReadLine(read, kMaxSizeLine, line)) {
      case LineResult::kOk: break;
      case LineResult::kTooLong: return Malformed("a chunk size line of the chunked body is too long");
      case LineResult::kEnded: return Malformed("the chunked body ended before its last chunk");
    }
    framing += line.size() + 4;  // the line, its CRLF and the chunk's
    if (framing > kMaxFraming) return Malformed("the chunked body has too many chunks");
    // chunk-size [ BWS ";" chunk-ext ]: at least one hex digit, nothing else but an extension.
    std::size_t i = 0;
    std::size_t size = 0;
    bool over = false;
    for (; i < line.size() && IsHex(line[i]); ++i) {
      if (!over) size = size * 16 + static_cast<std::size_t>(HexValue(line[i]));
      if (size > limit) over = true;
    }
    const bool has_digits = i > 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (!has_digits || (i < line.size() && line[i] != ';'))
      return Malformed("a chunk size of the chunked body is not a hexadecimal number");
    if (over || size > limit - out.body.size()) return TooLarge(limit);

    if (size == 0) {  // the last chunk: the trailer section, up to an empty line
      std::size_t trailer = 0;
      while (true) {
        switch (ReadLine(read, kMaxTrailer, line)) {
          case LineResult::kOk: break;
          case LineResult::kTooLong: return Malformed("the trailer of the chunked body is too long");
          case LineResult::kEnded: return Malformed("the chunked body ended inside its trailer");
        }
        if (line.empty()) return out;
        trailer += line.size() + 2;
        if (trailer > kMaxTrailer) return Malformed("the trailer of the chunked body is too long");
      }
    }
    const std::size_t at = out.body.size();
    out.body.resize(at + size);
    if (!read(out.body.data() + at, size)) return Malformed("the chunked body ended inside a chunk");
    // The chunk's data ends with CRLF (or a bare LF).
    char c = 0;
    if (!read(&c, 1)) return Malformed("the chunked body ended inside a chunk");
    if (c == '\r' && !read(&c, 1)) return Malformed("the chunked body ended inside a chunk");
    if (c != '\n') return Malformed("a chunk of the chunked body is longer than its size says");
  }
}

}  // namespace incidents::http
