#pragma once
// The cells of one worksheet part (private to the library).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"

namespace incidents::tabular {

// What a worksheet's cells refer to elsewhere in the workbook, and the budget of cells
// that the sheets of one workbook share.
struct WorksheetContext {
  std::string sheet_name;                           // for errors: "sheet 'Đầu mối' cell C5: ..."
  const std::vector<std::string>* shared_strings;   // never null
  const std::vector<bool>* date_styles;             // never null; by cell format index
  bool date1904 = false;
  std::size_t* cells_left;                          // never null; decreased by the cells held
};

// The rows of a worksheet part's XML, as xlsx.h (ReadXlsx) describes them; errors name
// the sheet and the cell or row.
engine::Result<std::vector<std::vector<std::string>>> ReadWorksheet(std::string_view xml,
                                                                    const WorksheetContext& context);

}  // namespace incidents::tabular
