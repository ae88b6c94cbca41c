// Sheets of typed cells (adapters/tabular/sheet.h): as text, as CSV (one sheet, and
// several in sections), and as XLSX read back by ReadXlsx; the temporary file the XLSX
// writer uses is gone afterwards, and what Excel cannot hold is refused naming the cell.
// python_tools_test.cpp checks the types as openpyxl sees them.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "incidents/tabular/csv.h"
#include "incidents/tabular/sheet.h"
#include "incidents/tabular/xlsx.h"
#include "temp_dir.h"

using incidents::engine::CivilDate;
using incidents::engine::ErrorCode;
using incidents::engine::ParseRfc3339;
using incidents::engine::Timestamp;
using namespace incidents::tabular;
using Rows = std::vector<std::vector<std::string>>;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

Timestamp At(const char* rfc3339) { return ParseRfc3339(rfc3339).value(); }

Sheet Tickets() {
  return Sheet{"Danh sách phiếu",
               {{Text("Mã"), Text("Tiêu đề"), Text("Ngày tạo"), Text("Hạn"), Text("Giờ"), Text("Số lần")},
                {Text("INC-2026-000001"), Text("Sai lệch dữ liệu, \"hộ tịch\""), Cell(At("2026-03-14T17:05:00Z")),
                 Cell(CivilDate{2026, 3, 20}), Decimal(1.25, 1), Whole(2)},
                {Text("=cmd|' /C calc'!A0"), Text("-x"), Cell(), Cell(), Decimal(-0.01, 1), Whole(-2)}}};
}

// Sets $TMPDIR for the lifetime of the object.
class TmpdirSetting {
 public:
  explicit TmpdirSetting(const std::string& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpdirSetting() {
    if (old_.empty()) ::unsetenv("TMPDIR");
    else ::setenv("TMPDIR", old_.c_str(), 1);
  }

 private:
  std::string old_;
};

std::size_t FilesIn(const std::string& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("CellText shows numbers with their decimals, dates in ISO order, instants in Vietnam's time") {
  CHECK(CellText(Cell()) == "");
  CHECK(CellText(Text("Việt")) == "Việt");
  CHECK(CellText(Whole(42)) == "42");
  CHECK(CellText(Whole(-7)) == "-7");
  CHECK(CellText(Decimal(1.25, 1)) == "1.3");  // halves away from zero, as Excel shows them
  CHECK(CellText(Decimal(-1.25, 1)) == "-1.3");
  CHECK(CellText(Decimal(1.24, 1)) == "1.2");
  CHECK(CellText(Decimal(-0.01, 1)) == "0.0");
  CHECK(CellText(Cell(CivilDate{2026, 3, 5})) == "2026-03-05");
  CHECK(CellText(Cell(At("2026-03-14T17:05:00Z"))) == "2026-03-15 00:05");  // already the 15th in Vietnam
}

TEST_CASE("WriteCsv writes a sheet's cells as text, guarding text cells only") {
  CHECK(WriteCsv(Tickets()) == kBom +
                                   "Mã,Tiêu đề,Ngày tạo,Hạn,Giờ,Số lần\r\n"
                                   "INC-2026-000001,\"Sai lệch dữ liệu, \"\"hộ tịch\"\"\",2026-03-15 00:05,2026-03-20,1.3,2\r\n"
                                   "'=cmd|' /C calc'!A0,'-x,,,0.0,-2\r\n");
  CHECK(WriteCsv(Tickets(), ByteOrderMark::kWithout).rfind("Mã,", 0) == 0);
}

TEST_CASE("WriteCsvSections writes each sheet under its name, an empty line between, one byte order mark") {
  const Sheet a{"Tổng hợp", {{Text("Chỉ số"), Text("Giá trị")}, {Text("Mở mới"), Whole(3)}}};
  const Sheet b{"Theo tháng", {{Text("Tháng"), Text("Mở mới")}, {Text("2026-01"), Whole(1)}}};
  CHECK(WriteCsvSections({a, b}) == kBom +
                                        "Tổng hợp\r\nChỉ số,Giá trị\r\nMở mới,3\r\n"
                                        "\r\n"
                                        "Theo tháng\r\nTháng,Mở mới\r\n2026-01,1\r\n");
}

TEST_CASE("A typed sheet read back from XLSX gives its text, numbers, dates and local times") {
  auto bytes = WriteXlsx(std::vector<Sheet>{Tickets()});
  INFO(bytes.status().ToString());
  REQUIRE(bytes.ok());
  auto read = ReadXlsx(bytes.value());
  INFO(read.status().ToString());
  REQUIRE(read.ok());
  REQUIRE(read->size() == 1);
  CHECK(read->at(0).name == "Danh sách phiếu");
  CHECK(read->at(0).rows == Rows{{"Mã", "Tiêu đề", "Ngày tạo", "Hạn", "Giờ", "Số lần"},
                                 {"INC-2026-000001", "Sai lệch dữ liệu, \"hộ tịch\"", "2026-03-15 00:05:00",
                                  "2026-03-20", "1.25", "2"},
                                 {"=cmd|' /C calc'!A0", "-x", "", "", "-0.01", "-2"}});
}

TEST_CASE("WriteXlsx removes its temporary file, written or refused") {
  incidents::testing::TempDir dir;
  const std::string tmp = dir.File("tmp");
  std::filesystem::create_directory(tmp);
  TmpdirSetting setting(tmp);
  REQUIRE(WriteXlsx(std::vector<Sheet>{Tickets()}).ok());
  CHECK(FilesIn(tmp) == 0);

  Sheet too_long = Tickets();
  too_long.rows[2][1] = Text(std::string(32768, 'x'));
  auto refused = WriteXlsx(std::vector<Sheet>{Tickets(), too_long});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ErrorCode::kInvalidArgument);
  CHECK(refused.status().message() == "sheet 'Danh sách phiếu (2)' cell B3: more than 32767 characters");
  CHECK(FilesIn(tmp) == 0);
}

TEST_CASE("WriteXlsx says so when it cannot make its temporary file") {
  TmpdirSetting setting("/nonexistent/incidents-test");
  auto refused = WriteXlsx(std::vector<Sheet>{Tickets()});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ErrorCode::kUnavailable);
  CHECK(refused.status().message().find("/nonexistent/incidents-test") != std::string::npos);
}
