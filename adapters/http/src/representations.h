#pragma once
// The JSON shapes of spec/API.md ("Ticket", "Event", orgs, the workflow table). Pure
// functions from engine values to JsonValue.

#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow.h"

namespace incidents::http {

engine::JsonValue TicketJson(const engine::Ticket& ticket, const std::vector<engine::EventType>& allowed_actions);
engine::JsonValue OrgJson(const engine::Org& org);
engine::JsonValue UserJson(const engine::User& user);
engine::JsonValue WorkflowJson(const engine::WorkflowTable& table);

}  // namespace incidents::http
