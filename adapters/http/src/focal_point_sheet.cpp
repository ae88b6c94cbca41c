#include "focal_point_sheet.h"

namespace incidents::http {

using namespace incidents::engine;

SheetRows FocalPointSheet(const std::vector<FocalPoint>& terms, const std::vector<Org>& orgs,
                          const UsersByName& users) {
  SheetRows rows{{"STT", "Mã cơ quan", "Tên cơ quan", "Vai trò", "Họ và tên", "Chức vụ", "Thư điện tử", "Điện thoại",
                  "Từ ngày", "Số văn bản cử", "Ngày văn bản"}};
  for (const FocalPoint& t : terms) {
    std::string org_name;
    for (const Org& o : orgs)
      if (o.id == t.org) org_name = o.name;
    auto u = users.find(t.username);
    const User* person = u == users.end() ? nullptr : &u->second;
    rows.push_back({std::to_string(rows.size()),
                    t.org,
                    org_name,
                    t.role == FocalPointRole::kFocal ? "Đầu mối" : "Đầu mối dự phòng",
                    person ? person->display_name : t.username,
                    t.position,
                    person ? person->email : "",
                    person ? person->phone : "",
                    ToIsoString(t.since),
                    t.decision_ref,
                    t.decision_date ? ToIsoString(*t.decision_date) : ""});
  }
  return rows;
}

}  // namespace incidents::http
