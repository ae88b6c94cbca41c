#pragma once
// CSV (RFC 4180) as spreadsheets read and write it, UTF-8 throughout. Pure functions;
// thread-safe.

#include <string>
#include <string_view>

#include <vector>

#include "incidents/engine/status.h"
#include "incidents/tabular/sheet.h"
#include "incidents/tabular/table.h"

namespace incidents::tabular {

// The table as CSV for Excel and LibreOffice: a UTF-8 byte order mark (without it Excel
// reads the bytes as the Windows code page and mangles Vietnamese), CRLF after every row,
// and a cell quoted when it holds a comma, semicolon, double quote, CR or LF, with each
// double quote doubled. A cell that begins with = + - @ TAB or CR gets a leading ' so that
// a spreadsheet shows it as text rather than running it as a formula (CSV injection);
// ReadCsv takes that ' off again. An empty row is an empty line; a row of one empty cell
// is written "" so that the two stay apart. Table::name is not written. kWithout leaves
// the byte order mark out (for text that follows other CSV text).
enum class ByteOrderMark { kWith, kWithout };
std::string WriteCsv(const Table& table, ByteOrderMark bom = ByteOrderMark::kWith);

// A sheet of typed cells as WriteCsv writes a table, each cell as CellText gives it
// (sheet.h: "3.5", "2026-03-15", "2026-03-15 08:30"). Only a text cell is guarded against
// formulas: a negative number stays "-2".
std::string WriteCsv(const Sheet& sheet, ByteOrderMark bom = ByteOrderMark::kWith);

// Several sheets in one CSV, for Excel: one byte order mark, then each sheet as a row of
// its name followed by its rows, with an empty line between one sheet and the next.
std::string WriteCsvSections(const std::vector<Sheet>& sheets);

// Reads CSV text into a table named `name`. Accepts a UTF-8 byte order mark or none, CRLF,
// LF or CR line ends, and quoted cells holding commas, line breaks and doubled quotes.
// Comma-separated, except that a file whose first line has a semicolon and no comma
// outside quotes is read as semicolon-separated (Excel saves CSV so where the list
// separator is ';'). A leading ' before = + - @ TAB or CR is removed (see WriteCsv). An
// empty line is a row with no cells; empty lines at the end are dropped.
// Errors (kInvalidArgument) name the line, counted as an editor counts them:
// "line 7: unterminated quoted field", "line 3: text after a closing quote",
// "line 2: not UTF-8 ...". Nothing else is checked: the caller checks the header and widths.
engine::Result<Table> ReadCsv(std::string_view text, std::string name);

}  // namespace incidents::tabular
