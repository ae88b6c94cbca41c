#include "incidents/engine/report_service.h"

#include "incidents/engine/access.h"

namespace incidents::engine {

ReportService::ReportService(ReportStore& store, const WorkflowSettings& settings)
    : store_(store), settings_(settings) {}

Result<Report> ReportService::Run(const Actor& actor, ReportQuery query) const {
  if (query.to < query.from) return Status::InvalidValue("query 'to' is before query 'from'");
  if (DayNumber(query.to) - DayNumber(query.from) >= kMaxReportDays)
    return Status::InvalidValue("a report covers at most " + std::to_string(kMaxReportDays) + " days");
  query.visible_to.reset();
  if (!SeesAllTickets(actor, settings_)) {
    if (!CanReport(actor)) return Status::Forbidden("reports are for DoICT, the Chairman's office and the agencies");
    query.visible_to = actor.org;
  }
  return RunReport(store_, query);
}

}  // namespace incidents::engine
