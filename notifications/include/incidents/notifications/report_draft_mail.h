#pragma once
// ReportDraftMail: the outbox rows of a scheduled report draft (issue 16.4), one mail per
// recipient: the users of the coordinating department (workflow.doict_org) with one of
// the configured leadership roles (director by default), and the users of the Chairman's
// office (workflow.chairman_office_org) with one of its roles (office_staff by default);
// active, with an email address. Rendered by the dispatcher from the template
// "report.periodic_draft" (the `report` event type, the state kReportDraftState).
//
// A mail names the period, says it is a draft to review, and links the reports page of
// that period: no figure of the report, no personal data in its variables. A row is
// keyed "report:<period>:0:email:user:<username>" and its ticket_id is "report:<period>".
//
// Immutable after construction; thread-safe if the Directory is. The router and the
// directory must outlive it.

#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/report_draft.h"
#include "incidents/engine/workflow_settings.h"
#include "incidents/notifications/notification_router.h"

namespace incidents::notifications {

// The state the template variant is picked by ("report.periodic_draft.txt").
inline constexpr char kReportDraftState[] = "periodic_draft";

class ReportDraftMail final : public engine::ReportDraftMailPlanner {
 public:
  // `router`: the authorities' names; `public_url`: where the reports page is served.
  ReportDraftMail(const NotificationRouter& router, engine::Directory& directory,
                  const engine::WorkflowSettings& workflow, engine::ReportDraftSettings settings,
                  std::string public_url, std::string locale);

  engine::Result<std::vector<engine::OutboxRow>> PlanDraftMails(const engine::ReportPeriod& period,
                                                                engine::Timestamp at) const override;

  // "public_url/reports?workflow=incident&from=YYYY-MM-DD&to=YYYY-MM-DD".
  static std::string ReportLink(const std::string& public_url, const engine::ReportPeriod& period);
  // "tháng 11 năm 2026", "quý IV năm 2026"; in English "November 2026", "Q4 2026".
  static std::string PeriodLabel(const engine::ReportPeriod& period, const std::string& locale);

 private:
  const NotificationRouter& router_;
  engine::Directory& directory_;
  std::string doict_org_;
  std::string chairman_office_org_;
  engine::ReportDraftSettings settings_;
  std::string public_url_;
  std::string locale_;
};

}  // namespace incidents::notifications
