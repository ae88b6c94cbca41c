// ReadXlsx (adapters/tabular/xlsx.h) on workbooks as Excel and LibreOffice write them,
// built by hand (packages.h): shared strings with rich text, numbers, booleans, dates,
// cells placed by reference, parts found through relationships; and its errors naming
// the sheet and the cell.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/tabular/xlsx.h"
#include "packages.h"

using incidents::tabular::ReadXlsx;
using incidents::tabular::Table;
using Rows = std::vector<std::vector<std::string>>;
namespace testing = incidents::tabular::testing;

namespace {

std::vector<Table> Read(const std::string& bytes) {
  auto tables = ReadXlsx(bytes);
  INFO(tables.status().ToString());
  REQUIRE(tables.ok());
  return std::move(tables).value();
}

std::string ReadError(const std::string& bytes) {
  auto tables = ReadXlsx(bytes);
  REQUIRE_FALSE(tables.ok());
  return tables.status().message();
}

// Shared strings as Excel writes them: plain, rich text runs, and a phonetic hint.
const std::string kSharedStrings =
    "<si><t>Họ và tên</t></si>"
    "<si><t>Điện thoại</t></si>"
    "<si><r><rPr><b/></rPr><t>Nguyễn </t></r><r><t xml:space=\"preserve\">Văn An</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>hint</t></rPh></si>"
    "<si><t>tab_x0009_and_x005F_x0041_</t></si>";

}  // namespace

TEST_CASE("ReadXlsx reads shared strings, rich text, numbers, booleans and errors") {
  for (auto sizes : {testing::Sizes::kInHeaders, testing::Sizes::kInDataDescriptors}) {
    const testing::Package package{
        {{"Danh bạ",
          "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
          "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>912345678</v></c>"
          "<c r=\"C2\"><v>0.1</v></c><c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"b\"><v>0</v></c>"
          "<c r=\"F2\" t=\"e\"><v>#N/A</v></c><c r=\"G2\" t=\"str\"><f>A2&amp;\"!\"</f><v>Nguyễn Văn An!</v></c>"
          "<c r=\"H2\" t=\"s\"><v>3</v></c></row>"}},
        kSharedStrings};
    const auto tables = Read(testing::Build(package, sizes));
    REQUIRE(tables.size() == 1);
    CHECK(tables[0].name == "Danh bạ");
    CHECK(tables[0].rows == Rows{{"Họ và tên", "Điện thoại"},
                                 {"Nguyễn Văn An", "912345678", "0.1", "TRUE", "FALSE", "#N/A", "Nguyễn Văn An!",
                                  "tab\tand_x0041_"}});
  }
}

TEST_CASE("ReadXlsx places cells by reference and fills gaps with empty cells") {
  const testing::Package package{
      {{"gaps",
        "<row r=\"2\"><c r=\"C2\"><v>1</v></c><c r=\"E2\" s=\"0\"/><c r=\"F2\" t=\"s\"/></row>"
        "<row r=\"4\" spans=\"1:3\"><c r=\"B4\" t=\"inlineStr\"><is><r><t>b</t></r><r><rPr><i/></rPr><t>c</t></r>"
        "<rPh><t>hint</t></rPh></is></c></row>"
        "<row r=\"6\"><c r=\"A6\" s=\"1\"/></row>"}}};
  // Cells without a value (only a style) hold nothing, so row 2 ends at C2 and row 6 is
  // no row at all.
  CHECK(Read(testing::Build(package))[0].rows == Rows{{}, {"", "", "1"}, {}, {"", "bc"}});
}

TEST_CASE("ReadXlsx places rows and cells without references after the ones before") {
  const testing::Package package{
      {{"no refs",
        "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>2</v></c></row>"
        "<row r=\"3\"><c r=\"B3\"><v>3</v></c><c><v>4</v></c></row>"
        "<row><c><v>5</v></c></row>"}}};
  CHECK(Read(testing::Build(package))[0].rows == Rows{{"a", "2"}, {}, {"", "3", "4"}, {"5"}});
}

