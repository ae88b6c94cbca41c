#include "mail_headers.h"

#include <algorithm>

#include "incidents/base/utf8.h"

namespace incidents::notifications::mail {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
// Longest encoded text inside one word: "=?UTF-8?Q?" + 52 + "?=" = 64 characters.
constexpr std::size_t kMaxEncodedText = 52;

bool IsAlnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Characters that may stand for themselves inside a "Q" word in any header position
// (RFC 2047 section 5 rule 3: the phrase rules are the strictest).
bool IsQLiteral(unsigned char c) { return IsAlnum(c) || c == '!' || c == '*' || c == '+' || c == '-' || c == '/'; }

// RFC 5322 "specials" that force a display name to be quoted.
bool IsSpecial(char c) { return std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos; }

void AppendQ(std::string& out, std::string_view bytes) {
  for (unsigned char c : bytes) {
    if (c == ' ') {
      out.push_back('_');
    } else if (IsQLiteral(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('=');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
}

std::size_t QLength(std::string_view bytes) {
  std::size_t n = 0;
  for (unsigned char c : bytes) n += (c == ' ' || IsQLiteral(c)) ? 1 : 3;
  return n;
}

}  // namespace

std::string EncodeHeaderText(std::string_view text, bool phrase) {
  const bool plain = text.size() <= 900 && text.find("=?") == std::string_view::npos &&
                     std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
  // A display name with '<' or '>' is encoded even when ASCII: Poco finds the address of
  // the sender by the first '<'.
  const bool angle = phrase && text.find_first_of("<>") != std::string_view::npos;
  if (plain && !angle) {
    if (!phrase || std::none_of(text.begin(), text.end(), IsSpecial)) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') quoted.push_back('\\');
      quoted.push_back(c);
    }
    return quoted + "\"";
  }
  std::string out;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?Q?" + word + "?=";
    word.clear();
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t cp = base::utf8::Decode(text, pos);
    std::string_view bytes = text.substr(start, pos - start);
    std::string replacement;
    if (cp == base::utf8::kInvalid || cp < 0x20 || cp == 0x7F) {
      replacement = cp == '\t' || cp == '\n' || cp == '\r' ? " " : "\xEF\xBF\xBD";  // U+FFFD
      bytes = replacement;
    }
    if (word.size() + QLength(bytes) > kMaxEncodedText) flush();
    AppendQ(word, bytes);
  }
  flush();
  return out;
}

std::optional<Mailbox> ParseMailbox(std::string_view text) {
  const auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  Mailbox box;
  const auto open = text.rfind('<');
  if (open == std::string_view::npos) {
    box.address = std::string(text);
  } else {
    if (text.back() != '>') return std::nullopt;
    box.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    box.display_name = std::string(name);
  }
  if (!IsPlainAddress(box.address) || !base::utf8::IsValid(box.display_name)) return std::nullopt;
  return box;
}

std::string FormatMailbox(const Mailbox& mailbox) {
  if (mailbox.display_name.empty()) return "<" + mailbox.address + ">";
  return EncodeHeaderText(mailbox.display_name, true) + " <" + mailbox.address + ">";
}

bool IsPlainAddress(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  return std::all_of(address.begin(), address.end(), [](char c) {
    return c > 0x20 && c < 0x7F && std::string_view("<>()[]\\,;:\"").find(c) == std::string_view::npos;
  });
}

std::string MsgIdLocalPart(std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    const bool dot_ok = c == '.' && i > 0 && i + 1 < key.size() && key[i - 1] != '.';
    if (IsAlnum(c) || c == '-' || c == '_' || c == '+' || c == '/' || dot_ok) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('=');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string OneLineHeader(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace incidents::notifications::mail
