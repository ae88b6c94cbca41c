#pragma once
// The focal-point list as a sheet for the National Data Portal (Art. 18.4): one row per
// term in force, header first, in the portal upload's columns
//   STT, Mã cơ quan, Tên cơ quan, Vai trò, Họ và tên, Chức vụ, Thư điện tử, Điện thoại,
//   Từ ngày, Số văn bản cử, Ngày văn bản
// dates as YYYY-MM-DD, the role as "Đầu mối" or "Đầu mối dự phòng"; written as CSV or
// XLSX by the tabular library. Pure; thread-safe.

#include <string>
#include <vector>

#include "directory_view.h"
#include "incidents/engine/directory.h"

namespace incidents::http {

using SheetRows = std::vector<std::vector<std::string>>;

// `terms` in the order to print; `orgs` and `users` name them.
SheetRows FocalPointSheet(const std::vector<engine::FocalPoint>& terms, const std::vector<engine::Org>& orgs,
                          const UsersByName& users);

}  // namespace incidents::http
