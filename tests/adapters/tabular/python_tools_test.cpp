// XLSX against real tools: workbooks written by XlsxWriter (which writes as Excel does,
// shared strings and all) and openpyxl are read by ReadXlsx, and openpyxl opens what
// WriteXlsx writes and sees the same cells. python_xlsx.py generates and checks the
// files at test time (no binary files in the repository). Debian's /usr/bin/python3 with
// python3-openpyxl and python3-xlsxwriter (scripts/setup); without them the tests fail
// and say so.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include "incidents/engine/canonical_json.h"
#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"
#include "temp_dir.h"

using incidents::engine::JsonValue;
using incidents::tabular::Cell;
using incidents::tabular::ReadXlsx;
using incidents::tabular::Sheet;
using incidents::tabular::Table;
using incidents::tabular::WriteCsv;
using incidents::tabular::WriteXlsx;
using Rows = std::vector<std::vector<std::string>>;

namespace {

const std::string kPython = "/usr/bin/python3";

// Runs python_xlsx.py with `arguments`; its exit status, and stdout and stderr in `output`.
int RunTool(const std::vector<std::string>& arguments, std::string& output) {
  REQUIRE(std::filesystem::exists(kPython));
  std::vector<std::string> args{std::string(TABULAR_TEST_DIR) + "/python_xlsx.py"};
  args.insert(args.end(), arguments.begin(), arguments.end());
  Poco::Pipe pipe;
  Poco::ProcessHandle process = Poco::Process::launch(kPython, args, nullptr, &pipe, &pipe);
  Poco::PipeInputStream in(pipe);
  Poco::StreamCopier::copyToString(in, output);
  return process.wait();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::vector<Table> ReadWrittenBy(const std::string& tool) {
  incidents::testing::TempDir dir;
  const std::string path = dir.File(tool + ".xlsx");
  std::string output;
  const int status = RunTool({"write-" + tool, path}, output);
  INFO(output << "(python3-openpyxl and python3-xlsxwriter missing? run scripts/setup)");
  REQUIRE(status == 0);
  auto tables = ReadXlsx(ReadFile(path));
  INFO(tables.status().ToString());
  REQUIRE(tables.ok());
  return std::move(tables).value();
}

// What openpyxl sees of `sheets` written by WriteXlsx (python_xlsx.py describe).
JsonValue DescribedByOpenpyxl(const std::vector<Sheet>& sheets) {
  incidents::testing::TempDir dir;
  const std::string path = dir.File("typed.xlsx");
  auto bytes = WriteXlsx(sheets);
  INFO(bytes.status().ToString());
  REQUIRE(bytes.ok());
  WriteFile(path, bytes.value());
  std::string output;
  const int status = RunTool({"describe", path}, output);
  INFO(output << "(python3-openpyxl missing? run scripts/setup)");
  REQUIRE(status == 0);
  auto json = incidents::engine::ParseJson(output);
  REQUIRE(json.ok());
  return std::move(json).value();
}

// A field of an object of describe's JSON, as text ("" when null or absent).
std::string Field(const JsonValue& object, const std::string& key) {
  const JsonValue* value = object.is_object() ? object.Find(key) : nullptr;
  if (!value || value->is_null()) return "";
  if (value->is_bool()) return value->as_bool() ? "true" : "false";
  REQUIRE(value->is_string());
  return value->as_string();
}

// What python_xlsx.py writes, as ReadXlsx gives it.
const Rows kContacts{
    {"STT", "Họ và tên", "Điện thoại", "Số lượng", "Tỉ lệ", "Đang trực", "Từ ngày"},
    {"1", "Nguyễn Thị Hồng Nhung", "0912345678", "42", "0.5", "TRUE", "2026-03-15"},
    {"2", "Lê Văn B, \"Trưởng phòng\"\nPhòng An toàn", "", "-7", "1.25", "FALSE", "2025-12-31"},
    {},
    {"", "", "", "", "", "", "", "", "", "xa"}};

}  // namespace

TEST_CASE("ReadXlsx reads a workbook written by XlsxWriter: shared strings, numbers, booleans, dates") {
  const auto tables = ReadWrittenBy("xlsxwriter");
  REQUIRE(tables.size() == 2);
  CHECK(tables[0] == Table{"Đầu mối", kContacts});
  CHECK(tables[1] == Table{"Ghi chú", {{"Nguyễn Thị Hồng Nhung"}}});
}

TEST_CASE("ReadXlsx reads a workbook written by openpyxl: inline strings, numbers, booleans, dates") {
  const auto tables = ReadWrittenBy("openpyxl");
  REQUIRE(tables.size() == 2);
  CHECK(tables[0] == Table{"Đầu mối", kContacts});
  CHECK(tables[1] == Table{"Ghi chú", {{"Nguyễn Thị Hồng Nhung"}}});
}

TEST_CASE("openpyxl opens a workbook written by WriteXlsx and sees the same cells") {
  const std::vector<Table> tables{
      Table{"Đầu mối",
            {{"STT", "Mã cơ quan", "Tên cơ quan", "Vai trò", "Họ và tên", "Điện thoại", "Từ ngày"},
             {"1", "STTTT", "Sở Thông tin và Truyền thông", "Đầu mối", "Nguyễn Thị Hồng Nhung", "0912345678",
              "2026-03-15"},
             {"2", "SYT", "Sở Y tế", "Dự phòng", "Lê Văn B, \"Trưởng phòng\"\nPhòng An toàn", "", "=1+1"},  // text, not a formula
             {},
             {"a & b <c>", "  spaced  ", "", "x"}}},
      Table{"Ghi chú", {{"Chỉ một ô"}}}};
  incidents::testing::TempDir dir;
  const std::string xlsx = dir.File("ours.xlsx");
  auto bytes = WriteXlsx(tables);
  REQUIRE(bytes.ok());
  WriteFile(xlsx, bytes.value());
  std::vector<std::string> arguments{"check", xlsx};
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const std::string csv = dir.File("sheet" + std::to_string(i + 1) + ".csv");
    WriteFile(csv, WriteCsv(tables[i]));
    arguments.insert(arguments.end(), {tables[i].name, csv});
  }
  std::string output;
  const int status = RunTool(arguments, output);
  INFO(output << "(python3-openpyxl missing? run scripts/setup)");
  CHECK(status == 0);
}

