// XLSX written by WriteXlsx and read back by ReadXlsx (adapters/tabular/xlsx.h), the
// limits against zip bombs and huge sheets, and the errors for what is not a workbook.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/tabular/xlsx.h"
#include "packages.h"

using incidents::engine::ErrorCode;
using incidents::tabular::kMaxXlsxCells;
using incidents::tabular::kMaxXlsxPartBytes;
using incidents::tabular::kMaxXlsxRows;
using incidents::tabular::ReadXlsx;
using incidents::tabular::Table;
using incidents::tabular::WriteXlsx;
namespace testing = incidents::tabular::testing;

namespace {

std::vector<Table> Read(std::string_view bytes) {
  auto tables = ReadXlsx(bytes);
  INFO(tables.status().ToString());
  REQUIRE(tables.ok());
  return std::move(tables).value();
}

// WriteXlsx's workbook; fails the test when it could not be written.
template <typename Sheets>
std::string Written(const Sheets& sheets) {
  auto bytes = WriteXlsx(sheets);
  INFO(bytes.status().ToString());
  REQUIRE(bytes.ok());
  return std::move(bytes).value();
}

std::string ReadError(std::string_view bytes) {
  auto tables = ReadXlsx(bytes);
  REQUIRE_FALSE(tables.ok());
  CHECK(tables.status().code() == ErrorCode::kInvalidArgument);
  return tables.status().message();
}

// What ReadXlsx gives back of `table` written by WriteXlsx: no empty cells at the end of
// a row, no empty rows at the end of the sheet.
Table Trimmed(Table table) {
  for (auto& row : table.rows)
    while (!row.empty() && row.back().empty()) row.pop_back();
  while (!table.rows.empty() && table.rows.back().empty()) table.rows.pop_back();
  return table;
}

Table FocalPoints() {
  return Table{"Đầu mối",
               {{"STT", "Mã cơ quan", "Tên cơ quan", "Vai trò", "Họ và tên", "Chức vụ", "Thư điện tử", "Điện thoại",
                 "Từ ngày", "Số văn bản cử", "Ngày văn bản"},
                {"1", "STTTT", "Sở Thông tin và Truyền thông", "Đầu mối", "Nguyễn Thị Hồng Nhung",
                 "Phó Giám đốc, phụ trách \"An toàn thông tin\"", "nhung.nth@example.gov.vn", "0912345678",
                 "2026-03-15", "123/QĐ-UBND", "2026-03-10"},
                {"2", "SYT", "Sở Y tế", "Dự phòng", "Trần Văn Đức", "Chuyên viên\nPhòng Kế hoạch – Tài chính", "",
                 "+84 24 3825 1234", "2026-01-02", "", ""}}};
}

}  // namespace

TEST_CASE("XLSX round trip keeps Vietnamese text, markup characters, line breaks and empty cells") {
  const Table odd{"Khó <&> \"đọc\"",
                  {{"a & b", "<t>not a tag</t>", "'quoted'", "=1+1", "0912345678"},
                   {"", "  spaced  ", "a\r\nb", "c\rd", "tab\there"},
                   {},
                   {"bell \x07 and nul \x01", "_x0041_ stays", "_x005F_", "\xF0\x9F\x98\x80"},
                   {"", "", "x"},
                   {"last"}}};
  const std::vector<Table> tables{FocalPoints(), odd, Table{"Trống", {}}};
  const auto read = Read(Written(tables));
  REQUIRE(read.size() == 3);
  CHECK(read[0] == Trimmed(tables[0]));
  CHECK(read[1] == odd);
  CHECK(read[2] == tables[2]);
}

TEST_CASE("ReadXlsx gives back what WriteXlsx wrote less empty cells and rows at the end") {
  const Table table{"t", {{"a", "", ""}, {}, {"", "b", ""}, {"", ""}, {}}};
  CHECK(Read(Written(std::vector<Table>{table}))[0].rows == std::vector<std::vector<std::string>>{{"a"}, {}, {"", "b"}});
}

TEST_CASE("WriteXlsx names sheets as Excel allows") {
  const std::vector<Table> tables{Table{"Danh sách đầu mối ứng cứu sự cố an toàn thông tin mạng", {{"x"}}},
                                  Table{"a/b:c?d*e[f]g\\h", {}}, Table{"'quoted'", {}}, Table{"", {}},
                                  Table{"History", {}}, Table{"Sheet", {}}, Table{"SHEET", {}}};
  const auto read = Read(Written(tables));
  REQUIRE(read.size() == tables.size());
  CHECK(read[0].name == "Danh sách đầu mối ứng cứu sự cố");  // 31 characters
  CHECK(read[0].rows == tables[0].rows);
  CHECK(read[1].name == "a_b_c_d_e_f_g_h");
  CHECK(read[2].name == "quoted");
  CHECK(read[3].name == "Sheet4");
  CHECK(read[4].name == "History_");
  CHECK(read[5].name == "Sheet");
  CHECK(read[6].name == "SHEET (2)");
}

TEST_CASE("WriteXlsx writes one empty sheet for no tables") {
  const auto read = Read(Written(std::vector<Table>{}));
  REQUIRE(read.size() == 1);
  CHECK(read[0].name == "Sheet1");
  CHECK(read[0].rows.empty());
}

TEST_CASE("WriteXlsx writes the same bytes for the same tables") {
  CHECK(Written(std::vector<Table>{FocalPoints()}) == Written(std::vector<Table>{FocalPoints()}));
}

