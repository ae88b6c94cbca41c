// CSV (adapters/tabular/csv.h): the bytes WriteCsv writes, round trips through ReadCsv,
// what ReadCsv accepts from spreadsheets, and its errors naming the line.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/tabular/csv.h"

using incidents::engine::ErrorCode;
using incidents::tabular::ReadCsv;
using incidents::tabular::Table;
using incidents::tabular::WriteCsv;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

Table Read(std::string_view text) {
  auto table = ReadCsv(text, "test.csv");
  INFO(table.status().ToString());
  REQUIRE(table.ok());
  return std::move(table).value();
}

std::string ReadError(std::string_view text) {
  auto table = ReadCsv(text, "test.csv");
  REQUIRE_FALSE(table.ok());
  CHECK(table.status().code() == ErrorCode::kInvalidArgument);
  return table.status().message();
}

// The focal-point list of 18.4, the kind of table the library exists for.
Table FocalPoints() {
  return Table{"Đầu mối",
               {{"STT", "Mã cơ quan", "Tên cơ quan", "Vai trò", "Họ và tên", "Chức vụ", "Thư điện tử", "Điện thoại",
                 "Từ ngày", "Số văn bản cử", "Ngày văn bản"},
                {"1", "STTTT", "Sở Thông tin và Truyền thông", "Đầu mối", "Nguyễn Thị Hồng Nhung",
                 "Phó Giám đốc, phụ trách \"An toàn thông tin\"", "nhung.nth@example.gov.vn", "0912 345 678",
                 "2026-03-15", "123/QĐ-UBND", "2026-03-10"},
                {"2", "SYT", "Sở Y tế", "Dự phòng", "Trần Văn Đức", "Chuyên viên\nPhòng Kế hoạch – Tài chính", "",
                 "+84 24 3825 1234", "2026-01-02", "", ""}}};
}

}  // namespace

TEST_CASE("WriteCsv writes a byte order mark, CRLF and RFC 4180 quoting") {
  const Table table{"t", {{"a", "b,c", "say \"hi\""}, {"line\nbreak", "semi;colon", ""}, {}, {""}}};
  CHECK(WriteCsv(table) == kBom +
                               "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
                               "\"line\nbreak\",\"semi;colon\",\r\n"
                               "\r\n"
                               "\"\"\r\n");
}

TEST_CASE("WriteCsv puts a ' before cells a spreadsheet would run as formulas") {
  const Table table{"t", {{"=HYPERLINK(\"http://evil\")", "+84 912", "-5", "@SUM(A1)", "\tx", "a=b", "'=x", "'plain"}}};
  CHECK(WriteCsv(table) == kBom + "\"'=HYPERLINK(\"\"http://evil\"\")\",'+84 912,'-5,'@SUM(A1),'\tx,a=b,''=x,'plain\r\n");
}

TEST_CASE("CSV round trip keeps Vietnamese text, quotes, commas, line breaks and empty cells") {
  const Table focal = FocalPoints();
  CHECK(Read(WriteCsv(focal)).rows == focal.rows);

  const Table odd{"t",
                  {{"", "", ""},
                   {"a\r\nb", "c\rd", "\"", "\"\"", " spaced "},
                   {},
                   {""},
                   {"=1+1", "'=1+1", "''-2", "'", "-", "@"},
                   {"Hà Nội, Việt Nam", "Đ", "\xF0\x9F\x98\x80"}}};
  CHECK(Read(WriteCsv(odd)).rows == odd.rows);
}

TEST_CASE("ReadCsv keeps the name it is given and reads an empty file as no rows") {
  auto table = Read("");
  CHECK(table.name == "test.csv");
  CHECK(table.rows.empty());
  CHECK(Read(kBom).rows.empty());
}

TEST_CASE("ReadCsv accepts no byte order mark and LF, CRLF or CR line ends") {
  const std::vector<std::vector<std::string>> rows{{"a", "b"}, {"c", "d"}};
  CHECK(Read("a,b\nc,d\n").rows == rows);
  CHECK(Read("a,b\r\nc,d").rows == rows);
  CHECK(Read("a,b\rc,d\r").rows == rows);
  CHECK(Read(kBom + "a,b\r\nc,d\r\n").rows == rows);
}

TEST_CASE("ReadCsv reads a semicolon-separated file as Excel saves it in some locales") {
  CHECK(Read("Họ và tên;Chức vụ\r\n\"Lê, Văn A\";Chuyên viên\r\n").rows ==
        std::vector<std::vector<std::string>>{{"Họ và tên", "Chức vụ"}, {"Lê, Văn A", "Chuyên viên"}});
  // A comma on the first line means comma-separated, whatever else the line holds.
  CHECK(Read("a;b,c\r\n").rows == std::vector<std::vector<std::string>>{{"a;b", "c"}});
  // So does a semicolon only inside quotes.
  CHECK(Read("\"a;b\"\r\nc,d\r\n").rows == std::vector<std::vector<std::string>>{{"a;b"}, {"c", "d"}});
}

TEST_CASE("ReadCsv keeps empty lines inside as rows without cells and drops them at the end") {
  CHECK(Read("a\r\n\r\nb\r\n\r\n\r\n").rows == std::vector<std::vector<std::string>>{{"a"}, {}, {"b"}});
  CHECK(Read(",\r\n").rows == std::vector<std::vector<std::string>>{{"", ""}});
}

TEST_CASE("ReadCsv keeps a stray quote inside an unquoted cell as text") {
  CHECK(Read("5\" floppy,b\r\n").rows == std::vector<std::vector<std::string>>{{"5\" floppy", "b"}});
}

TEST_CASE("ReadCsv names the line where an unterminated quoted field opens") {
  CHECK(ReadError("a,b\r\nc,d\r\n\"e\r\nf,g\r\n") == "line 3: unterminated quoted field");
  // Line breaks inside earlier quoted cells count as lines, CRLF as one.
  CHECK(ReadError("\"x\r\ny\ny\"\r\na,b\r\n\"open") == "line 5: unterminated quoted field");
}

TEST_CASE("ReadCsv refuses text after a closing quote and names the line") {
  CHECK(ReadError("a\n\"two\nlines\"x,b\n") == "line 3: text after a closing quote (a quote inside a quoted field is written \"\")");
}

TEST_CASE("ReadCsv refuses text that is not UTF-8 and names the line") {
  // "Sở Y tế" in Windows-1258, as Excel's plain "CSV (Comma delimited)" saves it.
  const std::string cp1258 = "S\xD5 Y t\xEA";
  CHECK(ReadError("STT,Tên\r\n1,ok\r\n2," + cp1258 + "\r\n") == "line 3: not UTF-8 (in Excel, save as \"CSV UTF-8\")");
  CHECK(ReadError("\xC0\x80\r\n") == "line 1: not UTF-8 (in Excel, save as \"CSV UTF-8\")");  // an overlong form
}
