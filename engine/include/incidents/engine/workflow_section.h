#pragma once
// The "workflow" section of incidentd's configuration (config/README.md), parsed into
// WorkflowSettings. The defaults are WorkflowSettings{}'s (workflow_settings.h):
//
//   doict_org              org id of the Department of Information and Communications
//   chairman_office_org    org id of the Chairman's office
//   reopen_window_days     how long after a resolution the reporter may reopen, 0..3650
//   escalation_signoff     "none" or "director": who signs off an escalation first
//   chairman_may_return    true: the Chairman may send an escalation back to DoICT

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

inline constexpr char kWorkflowSection[] = "workflow";

// The section with every key at WorkflowSettings{}'s value.
JsonValue DefaultWorkflowSection();

// An absent key keeps its default; InvalidValue naming the key otherwise.
Result<WorkflowSettings> ParseWorkflowSection(const JsonValue& section);

}  // namespace incidents::engine
