// CSV writing and reading (csv.h): RFC 4180 with what Excel and LibreOffice add (a byte
// order mark, ';' as separator in some locales, the ' before formula-like text).

#include "incidents/tabular/csv.h"

#include <cstddef>
#include <optional>
#include <utility>
#include <variant>

#include "incidents/base/utf8.h"

namespace incidents::tabular {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A cell a spreadsheet would run as a formula (or whose first character it would eat),
// or one that reads like such a cell guarded with a ': WriteCsv puts a ' before these,
// and ReadCsv takes one off, so that every cell comes back as it was.
bool NeedsGuard(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    case '\'': return NeedsGuard(cell.substr(1));
    default: return false;
  }
}

bool NeedsQuotes(std::string_view cell) {
  return cell.find_first_of(",;\"\r\n") != std::string_view::npos;
}

// `guard`: put a ' before formula-like text (every cell of a table; the text cells of a
// sheet, whose numbers and dates are ours).
void AppendCell(std::string& out, std::string_view cell, bool guard = true) {
  std::string guarded;
  if (guard && NeedsGuard(cell)) {
    guarded = "'";
    guarded += cell;
    cell = guarded;
  }
  if (!NeedsQuotes(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

engine::Status LineError(std::size_t line, const std::string& what) {
  return engine::Status::InvalidArgument("line " + std::to_string(line) + ": " + what);
}

// The first line whose bytes are not UTF-8. A line break never sits inside a multi-byte
// sequence, so checking line by line finds exactly the offending line.
std::size_t FirstLineNotUtf8(std::string_view text) {
  std::size_t line = 1;
  while (true) {
    const std::size_t end = text.find('\n');
    if (!base::utf8::IsValid(text.substr(0, end))) return line;
    if (end == std::string_view::npos) return 0;
    text.remove_prefix(end + 1);
    ++line;
  }
}

// ';' when the first line has a semicolon and no comma outside quotes, else ','.
char DetectSeparator(std::string_view text) {
  bool quoted = false, comma = false, semicolon = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ',') comma = true;
    else if (c == ';') semicolon = true;
  }
  return semicolon && !comma ? ';' : ',';
}

std::string Unguard(std::string cell) {
  if (!cell.empty() && cell[0] == '\'' && NeedsGuard(std::string_view(cell).substr(1))) cell.erase(0, 1);
  return cell;
}

// Reads the records of `text` (no byte order mark) one by one.
class CsvParser {
 public:
  CsvParser(std::string_view text, char separator) : text_(text), separator_(separator) {}

  // The next record; nullopt at the end of the text; a Status on malformed text.
  std::variant<std::nullopt_t, std::vector<std::string>, engine::Status> Next() {
    if (pos_ >= text_.size()) return std::nullopt;
    std::vector<std::string> cells;
    if (AtLineEnd()) {  // an empty line: a row with no cells
      SkipLineEnd();
      return cells;
    }
    while (true) {
      auto cell = ReadCell();
      if (auto* error = std::get_if<engine::Status>(&cell)) return std::move(*error);
      cells.push_back(Unguard(std::move(std::get<std::string>(cell))));
      if (pos_ < text_.size() && text_[pos_] == separator_) {
        ++pos_;
        continue;
      }
      SkipLineEnd();  // at a line end or the end of the text (ReadCell stops only there)
      return cells;
    }
  }

 private:
  bool AtLineEnd() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }

  void SkipLineEnd() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  // One cell, leaving pos_ on the separator, the line end or the end of the text.
  std::variant<std::string, engine::Status> ReadCell() {
    std::string cell;
    if (pos_ < text_.size() && text_[pos_] == '"') return ReadQuotedCell();
    // Unquoted: up to the separator or line end; a stray quote inside is kept as text,
    // as spreadsheets do.
    while (pos_ < text_.size() && text_[pos_] != separator_ && !AtLineEnd()) cell += text_[pos_++];
    return cell;
  }

  std::variant<std::string, engine::Status> ReadQuotedCell() {
    const std::size_t opened_on = line_;
    std::string cell;
    ++pos_;  // the opening quote
    while (true) {
      if (pos_ >= text_.size()) return LineError(opened_on, "unterminated quoted field");
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          cell += '"';
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != separator_ && !AtLineEnd())
          return LineError(line_, "text after a closing quote (a quote inside a quoted field is written \"\")");
        return cell;
      }
      // A line break inside quotes is part of the cell; CRLF counts as one line.
      if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
      cell += c;
    }
  }

  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

std::string WriteCsv(const Table& table, ByteOrderMark bom) {
  std::string out(bom == ByteOrderMark::kWith ? kBom : "");
  for (const auto& row : table.rows) {
    if (row.size() == 1 && row[0].empty()) out += "\"\"";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      AppendCell(out, row[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string WriteCsv(const Sheet& sheet, ByteOrderMark bom) {
  std::string out(bom == ByteOrderMark::kWith ? kBom : "");
  for (const auto& row : sheet.rows) {
    if (row.size() == 1 && CellText(row[0]).empty()) out += "\"\"";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      AppendCell(out, CellText(row[i]), std::holds_alternative<std::string>(row[i]));
    }
    out += "\r\n";
  }
  return out;
}

std::string WriteCsvSections(const std::vector<Sheet>& sheets) {
  std::string out(kBom);
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (i > 0) out += "\r\n";
    AppendCell(out, sheets[i].name);
    out += "\r\n";
    out += WriteCsv(sheets[i], ByteOrderMark::kWithout);
  }
  return out;
}

engine::Result<Table> ReadCsv(std::string_view text, std::string name) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (const std::size_t line = FirstLineNotUtf8(text); line != 0)
    return LineError(line, "not UTF-8 (in Excel, save as \"CSV UTF-8\")");
  Table table{std::move(name), {}};
  CsvParser parser(text, DetectSeparator(text));
  while (true) {
    auto next = parser.Next();
    if (std::holds_alternative<std::nullopt_t>(next)) break;
    if (auto* error = std::get_if<engine::Status>(&next)) return std::move(*error);
    table.rows.push_back(std::move(std::get<std::vector<std::string>>(next)));
  }
  while (!table.rows.empty() && table.rows.back().empty()) table.rows.pop_back();
  return table;
}

}  // namespace incidents::tabular
