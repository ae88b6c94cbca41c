// A1 cell references (cell_reference.h).

#include "cell_reference.h"

#include <algorithm>

namespace incidents::tabular {

std::string ColumnName(std::size_t column) {
  std::string name;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) name += static_cast<char>('A' + (n - 1) % 26);
  std::reverse(name.begin(), name.end());
  return name;
}

std::string CellName(std::size_t row, std::size_t column) { return ColumnName(column) + std::to_string(row + 1); }

std::optional<std::size_t> ParseRowNumber(std::string_view text) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  std::size_t number = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<std::size_t>(c - '0');
  }
  if (number < 1 || number > kSheetRows) return std::nullopt;
  return number - 1;
}

std::optional<CellReference> ParseCellReference(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '$') ++i;
  std::size_t column = 0, letters = 0;
  for (; i < text.size() && letters <= 3; ++i, ++letters) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
  }
  if (letters == 0 || letters > 3 || column > kSheetColumns) return std::nullopt;
  if (i < text.size() && text[i] == '$') ++i;
  const auto row = ParseRowNumber(text.substr(i));
  if (!row) return std::nullopt;
  return CellReference{*row, column - 1};
}

}  // namespace incidents::tabular
