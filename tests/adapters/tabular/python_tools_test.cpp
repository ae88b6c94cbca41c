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

#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"
#include "temp_dir.h"

using incidents::tabular::ReadXlsx;
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
  WriteFile(xlsx, WriteXlsx(tables));
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
