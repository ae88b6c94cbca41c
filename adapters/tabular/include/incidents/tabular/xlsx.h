#pragma once
// XLSX (Office Open XML spreadsheets) as Excel and LibreOffice write and read them.
// Written with libxlsxwriter (Debian's libxlsxwriter-dev), read with Poco::Zip and
// Poco::XML. Pure functions apart from one temporary file per workbook written; thread-safe
// (workbooks are written one at a time, xlsx_write.cpp says why).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/tabular/sheet.h"
#include "incidents/tabular/table.h"

namespace incidents::tabular {

// A workbook with one worksheet per sheet, in order, each named after Sheet::name made
// acceptable to Excel: the characters : \ / ? * [ ] and control characters become '_',
// no ' at either end, at most 31 characters, not empty ("Sheet1", "Sheet2", ...), not
// "History", and unique ignoring ASCII case (a " (2)" is added). No sheets gives one
// empty sheet: a workbook must have one. Cells keep their type: a text is a string cell,
// never a number or a formula (so "0912..." keeps its zero and "=1+1" stays text), a
// number a number formatted with its decimals, a date a date formatted "dd/mm/yyyy", an
// instant a date and time in Vietnam's time formatted "dd/mm/yyyy hh:mm" (before 1900,
// which Excel cannot hold, as CellText); an empty cell is left out. The first row is bold
// and stays in view while scrolling; columns are as wide as their longest text (8 to 60
// characters). ReadXlsx gives back the text of the rows less the empty cells at the end of
// each row and the empty rows at the end. The bytes are the same for the same sheets
// (fixed timestamps).
// libxlsxwriter writes to a file: the workbook is written to a temporary file in $TMPDIR
// (else /tmp), read back and removed, whatever happens. Fails with kInvalidArgument naming
// the sheet and cell for what Excel cannot hold (more than 1 048 576 rows or 16 384
// columns, more than 32 767 characters in a cell) and kUnavailable when the temporary file
// cannot be written.
engine::Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

// The workbook of tables of text: WriteXlsx of their SheetOf, every column formatted as
// text so that what someone types into the file later stays text too.
engine::Result<std::string> WriteXlsx(const std::vector<Table>& tables);

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
