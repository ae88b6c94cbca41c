// A report as tables (report_tables.h). The figures shown depend on the workflow: an
// incident's acknowledge and resolve clocks and reopenings, a data request's decision
// clock and outcomes.

#include "report_tables.h"

#include <cmath>

#include "decision_labels.h"
#include "incidents/engine/workflow_names.h"

namespace incidents::http {

using namespace incidents::engine;
using tabular::Cell;
using tabular::Sheet;
using tabular::Text;
using tabular::Whole;

namespace {

// One figure of a ReportFigures: its label, and its cell.
struct Figure {
  const char* label;
  std::function<Cell(const ReportFigures&)> value;
};

Cell OptHours(const std::optional<std::int64_t>& seconds) { return seconds ? Hours(*seconds) : Cell(); }

std::int64_t Decided(const ReportFigures& f, DecisionOutcome o) {
  auto it = f.decisions.find(o);
  return it == f.decisions.end() ? 0 : it->second;
}

std::vector<Figure> FiguresOf(const std::string& workflow) {
  if (workflow == kDataRequestWorkflow)
    return {
        {"Tiếp nhận mới", [](const ReportFigures& f) { return Whole(f.opened); }},
        {"Đã đóng", [](const ReportFigures& f) { return Whole(f.closed); }},
        {"Người yêu cầu rút", [](const ReportFigures& f) { return Whole(f.withdrawn); }},
        {"Còn mở cuối kỳ", [](const ReportFigures& f) { return Whole(f.open); }},
        {"Đã quyết định", [](const ReportFigures& f) { return Whole(f.decision.count); }},
        {"Quyết định đúng hạn", [](const ReportFigures& f) { return Whole(f.decision.on_time); }},
        {"Quyết định trễ hạn", [](const ReportFigures& f) { return Whole(f.decision.late); }},
        {"Thời gian quyết định, trung vị (giờ làm việc)",
         [](const ReportFigures& f) { return OptHours(f.decision.median_s); }},
        {"Thời gian quyết định, P90 (giờ làm việc)", [](const ReportFigures& f) { return OptHours(f.decision.p90_s); }},
        {"Đồng ý chia sẻ", [](const ReportFigures& f) { return Whole(Decided(f, DecisionOutcome::kGrant)); }},
        {"Đồng ý chia sẻ một phần", [](const ReportFigures& f) { return Whole(Decided(f, DecisionOutcome::kPartial)); }},
        {"Từ chối chia sẻ", [](const ReportFigures& f) { return Whole(Decided(f, DecisionOutcome::kRefuse)); }},
        {"Chờ người yêu cầu bổ sung (giờ)", [](const ReportFigures& f) { return Hours(f.wait_reporter_s); }},
        {"Chờ Chủ tịch UBND tỉnh (giờ)", [](const ReportFigures& f) { return Hours(f.wait_chairman_s); }},
        {"Trình Chủ tịch UBND tỉnh", [](const ReportFigures& f) { return Whole(f.escalated); }},
    };
  return {
      {"Tiếp nhận mới", [](const ReportFigures& f) { return Whole(f.opened); }},
      {"Đã giải quyết", [](const ReportFigures& f) { return Whole(f.resolved); }},
      {"Đã đóng", [](const ReportFigures& f) { return Whole(f.closed); }},
      {"Từ chối", [](const ReportFigures& f) { return Whole(f.rejected); }},
      {"Còn mở cuối kỳ", [](const ReportFigures& f) { return Whole(f.open); }},
      {"Tiếp nhận đúng hạn", [](const ReportFigures& f) { return Whole(f.acknowledge.on_time); }},
      {"Tiếp nhận trễ hạn", [](const ReportFigures& f) { return Whole(f.acknowledge.late); }},
      {"Thời gian tiếp nhận, trung vị (giờ làm việc)",
       [](const ReportFigures& f) { return OptHours(f.acknowledge.median_s); }},
      {"Thời gian tiếp nhận, P90 (giờ làm việc)", [](const ReportFigures& f) { return OptHours(f.acknowledge.p90_s); }},
      {"Giải quyết đúng hạn", [](const ReportFigures& f) { return Whole(f.resolve.on_time); }},
      {"Giải quyết trễ hạn", [](const ReportFigures& f) { return Whole(f.resolve.late); }},
      {"Thời gian giải quyết, trung vị (giờ làm việc)",
       [](const ReportFigures& f) { return OptHours(f.resolve.median_s); }},
      {"Thời gian giải quyết, P90 (giờ làm việc)", [](const ReportFigures& f) { return OptHours(f.resolve.p90_s); }},
      {"Chờ đơn vị báo cáo bổ sung (giờ)", [](const ReportFigures& f) { return Hours(f.wait_reporter_s); }},
      {"Chờ kết luận của Bộ (giờ)", [](const ReportFigures& f) { return Hours(f.wait_ministry_s); }},
      {"Chờ Chủ tịch UBND tỉnh (giờ)", [](const ReportFigures& f) { return Hours(f.wait_chairman_s); }},
      {"Trình Chủ tịch UBND tỉnh", [](const ReportFigures& f) { return Whole(f.escalated); }},
      {"Mở lại", [](const ReportFigures& f) { return Whole(f.reopened); }},
      {"Tỉ lệ mở lại (%)",
       [](const ReportFigures& f) {
         return tabular::Decimal(f.resolved == 0 ? 0.0 : std::round(1000.0 * f.reopened / f.resolved) / 10.0, 1);
       }},
  };
}

std::string OrgName(const ReportNames& names, const std::string& id) {
  if (!names.org) return id;
  std::string name = names.org(id);
  return name.empty() ? id : name;
}

// "2026-03" -> "03/2026", as people in Vietnam write a month.
std::string MonthText(const std::string& month) {
  return month.size() == 7 && month[4] == '-' ? month.substr(5, 2) + "/" + month.substr(0, 4) : month;
}

std::string StateLabel(const ReportNames& names, State s) {
  return names.catalog && names.catalog->Has(s) ? names.catalog->Of(s).vi : std::string(ToString(s));
}

std::string GroupKeyText(const Report& report, const ReportNames& names, const std::string& key) {
  switch (report.query.group_by) {
    case ReportGrouping::kCategory: {
      const auto c = ParseCategory(key);
      if (c && names.catalog) {
        const auto& categories = names.catalog->categories();
        if (auto it = categories.find(*c); it != categories.end()) return it->second.vi;
      }
      return key;
    }
    case ReportGrouping::kOrg:
    case ReportGrouping::kParty: return OrgName(names, key);
    case ReportGrouping::kService: return key.empty() ? "(không ghi dịch vụ)" : key;
    case ReportGrouping::kMonth: return MonthText(key);
    case ReportGrouping::kScope:
      if (names.citations)
        if (const auto* label = names.citations->LabelOf(CitationRule::By::kScope, key)) return label->vi;
      return key;
    case ReportGrouping::kNone: break;
  }
  return key;
}

const char* GroupHeader(ReportGrouping g, const std::string& workflow) {
  switch (g) {
    case ReportGrouping::kCategory: return workflow == kDataRequestWorkflow ? "Loại" : "Loại sự cố";
    case ReportGrouping::kOrg: return workflow == kDataRequestWorkflow ? "Đơn vị gửi yêu cầu" : "Đơn vị báo cáo";
    case ReportGrouping::kParty: return "Đơn vị liên quan";
    case ReportGrouping::kService: return "Dịch vụ";
    case ReportGrouping::kMonth: return "Tháng";
    case ReportGrouping::kScope: return "Phạm vi chia sẻ dữ liệu";
    case ReportGrouping::kNone: break;
  }
  return "Nhóm";
}

Sheet Summary(const Report& report, const ReportNames& names, const std::vector<Figure>& figures) {
  const ReportQuery& q = report.query;
  Sheet sheet{"Tổng hợp", {{Text("Chỉ số"), Text("Giá trị")}}};
  sheet.rows.push_back({Text("Báo cáo"), Text(q.workflow == kDataRequestWorkflow ? "Yêu cầu khai thác dữ liệu"
                                                                                   : "Sự cố chia sẻ dữ liệu")});
  sheet.rows.push_back({Text("Từ ngày"), Cell(q.from)});
  sheet.rows.push_back({Text("Đến ngày"), Cell(q.to)});
  sheet.rows.push_back({Text("Phạm vi"), Text(q.visible_to ? OrgName(names, *q.visible_to) : "Toàn tỉnh")});
  for (const Figure& f : figures) sheet.rows.push_back({Text(f.label), f.value(report.totals)});
  return sheet;
}

Sheet Months(const Report& report) {
  Sheet sheet{"Theo tháng",
              {{Text("Tháng"), Text("Tiếp nhận mới"), Text("Đã giải quyết"), Text("Đã đóng"),
                Text("Giải quyết đúng hạn"), Text("Giải quyết trễ hạn")}}};
  for (const ReportMonth& m : report.months)
    sheet.rows.push_back({Text(MonthText(m.month)), Whole(m.opened), Whole(m.resolved), Whole(m.closed),
                          Whole(m.resolve_on_time), Whole(m.resolve_late)});
  return sheet;
}

Sheet Groups(const Report& report, const ReportNames& names, const std::vector<Figure>& figures) {
  std::vector<Cell> header{Text(GroupHeader(report.query.group_by, report.query.workflow))};
  for (const Figure& f : figures) header.push_back(Text(f.label));
  Sheet sheet{"Theo nhóm", {std::move(header)}};
  for (const ReportGroup& g : report.groups) {
    std::vector<Cell> row{Text(GroupKeyText(report, names, g.key))};
    for (const Figure& f : figures) row.push_back(f.value(g.figures));
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

Sheet Backlog(const Report& report, const ReportNames& names) {
  Sheet sheet{"Tồn đọng", {{Text("Trạng thái"), Text("Số phiếu")}}};
  for (const auto& [state, n] : report.backlog) sheet.rows.push_back({Text(StateLabel(names, state)), Whole(n)});
  return sheet;
}

Sheet Services(const Report& report) {
  Sheet sheet{"Dịch vụ", {{Text("Dịch vụ"), Text("Số phiếu tiếp nhận mới")}}};
  for (const auto& [service, n] : report.top_services)
    sheet.rows.push_back({Text(service.empty() ? "(không ghi dịch vụ)" : service), Whole(n)});
  return sheet;
}

Sheet Escalations(const Report& report) {
  const bool request = report.query.workflow == kDataRequestWorkflow;
  Sheet sheet{"Kiến nghị Chủ tịch",
              {{Text("Mã phiếu"), Text("Ngày trình"), Text("Quyết định của Chủ tịch UBND tỉnh"),
                Text("Ngày quyết định"), Text("Yêu cầu thực hiện")}}};
  for (const ReportEscalation& e : report.escalations) {
    Cell decision;
    if (e.decision) {
      const auto outcome = request ? ParseDecisionOutcome(*e.decision) : std::nullopt;
      decision = Text(outcome ? std::string(DecisionOutcomeLabel(*outcome)) : *e.decision);
    }
    sheet.rows.push_back({Text(e.ticket_id), Cell(e.escalated_at), decision,
                          e.decided_at ? Cell(*e.decided_at) : Cell(),
                          e.requires_action ? Text(*e.requires_action ? "Có" : "Không") : Cell()});
  }
  return sheet;
}

}  // namespace

Cell Hours(std::int64_t seconds) {
  return tabular::Decimal(std::round(static_cast<double>(seconds) / 360.0) / 10.0, 1);
}

std::vector<Sheet> ReportTables(const Report& report, const ReportNames& names) {
  const std::vector<Figure> figures = FiguresOf(report.query.workflow);
  std::vector<Sheet> sheets{Summary(report, names, figures), Months(report)};
  if (report.query.group_by != ReportGrouping::kNone) sheets.push_back(Groups(report, names, figures));
  sheets.push_back(Backlog(report, names));
  sheets.push_back(Services(report));
  sheets.push_back(Escalations(report));
  return sheets;
}

}  // namespace incidents::http
