#pragma once
// Workbooks as other tools write them, built by hand for the tests: parts deflated as
// Excel does, with the sizes in the local headers or, as streaming writers such as
// LibreOffice's do, in data descriptors after the data (Poco::Zip::Compress writes both).

#include <string>
#include <utility>
#include <vector>

namespace incidents::tabular::testing {

enum class Sizes { kInHeaders, kInDataDescriptors };

// A zip of deflated entries (name, data), in order.
std::string DeflatedZip(const std::vector<std::pair<std::string, std::string>>& entries, Sizes sizes);

// The parts of a workbook, written into XML by Build.
struct Package {
  struct Sheet {
    std::string name;
    std::string sheet_data;  // what goes inside <sheetData>
  };
  std::vector<Sheet> sheets;
  std::string shared_strings = "";  // the <si> items of xl/sharedStrings.xml; no part when empty
  std::string styles = "";          // what goes inside <styleSheet>; no part when empty
  bool date1904 = false;
};

std::string Build(const Package& package, Sizes sizes = Sizes::kInHeaders);

}  // namespace incidents::tabular::testing
