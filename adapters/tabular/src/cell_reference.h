#pragma once
// A1 cell references of a worksheet (private to the library): "C5" is the cell of
// column 2 and row 4, counting from zero. Pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace incidents::tabular {

// Excel's sheet: columns A..XFD, rows 1..1048576.
inline constexpr std::size_t kSheetColumns = 16'384;
inline constexpr std::size_t kSheetRows = 1'048'576;

struct CellReference {
  std::size_t row = 0;
  std::size_t column = 0;
};

// 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string ColumnName(std::size_t column);

// (4, 2) -> "C5".
std::string CellName(std::size_t row, std::size_t column);

// "C5" -> {4, 2}; "$C$5" too. Nothing for anything else, or a cell outside Excel's sheet.
std::optional<CellReference> ParseCellReference(std::string_view text);

// "5" -> 4: a row number of <row r="5">; nothing unless 1..1048576.
std::optional<std::size_t> ParseRowNumber(std::string_view text);

}  // namespace incidents::tabular
