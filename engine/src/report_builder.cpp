// ReportBuilder and RunReport: the figures rows of a period folded into a Report. The
// definitions of each count are report.h's and docs/reports.md's.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/report.h"

namespace incidents::engine {

namespace {

// Working durations kept to take their percentiles at the end.
struct DurationAcc {
  DurationSummary summary;
  std::vector<std::int64_t> values;

  void Add(std::int64_t seconds, std::optional<bool> late) {
    ++summary.count;
    if (late) ++(*late ? summary.late : summary.on_time);
    values.push_back(seconds);
  }

  // Nearest rank: the smallest value with at least p of the values at or below it.
  DurationSummary Finish() && {
    if (!values.empty()) {
      std::sort(values.begin(), values.end());
      const auto rank = [&](double p) {
        const auto n = static_cast<double>(values.size());
        const auto r = static_cast<std::size_t>(std::max(1.0, std::ceil(p * n)));
        return values[std::min(r, values.size()) - 1];
      };
      summary.median_s = rank(0.5);
      summary.p90_s = rank(0.9);
    }
    return summary;
  }
};

struct FiguresAcc {
  ReportFigures figures;
  DurationAcc acknowledge, resolve, decision;

  ReportFigures Finish() && {
    figures.acknowledge = std::move(acknowledge).Finish();
    figures.resolve = std::move(resolve).Finish();
    figures.decision = std::move(decision).Finish();
    return figures;
  }
};

std::string MonthOf(Timestamp t) {
  const CivilDate d = LocalDateOf(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", d.year, d.month);
  return buf;
}

bool IsDecided(State s) { return s == State::kGranted || s == State::kPartiallyGranted || s == State::kRefused; }

}  // namespace

struct ReportBuilder::Acc {
  Timestamp begin, end;
  FiguresAcc totals;
  std::map<std::string, FiguresAcc, std::less<>> groups;
  std::vector<Timestamp> month_starts;  // of each month of the period, ascending
  std::vector<ReportMonth> months;      // the same months
  std::map<State, std::int64_t> backlog;
  std::map<std::string, std::int64_t> services;
  std::vector<ReportEscalation> escalations;

  // The month of the period an instant of it falls in.
  ReportMonth& MonthAt(Timestamp t) {
    const auto it = std::upper_bound(month_starts.begin(), month_starts.end(), t);
    return months[static_cast<std::size_t>(it - month_starts.begin()) - 1];
  }
  FiguresAcc& Group(std::string_view key) {
    auto it = groups.find(key);
    if (it == groups.end()) it = groups.emplace(std::string(key), FiguresAcc{}).first;
    return it->second;
  }

  bool In(const std::optional<Timestamp>& t) const { return t && *t >= begin && *t < end; }
  bool In(Timestamp t) const { return t >= begin && t < end; }
  bool OpenAtEnd(const TicketFigures& r) const { return r.created_at < end && (!r.closed_at || *r.closed_at >= end); }

