#include "incidents/notifications/legal_basis.h"

#include <optional>

namespace incidents::notifications {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// "17", "17.1", "13.2b" -> "Điều 17", "khoản 1 Điều 17", "điểm b khoản 2 Điều 13".
std::optional<std::string> CiteVi(std::string_view ref) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < ref.size() && IsDigit(ref[i])) ++i;
    return ref.substr(start, i - start);
  };
  const std::string_view article = digits();
  if (article.empty()) return std::nullopt;
  std::string_view clause;
  std::string_view point;
  if (i < ref.size() && ref[i] == '.') {
    ++i;
    clause = digits();
    if (clause.empty()) return std::nullopt;
    if (i < ref.size() && ref[i] >= 'a' && ref[i] <= 'z') point = ref.substr(i++, 1);
  }
  if (i != ref.size()) return std::nullopt;
  std::string out;
  if (!point.empty()) out.append("điểm ").append(point).append(" ");
  if (!clause.empty()) out.append("khoản ").append(clause).append(" ");
  out.append("Điều ").append(article);
  return out;
}

}  // namespace

std::string LegalBasisText(std::string_view basis, std::string_view locale) {
  if (locale != "vi") return std::string(basis);
  std::string_view rest = Trim(basis);
  if (rest.substr(0, 4) != "Art.") return std::string(basis);
  rest.remove_prefix(4);
  std::string out;
  while (true) {
    const auto comma = rest.find(',');
    const auto cited = CiteVi(Trim(rest.substr(0, comma)));
    if (!cited) return std::string(basis);
    if (!out.empty()) out += ", ";
    out += *cited;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace incidents::notifications