TEST_CASE("openpyxl sees the types WriteXlsx writes: Vietnamese text, dates, instants, numbers, text not formulas") {
  using namespace incidents::tabular;
  using incidents::engine::CivilDate;
  // 2026-03-15T01:30:00Z is 08:30 in Vietnam.
  const auto at = incidents::engine::ParseRfc3339("2026-03-15T01:30:00Z").value();
  const std::vector<Sheet> sheets{
      Sheet{"Phiếu",
            {{Text("Mã"), Text("Tiêu đề"), Text("Ngày"), Text("Lúc"), Text("Giờ xử lý"), Text("Số"), Text("Công thức")},
             {Text("INC-2026-000001"), Text("Sai lệch dữ liệu hộ tịch"), Cell(CivilDate{2026, 3, 15}), Cell(at),
              Decimal(12.25, 1), Whole(-3), Text("=HYPERLINK(\"http://evil\")")},
             {Text("0912345678"), Cell(), Cell(), Cell(), Decimal(0, 1), Whole(0), Text("+84 912")}}},
      Sheet{"Tổng hợp", {{Text("Chỉ số"), Text("Giá trị")}, {Text("Mở mới"), Whole(120)}}}};
  const JsonValue described = DescribedByOpenpyxl(sheets);
  const auto& got = described.Find("sheets")->as_array();
  REQUIRE(got.size() == 2);
  CHECK(Field(got[0], "name") == "Phiếu");
  CHECK(Field(got[1], "name") == "Tổng hợp");
  CHECK(Field(got[0], "freeze") == "A2");  // the header stays in view
  const auto& rows = got[0].Find("rows")->as_array();
  REQUIRE(rows.size() == 3);
  const auto cell = [&](std::size_t r, std::size_t c) -> const JsonValue& { return rows[r].as_array().at(c); };

  CHECK(Field(cell(0, 1), "type") == "text");
  CHECK(Field(cell(0, 1), "value") == "Tiêu đề");
  CHECK(Field(cell(0, 1), "bold") == "true");
  CHECK(Field(cell(1, 1), "bold") == "false");
  CHECK(Field(cell(1, 1), "value") == "Sai lệch dữ liệu hộ tịch");
  CHECK(Field(cell(1, 2), "type") == "date");
  CHECK(Field(cell(1, 2), "value") == "2026-03-15 00:00:00");
  CHECK(Field(cell(1, 2), "format") == "dd/mm/yyyy");
  CHECK(Field(cell(1, 3), "type") == "date");
  CHECK(Field(cell(1, 3), "value") == "2026-03-15 08:30:00");
  CHECK(Field(cell(1, 3), "format") == "dd/mm/yyyy hh:mm");
  CHECK(Field(cell(1, 4), "type") == "number");
  CHECK(Field(cell(1, 4), "value") == "12.25");  // kept as given, shown with one decimal
  CHECK(Field(cell(1, 4), "format") == "0.0");
  CHECK(Field(cell(1, 5), "type") == "number");
  CHECK(Field(cell(1, 5), "value") == "-3");
  CHECK(Field(cell(1, 6), "type") == "text");  // a string, never a formula
  CHECK(Field(cell(1, 6), "value") == "=HYPERLINK(\"http://evil\")");
  CHECK(Field(cell(2, 0), "type") == "text");
  CHECK(Field(cell(2, 0), "value") == "0912345678");
  CHECK(rows[2].as_array().at(1).is_null());  // an empty cell is left out
  CHECK(Field(cell(2, 6), "value") == "+84 912");
  // Widths from the longest text: the title's column is wider than the minimum of 8.
  CHECK(std::stod(Field(*got[0].Find("widths"), "B")) > std::stod(Field(*got[0].Find("widths"), "F")));
}

TEST_CASE("openpyxl sees a table's workbook as text in every column, the header bold and frozen") {
  // A file people fill in and send back (the directory, the focal points): what they type
  // into it later stays text too, a phone number keeping its leading zero.
  const incidents::tabular::Table table{"Đầu mối", {{"STT", "Điện thoại"}, {"1", "0912345678"}}};
  const JsonValue described = DescribedByOpenpyxl({incidents::tabular::SheetOf(table)});
  const JsonValue& sheet = described.Find("sheets")->as_array().at(0);
  CHECK(Field(*sheet.Find("column_formats"), "A") == "@");
  CHECK(Field(*sheet.Find("column_formats"), "B") == "@");
  CHECK(Field(sheet, "freeze") == "A2");
  const auto& rows = sheet.Find("rows")->as_array();
  CHECK(Field(rows.at(0).as_array().at(1), "bold") == "true");
  CHECK(Field(rows.at(1).as_array().at(1), "type") == "text");
  CHECK(Field(rows.at(1).as_array().at(1), "value") == "0912345678");
}