  void Count(FiguresAcc& acc, const TicketFigures& r) const {
    ReportFigures& f = acc.figures;
    if (In(r.created_at)) ++f.opened;
    if (In(r.resolved_at)) {
      ++f.resolved;
      if (r.reopens > 0) ++f.reopened;
    }
    if (In(r.closed_at)) {
      if (r.state == State::kRejected) ++f.rejected;
      else if (r.state == State::kWithdrawn) ++f.withdrawn;
      else ++f.closed;
      if (r.decision && IsDecided(r.state)) ++f.decisions[*r.decision];
    }
    if (OpenAtEnd(r)) ++f.open;
    if (In(r.acknowledged_at) && r.ack_working_s) acc.acknowledge.Add(*r.ack_working_s, r.ack_late);
    if (In(r.last_resolved_at) && r.resolve_working_s) acc.resolve.Add(*r.resolve_working_s, r.resolve_late);
    if (In(r.closed_at) && r.decision_working_s) acc.decision.Add(*r.decision_working_s, r.decision_late);
    f.wait_reporter_s += r.wait_reporter_s;
    f.wait_ministry_s += r.wait_ministry_s;
    f.wait_chairman_s += r.wait_chairman_s;
    if (In(r.escalated_at)) ++f.escalated;
  }
};

ReportBuilder::ReportBuilder(ReportQuery query) : query_(std::move(query)), acc_(std::make_shared<Acc>()) {
  acc_->begin = PeriodBegin(query_);
  acc_->end = PeriodEnd(query_);
  // Every month of the period, also those without a ticket.
  for (Timestamp t = acc_->begin; t < acc_->end;) {
    acc_->month_starts.push_back(t);
    acc_->months.push_back(ReportMonth{MonthOf(t)});
    CivilDate d = LocalDateOf(t);
    d = d.month == 12 ? CivilDate{d.year + 1, 1, 1} : CivilDate{d.year, d.month + 1, 1};
    t = LocalMidnightOf(d);
  }
}

void ReportBuilder::Add(const TicketFigures& r) {
  Acc& a = *acc_;
  if (r.workflow != query_.workflow) return;
  if (!(r.created_at < a.end && (!r.closed_at || *r.closed_at >= a.begin))) return;
  if (query_.visible_to && r.reporter_org != *query_.visible_to &&
      std::find(r.parties.begin(), r.parties.end(), *query_.visible_to) == r.parties.end())
    return;
  a.Count(a.totals, r);
  switch (query_.group_by) {
    case ReportGrouping::kNone: break;
    case ReportGrouping::kCategory: a.Count(a.Group(ToString(r.category)), r); break;
    case ReportGrouping::kOrg: a.Count(a.Group(r.reporter_org), r); break;
    case ReportGrouping::kParty:
      for (const std::string& party : r.parties) a.Count(a.Group(party), r);
      break;
    case ReportGrouping::kService: a.Count(a.Group(r.service ? std::string_view(*r.service) : ""), r); break;
    case ReportGrouping::kMonth: a.Count(a.Group(MonthOf(r.created_at)), r); break;
    case ReportGrouping::kScope: a.Count(a.Group(ToString(r.scope)), r); break;
  }
  if (a.In(r.created_at)) {
    ++a.MonthAt(r.created_at).opened;
    if (r.service) ++a.services[*r.service];
  }
  if (a.In(r.resolved_at)) ++a.MonthAt(*r.resolved_at).resolved;
  if (a.In(r.last_resolved_at) && r.resolve_late) {
    ReportMonth& m = a.MonthAt(*r.last_resolved_at);
    ++(*r.resolve_late ? m.resolve_late : m.resolve_on_time);
  }
  if (a.In(r.closed_at)) ++a.MonthAt(*r.closed_at).closed;
  if (a.OpenAtEnd(r)) ++a.backlog[r.state];
  if (a.In(r.escalated_at)) {
    ReportEscalation e{r.ticket_id, *r.escalated_at, std::nullopt, std::nullopt, std::nullopt};
    // Only a decision taken on this escalation, not on an earlier one.
    if (r.chairman_decided_at && *r.chairman_decided_at >= *r.escalated_at) {
      e.decision = r.chairman_decision;
      e.decided_at = r.chairman_decided_at;
      e.requires_action = r.chairman_requires_action;
    }
    a.escalations.push_back(std::move(e));
  }
}

Report ReportBuilder::Finish() && {
  Acc& a = *acc_;
  Report report;
  report.query = query_;
  report.totals = std::move(a.totals).Finish();
  for (auto& [key, acc] : a.groups) report.groups.push_back({key, std::move(acc).Finish()});
  if (query_.group_by != ReportGrouping::kMonth)
    std::stable_sort(report.groups.begin(), report.groups.end(), [](const ReportGroup& x, const ReportGroup& y) {
      return x.figures.opened > y.figures.opened;
    });
  report.months = std::move(a.months);
  for (const auto& [state, n] : a.backlog) report.backlog.emplace_back(state, n);
  for (const auto& [service, n] : a.services) report.top_services.emplace_back(service, n);
  std::stable_sort(report.top_services.begin(), report.top_services.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  if (report.top_services.size() > 10) report.top_services.resize(10);
  report.escalations = std::move(a.escalations);
  std::sort(report.escalations.begin(), report.escalations.end(),
            [](const ReportEscalation& x, const ReportEscalation& y) {
              return std::tie(y.escalated_at, y.ticket_id) < std::tie(x.escalated_at, x.ticket_id);
            });
  if (report.escalations.size() > kMaxReportEscalations) report.escalations.resize(kMaxReportEscalations);
  return report;
}

Timestamp PeriodBegin(const ReportQuery& q) { return LocalMidnightOf(q.from); }
Timestamp PeriodEnd(const ReportQuery& q) { return LocalMidnightOf(AddDays(q.to, 1)); }

std::string_view ToString(ReportGrouping g) {
  switch (g) {
    case ReportGrouping::kNone: return "none";
    case ReportGrouping::kCategory: return "category";
    case ReportGrouping::kOrg: return "org";
    case ReportGrouping::kParty: return "party";
    case ReportGrouping::kService: return "service";
    case ReportGrouping::kMonth: return "month";
    case ReportGrouping::kScope: return "scope";
  }
  return "none";
}

std::optional<ReportGrouping> ParseReportGrouping(std::string_view s) {
  for (ReportGrouping g : {ReportGrouping::kNone, ReportGrouping::kCategory, ReportGrouping::kOrg,
                           ReportGrouping::kParty, ReportGrouping::kService, ReportGrouping::kMonth,
                           ReportGrouping::kScope})
    if (s == ToString(g)) return g;
  return std::nullopt;
}

Result<Report> RunReport(ReportStore& store, const ReportQuery& query) {
  ReportBuilder builder(query);
  const FiguresScan scan{query.workflow, PeriodBegin(query), PeriodEnd(query), query.visible_to};
  if (Status st = store.ScanFigures(scan, [&](const TicketFigures& row) { builder.Add(row); });
      !st.ok())
    return st;
  return std::move(builder).Finish();
}

}  // namespace incidents::engine
