#pragma once
// Sheet: a table of typed cells, the shape of the files people download (the ticket lists
// and the reports of issue 16): text, numbers, dates and instants, which WriteXlsx writes
// as the spreadsheet's own types and WriteCsv as text. A value type; not synchronised,
// copy freely.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/timestamp.h"
#include "incidents/tabular/table.h"

namespace incidents::tabular {

// A number shown with `decimals` digits after the point (0: a whole number), 0..6. The
// value is kept as given; the cell shows it rounded.
struct Number {
  double value = 0;
  int decimals = 0;
  friend bool operator==(const Number&, const Number&) = default;
};

// A cell: empty, text, a number, a date (shown dd/mm/yyyy), or an instant (shown in
// Vietnam's time, UTC+7, as dd/mm/yyyy hh:mm).
using Cell = std::variant<std::monostate, std::string, Number, engine::CivilDate, engine::Timestamp>;

inline Cell Text(std::string text) { return Cell(std::move(text)); }
inline Cell Whole(std::int64_t n) { return Cell(Number{static_cast<double>(n), 0}); }
inline Cell Decimal(double value, int decimals) { return Cell(Number{value, decimals}); }

struct Sheet {
  // The worksheet's name (XLSX; made acceptable to Excel as xlsx.h says), or the section's
  // title in a CSV of several sheets (WriteCsvSections).
  std::string name;
  // rows[0] is the header: bold, and kept in view while scrolling. Rows may differ in width.
  std::vector<std::vector<Cell>> rows;
  // Every column formatted as text ("@"), so that what someone types into the file later
  // stays text too (a phone number keeps its leading zero): for files people fill in and
  // send back (the directory, the focal-point list).
  bool text_columns = false;

  friend bool operator==(const Sheet&, const Sheet&) = default;
};

// The sheet of a table of text: each cell a text, "" an empty cell, every column text.
Sheet SheetOf(const Table& table);

// A cell as CSV and column widths show it: text as is; a number with its decimals and a
// '.' ("12", "3.5"); a date "YYYY-MM-DD"; an instant "YYYY-MM-DD HH:MM" in Vietnam's time
// (ISO order: spreadsheets read it as a date whatever their locale); "" when empty.
std::string CellText(const Cell& cell);

}  // namespace incidents::tabular
