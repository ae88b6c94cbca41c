#include "text_search.h"

#include <map>

#include "incidents/base/utf8.h"

namespace incidents::http {

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
      for (std::size_t pos = 0; pos < letters.size();) m[base::utf8::Decode(letters, pos)] = base;
    return m;
  }();
  return folds;
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto& folds = Folds();
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t cp = base::utf8::Decode(text, pos);
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else if (auto it = folds.find(cp); it != folds.end()) {
      out += it->second;
    } else {
      out.append(text.substr(start, pos - start));  // kept as it is (also a malformed byte)
    }
  }
  return out;
}

bool MatchesQuery(const std::string& folded_query, std::initializer_list<std::string_view> fields) {
  if (folded_query.empty()) return true;
  for (std::string_view f : fields)
    if (FoldForSearch(f).find(folded_query) != std::string::npos) return true;
  return false;
}

}  // namespace incidents::http
