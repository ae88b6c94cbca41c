#pragma once
// ReportService: a report as its caller may see it (issue 16). Visibility is the ticket
// lists' (access.h): DoICT, the Chairman and the office see every ticket's figures; an
// agency's users the figures of the tickets their agency reports or is a party of; nobody
// else any. Immutable after construction and thread-safe; the store and the settings must
// outlive it.

#include "incidents/engine/actor.h"
#include "incidents/engine/report.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

// The longest period one report covers, in days (five years and their leap days).
inline constexpr int kMaxReportDays = 5 * 366;

class ReportService {
 public:
  ReportService(ReportStore& store, const WorkflowSettings& settings);

  // The report of `query` (its visible_to is set here, never taken from the caller).
  // kInvalidValue when `to` is before `from` or the period is longer than kMaxReportDays;
  // kForbidden for a caller who sees no tickets.
  Result<Report> Run(const Actor& actor, ReportQuery query) const;

 private:
  ReportStore& store_;
  const WorkflowSettings& settings_;
};

}  // namespace incidents::engine
