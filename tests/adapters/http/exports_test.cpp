// The exports of the ticket lists (GET /api/v1/tickets/export, /api/v1/data-requests/export,
// issue 16.3): the file's type and name, Vietnamese headers and labels, dates as dates,
// visibility as the list's, the list's filters, the requester's contact for DoICT only,
// formula-like text kept as text, and the cap on rows (lowered here through
// ApiServerOptions::export_max_rows).

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "api_harness.h"
#include "incidents/engine/sla.h"
#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"

namespace incidents::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const std::string kBom = "\xEF\xBB\xBF";

std::string FileTicket(ApiHarness& h, const std::string& username, const std::string& title) {
  auto r = h.Call(h.Request("POST", "/api/v1/tickets", TicketBody(title), h.Login(username)));
  INFO(r.body);
  REQUIRE(r.status == 201);
  return Str(Json(r), "id");
}

// GET `target` (a path and a query "a=1&b=2", undecoded) as `username`; "" for no one.
http::ApiResponse Export(ApiHarness& h, const std::string& username, const std::string& target) {
  const auto question = target.find('?');
  auto r = h.Request("GET", target.substr(0, question), "", username.empty() ? "" : h.Login(username));
  if (question != std::string::npos) {
    std::string query = target.substr(question + 1);
    while (!query.empty()) {
      const std::string pair = query.substr(0, query.find('&'));
      query.erase(0, pair.size() + 1);
      const auto eq = pair.find('=');
      r.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
    }
  }
  return h.Call(r);
}

// The rows of an exported CSV (REQUIREs 200 and text/csv).
Rows CsvRows(const http::ApiResponse& r) {
  INFO(r.body);
  REQUIRE(r.status == 200);
  REQUIRE(r.content_type == "text/csv; charset=utf-8");
  REQUIRE(r.body.rfind(kBom, 0) == 0);
  auto table = tabular::ReadCsv(r.body, "export.csv");
  REQUIRE(table.ok());
  return table->rows;
}

