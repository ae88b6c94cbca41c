// Excel's rules for worksheet names (sheet_names.h): Excel refuses to open a workbook
// that breaks them, or "repairs" it.

#include "sheet_names.h"

#include <set>

#include "incidents/base/utf8.h"

namespace incidents::tabular {
namespace {

constexpr std::size_t kMaxUtf16Units = 31;

std::string AsciiLower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

void TrimApostrophes(std::string& name) {
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && name.back() == '\'') name.pop_back();
}

// The longest prefix of `text` of at most `units` UTF-16 code units (Excel counts those).
std::string Truncate(const std::string& text, std::size_t units) {
  std::size_t pos = 0, used = 0;
  while (pos < text.size()) {
    std::size_t next = pos;
    const char32_t cp = base::utf8::Decode(text, next);
    const std::size_t width = cp != base::utf8::kInvalid && cp > 0xFFFF ? 2 : 1;
    if (used + width > units) break;
    used += width;
    pos = next;
  }
  return text.substr(0, pos);
}

// `wanted` with forbidden characters replaced, no apostrophe at either end, short enough.
std::string Clean(const std::string& wanted) {
  std::string name;
  for (std::size_t pos = 0; pos < wanted.size();) {
    const char32_t cp = base::utf8::Decode(wanted, pos);
    const bool forbidden = cp == base::utf8::kInvalid || cp < 0x20 || cp == 0x7F || cp == ':' || cp == '\\' ||
                           cp == '/' || cp == '?' || cp == '*' || cp == '[' || cp == ']';
    base::utf8::Append(name, forbidden ? U'_' : cp);
  }
  TrimApostrophes(name);
  name = Truncate(name, kMaxUtf16Units);
  TrimApostrophes(name);
  return name;
}

}  // namespace

std::vector<std::string> SheetNames(const std::vector<std::string>& wanted) {
  std::vector<std::string> names;
  std::set<std::string> taken;  // ASCII-lowercased
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    std::string base = Clean(wanted[i]);
    if (base.empty()) base = "Sheet" + std::to_string(i + 1);
    if (AsciiLower(base) == "history") base += "_";  // reserved by Excel for change tracking
    std::string name = base;
    for (int n = 2; taken.count(AsciiLower(name)) != 0; ++n) {
      const std::string suffix = " (" + std::to_string(n) + ")";
      name = Truncate(base, kMaxUtf16Units - suffix.size()) + suffix;
    }
    taken.insert(AsciiLower(name));
    names.push_back(name);
  }
  return names;
}

}  // namespace incidents::tabular
