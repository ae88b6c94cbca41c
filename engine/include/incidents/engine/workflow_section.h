#pragma once
// The "workflow" section of incidentd's configuration (config/README.md), parsed into
// WorkflowSettings. The defaults are WorkflowSettings{}'s (workflow_settings.h):
//
//   doict_org              org id of the coordinating department (DoICT)     no default
//   chairman_office_org    org id of the Chairman's office                   no default
//   ministry_org           org id of the ministry consulted (Art. 17.3)      no default
//   province               the province's name, without the word "tỉnh"    no default
//   regulation.vi, .en     the regulation as a message cites it              no default
//   regulation.file        its citations file (config/regulations/*.json)    no default
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

// An absent key keeps its default; InvalidValue naming the key otherwise. An empty
// authority key parses (it is the default) and means "not set".
Result<WorkflowSettings> ParseWorkflowSection(const JsonValue& section);

// OK when every authority key (the org ids, the province, the regulation in both
// languages and its file) is set and the file was loaded into `citations`; InvalidValue
// naming the first key that is not otherwise. incidentd
// checks this at start; tools that do not run the workflow (incidentctl calendar) do not.
Status CheckAuthorities(const WorkflowSettings& settings);

}  // namespace incidents::engine
