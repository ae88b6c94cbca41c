#pragma once
// The spreadsheets people download (issue 16: the ticket lists' exports, the reports): sheets
// as a CSV or XLSX file, named in Content-Disposition. Pure apart from the temporary file
// of WriteXlsx; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api_types.h"
#include "incidents/tabular/sheet.h"

namespace incidents::http {

enum class SheetFormat { kCsv, kXlsx };

// "csv" or "xlsx"; none for anything else.
std::optional<SheetFormat> ParseSheetFormat(std::string_view text);

// `Content-Disposition: attachment` naming `stem` plus the format's extension: as
// `filename` in ASCII (`ascii_stem`, any other character made '-'), and as `filename*`
// in UTF-8 (RFC 6266, RFC 8187) for the browsers that read it.
std::string AttachmentDisposition(const std::string& ascii_stem, const std::string& stem, std::string_view extension);

// The sheets as a file of `format`: CSV (UTF-8 with a byte order mark; one sheet as its
// rows, several as WriteCsvSections writes them) as text/csv, or XLSX (one worksheet a
// sheet). A workbook that cannot be written is its problem (WriteXlsx's status).
ApiResponse SheetsDownload(const std::vector<tabular::Sheet>& sheets, SheetFormat format,
                           const std::string& ascii_stem, const std::string& stem);

}  // namespace incidents::http
