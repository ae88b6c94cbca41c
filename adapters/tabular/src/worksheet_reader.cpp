// The cells of one worksheet part (worksheet_reader.h): a SAX handler over <sheetData>,
//   <row r="5"><c r="C5" t="s" s="1"><v>17</v></c> ... </row>
// where t says what <v> holds (s: a shared string index, n or none: a number, b: a
// boolean, e: an error, str: a formula's text, d: an ISO date) and an inline string is
// <c t="inlineStr"><is><t>...</t></is></c>.

#include "worksheet_reader.h"

#include <charconv>
#include <optional>

#include "cell_reference.h"
#include "incidents/tabular/xlsx.h"
#include "number_formats.h"
#include "ooxml_text.h"
#include "xml_sax.h"

namespace incidents::tabular {
namespace {

using Poco::XML::Attributes;
using Poco::XML::XMLChar;
using Poco::XML::XMLString;

bool IsSpreadsheetNamespace(const XMLString& uri) {
  return uri == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
         uri == "http://purl.oclc.org/ooxml/spreadsheetml/main";
}

class WorksheetHandler : public SaxHandler {
 public:
  explicit WorksheetHandler(const WorksheetContext& context) : context_(context) {}
  std::vector<std::vector<std::string>> rows;

  void startElement(const XMLString& uri, const XMLString& name, const XMLString&,
                    const Attributes& attributes) override {
    if (failed() || !IsSpreadsheetNamespace(uri)) return;
    if (name == "sheetData") {
      in_sheet_data_ = true;
    } else if (!in_sheet_data_) {
      return;
    } else if (name == "row") {
      StartRow(attributes);
    } else if (name == "c") {
      StartCell(attributes);
    } else if (name == "v" && in_cell_) {
      in_value_ = has_value_ = true;
    } else if (name == "is" && in_cell_) {
      in_inline_ = has_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
      in_inline_text_ = true;
    }
  }

  void endElement(const XMLString& uri, const XMLString& name, const XMLString&) override {
    if (failed() || !IsSpreadsheetNamespace(uri) || !in_sheet_data_) return;
    if (name == "sheetData") in_sheet_data_ = false;
    else if (name == "c" && in_cell_) EndCell();
    else if (name == "v") in_value_ = false;
    else if (name == "is") in_inline_ = false;
    else if (name == "rPh") --phonetic_depth_;
    else if (name == "t") in_inline_text_ = false;
  }

  void characters(const XMLChar ch[], int start, int length) override {
    if (failed()) return;
    if (in_value_) value_.append(ch + start, static_cast<std::size_t>(length));
    else if (in_inline_text_) inline_text_.append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  engine::Status CellError(const std::string& what) const {
    return engine::Status::InvalidArgument("sheet '" + context_.sheet_name + "' cell " + CellName(row_, column_) +
                                           ": " + what);
  }
  engine::Status RowError(std::size_t row, const std::string& what) const {
    return engine::Status::InvalidArgument("sheet '" + context_.sheet_name + "' row " + std::to_string(row + 1) +
                                           ": " + what);
  }

  // A row without r follows the one before; rows come in order.
  void StartRow(const Attributes& attributes) {
    std::size_t row = next_row_;
    if (auto r = Attribute(attributes, "r")) {
      const auto number = ParseRowNumber(*r);
      if (!number) return Fail(RowError(next_row_, "bad row number '" + *r + "'"));
      if (*number < next_row_) return Fail(RowError(*number, "comes after row " + std::to_string(next_row_)));
      row = *number;
    }
    row_ = row;
    next_row_ = row + 1;
    next_column_ = 0;
  }

  // A cell without r follows the one before in its row; cells come in order.
  void StartCell(const Attributes& attributes) {
    column_ = next_column_;
    if (auto r = Attribute(attributes, "r")) {
      const auto reference = ParseCellReference(*r);
      if (!reference) return Fail(RowError(row_, "bad cell reference '" + *r + "'"));
      if (reference->row != row_) return Fail(RowError(row_, "holds cell " + *r + " of another row"));
      if (reference->column < next_column_) return Fail(RowError(row_, "cell " + *r + " is out of order"));
      column_ = reference->column;
    }
    next_column_ = column_ + 1;
    type_ = Attribute(attributes, "t").value_or("n");
    style_ = 0;
    if (auto s = Attribute(attributes, "s")) std::from_chars(s->data(), s->data() + s->size(), style_);
    in_cell_ = true;
    has_value_ = has_inline_ = false;
    value_.clear();
    inline_text_.clear();
  }

  void EndCell() {
    in_cell_ = false;
    auto text = CellText();
    if (failed() || !text) return;
    Place(std::move(*text));
  }

  // The text of the cell just read; nothing for a cell without a value.
  std::optional<std::string> CellText() {
    if (type_ == "inlineStr") {
      if (has_inline_) return DecodeXstring(inline_text_);
      if (has_value_) return DecodeXstring(value_);
      return std::nullopt;
    }
    if (!has_value_) return std::nullopt;
    if (type_ == "n") {
      const bool date_style = style_ < context_.date_styles->size() && (*context_.date_styles)[style_];
      if (date_style) {
        if (auto date = SerialToIsoDate(value_, context_.date1904)) return date;
      }
      return value_;
    }
    if (type_ == "s") {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (ec != std::errc() || end != value_.data() + value_.size() || index >= context_.shared_strings->size()) {
        Fail(CellError("shared string " + value_ + " does not exist"));
        return std::nullopt;
      }
      return (*context_.shared_strings)[index];
    }
    if (type_ == "b") {
      if (value_ == "1" || value_ == "true") return "TRUE";
      if (value_ == "0" || value_ == "false") return "FALSE";
      Fail(CellError("'" + value_ + "' is not a boolean"));
      return std::nullopt;
    }
    if (type_ == "str") return DecodeXstring(value_);
    if (type_ == "e" || type_ == "d") return value_;
    Fail(CellError("unknown cell type '" + type_ + "'"));
    return std::nullopt;
  }

  void Place(std::string text) {
    if (row_ >= kMaxXlsxRows)
      return Fail(CellError("the sheet has more than " + std::to_string(kMaxXlsxRows) + " rows"));
    if (rows.size() <= row_) rows.resize(row_ + 1);
    auto& cells = rows[row_];
    const std::size_t added = column_ + 1 - cells.size();  // cells come in order: column_ >= cells.size()
    if (added > *context_.cells_left)
      return Fail(CellError("the workbook has more than " + std::to_string(kMaxXlsxCells) + " cells"));
    *context_.cells_left -= added;
    cells.resize(column_ + 1);
    cells[column_] = std::move(text);
  }

  const WorksheetContext& context_;
  bool in_sheet_data_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false, in_inline_text_ = false;
  bool has_value_ = false, has_inline_ = false;
  int phonetic_depth_ = 0;
  std::size_t row_ = 0, next_row_ = 0, column_ = 0, next_column_ = 0, style_ = 0;
  std::string type_, value_, inline_text_;
};

}  // namespace

engine::Result<std::vector<std::vector<std::string>>> ReadWorksheet(std::string_view xml,
                                                                    const WorksheetContext& context) {
  WorksheetHandler handler(context);
  if (auto status = ParseXml(xml, handler, "sheet '" + context.sheet_name + "'"); !status.ok()) return status;
  return std::move(handler.rows);
}

}  // namespace incidents::tabular
