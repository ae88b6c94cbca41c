#pragma once
// The "reports" section of incidentd's configuration (config/README.md), parsed into the
// ReportDraftSettings of the scheduled drafts (report_draft.h). The defaults are
// ReportDraftSettings{}'s:
//
//   drafts.enabled                 true: draft and mail the last month's and quarter's
//                                  report at each start and each 1st of a month
//   drafts.doict_roles             ["director"]: the roles, among the users of the
//                                  coordinating department (workflow.doict_org), mailed
//   drafts.chairman_office_roles   ["office_staff"]: the same among the users of the
//                                  Chairman's office (workflow.chairman_office_org)
//   drafts.retry_minutes           60 (1..1440): how soon a failed run is tried again

#include "incidents/engine/json_value.h"
#include "incidents/engine/report_draft.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

inline constexpr char kReportsSection[] = "reports";

// The section with every key at ReportDraftSettings{}'s value.
JsonValue DefaultReportsSection();

// An absent key keeps its default; InvalidValue naming the key otherwise ("config:
// 'reports.drafts.doict_roles' ..."): a role list must be an array of role names.
Result<ReportDraftSettings> ParseReportsSection(const JsonValue& section);

}  // namespace incidents::engine
