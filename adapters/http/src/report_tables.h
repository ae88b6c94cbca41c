#pragma once
// A report (engine/report.h, issue 16) as the tables of its CSV and XLSX files, in
// Vietnamese: "Tổng hợp" (the period's figures, a row each), "Theo tháng", "Theo nhóm"
// (only when grouped), "Tồn đọng", "Dịch vụ" and "Kiến nghị Chủ tịch". Hours are working
// hours (the clocks) or wall-clock hours (the waits) as numbers with one decimal; the
// period's ends are dates, escalations and decisions instants. Pure; thread-safe.

#include <functional>
#include <string>
#include <vector>

#include "incidents/engine/event_catalog.h"
#include "incidents/engine/regulation.h"
#include "incidents/engine/report.h"
#include "incidents/tabular/sheet.h"

namespace incidents::http {

struct ReportNames {
  // The report's workflow's labels of states and categories; none: their ids.
  const engine::WorkflowCatalog* catalog = nullptr;
  // An org's name from its id (the scope, and the groups by org or party); none, or "":
  // the id.
  std::function<std::string(const std::string& org_id)> org;
  // The workflow's citations, whose labels name the sharing scopes; none: their ids.
  const engine::Regulation* citations = nullptr;
};

std::vector<tabular::Sheet> ReportTables(const engine::Report& report, const ReportNames& names);

// Seconds as hours rounded to one decimal (5400 -> 1.5), a number cell.
tabular::Cell Hours(std::int64_t seconds);

}  // namespace incidents::http
