#include "incidents/base/text_fold.h"

#include <map>

#include "incidents/base/utf8.h"

namespace incidents::base {

namespace {

// Each Vietnamese letter, lower and upper case, with its base letter.
const std::map<char32_t, char>& Folds() {
  static const std::map<char32_t, char> folds = [] {
    const std::pair<char, std::string_view> groups[] = {
        {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
        {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
        {'i', "ìíỉĩịÌÍỈĨỊ"},
        {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
        {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
        {'y', "ỳýỷỹỵỲÝỶỸỴ"},
        {'d', "đĐ"},
    };
    std::map<char32_t, char> m;
    for (const auto& [base, letters] : groups)
      for (std::size_t pos = 0; pos < letters.size();) m[utf8::Decode(letters, pos)] = base;
    return m;
  }();
  return folds;
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp == utf8::kInvalid) return false;
  if (cp <= 0xBF) return false;                   // Latin-1 spaces and punctuation (and C1 controls)
  if (cp == 0xD7 || cp == 0xF7) return false;     // × ÷
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation: dashes, quotes, spaces
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK spaces and punctuation
  if (cp == 0xFEFF) return false;                  // byte order mark
  return true;
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto& folds = Folds();
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t cp = utf8::Decode(text, pos);
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else if (auto it = folds.find(cp); it != folds.end()) {
      out += it->second;
    } else if (cp >= 0x300 && cp <= 0x36F) {
      // A combining mark (some keyboards type "e" + U+0302 + U+0301 for "ế"): dropped, so
      // that decomposed text folds like the precomposed letters.
    } else {
      out.append(text.substr(start, pos - start));  // kept as it is (also a malformed byte)
    }
  }
  return out;
}

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t cp = utf8::Decode(text, pos);
    if (IsWordChar(cp)) {
      word.append(text.substr(start, pos - start));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace incidents::base
