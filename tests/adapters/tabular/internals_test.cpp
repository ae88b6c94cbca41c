// The private pieces of adapters/tabular: A1 references, Excel's sheet name rules, date
// serials and number formats, text escapes in SpreadsheetML, the zip reader.

#include <catch2/catch.hpp>

#include <string>

#include "cell_reference.h"
#include "number_formats.h"
#include "ooxml_text.h"
#include "packages.h"
#include "sheet_names.h"
#include "zip.h"

using namespace incidents::tabular;

TEST_CASE("Column names and cell references follow A1 notation") {
  CHECK(ColumnName(0) == "A");
  CHECK(ColumnName(25) == "Z");
  CHECK(ColumnName(26) == "AA");
  CHECK(ColumnName(701) == "ZZ");
  CHECK(ColumnName(702) == "AAA");
  CHECK(ColumnName(kSheetColumns - 1) == "XFD");
  CHECK(CellName(4, 2) == "C5");

  for (std::size_t column : {0, 25, 26, 701, 702, 16383}) {
    const auto parsed = ParseCellReference(ColumnName(column) + "7");
    REQUIRE(parsed);
    CHECK(parsed->column == column);
    CHECK(parsed->row == 6);
  }
  const auto absolute = ParseCellReference("$c$5");
  REQUIRE(absolute);
  CHECK((absolute->row == 4 && absolute->column == 2));
  CHECK(ParseCellReference("XFD1048576"));
  for (const char* bad : {"", "A", "5", "A0", "XFE1", "A1048577", "AAAA1", "A1B", "A-1", "Ä1"}) {
    INFO(bad);
    CHECK_FALSE(ParseCellReference(bad));
  }
}

TEST_CASE("Sheet names follow Excel's rules") {
  CHECK(SheetNames({"Đầu mối", "a:b\\c/d?e*f[g]h", "'x'", "", "history", "Tab\tname"}) ==
        std::vector<std::string>{"Đầu mối", "a_b_c_d_e_f_g_h", "x", "Sheet4", "history_", "Tab_name"});
  // 31 UTF-16 units: a character outside the BMP counts two.
  CHECK(SheetNames({std::string(40, 'x')})[0] == std::string(31, 'x'));
  CHECK(SheetNames({std::string(30, 'x') + "\xF0\x9F\x98\x80"})[0] == std::string(30, 'x'));
  CHECK(SheetNames({std::string(30, 'x') + "'y"})[0] == std::string(30, 'x'));  // no ' left at the end
  // Unique ignoring ASCII case, the suffix kept within 31.
  CHECK(SheetNames({"Data", "DATA", "data"}) == std::vector<std::string>{"Data", "DATA (2)", "data (3)"});
  CHECK(SheetNames({std::string(31, 'y'), std::string(31, 'y')})[1] == std::string(27, 'y') + " (2)");
  CHECK(SheetNames({"Sheet2", ""}) == std::vector<std::string>{"Sheet2", "Sheet2 (2)"});
}

TEST_CASE("Date serials become ISO dates as Excel counts them") {
  CHECK(SerialToIsoDate("1", false) == "1900-01-01");
  CHECK(SerialToIsoDate("59", false) == "1900-02-28");
  CHECK_FALSE(SerialToIsoDate("60", false));  // Excel's 1900-02-29
  CHECK(SerialToIsoDate("61", false) == "1900-03-01");
  CHECK(SerialToIsoDate("46096", false) == "2026-03-15");
  CHECK(SerialToIsoDate("46096.5", false) == "2026-03-15 12:00:00");
  CHECK(SerialToIsoDate("46096.999999999", false) == "2026-03-16");  // rounds to the second
  CHECK(SerialToIsoDate("2958465", false) == "9999-12-31");
  CHECK(SerialToIsoDate("0", true) == "1904-01-01");
  CHECK(SerialToIsoDate("44634", true) == "2026-03-15");
  for (const char* bad : {"0", "-1", "2958466", "abc", "1e999", "", "12x"}) {
    INFO(bad);
    CHECK_FALSE(SerialToIsoDate(bad, false));
  }
}

TEST_CASE("Number formats with a day or year are dates") {
  for (int id : {14, 15, 16, 17, 22}) CHECK(IsDateFormat(id, ""));
  for (int id : {0, 1, 2, 9, 18, 20, 21, 45, 49}) CHECK_FALSE(IsDateFormat(id, ""));
  CHECK(IsDateFormat(164, "dd/mm/yyyy"));
  CHECK(IsDateFormat(164, "[$-42A]d mmmm yyyy"));
  CHECK(IsDateFormat(164, "YYYY-MM-DD"));
  CHECK_FALSE(IsDateFormat(164, "General"));
  CHECK_FALSE(IsDateFormat(164, "#,##0 \"days\""));
  CHECK_FALSE(IsDateFormat(164, "0\\d"));
  CHECK_FALSE(IsDateFormat(164, "[Red]0.00"));
  CHECK_FALSE(IsDateFormat(164, "h:mm:ss"));
  CHECK_FALSE(IsDateFormat(100, "dd/mm/yyyy"));  // below 164 only the built-in formats count
}

TEST_CASE("Cell text keeps underscores that read like Excel's _xHHHH_ sequences") {
  CHECK(EscapeXstringUnderscores("_x0041_ _x12_ _x004g_ a_b Việt") == "_x005F_x0041_ _x12_ _x004g_ a_b Việt");
  CHECK(DecodeXstring("_x0001_ _x005F_x0041_ _x12_ _xD800_ _x1EA1_") == "\x01 _x0041_ _x12_ _xD800_ ạ");
  for (const char* text : {"_x0041_", "__x0041__", "_x005F_", "plain", ""}) {
    INFO(text);
    CHECK(DecodeXstring(EscapeXstringUnderscores(text)) == text);
  }
}

TEST_CASE("The zip reader reads archives as Poco::Zip writes them, sizes in headers or after the data") {
  const std::vector<std::pair<std::string, std::string>> entries{
      {"[Content_Types].xml", "<Types/>"},
      {"xl/worksheets/sheet1.xml", std::string(100000, 'x') + "Việt"},
      {"empty.xml", ""}};
  for (auto sizes : {testing::Sizes::kInHeaders, testing::Sizes::kInDataDescriptors}) {
    const std::string bytes = testing::DeflatedZip(entries, sizes);
    auto reader = zip::Reader::Open(bytes);
    REQUIRE(reader.ok());
    for (const auto& [name, data] : entries) {
      CHECK(reader->Find(name) == name);
      auto read = reader->Read(name, 1 << 20);
      REQUIRE(read.ok());
      CHECK(*read == data);
    }
    CHECK(reader->Find("XL/Worksheets/Sheet1.XML") == "xl/worksheets/sheet1.xml");
    CHECK(reader->Find("xl/worksheets/sheet2.xml") == "");
    auto too_big = reader->Read("xl/worksheets/sheet1.xml", 1000);
    REQUIRE_FALSE(too_big.ok());
    CHECK(too_big.status().message() == "part xl/worksheets/sheet1.xml: inflates beyond 1000 bytes (a zip bomb?)");
    CHECK_FALSE(reader->Read("missing.xml", 1000).ok());
  }
}
