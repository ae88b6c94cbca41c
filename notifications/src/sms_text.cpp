#include "incidents/notifications/sms_text.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "incidents/base/utf8.h"

namespace incidents::notifications {
namespace {

// Letters that fold to an ASCII replacement. Each row lists precomposed characters.
struct FoldRow {
  std::string_view ascii;
  std::string_view letters;
};

constexpr FoldRow kVietnamese[] = {
    // a ă â with every tone (none, huyền, sắc, hỏi, ngã, nặng)
    {"a", "àáảãạăằắẳẵặâầấẩẫậ"},
    {"A", "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {"e", "èéẻẽẹêềếểễệ"},
    {"E", "ÈÉẺẼẸÊỀẾỂỄỆ"},
    {"i", "ìíỉĩị"},
    {"I", "ÌÍỈĨỊ"},
    {"o", "òóỏõọôồốổỗộơờớởỡợ"},
    {"O", "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {"u", "ùúủũụưừứửữự"},
    {"U", "ÙÚỦŨỤƯỪỨỬỮỰ"},
    {"y", "ỳýỷỹỵ"},
    {"Y", "ỲÝỶỸỴ"},
    {"d", "đ"},
    {"D", "Đ"},
};

// Other Latin letters seen in names and addresses.
constexpr FoldRow kOtherLatin[] = {
    {"a", "äåāą"}, {"A", "ÄÅĀĄ"}, {"c", "çćč"},  {"C", "ÇĆČ"}, {"e", "ëēęě"}, {"E", "ËĒĘĚ"},
    {"i", "îïī"},  {"I", "ÎÏĪ"},  {"n", "ñńň"},  {"N", "ÑŃŇ"}, {"o", "öøōő"}, {"O", "ÖØŌŐ"},
    {"u", "ûüūůű"}, {"U", "ÛÜŪŮŰ"}, {"y", "ÿ"},    {"s", "śšş"}, {"S", "ŚŠŞ"}, {"z", "źżž"},
    {"Z", "ŹŻŽ"},  {"r", "ř"},    {"R", "Ř"},    {"l", "ł"},   {"L", "Ł"},   {"t", "ť"},
    {"T", "Ť"},    {"g", "ğ"},    {"G", "Ğ"},    {"ss", "ß"},  {"ae", "æ"},  {"AE", "Æ"},
    {"oe", "œ"},   {"OE", "Œ"},
};

// Typographic punctuation and symbols.
constexpr FoldRow kPunctuation[] = {
    {"\"", "“”„‟«»″"},
    {"'", "‘’‚‛′‹›`"},
    {"-", "‐‑‒–—―−•"},
    {"...", "…"},
    {" ", "\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000"},
    {"", "\u200B\u200C\u200D\u2060\uFEFF"},
    {"EUR", "€"},
    {" ", "\t"},
};

const std::unordered_map<char32_t, std::string_view>& FoldTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<char32_t, std::string_view>();
    const auto add = [t](const FoldRow& row) {
      std::size_t pos = 0;
      while (pos < row.letters.size()) t->emplace(base::utf8::Decode(row.letters, pos), row.ascii);
    };
    for (const auto& row : kVietnamese) add(row);
    for (const auto& row : kOtherLatin) add(row);
    for (const auto& row : kPunctuation) add(row);
    return t;
  }();
  return *table;
}

// The non-ASCII characters of the GSM-7 basic table (3GPP TS 23.038, 6.2.1).
constexpr std::u32string_view kGsm7BasicNonAscii =
    U"£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
// The extension table (one escape septet plus one): form feed ^ { } \ [ ~ ] | €.
constexpr std::u32string_view kGsm7Extension = U"\f^{}\\[~]|€";

bool IsGsm7Basic(char32_t cp) {
  if (cp == '\n' || cp == '\r') return true;
  if (cp >= 0x20 && cp < 0x7F) return kGsm7Extension.find(cp) == std::u32string_view::npos && cp != '`';
  return kGsm7BasicNonAscii.find(cp) != std::u32string_view::npos;
}

bool IsGsm7Extension(char32_t cp) { return kGsm7Extension.find(cp) != std::u32string_view::npos; }

bool IsCombiningMark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

// The cost of each character of `text` in septets (GSM-7) or UTF-16 code units (UCS-2).
std::vector<int> Costs(std::string_view text, bool unicode) {
  std::vector<int> costs;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = base::utf8::Decode(text, pos);
    if (unicode) {
      costs.push_back(cp != base::utf8::kInvalid && cp > 0xFFFF ? 2 : 1);
    } else {
      costs.push_back(IsGsm7Extension(cp) ? 2 : 1);
    }
  }
  return costs;
}

int Segments(const std::vector<int>& costs, bool unicode) {
  const int single = unicode ? 70 : 160;
  const int part = unicode ? 67 : 153;
  int total = 0;
  for (int c : costs) total += c;
  if (total <= single) return 1;
  int parts = 1;
  int used = 0;
  for (int c : costs) {
    if (used + c > part) {
      ++parts;
      used = 0;
    }
    used += c;
  }
  return parts;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// `prefix` without trailing spaces and , ; : (the ellipsis follows it).
std::string_view TrimForEllipsis(std::string_view prefix) {
  while (!prefix.empty() && (IsSpace(prefix.back()) || prefix.back() == ',' || prefix.back() == ';' ||
                             prefix.back() == ':')) {
    prefix.remove_suffix(1);
  }
  return prefix;
}

// The largest index i such that fits(candidates[i]); -1 if none. `fits` is monotone:
// true up to some index, false after it.
template <typename Fits>
int LastFitting(const std::vector<std::size_t>& candidates, Fits fits) {
  int lo = 0;
  int hi = static_cast<int>(candidates.size()) - 1;
  int best = -1;
  while (lo <= hi) {
    const int mid = lo + (hi - lo) / 2;
    if (fits(candidates[mid])) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

}  // namespace

std::string FoldToGsm7(std::string_view utf8_text) {
  const auto& table = FoldTable();
  std::string out;
  out.reserve(utf8_text.size());
  std::size_t pos = 0;
  while (pos < utf8_text.size()) {
    const char32_t cp = base::utf8::Decode(utf8_text, pos);
    if (cp == '\r') {
      out.push_back('\n');
      if (pos < utf8_text.size() && utf8_text[pos] == '\n') ++pos;
      continue;
    }
    if (cp == '\n' || (cp >= 0x20 && cp < 0x7F && cp != '`')) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    if (IsCombiningMark(cp)) continue;  // decomposed (NFD) diacritics
    if (const auto it = table.find(cp); it != table.end()) {
      out.append(it->second);
      continue;
    }
    out.push_back('?');
  }
  return out;
}

bool IsGsm7(std::string_view utf8_text) {
  std::size_t pos = 0;
  while (pos < utf8_text.size()) {
    const char32_t cp = base::utf8::Decode(utf8_text, pos);
    if (!IsGsm7Basic(cp) && !IsGsm7Extension(cp)) return false;
  }
  return true;
}

int CountSegments(std::string_view text, bool unicode) { return Segments(Costs(text, unicode), unicode); }

std::string ShortenToSegments(std::string_view text, int max_segments, bool unicode) {
  max_segments = std::max(max_segments, 1);
  if (CountSegments(text, unicode) <= max_segments) return std::string(text);
  const std::string_view ellipsis = unicode ? "…" : "...";
  const auto candidate = [&](std::size_t cut) {
    std::string s(TrimForEllipsis(text.substr(0, cut)));
    s.append(ellipsis);
    return s;
  };
  const auto fits = [&](std::size_t cut) { return CountSegments(candidate(cut), unicode) <= max_segments; };

  // Word ends: a non-space character followed by a space.
  std::vector<std::size_t> word_ends;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (IsSpace(text[i]) && !IsSpace(text[i - 1])) word_ends.push_back(i);
  }
  if (const int best = LastFitting(word_ends, fits); best >= 0) {
    // A cut whose trimmed prefix is empty (the text starts with spaces) is no better
    // than a cut inside the first word.
    if (!TrimForEllipsis(text.substr(0, word_ends[best])).empty()) return candidate(word_ends[best]);
  }

  // The first word alone is too long: cut inside it, at a character boundary.
  std::vector<std::size_t> char_ends;
  std::size_t pos = 0;
  while (pos < text.size()) {
    base::utf8::Decode(text, pos);
    char_ends.push_back(pos);
  }
  const int best = LastFitting(char_ends, fits);
  return best >= 0 ? candidate(char_ends[best]) : std::string(ellipsis);
}

}  // namespace incidents::notifications
