// The directory's import files (incidentctl directory import, --demo): CSV and XLSX read
// into tables, and the tables into a directory import. Any bytes: no crash, no hang, no
// sanitizer report; a CSV the reader accepts writes back to a CSV that reads the same.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "incidents/directory_file/directory_file.h"
#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"

using namespace incidents;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto hash = [](std::string_view password) { return "hashed:" + std::string(password); };
  if (auto csv = tabular::ReadCsv(bytes, "fuzz.csv"); csv.ok()) {
    auto again = tabular::ReadCsv(tabular::WriteCsv(csv.value()), "fuzz.csv");
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value() == csv.value());
    directory_file::ParseDirectoryTables({csv.value()}, hash);
  }
  if (auto sheets = tabular::ReadXlsx(bytes); sheets.ok()) directory_file::ParseDirectoryTables(sheets.value(), hash);
  return 0;
}
