#pragma once
// XLSX (Office Open XML spreadsheets) as Excel and LibreOffice write and read them, each
// cell a text. Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/tabular/table.h"

namespace incidents::tabular {

// A workbook with one worksheet per table, in order, each named after Table::name made
// acceptable to Excel: the characters : \ / ? * [ ] and control characters become '_',
// no ' at either end, at most 31 characters, not empty ("Sheet1", "Sheet2", ...), not
// "History", and unique ignoring ASCII case (a " (2)" is added). No tables gives one
// empty sheet: a workbook must have one. Every cell is an inline string (never a
// number or a formula, so "0912..." keeps its zero) or, when empty, a blank cell; the
// first row is bold, and every column is formatted as text. ReadXlsx gives back the
// rows less the empty cells at the end of each row and the empty rows at the end.
// Excel's limits are the caller's: at most 1 048 576 rows, 16 384 columns and 32 767
// characters a cell. The bytes are the same for the same tables (fixed timestamps).
std::string WriteXlsx(const std::vector<Table>& sheets);

// Against zip bombs and huge sheets, ReadXlsx refuses a workbook with a part that
// inflates beyond kMaxXlsxPartBytes, parts that inflate beyond kMaxXlsxBytes in all, a
// sheet with a cell past row kMaxXlsxRows, or more than kMaxXlsxCells cells held in all
// (gaps before a cell count too).
inline constexpr std::size_t kMaxXlsxPartBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxXlsxBytes = std::size_t{256} << 20;
inline constexpr std::size_t kMaxXlsxRows = 100'000;
inline constexpr std::size_t kMaxXlsxCells = 4'000'000;

// Reads every sheet of a workbook written by Excel, LibreOffice, openpyxl or WriteXlsx,
// in the workbook's order, named as its tab. rows[i][j] is the cell of row i+1, column
// j+1 (cell references place cells, so a gap is an empty string). A row ends at its
// last cell that has a value, and a sheet at its last row with one. A cell's text:
// shared and inline strings as written (rich text runs joined, phonetic hints left
// out), numbers as their text ("42", "0.5"), except that a number formatted as a date
// gives "YYYY-MM-DD" (and " HH:MM:SS" when it has a time of day), booleans "TRUE" or
// "FALSE", errors as shown ("#N/A"), formulas their cached value.
// Errors (kInvalidArgument) name the part, or the sheet and cell:
// "not an XLSX file: ...", "sheet 'Đầu mối' cell C5: shared string 17 does not exist".
engine::Result<std::vector<Table>> ReadXlsx(std::string_view bytes);

}  // namespace incidents::tabular
