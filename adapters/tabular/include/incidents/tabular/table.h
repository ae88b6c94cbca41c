#pragma once
// Table: a sheet of text cells, the one shape of the directory's CSV and XLSX files
// (incidentctl directory import|export) and of the focal-point list download (18.4).
// A value type; not synchronised, copy freely.

#include <string>
#include <vector>

namespace incidents::tabular {

struct Table {
  // The worksheet's name (XLSX), or what the caller calls the file (CSV).
  std::string name;
  // rows[0] is the header. Cells are UTF-8 text. Rows may differ in width: the readers
  // keep what the file holds and the caller checks the shape it expects.
  std::vector<std::vector<std::string>> rows;

  friend bool operator==(const Table&, const Table&) = default;
};

}  // namespace incidents::tabular
