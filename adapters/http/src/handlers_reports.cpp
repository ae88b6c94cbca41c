// GET /api/v1/reports/incidents and /api/v1/reports/data-requests (issue 16): the report
// of a period as JSON (docs/reports.md), or as a CSV or XLSX file.

#include "downloads.h"
#include "handlers.h"
#include "incidents/engine/report_service.h"
#include "problem.h"
#include "report_tables.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

JsonValue OptSeconds(const std::optional<std::int64_t>& s) { return s ? JsonValue(*s) : JsonValue(); }

JsonValue DurationJson(const DurationSummary& d) {
  return JsonValue::Object{{"count", d.count},
                           {"on_time", d.on_time},
                           {"late", d.late},
                           {"median_s", OptSeconds(d.median_s)},
                           {"p90_s", OptSeconds(d.p90_s)}};
}

JsonValue FiguresJson(const ReportFigures& f) {
  JsonValue::Object decisions;
  for (DecisionOutcome o : kAllDecisionOutcomes) {
    auto it = f.decisions.find(o);
    decisions.emplace(std::string(ToString(o)), it == f.decisions.end() ? std::int64_t{0} : it->second);
  }
  return JsonValue::Object{
      {"opened", f.opened},
      {"resolved", f.resolved},
      {"closed", f.closed},
      {"rejected", f.rejected},
      {"withdrawn", f.withdrawn},
      {"open", f.open},
      {"acknowledge", DurationJson(f.acknowledge)},
      {"resolve", DurationJson(f.resolve)},
      {"decision", DurationJson(f.decision)},
      {"waiting_s", JsonValue::Object{{"reporter", f.wait_reporter_s},
                                      {"ministry", f.wait_ministry_s},
                                      {"chairman", f.wait_chairman_s}}},
      {"escalated", f.escalated},
      {"reopened", f.reopened},
      {"decisions", JsonValue(std::move(decisions))},
  };
}

JsonValue OptTime(const std::optional<Timestamp>& t) { return t ? JsonValue(FormatRfc3339(*t)) : JsonValue(); }

JsonValue ReportJson(const Report& report, Timestamp generated_at) {
  const ReportQuery& q = report.query;
  JsonValue::Array groups, months, backlog, services, escalations;
  for (const ReportGroup& g : report.groups)
    groups.push_back(JsonValue::Object{{"key", g.key}, {"figures", FiguresJson(g.figures)}});
  for (const ReportMonth& m : report.months)
    months.push_back(JsonValue::Object{{"month", m.month},
                                       {"opened", m.opened},
                                       {"resolved", m.resolved},
                                       {"closed", m.closed},
                                       {"resolve_on_time", m.resolve_on_time},
                                       {"resolve_late", m.resolve_late}});
  for (const auto& [state, n] : report.backlog)
    backlog.push_back(JsonValue::Object{{"state", std::string(ToString(state))}, {"count", n}});
  for (const auto& [service, n] : report.top_services)
    services.push_back(JsonValue::Object{{"service", service}, {"count", n}});
  for (const ReportEscalation& e : report.escalations)
    escalations.push_back(JsonValue::Object{
        {"ticket_id", e.ticket_id},
        {"escalated_at", FormatRfc3339(e.escalated_at)},
        {"decision", e.decision ? JsonValue(*e.decision) : JsonValue()},
        {"decided_at", OptTime(e.decided_at)},
        {"requires_action", e.requires_action ? JsonValue(*e.requires_action) : JsonValue()},
    });
  return JsonValue::Object{
      {"workflow", q.workflow},
      {"from", ToIsoString(q.from)},
      {"to", ToIsoString(q.to)},
      {"group_by", q.group_by == ReportGrouping::kNone ? JsonValue() : JsonValue(std::string(ToString(q.group_by)))},
      {"scope", q.visible_to ? JsonValue(*q.visible_to) : JsonValue("all")},
      {"generated_at", FormatRfc3339(generated_at)},
      {"totals", FiguresJson(report.totals)},
      {"groups", JsonValue(std::move(groups))},
      {"months", JsonValue(std::move(months))},
      {"backlog", JsonValue(std::move(backlog))},
      {"top_services", JsonValue(std::move(services))},
      {"escalations", JsonValue(std::move(escalations))},
  };
}

// A required YYYY-MM-DD query parameter.
Status ParseDateParam(const ApiRequest& r, const char* name, CivilDate& out) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty())
    return Status::InvalidValue(std::string("query '") + name + "' is required and must be a date such as 2027-01-31");
  auto d = ParseIsoDate(it->second);
  if (!d)
    return Status::InvalidValue(std::string("query '") + name + "' must be a date such as 2027-01-31, not '" +
                                it->second + "'");
  out = *d;
  return {};
}

ApiResponse ReportResponse(ApiContext& ctx, const ApiRequest& r, const char* workflow) {
  if (!ctx.services.reports) return ProblemFromStatus(Status::NotFound("reports are not enabled on this server"));
  ReportQuery q;
  q.workflow = workflow;
  if (Status st = ParseDateParam(r, "from", q.from); !st.ok()) return ProblemFromStatus(st);
  if (Status st = ParseDateParam(r, "to", q.to); !st.ok()) return ProblemFromStatus(st);
  if (auto it = r.query.find("group_by"); it != r.query.end() && !it->second.empty()) {
    auto g = ParseReportGrouping(it->second);
    if (!g) return ProblemFromStatus(
          Status::InvalidValue("query 'group_by' must be one of category, org, party, service, month, scope"));
    q.group_by = *g;
  }
  std::string format = "json";
  if (auto it = r.query.find("format"); it != r.query.end() && !it->second.empty()) format = it->second;
  const std::optional<SheetFormat> file = ParseSheetFormat(format);
  if (format != "json" && !file)
    return ProblemFromStatus(Status::InvalidValue("query 'format' must be one of json, csv, xlsx"));
  auto report = ctx.services.reports->Run(r.caller->actor, q);
  if (!report.ok()) return ProblemFromStatus(report.status());
  if (!file) return JsonResponse(200, ReportJson(report.value(), ctx.services.clock.Now()));
  // The same report as a file, with the workflow's labels and the orgs' names.
  const Workflow* wf = ctx.services.tickets.WorkflowNamed(workflow);
  const ReportNames names{wf ? &wf->Catalog() : nullptr,
                          [&ctx](const std::string& id) {
                            auto org = ctx.services.directory.FindOrg(id);
                            return org.ok() && org.value() ? org.value()->name : std::string();
                          },
                          wf ? wf->settings().citations.get() : nullptr};
  const std::string period = ToIsoString(q.from) + "_" + ToIsoString(q.to);
  const bool incidents = std::string_view(workflow) == kIncidentWorkflow;
  return SheetsDownload(ReportTables(report.value(), names), *file,
                        std::string(incidents ? "bao-cao-su-co-" : "bao-cao-yeu-cau-du-lieu-") + period,
                        std::string(incidents ? "Báo cáo sự cố " : "Báo cáo yêu cầu chia sẻ dữ liệu ") + period);
}

}  // namespace

ApiResponse HandleIncidentReport(ApiContext& ctx, const ApiRequest& r) {
  return ReportResponse(ctx, r, kIncidentWorkflow);
}

ApiResponse HandleDataRequestReport(ApiContext& ctx, const ApiRequest& r) {
  return ReportResponse(ctx, r, kDataRequestWorkflow);
}

}  // namespace incidents::http
