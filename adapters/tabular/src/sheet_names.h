#pragma once
// Excel's rules for worksheet names (private to the library). Pure functions.

#include <string>
#include <vector>

namespace incidents::tabular {

// The names of the sheets of a workbook made acceptable to Excel, one for each of
// `wanted`, in order (xlsx.h, WriteXlsx, lists the rules).
std::vector<std::string> SheetNames(const std::vector<std::string>& wanted);

}  // namespace incidents::tabular
