// A report as the tables of its CSV and XLSX files (adapters/http/src/report_tables.h), from
// a Report built by hand: the sheets and their Vietnamese names, figures as numbers, hours
// with one decimal, dates and instants as such, labels from the workflow's catalog and
// names from the directory.

#include <catch2/catch.hpp>

#include <string>

#include "demo_fixture.h"
#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"
#include "report_tables.h"

namespace incidents::testing {
namespace {

using engine::CivilDate;
using engine::DecisionOutcome;
using engine::ReportGrouping;
using engine::State;
using tabular::Cell;
using tabular::Decimal;
using tabular::Sheet;
using tabular::Text;
using tabular::Whole;

engine::Timestamp At(const char* rfc3339) { return engine::ParseRfc3339(rfc3339).value(); }

engine::ReportFigures Figures(std::int64_t opened) {
  engine::ReportFigures f;
  f.opened = opened;
  f.resolved = 100;
  f.closed = 95;
  f.rejected = 4;
  f.open = 16;
  f.acknowledge = {110, 100, 10, 5400, 11520};  // 1.5 h and 3.2 h
  f.resolve = {100, 90, 10, 72000, std::nullopt};
  f.wait_reporter_s = 45000;  // 12.5 h
  f.wait_ministry_s = 144000;
  f.wait_chairman_s = 28800;
  f.escalated = 3;
  f.reopened = 5;
  return f;
}

engine::Report IncidentReport(ReportGrouping group_by) {
  engine::Report report;
  report.query.workflow = "incident";
  report.query.from = CivilDate{2026, 1, 1};
  report.query.to = CivilDate{2026, 3, 31};
  report.query.group_by = group_by;
  report.totals = Figures(120);
  report.groups = {{"data_discrepancy", Figures(80)}, {"other", Figures(40)}};
  report.months = {{"2026-01", 40, 30, 28, 27, 3}, {"2026-02", 50, 40, 38, 36, 4}, {"2026-03", 30, 30, 29, 27, 3}};
  report.backlog = {{State::kTriage, 3}, {State::kAwaitingChairman, 1}};
  report.top_services = {{"Cổng dịch vụ công", 7}, {"", 2}};
  report.escalations = {{"INC-2026-000042", At("2026-02-10T02:00:00Z"), "Giao các sở phối hợp xử lý",
                         At("2026-02-12T09:30:00Z"), true},
                        {"INC-2026-000050", At("2026-03-30T03:00:00Z"), std::nullopt, std::nullopt, std::nullopt}};
  return report;
}

const Sheet& Named(const std::vector<Sheet>& sheets, const std::string& name) {
  for (const Sheet& s : sheets)
    if (s.name == name) return s;
  FAIL("no sheet " << name);
  throw;
}

// The value of the row labelled `label` in a two-column sheet.
Cell Value(const Sheet& sheet, const std::string& label) {
  for (const auto& row : sheet.rows)
    if (row.size() == 2 && row[0] == Text(label)) return row[1];
  FAIL("no row " << label);
  throw;
}

std::vector<std::string> Names(const std::vector<Sheet>& sheets) {
  std::vector<std::string> names;
  for (const Sheet& s : sheets) names.push_back(s.name);
  return names;
}

}  // namespace

TEST_CASE("report tables: an incident report's sheets, figures as numbers and hours with one decimal") {
  const workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  const http::ReportNames names{&workflow.Catalog(), [](const std::string& id) {
                                  return id == "stp" ? std::string("Sở Tư pháp") : std::string();
                                }};
  const auto sheets = http::ReportTables(IncidentReport(ReportGrouping::kCategory), names);
  CHECK(Names(sheets) == std::vector<std::string>{"Tổng hợp", "Theo tháng", "Theo nhóm", "Tồn đọng", "Dịch vụ",
                                                  "Kiến nghị Chủ tịch"});

  const Sheet& summary = Named(sheets, "Tổng hợp");
  CHECK(summary.rows[0] == std::vector<Cell>{Text("Chỉ số"), Text("Giá trị")});
  CHECK(Value(summary, "Từ ngày") == Cell(CivilDate{2026, 1, 1}));
  CHECK(Value(summary, "Đến ngày") == Cell(CivilDate{2026, 3, 31}));
  CHECK(Value(summary, "Phạm vi") == Text("Toàn tỉnh"));
  CHECK(Value(summary, "Tiếp nhận mới") == Whole(120));
  CHECK(Value(summary, "Còn mở cuối kỳ") == Whole(16));
  CHECK(Value(summary, "Thời gian tiếp nhận, trung vị (giờ làm việc)") == Decimal(1.5, 1));
  CHECK(Value(summary, "Thời gian tiếp nhận, P90 (giờ làm việc)") == Decimal(3.2, 1));
  CHECK(Value(summary, "Thời gian giải quyết, P90 (giờ làm việc)") == Cell());  // nothing measured
  CHECK(Value(summary, "Chờ đơn vị báo cáo bổ sung (giờ)") == Decimal(12.5, 1));
  CHECK(Value(summary, "Chờ kết luận của Bộ (giờ)") == Decimal(40.0, 1));
  CHECK(Value(summary, "Tỉ lệ mở lại (%)") == Decimal(5.0, 1));

  const Sheet& months = Named(sheets, "Theo tháng");
  REQUIRE(months.rows.size() == 4);
  CHECK(months.rows[1] == std::vector<Cell>{Text("01/2026"), Whole(40), Whole(30), Whole(28), Whole(27), Whole(3)});

  const Sheet& groups = Named(sheets, "Theo nhóm");
  REQUIRE(groups.rows.size() == 3);
  CHECK(groups.rows[0][0] == Text("Loại sự cố"));
  CHECK(groups.rows[0][1] == Text("Tiếp nhận mới"));
  CHECK(groups.rows[1][0] == Text("Sai lệch dữ liệu"));
  CHECK(groups.rows[1][1] == Whole(80));
  CHECK(groups.rows[2][0] == Text("Vấn đề khác"));

  const Sheet& backlog = Named(sheets, "Tồn đọng");
  CHECK(backlog.rows[1] == std::vector<Cell>{Text("Đang kiểm tra"), Whole(3)});
  CHECK(backlog.rows[2] == std::vector<Cell>{Text("Chờ Chủ tịch UBND tỉnh quyết định"), Whole(1)});

  const Sheet& services = Named(sheets, "Dịch vụ");
  CHECK(services.rows[1] == std::vector<Cell>{Text("Cổng dịch vụ công"), Whole(7)});
  CHECK(services.rows[2] == std::vector<Cell>{Text("(không ghi dịch vụ)"), Whole(2)});

  const Sheet& escalations = Named(sheets, "Kiến nghị Chủ tịch");
  REQUIRE(escalations.rows.size() == 3);
  CHECK(escalations.rows[1] == std::vector<Cell>{Text("INC-2026-000042"), Cell(At("2026-02-10T02:00:00Z")),
                                                 Text("Giao các sở phối hợp xử lý"), Cell(At("2026-02-12T09:30:00Z")),
                                                 Text("Có")});
  CHECK(escalations.rows[2] ==
        std::vector<Cell>{Text("INC-2026-000050"), Cell(At("2026-03-30T03:00:00Z")), Cell(), Cell(), Cell()});
}

TEST_CASE("report tables: an agency's scope is named, no group sheet without grouping, orgs by name") {
  const workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  const http::ReportNames names{&workflow.Catalog(), [](const std::string& id) {
                                  return id == "stp" ? std::string("Sở Tư pháp") : std::string();
                                }};
  engine::Report report = IncidentReport(ReportGrouping::kNone);
  report.query.visible_to = "stp";
  report.groups.clear();
  auto sheets = http::ReportTables(report, names);
  CHECK(Names(sheets) ==
        std::vector<std::string>{"Tổng hợp", "Theo tháng", "Tồn đọng", "Dịch vụ", "Kiến nghị Chủ tịch"});
  CHECK(Value(sheets[0], "Phạm vi") == Text("Sở Tư pháp"));

  report.query.group_by = ReportGrouping::kOrg;
  report.groups = {{"stp", Figures(3)}, {"unknown-org", Figures(1)}};
  sheets = http::ReportTables(report, names);
  const Sheet& groups = Named(sheets, "Theo nhóm");
  CHECK(groups.rows[0][0] == Text("Đơn vị báo cáo"));
  CHECK(groups.rows[1][0] == Text("Sở Tư pháp"));
  CHECK(groups.rows[2][0] == Text("unknown-org"));  // no name: the id
}

TEST_CASE("report tables: a data request report shows the decision clock and the outcomes") {
  const workflows::DataRequestWorkflow workflow{DemoWorkflowSettings()};
  engine::Report report;
  report.query.workflow = "data_request";
  report.query.from = CivilDate{2026, 1, 1};
  report.query.to = CivilDate{2026, 12, 31};
  report.totals.opened = 9;
  report.totals.withdrawn = 1;
  report.totals.decision = {6, 5, 1, 36000, 90000};
  report.totals.decisions = {{DecisionOutcome::kGrant, 4}, {DecisionOutcome::kRefuse, 2}};
  report.escalations = {{"REQ-2026-000003", At("2026-05-04T02:00:00Z"), "partial", At("2026-05-06T02:00:00Z"),
                         std::nullopt}};
  const auto sheets = http::ReportTables(report, http::ReportNames{&workflow.Catalog(), {}});
  const Sheet& summary = Named(sheets, "Tổng hợp");
  CHECK(Value(summary, "Báo cáo") == Text("Yêu cầu khai thác dữ liệu"));
  CHECK(Value(summary, "Đã quyết định") == Whole(6));
  CHECK(Value(summary, "Thời gian quyết định, trung vị (giờ làm việc)") == Decimal(10.0, 1));
  CHECK(Value(summary, "Thời gian quyết định, P90 (giờ làm việc)") == Decimal(25.0, 1));
  CHECK(Value(summary, "Đồng ý chia sẻ") == Whole(4));
  CHECK(Value(summary, "Đồng ý chia sẻ một phần") == Whole(0));
  CHECK(Value(summary, "Từ chối chia sẻ") == Whole(2));
  CHECK(Value(summary, "Người yêu cầu rút") == Whole(1));
  for (const auto& row : summary.rows) CHECK(row[0] != Text("Mở lại"));  // an incident's figure
  CHECK(Named(sheets, "Kiến nghị Chủ tịch").rows[1][2] == Text("Đồng ý chia sẻ một phần"));
}

TEST_CASE("report tables: the groups by sharing scope are named by the regulation's labels") {
  const workflows::DataRequestWorkflow workflow{DemoWorkflowSettings()};
  engine::Report report;
  report.query.workflow = "data_request";
  report.query.from = CivilDate{2026, 1, 1};
  report.query.to = CivilDate{2026, 12, 31};
  report.query.group_by = ReportGrouping::kScope;
  report.groups = {{"intra_province", Figures(5)}, {"person_or_business", Figures(2)}, {"no-such-scope", Figures(1)}};
  const http::ReportNames names{&workflow.Catalog(), {}, workflow.settings().citations.get()};
  REQUIRE(names.citations != nullptr);
  const auto sheets = http::ReportTables(report, names);
  const Sheet& groups = Named(sheets, "Theo nhóm");
  CHECK(groups.rows[0][0] == Text("Phạm vi chia sẻ dữ liệu"));
  CHECK(groups.rows[1][0] == Text("Chia sẻ giữa các cơ quan, đơn vị trong nội bộ tỉnh"));
  CHECK(groups.rows[2][0] == Text("Chia sẻ cho cá nhân, doanh nghiệp"));
  CHECK(groups.rows[3][0] == Text("no-such-scope"));  // no label: the id
}

TEST_CASE("report tables: written as XLSX and as CSV sections") {
  const workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  const auto sheets = http::ReportTables(IncidentReport(ReportGrouping::kMonth), {&workflow.Catalog(), {}});
  auto xlsx = tabular::WriteXlsx(sheets);
  REQUIRE(xlsx.ok());
  auto read = tabular::ReadXlsx(xlsx.value());
  REQUIRE(read.ok());
  REQUIRE(read->size() == 6);
  CHECK(read->at(0).name == "Tổng hợp");
  CHECK(read->at(0).rows.at(2) == std::vector<std::string>{"Từ ngày", "2026-01-01"});  // a date cell
  CHECK(read->at(5).rows.at(1).at(1) == "2026-02-10 09:00:00");                        // Vietnam's time
  const std::string csv = tabular::WriteCsvSections(sheets);
  CHECK(csv.rfind("\xEF\xBB\xBFTổng hợp\r\nChỉ số,Giá trị\r\n", 0) == 0);
  CHECK(csv.find("\r\n\r\nTheo tháng\r\nTháng,") != std::string::npos);
}

}  // namespace incidents::testing
