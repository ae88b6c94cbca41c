// Text in SpreadsheetML parts (ooxml_text.h).

#include "ooxml_text.h"

#include <cstdio>

#include "incidents/base/utf8.h"

namespace incidents::tabular {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code point of the _xHHHH_ sequence at text[pos], or -1.
long EscapeAt(std::string_view text, std::size_t pos) {
  if (text.size() - pos < 7 || text.compare(pos, 2, "_x") != 0 || text[pos + 6] != '_') return -1;
  long value = 0;
  for (std::size_t i = pos + 2; i < pos + 6; ++i) {
    const int digit = HexValue(text[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

void AppendEscape(std::string& out, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "_x%04X_", value);
  out += buffer;
}

}  // namespace

std::string EscapeXstringUnderscores(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_' && EscapeAt(text, i) >= 0) AppendEscape(out, '_');
    else out += text[i];
  }
  return out;
}

std::string DecodeXstring(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const long value = EscapeAt(text, i);
    if (value < 0 || (value >= 0xD800 && value <= 0xDFFF)) {
      out += text[i++];
      continue;
    }
    base::utf8::Append(out, static_cast<char32_t>(value));
    i += 7;
  }
  return out;
}

}  // namespace incidents::tabular
