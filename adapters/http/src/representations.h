#pragma once
// The JSON shapes of spec/API.md ("Ticket", "Event", orgs, the workflow table). Pure
// functions from engine values to JsonValue.

#include <map>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow.h"

namespace incidents::http {

// Labels come from the workflow's catalog.
engine::JsonValue TicketJson(const engine::Ticket& ticket, const std::vector<engine::EventType>& allowed_actions,
                             const engine::WorkflowCatalog& catalog);
// A focal point or deputy on duty (the "FP" of spec/API.md): the term with the person's
// display name and contact; `person` null when the directory lacks the user (empty text).
engine::JsonValue FocalPointJson(const engine::FocalPoint& term, const engine::User* person);
// An org with its focal point and deputy in force on `day` (null when none): `terms` from
// Directory::ListFocalPoints (any orgs), `people` the users they name, by username.
engine::JsonValue OrgJson(const engine::Org& org, const std::vector<engine::FocalPoint>& terms,
                          const std::map<std::string, engine::User>& people, engine::CivilDate day);
engine::JsonValue UserJson(const engine::User& user);
// The table, the states' labels, and the event catalog (names, citations, payload fields
// with the text limits in characters).
engine::JsonValue WorkflowJson(const engine::Workflow& workflow, const engine::TextLimits& limits);

}  // namespace incidents::http
