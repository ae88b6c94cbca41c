// Writing an XLSX workbook (xlsx.h) with libxlsxwriter. libxlsxwriter 1.1.4 (Debian's)
// writes only to a named file, so the workbook goes to a temporary file that is read back
// and removed. Its constant-memory mode is used (rows are written in order, each flushed to
// the worksheet's own temporary file as the next begins): a ticket list of 100 000 rows
// never sits in memory twice.

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <unistd.h>

#include "cell_reference.h"
#include "incidents/base/utf8.h"
#include "incidents/tabular/xlsx.h"
#include "local_time.h"
#include "ooxml_text.h"
#include "sheet_names.h"

namespace incidents::tabular {
namespace {

using engine::Result;
using engine::Status;

// docProps/core.xml's creation time: fixed, so that the same sheets give the same bytes
// (libxlsxwriter dates the zip entries 1980-01-01 itself). 1980-01-01T00:00:00Z.
constexpr std::time_t kCreated = 315532800;
constexpr std::size_t kMinWidth = 8, kMaxWidth = 60;
constexpr std::size_t kMaxCellCharacters = 32767;

// libxlsxwriter 1.1.4 calls gmtime(), whose result lives in one buffer shared by every
// thread: one workbook is written at a time. (Exports are rare; a sheet of 100 000 rows of
// 17 columns takes about 2 s.)
std::mutex g_libxlsxwriter;

// The directory for temporary files: $TMPDIR, else /tmp.
std::string TemporaryDirectory() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

// A file made by mkstemp, removed when this goes out of scope, whatever happened.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& dir) : path_(dir + "/incidents-xlsx-XXXXXX") {
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    ::close(fd);
  }
  ~TemporaryFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The cell formats of a workbook, made once each.
class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
    text_ = workbook_add_format(workbook_);
    format_set_num_format(text_, "@");
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_num_format(header_, "@");
    date_ = workbook_add_format(workbook_);
    format_set_num_format(date_, "dd/mm/yyyy");
    date_time_ = workbook_add_format(workbook_);
    format_set_num_format(date_time_, "dd/mm/yyyy hh:mm");
  }
  lxw_format* text() const { return text_; }
  lxw_format* header() const { return header_; }
  lxw_format* date() const { return date_; }
  lxw_format* date_time() const { return date_time_; }
  // "0", "0.0", "0.00", ...; bold too in the header row.
  lxw_format* number(int decimals, bool bold) {
    decimals = std::clamp(decimals, 0, 6);
    lxw_format*& format = numbers_[{decimals, bold}];
    if (!format) {
      format = workbook_add_format(workbook_);
      format_set_num_format(format, decimals == 0 ? "0" : ("0." + std::string(decimals, '0')).c_str());
      if (bold) format_set_bold(format);
    }
    return format;
  }

 private:
  lxw_workbook* workbook_;
  lxw_format *text_, *header_, *date_, *date_time_;
  std::map<std::pair<int, bool>, lxw_format*> numbers_;
};

// Column widths in characters from the longest line of each column's cells, within
// kMinWidth..kMaxWidth.
std::vector<std::size_t> ColumnWidths(const Sheet& sheet) {
  std::vector<std::size_t> widths;
  for (const auto& row : sheet.rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), kMinWidth);
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string text = CellText(row[c]);
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::size_t length = base::utf8::Length(std::string_view(text).substr(start, end - start));
        widths[c] = std::clamp(length + 2, widths[c], kMaxWidth);
        start = end + 1;
      }
    }
  }
  return widths;
}

lxw_datetime ExcelDate(engine::CivilDate date) {
  return lxw_datetime{date.year, static_cast<int>(date.month), static_cast<int>(date.day), 0, 0, 0};
}