TEST_CASE("ReadXlsx reads a sheet of exactly the row limit") {
  Table table{"big", {}};
  table.rows.resize(kMaxXlsxRows, std::vector<std::string>{"x"});
  CHECK(Read(Written(std::vector<Table>{table}))[0].rows.size() == kMaxXlsxRows);
}

TEST_CASE("ReadXlsx refuses a sheet with more rows than the limit") {
  Table table{"Quá lớn", {}};
  table.rows.resize(kMaxXlsxRows + 1, std::vector<std::string>{"x"});
  CHECK(ReadError(Written(std::vector<Table>{table})) == "sheet 'Quá lớn' cell A100001: the sheet has more than 100000 rows");
}

TEST_CASE("ReadXlsx refuses a workbook holding more cells than the limit, gaps included") {
  // 300 rows with one cell each in the last column: 300 x 16384 cells to hold.
  std::string sheet_data;
  for (int r = 1; r <= 300; ++r)
    sheet_data += "<row r=\"" + std::to_string(r) + "\"><c r=\"XFD" + std::to_string(r) +
                  "\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
  const std::string bytes = testing::Build({{{"wide", sheet_data}}});
  const std::string error = ReadError(bytes);
  CHECK(error.find("sheet 'wide' cell XFD") == 0);
  CHECK(error.find("the workbook has more than " + std::to_string(kMaxXlsxCells) + " cells") != std::string::npos);
}

TEST_CASE("ReadXlsx refuses a part that inflates beyond the limit (a zip bomb)") {
  // 65 MiB of spaces deflate to about 64 KiB.
  testing::Package package{{{"bomb", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"}}};
  std::string bytes = testing::Build(package);
  REQUIRE(Read(bytes)[0].rows == std::vector<std::vector<std::string>>{{"x"}});

  for (auto sizes : {testing::Sizes::kInHeaders, testing::Sizes::kInDataDescriptors}) {
    const std::string padding(kMaxXlsxPartBytes + (1 << 20), ' ');
    bytes = testing::DeflatedZip({{"xl/workbook.xml", "<workbook>" + padding + "</workbook>"}},
                                 sizes);
    REQUIRE(bytes.size() < 1024 * 1024);
    CHECK(ReadError(bytes) == "part xl/workbook.xml: inflates beyond 67108864 bytes (a zip bomb?)");
    if (sizes == testing::Sizes::kInHeaders) {
      // A local header that claims 100 bytes does not get the part past the limit either.
      REQUIRE(bytes.compare(0, 4, "PK\x03\x04") == 0);
      bytes.replace(22, 4, std::string("\x64\0\0\0", 4));
      CHECK(ReadError(bytes) == "part xl/workbook.xml: inflates beyond 67108864 bytes (a zip bomb?)");
    }
  }
}

TEST_CASE("ReadXlsx says what is wrong with a file that is no workbook") {
  CHECK(ReadError("").find("not an XLSX file: not a zip archive") == 0);
  CHECK(ReadError("STT,Tên\r\n1,Sở Y tế\r\n").find("not an XLSX file: not a zip archive") == 0);
  CHECK(ReadError(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + std::string(504, '\0')) ==
        "not an XLSX file: an .xls or password-protected workbook (save it as .xlsx without a password)");
  CHECK(ReadError(testing::DeflatedZip({{"word/document.xml", "<w:document/>"}}, testing::Sizes::kInHeaders)) ==
        "not an XLSX file: it has no workbook (xl/workbook.xml)");
  const std::string xlsx = Written(std::vector<Table>{FocalPoints()});
  CHECK(ReadError(xlsx.substr(0, xlsx.size() / 2)).find("not an XLSX file") == 0);
}

TEST_CASE("ReadXlsx refuses a ZIP64 record that states more than the file holds, without allocating it") {
  // fuzz/tabular_fuzz found it: Poco::Zip allocated the size this record states (0x0606...,
  // petabytes) before reading it. Refused as damaged, with nothing allocated.
  std::string bytes = "PK";
  bytes += std::string(86, '\x06');
  bytes += std::string("\x03s\0\0\0\0\0\0\xe6\xd5", 10) + std::string(19, '\0') +
           std::string(7, '\xff') + "&";
  CHECK(ReadError(bytes).find("not an XLSX file: not a zip archive or a damaged one: a ZIP64 record states more") == 0);
  // A record stating no more than follows it is left to Poco (refused here for other reasons).
  std::string fits = std::string("PK\x06\x06", 4) + std::string("\x08\0\0\0\0\0\0\0", 8) + std::string(8, '\0');
  CHECK(ReadError(fits).find("a ZIP64 record states more") == std::string::npos);
}

TEST_CASE("ReadXlsx refuses a damaged part and names it") {
  std::string xlsx = Written(std::vector<Table>{FocalPoints()});
  // The sheet's local header, then its deflated data: a byte changed in the middle of that.
  const std::string part = "xl/worksheets/sheet1.xml";
  const auto name = xlsx.find(part);
  REQUIRE(name != std::string::npos);
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(xlsx[at])) |
           static_cast<std::size_t>(static_cast<unsigned char>(xlsx[at + 1])) << 8;
  };
  const std::size_t local = name - 30;
  REQUIRE(xlsx.compare(local, 4, "PK\x03\x04") == 0);
  const std::size_t data = name + part.size() + u16(local + 28);
  const std::size_t compressed = u16(local + 18) | u16(local + 20) << 16;
  REQUIRE(compressed > 16);
  for (std::size_t i = compressed / 2; i < compressed / 2 + 8; ++i) xlsx[data + i] = static_cast<char>(~xlsx[data + i]);
  CHECK(ReadError(xlsx).find("part xl/worksheets/sheet1.xml: cannot be read") == 0);
}
