#include "request_body.h"

#include <limits>
#include <optional>
#include <string_view>

namespace incidents::http {

namespace {

constexpr std::size_t kMaxSizeLine = 1024;      // hex digits and chunk extensions
constexpr std::size_t kMaxSizeDigits = 16;      // 64 bits; more is refused, not read as a number
constexpr std::size_t kMaxTrailer = 8 * 1024;   // all trailer fields together
// All the size lines and chunk ends together. Each costs a few one-byte reads of the
// connection (~1 us each): without a bound, a 1 MiB body sent as one-byte chunks kept a
// thread busy for seconds. 64 KiB is some 10000 chunks, far more than a client sends.
constexpr std::size_t kMaxFraming = 64 * 1024;

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }
bool IsControl(char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; }

// tchar of RFC 9110 5.6.2: the characters of a field name.
bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsTokenChar(c)) return false;
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] | 0x20) : a[i];
    const char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] | 0x20) : b[i];
    if (x != y) return false;
  }
  return true;
}

// Without the optional white space (SP, HTAB) around a field value.
std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

BodyFraming InvalidFraming(std::string detail) {
  BodyFraming out;
  out.kind = BodyFraming::Kind::kInvalid;
  out.detail = std::move(detail);
  return out;
}

enum class LineResult { kOk, kTooLong, kEnded, kBareLf, kBareCr };

// One line of at most `max` bytes, without its CRLF. A LF without CR before it, or a CR
// without LF after it, ends the line as kBareLf or kBareCr.
LineResult ReadLine(const ReadExactly& read, std::size_t max, std::string& line) {
  line.clear();
  char c = 0;
  while (true) {
    if (!read(&c, 1)) return LineResult::kEnded;
    if (c == '\r') {
      if (!read(&c, 1)) return LineResult::kEnded;
      return c == '\n' ? LineResult::kOk : LineResult::kBareCr;
    }
    if (c == '\n') return LineResult::kBareLf;
    if (line.size() >= max) return LineResult::kTooLong;
    line.push_back(c);
  }
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

// The problem of a line that did not read as one, or nothing.
std::optional<ChunkedBody> LineProblem(LineResult result, const char* too_long, const char* ended) {
  switch (result) {
    case LineResult::kOk: return std::nullopt;
    case LineResult::kTooLong: return Malformed(too_long);
    case LineResult::kEnded: return Malformed(ended);
    case LineResult::kBareLf: return Malformed("a line of the chunked body ends with a bare LF, not CRLF");
    case LineResult::kBareCr: return Malformed("a line of the chunked body holds a bare CR");
  }
  return std::nullopt;
}

}  // namespace

BodyFraming FrameRequestBody(const std::vector<std::pair<std::string, std::string>>& fields, bool http_1_0) {
  const std::string* transfer_encoding = nullptr;
  const std::string* content_length = nullptr;
  int transfer_encodings = 0;
  int content_lengths = 0;
  for (const auto& [name, value] : fields) {
    if (!IsToken(name)) return InvalidFraming("a header field name is not a token (white space before the colon?)");
    if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
      ++transfer_encodings;
      transfer_encoding = &value;
    } else if (EqualsIgnoringCase(name, "Content-Length")) {
      ++content_lengths;
      content_length = &value;
    }
  }
  if (transfer_encodings > 1) return InvalidFraming("the request has more than one Transfer-Encoding header");
  if (content_lengths > 1) return InvalidFraming("the request has more than one Content-Length header");
  if (transfer_encoding && content_length)
    return InvalidFraming("the request has both Transfer-Encoding and Content-Length");
  BodyFraming out;
  if (transfer_encoding) {
    if (http_1_0) return InvalidFraming("an HTTP/1.0 request cannot have Transfer-Encoding");
    if (!EqualsIgnoringCase(Trimmed(*transfer_encoding), "chunked"))
      return InvalidFraming("the only Transfer-Encoding accepted is chunked");
    out.kind = BodyFraming::Kind::kChunked;
    return out;
  }
  if (content_length) {
    const std::string_view digits = Trimmed(*content_length);
    if (digits.empty()) return InvalidFraming("Content-Length must be a number of bytes");
    std::uint64_t length = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return InvalidFraming("Content-Length must be a number of bytes");
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (length > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
        return InvalidFraming("Content-Length is too large a number");
      length = length * 10 + digit;
    }
    out.kind = BodyFraming::Kind::kContentLength;
    out.length = length;
  }
  return out;
}

ChunkedBody ReadChunkedBody(const ReadExactly& read, std::size_t limit) {
  ChunkedBody out;
  std::string line;
  std::size_t framing = 0;
  while (true) {
    if (auto problem = LineProblem(ReadLine(read, kMaxSizeLine, line),
                                   "a chunk size line of the chunked body is too long",
                                   "the chunked body ended before its last chunk"))
      return *problem;
    framing += line.size() + 4;  // the line, its CRLF and the chunk's
    if (framing > kMaxFraming) return Malformed("the chunked body has too many chunks");
    // chunk-size [ ";" chunk-ext ]: 1 to 16 hex digits, then nothing or an extension.
    std::size_t i = 0;
    std::uint64_t size = 0;
    for (; i < line.size() && IsHex(line[i]); ++i) {
      if (i == kMaxSizeDigits) return Malformed("a chunk size of the chunked body has more than 16 hex digits");
      size = size * 16 + static_cast<std::uint64_t>(HexValue(line[i]));
    }
    if (i == 0) return Malformed("a chunk size of the chunked body is not a hexadecimal number");
    if (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      return Malformed("a chunk size of the chunked body is followed by white space");
    if (i < line.size() && line[i] != ';')
      return Malformed("a chunk size of the chunked body is not a hexadecimal number");
    for (; i < line.size(); ++i)
      if (IsControl(line[i])) return Malformed("a chunk extension of the chunked body holds a control character");
    if (size > limit - out.body.size()) return TooLarge(limit);

    if (size == 0) {  // the last chunk: the trailer section, up to an empty line
      std::size_t trailer = 0;
      while (true) {
        if (auto problem = LineProblem(ReadLine(read, kMaxTrailer, line), "the trailer of the chunked body is too long",
                                       "the chunked body ended inside its trailer"))
          return *problem;
        if (line.empty()) return out;
        trailer += line.size() + 2;
        if (trailer > kMaxTrailer) return Malformed("the trailer of the chunked body is too long");
      }
    }
    const std::size_t at = out.body.size();
    out.body.resize(at + static_cast<std::size_t>(size));
    if (!read(out.body.data() + at, static_cast<std::size_t>(size)))
      return Malformed("the chunked body ended inside a chunk");
    // The chunk's data ends with CRLF, read a byte at a time: a wrong first byte is refused
    // without waiting for a second one.
    char c = 0;
    if (!read(&c, 1)) return Malformed("the chunked body ended inside a chunk");
    if (c == '\n') return Malformed("a chunk of the chunked body ends with a bare LF, not CRLF");
    if (c != '\r') return Malformed("a chunk of the chunked body is longer than its size says");
    if (!read(&c, 1)) return Malformed("the chunked body ended inside a chunk");
    if (c != '\n') return Malformed("a chunk of the chunked body holds a bare CR");
  }
}

}  // namespace incidents::http