// Writes one cell; the first row is the header.
lxw_error WriteCell(lxw_worksheet* ws, Formats& formats, lxw_row_t r, lxw_col_t c, const Cell& cell) {
  const bool header = r == 0;
  if (const auto* text = std::get_if<std::string>(&cell)) {
    if (text->empty()) return LXW_NO_ERROR;
    if (base::utf8::Length(*text) > kMaxCellCharacters) return LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED;
    // libxlsxwriter escapes control characters as _xHHHH_ but not an underscore that would
    // start such a sequence in the text itself.
    const std::string escaped = EscapeXstringUnderscores(*text);
    return worksheet_write_string(ws, r, c, escaped.c_str(), header ? formats.header() : formats.text());
  }
  if (const auto* number = std::get_if<Number>(&cell)) {
    if (!std::isfinite(number->value)) return LXW_NO_ERROR;
    return worksheet_write_number(ws, r, c, number->value, formats.number(number->decimals, header));
  }
  if (const auto* date = std::get_if<engine::CivilDate>(&cell)) {
    if (date->year < 1900) return worksheet_write_string(ws, r, c, CellText(cell).c_str(), formats.text());
    lxw_datetime value = ExcelDate(*date);
    return worksheet_write_datetime(ws, r, c, &value, formats.date());
  }
  if (const auto* at = std::get_if<engine::Timestamp>(&cell)) {
    const LocalDateTime local = VietnamTimeOf(*at);
    if (local.date.year < 1900) return worksheet_write_string(ws, r, c, CellText(cell).c_str(), formats.text());
    lxw_datetime value = ExcelDate(local.date);
    value.hour = local.hour;
    value.min = local.minute;
    value.sec = local.second;
    return worksheet_write_datetime(ws, r, c, &value, formats.date_time());
  }
  return LXW_NO_ERROR;
}

// Writes one worksheet; the first error names the cell.
Status WriteSheet(lxw_worksheet* ws, Formats& formats, const Sheet& sheet, const std::string& name) {
  const auto widths = ColumnWidths(sheet);
  if (widths.size() > kSheetColumns)
    return Status::InvalidArgument("sheet '" + name + "' has more than " + std::to_string(kSheetColumns) +
                                   " columns");
  if (sheet.rows.size() > kSheetRows)
    return Status::InvalidArgument("sheet '" + name + "' has more than " + std::to_string(kSheetRows) + " rows");
  for (std::size_t c = 0; c < widths.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(widths[c]),
                         sheet.text_columns ? formats.text() : nullptr);
  if (sheet.rows.size() > 1) worksheet_freeze_panes(ws, 1, 0);
  for (std::size_t r = 0; r < sheet.rows.size(); ++r)
    for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const lxw_error error = WriteCell(ws, formats, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                        sheet.rows[r][c]);
      if (error == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return Status::InvalidArgument("sheet '" + name + "' cell " + CellName(r, c) + ": more than " +
                                       std::to_string(kMaxCellCharacters) + " characters");
      if (error != LXW_NO_ERROR)
        return Status::InvalidArgument("sheet '" + name + "' cell " + CellName(r, c) + ": " + lxw_strerror(error));
    }
  return {};
}

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (!in || !(bytes << in.rdbuf())) return Status::Unavailable("cannot read the workbook written to " + path);
  return bytes.str();
}

}  // namespace

Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  const std::vector<Sheet> one_empty_sheet{Sheet{}};
  const std::vector<Sheet>& all = sheets.empty() ? one_empty_sheet : sheets;
  std::vector<std::string> wanted;
  for (const auto& sheet : all) wanted.push_back(sheet.name);
  const std::vector<std::string> names = SheetNames(wanted);

  std::string dir = TemporaryDirectory();
  TemporaryFile file(dir);
  if (!file.ok()) return Status::Unavailable("cannot make a temporary file in " + dir + " for a workbook");
  const std::lock_guard<std::mutex> one_at_a_time(g_libxlsxwriter);
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = dir.data();
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (!workbook) return Status::Unavailable("cannot write a workbook in " + dir);
  lxw_doc_properties properties{};
  properties.created = kCreated;
  workbook_set_properties(workbook, &properties);
  Formats formats(workbook);

  Status written;
  for (std::size_t i = 0; i < all.size() && written.ok(); ++i) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, names[i].c_str());
    written = ws ? WriteSheet(ws, formats, all[i], names[i])
                 : Status::InvalidArgument("sheet '" + names[i] + "': libxlsxwriter refuses the name");
  }
  // Closed in every case: closing frees the workbook (and writes the file).
  const lxw_error closed = workbook_close(workbook);
  if (!written.ok()) return written;
  if (closed != LXW_NO_ERROR)
    return Status::Unavailable(std::string("cannot write a workbook in ") + dir + ": " + lxw_strerror(closed));
  return ReadWhole(file.path());
}

Result<std::string> WriteXlsx(const std::vector<Table>& tables) {
  std::vector<Sheet> sheets;
  sheets.reserve(tables.size());
  for (const auto& table : tables) sheets.push_back(SheetOf(table));
  return WriteXlsx(sheets);
}

}  // namespace incidents::tabular