// The one sheet of an exported workbook (REQUIREs 200 and the XLSX type).
tabular::Table XlsxSheet(const http::ApiResponse& r) {
  INFO(r.body.substr(0, 500));
  REQUIRE(r.status == 200);
  REQUIRE(r.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto sheets = tabular::ReadXlsx(r.body);
  INFO(sheets.status().ToString());
  REQUIRE(sheets.ok());
  REQUIRE(sheets->size() == 1);
  return sheets->front();
}

std::size_t Column(const Rows& rows, const std::string& header) {
  REQUIRE_FALSE(rows.empty());
  const auto it = std::find(rows[0].begin(), rows[0].end(), header);
  INFO("column " << header);
  REQUIRE(it != rows[0].end());
  return static_cast<std::size_t>(it - rows[0].begin());
}

std::vector<std::string> Ids(const Rows& rows) {
  std::vector<std::string> ids;
  for (std::size_t i = 1; i < rows.size(); ++i) ids.push_back(rows[i].at(0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("ticket export: an XLSX of Vietnamese headers and labels, dates as dates, named in ASCII and UTF-8") {
  ApiHarness h;
  engine::SlaPolicy policy(h.calendar, engine::DefaultSlaTargets());  // for the dues
  h.fx.service.SetSlaPolicy(&policy, nullptr);
  const std::string id = FileTicket(h, "stp.reporter", "Dữ liệu hộ tịch sai lệch");
  const auto r = Export(h, "stttt.engineer", "/api/v1/tickets/export?format=xlsx");
  const tabular::Table sheet = XlsxSheet(r);
  CHECK(sheet.name == "Phiếu sự cố");
  const Rows& rows = sheet.rows;
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at(0) == "Mã");
  CHECK(rows[1].at(Column(rows, "Mã")) == id);
  CHECK(rows[1].at(Column(rows, "Tiêu đề")) == "Dữ liệu hộ tịch sai lệch");
  CHECK(rows[1].at(Column(rows, "Loại")) == "Sai lệch dữ liệu");
  CHECK(rows[1].at(Column(rows, "Mức ưu tiên")) == "Cao");
  CHECK(rows[1].at(Column(rows, "Trạng thái")) == "Chờ tiếp nhận");
  CHECK(rows[1].at(Column(rows, "Đơn vị báo cáo")) == "Sở Tư pháp");
  CHECK(rows[1].at(Column(rows, "Đơn vị liên quan")) == "Sở Tài nguyên và Môi trường");
  // A date cell (ReadXlsx gives a date-formatted number as ISO text): 08:00 in Vietnam.
  CHECK(rows[1].at(Column(rows, "Ngày tạo")) == "2026-01-05 08:00:00");
  // The ack clock's due, a date cell too: within the first working days.
  CHECK_THAT(rows[1].at(Column(rows, "Hạn tiếp nhận (SLA)")), Catch::Matches("2026-01-0[5-9] [0-9]{2}:[0-9]{2}:00"));
  CHECK(rows[1].at(Column(rows, "Số lần quá hạn")) == "0");
  CHECK(Header(r, "Content-Disposition") ==
        "attachment; filename=\"phieu-su-co-2026-01-05.xlsx\"; "
        "filename*=UTF-8''Phi%E1%BA%BFu%20s%E1%BB%B1%20c%E1%BB%91%202026-01-05.xlsx");
  // Without format: XLSX too.
  CHECK(XlsxSheet(Export(h, "stttt.engineer", "/api/v1/tickets/export")).rows == rows);
}

TEST_CASE("ticket export: an agency's file lacks other agencies' tickets, DoICT's has all") {
  ApiHarness h;
  const std::string stp = FileTicket(h, "stp.reporter", "Phiếu của Sở Tư pháp");
  const std::string syt = FileTicket(h, "syt.reporter", "Phiếu của Sở Y tế");
  CHECK(Ids(CsvRows(Export(h, "stp.reporter", "/api/v1/tickets/export?format=csv"))) ==
        std::vector<std::string>{stp});
  CHECK(Ids(CsvRows(Export(h, "syt.reporter", "/api/v1/tickets/export?format=csv"))) ==
        std::vector<std::string>{syt});
  auto all = std::vector<std::string>{stp, syt};
  std::sort(all.begin(), all.end());
  CHECK(Ids(CsvRows(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv"))) == all);
  // stnmt is a party of both (TicketBody): its focal point sees both.
  CHECK(Ids(CsvRows(Export(h, "stnmt.focal", "/api/v1/tickets/export?format=csv"))) == all);
}

TEST_CASE("ticket export: the list's filters apply, its limit and cursor do not") {
  ApiHarness h;
  const std::string first = FileTicket(h, "stp.reporter", "Một");
  const std::string second = FileTicket(h, "stp.reporter", "Hai");
  REQUIRE(h.Call(h.Request("POST", "/api/v1/tickets/" + second + "/events", R"({"type":"acknowledge"})",
                           h.Login("stttt.engineer")))
              .status == 200);
  CHECK(Ids(CsvRows(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv&state=triage"))) ==
        std::vector<std::string>{second});
  CHECK(Ids(CsvRows(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv&state=reported"))) ==
        std::vector<std::string>{first});
  CHECK(CsvRows(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv&limit=1&cursor=1")).size() == 3);
  // A filter the list refuses, the export refuses the same way.
  CHECK(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv&state=nope").status == 422);
  CHECK(Export(h, "stttt.engineer", "/api/v1/data-requests/export?format=csv&category=other").status == 422);
  CHECK(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=pdf").status == 422);
  CHECK(Export(h, "", "/api/v1/tickets/export?format=csv").status == 401);
}

TEST_CASE("ticket export: a title that looks like a formula stays text in CSV and XLSX") {
  ApiHarness h;
  FileTicket(h, "stp.reporter", "=HYPERLINK(\"http://evil.example\",\"bấm\")");
  const auto csv = Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"bấm\"\")\",") != std::string::npos);
  const auto rows = XlsxSheet(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=xlsx")).rows;
  CHECK(rows.at(1).at(Column(rows, "Tiêu đề")) == "=HYPERLINK(\"http://evil.example\",\"bấm\")");
  // In the workbook it is a string cell, not a formula.
  CHECK(XlsxSheet(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=xlsx")).rows == rows);
}

TEST_CASE("ticket export: beyond the cap, 422 asking in Vietnamese to narrow the filters") {
  http::ApiServerOptions options;
  options.export_max_rows = 2;
  ApiHarness h(options);
  for (const char* title : {"Một", "Hai", "Ba"}) FileTicket(h, "stp.reporter", title);
  const auto r = Export(h, "stttt.engineer", "/api/v1/tickets/export?format=xlsx");
  INFO(r.body);
  REQUIRE(r.status == 422);
  CHECK(Str(Json(r), "detail") ==
        "danh sách cần xuất có hơn 2 phiếu; xin thu hẹp bộ lọc (khoảng thời gian, trạng thái, đơn vị...) rồi xuất lại");
  // Narrowed (to none here), the file is written.
  CHECK(CsvRows(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv&org=syt")).size() == 1);
  options.export_max_rows = 3;
  ApiHarness roomy(options);
  for (const char* title : {"Một", "Hai", "Ba"}) FileTicket(roomy, "stp.reporter", title);
  CHECK(CsvRows(Export(roomy, "stttt.engineer", "/api/v1/tickets/export?format=csv")).size() == 4);
}

TEST_CASE("data request export: the requester's contact is a column for DoICT only") {
  ApiHarness h;
  const std::string body =
      R"({"scope":"person_or_business","title":"Danh sách doanh nghiệp","data_wanted":"Tên, mã số thuế",)"
      R"("purpose":"Nghiên cứu","legal_basis":"Luật Tiếp cận thông tin 2016","requester_name":"Nguyễn Văn An",)"
      R"("tax_code":"4500123456","email":"an@thunghiem.example","phone":"+84900000001","owners":["stnmt"]})";
  auto filed = h.Call(h.Request("POST", "/api/v1/data-requests", body, h.Login("stttt.engineer")));
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  const std::string id = Str(Json(filed), "id");

  const Rows doict = CsvRows(Export(h, "stttt.engineer", "/api/v1/data-requests/export?format=csv"));
  REQUIRE(doict.size() == 2);
  CHECK(doict[1].at(0) == id);
  CHECK(doict[1].at(Column(doict, "Người yêu cầu")) == "Nguyễn Văn An");
  CHECK(doict[1].at(Column(doict, "Thư điện tử")) == "an@thunghiem.example");
  CHECK(doict[1].at(Column(doict, "Điện thoại")) == "+84900000001");
  CHECK(doict[1].at(Column(doict, "Mã số thuế")) == "4500123456");
  CHECK(doict[1].at(Column(doict, "Trạng thái")) == "Chờ tiếp nhận");
  CHECK(doict[1].at(Column(doict, "Đơn vị quản lý dữ liệu")) == "Sở Tài nguyên và Môi trường");

  // The owning unit sees the request, not the requester's contact.
  const auto focal = Export(h, "stnmt.focal", "/api/v1/data-requests/export?format=csv");
  const Rows rows = CsvRows(focal);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].at(Column(rows, "Người yêu cầu")) == "Nguyễn Văn An");
  CHECK(std::find(rows[0].begin(), rows[0].end(), "Thư điện tử") == rows[0].end());
  CHECK(focal.body.find("an@thunghiem.example") == std::string::npos);
  CHECK(focal.body.find("+84900000001") == std::string::npos);
  CHECK(focal.body.find("4500123456") == std::string::npos);
  CHECK(Header(focal, "Content-Disposition").value_or("").find("filename=\"yeu-cau-khai-thac-du-lieu-2026-01-05.csv\"") !=
        std::string::npos);
  // Incidents are not in the requests' file, nor requests in the incidents'.
  FileTicket(h, "stp.reporter", "Sự cố");
  CHECK(CsvRows(Export(h, "stttt.engineer", "/api/v1/data-requests/export?format=csv")).size() == 2);
  CHECK(Ids(CsvRows(Export(h, "stttt.engineer", "/api/v1/tickets/export?format=csv"))) !=
        std::vector<std::string>{id});
}

}  // namespace incidents::testing
