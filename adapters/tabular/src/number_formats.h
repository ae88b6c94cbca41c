#pragma once
// Dates in a workbook (private to the library). A spreadsheet keeps a date as a number,
// the days since its epoch (the "serial"), and only the cell's number format says it is
// a date: someone who types 15/03/2026 into Excel leaves 46096 in the file. Pure
// functions.

#include <optional>
#include <string>
#include <string_view>

namespace incidents::tabular {

// True if number format `id` (with `code` for a custom one, id 164 and up) shows a date,
// with or without a time of day: the built-in formats 14-17 and 22, and a custom code
// with a day or year part (d or y outside quotes, brackets and escapes).
bool IsDateFormat(int id, std::string_view code);

// The serial `number` (as the cell holds it) as "YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS"
// when it has a time of day (to the nearest second). Counts from 1899-12-30 as Excel
// does (with its fictitious 1900-02-29 at serial 60), or from 1904-01-01 for a workbook
// in the 1904 date system. Nothing when `number` is not a number or not a day from
// 1900-01-01 to 9999-12-31 (or is serial 60).
std::optional<std::string> SerialToIsoDate(std::string_view number, bool date1904);

}  // namespace incidents::tabular