TEST_CASE("ReadXlsx gives numbers formatted as dates as ISO dates") {
  // Built-in format 14 (the short date), a custom dd/mm/yyyy and a date with a time; a
  // plain number and a custom number format with a quoted "d" stay numbers.
  const std::string styles =
      "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"#,##0 &quot;days&quot;\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"[$-42A]d mmmm yyyy h:mm\"/></numFmts>"
      "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
      "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
      "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs>";
  const std::string sheet =
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>46096</v></c><c r=\"B1\" s=\"2\"><v>46096</v></c>"
      "<c r=\"C1\" s=\"4\"><v>46096.75</v></c><c r=\"D1\" s=\"0\"><v>46096</v></c><c r=\"E1\" s=\"3\"><v>46096</v></c>"
      "<c r=\"F1\" s=\"2\" t=\"s\"><v>0</v></c><c r=\"G1\" s=\"9\"><v>7</v></c></row>";
  testing::Package package{{{"dates", sheet}}, "<si><t>15/03/2026</t></si>", styles};
  CHECK(Read(testing::Build(package))[0].rows ==
        Rows{{"2026-03-15", "2026-03-15", "2026-03-15 18:00:00", "46096", "46096", "15/03/2026", "7"}});

  package.date1904 = true;  // the 1904 date system counts 1462 days less
  package.sheets[0].sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44634</v></c></row>";
  CHECK(Read(testing::Build(package))[0].rows == Rows{{"2026-03-15"}});
}

TEST_CASE("ReadXlsx gives the sheets in the workbook's order with their names") {
  const testing::Package package{{{"Thứ nhất", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"},
                                  {"Thứ hai", "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>"},
                                  {"Thứ ba", ""}}};
  const auto tables = Read(testing::Build(package));
  REQUIRE(tables.size() == 3);
  CHECK(tables[0] == Table{"Thứ nhất", {{"1"}}});
  CHECK(tables[1] == Table{"Thứ hai", {{"2"}}});
  CHECK(tables[2] == Table{"Thứ ba", {}});
}

TEST_CASE("ReadXlsx names the sheet and cell of a bad cell") {
  auto error_for = [](const std::string& sheet_data, const std::string& shared_strings = "") {
    return ReadError(testing::Build({{{"Đầu mối", sheet_data}}, shared_strings}));
  };
  CHECK(error_for("<row r=\"5\"><c r=\"C5\" t=\"s\"><v>17</v></c></row>", kSharedStrings) ==
        "sheet 'Đầu mối' cell C5: shared string 17 does not exist");
  CHECK(error_for("<row r=\"5\"><c r=\"C5\" t=\"s\"><v>x</v></c></row>") ==
        "sheet 'Đầu mối' cell C5: shared string x does not exist");
  CHECK(error_for("<row r=\"2\"><c r=\"B2\" t=\"b\"><v>yes</v></c></row>") ==
        "sheet 'Đầu mối' cell B2: 'yes' is not a boolean");
  CHECK(error_for("<row r=\"2\"><c r=\"B2\" t=\"q\"><v>1</v></c></row>") ==
        "sheet 'Đầu mối' cell B2: unknown cell type 'q'");
  CHECK(error_for("<row r=\"2\"><c r=\"B3\"><v>1</v></c></row>") == "sheet 'Đầu mối' row 2: holds cell B3 of another row");
  CHECK(error_for("<row r=\"2\"><c r=\"C2\"><v>1</v></c><c r=\"B2\"><v>1</v></c></row>") ==
        "sheet 'Đầu mối' row 2: cell B2 is out of order");
  CHECK(error_for("<row r=\"2\"><c r=\"2B\"><v>1</v></c></row>") == "sheet 'Đầu mối' row 2: bad cell reference '2B'");
  CHECK(error_for("<row r=\"3\"/><row r=\"2\"/>") == "sheet 'Đầu mối' row 2: comes after row 3");
  CHECK(error_for("<row r=\"0\"/>") == "sheet 'Đầu mối' row 1: bad row number '0'");
  CHECK(error_for("<row r=\"1\"><c r=\"A1\"><v>1</v></row>").find("sheet 'Đầu mối': not well-formed XML") == 0);
}

TEST_CASE("ReadXlsx names a sheet part or relationship the workbook refers to that is missing") {
  const std::string workbook =
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"B\" sheetId=\"2\" r:id=\"rId9\"/>"
      "</sheets></workbook>";
  const std::string relationships =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/></Relationships>";
  const auto sizes = testing::Sizes::kInHeaders;
  CHECK(ReadError(testing::DeflatedZip({{"xl/workbook.xml", workbook}, {"xl/_rels/workbook.xml.rels", relationships}},
                                       sizes)) == "not an XLSX file: part xl/worksheets/sheet1.xml is missing");
  CHECK(ReadError(testing::DeflatedZip({{"xl/workbook.xml", workbook},
                                        {"xl/_rels/workbook.xml.rels", relationships},
                                        {"xl/worksheets/sheet1.xml", "<worksheet/>"}},
                                       sizes)) ==
        "not an XLSX file: sheet 'B' refers to relationship rId9, which xl/_rels/workbook.xml.rels does not have");
}
