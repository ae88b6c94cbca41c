// Spreadsheet downloads (downloads.h).

#include "downloads.h"

#include <cstdio>

#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"
#include "problem.h"

namespace incidents::http {

namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kCsvType = "text/csv; charset=utf-8";

bool IsAsciiNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

// RFC 8187's attr-char, which needs no percent-encoding.
bool IsAttrChar(char c) {
  return IsAsciiNameChar(c) || c == '!' || c == '#' || c == '$' || c == '&' || c == '+' || c == '^' || c == '`' ||
         c == '|' || c == '~';
}

}  // namespace

std::optional<SheetFormat> ParseSheetFormat(std::string_view text) {
  if (text == "csv") return SheetFormat::kCsv;
  if (text == "xlsx") return SheetFormat::kXlsx;
  return std::nullopt;
}

std::string AttachmentDisposition(const std::string& ascii_stem, const std::string& stem, std::string_view extension) {
  std::string ascii;
  for (char c : ascii_stem) ascii += IsAsciiNameChar(c) ? c : '-';
  std::string encoded;
  for (char c : stem + "." + std::string(extension)) {
    if (IsAttrChar(c)) {
      encoded += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      encoded += hex;
    }
  }
  return "attachment; filename=\"" + ascii + "." + std::string(extension) + "\"; filename*=UTF-8''" + encoded;
}

ApiResponse SheetsDownload(const std::vector<tabular::Sheet>& sheets, SheetFormat format,
                           const std::string& ascii_stem, const std::string& stem) {
  ApiResponse resp;
  if (format == SheetFormat::kCsv) {
    resp.content_type = kCsvType;
    resp.body = sheets.size() == 1 ? tabular::WriteCsv(sheets.front()) : tabular::WriteCsvSections(sheets);
    resp.SetHeader("Content-Disposition", AttachmentDisposition(ascii_stem, stem, "csv"));
    return resp;
  }
  auto xlsx = tabular::WriteXlsx(sheets);
  if (!xlsx.ok()) return ProblemFromStatus(xlsx.status());
  resp.content_type = kXlsxType;
  resp.body = std::move(xlsx).value();
  resp.SetHeader("Content-Disposition", AttachmentDisposition(ascii_stem, stem, "xlsx"));
  return resp;
}

}  // namespace incidents::http
