#pragma once
// The JSON shapes of spec/API.md ("Ticket", "Event", orgs, the workflow table). Pure
// functions from engine values to JsonValue.

#include <functional>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::http {

// Labels come from the workflow's catalog.
engine::JsonValue TicketJson(const engine::Ticket& ticket, const std::vector<engine::EventType>& allowed_actions,
                             const engine::WorkflowCatalog& catalog);
engine::JsonValue OrgJson(const engine::Org& org);
engine::JsonValue UserJson(const engine::User& user);
// The table, the states' labels, and the event catalog (names, citations, payload fields
// with the text limits in characters).
engine::JsonValue WorkflowJson(const engine::Workflow& workflow, const engine::TextLimits& limits);
// The authorities the settings name, for the pages (which hard-code none):
//   {"doict": {"id","name"}, "chairman_office": {"id","name"}, "ministry": {"id","name"},
//    "province": "..."}
// `name_of` gives an org's name as the directory has it now.
engine::JsonValue AuthoritiesJson(const engine::WorkflowSettings& settings,
                                  const std::function<std::string(const std::string&)>& name_of);
// The regulation the citations refer to: {"vi": "...", "en": "..."}.
engine::JsonValue RegulationJson(const engine::WorkflowSettings& settings);

}  // namespace incidents::http
