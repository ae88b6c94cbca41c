#pragma once
// The message variables of a data-sharing request (issue 15.3): the requester's name, the
// consultation's due date and the decision (message_vars.h says what each holds), in the
// router's locale. Private to the NotificationRouter. Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "incidents/engine/event_catalog.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/notifications/message_vars.h"

namespace incidents::notifications::detail {

// "2027-01-05" as "05/01/2027" in Vietnamese ("en" keeps the ISO form); anything not
// ten characters long is kept as it is.
std::string LocalDate(const std::string& iso, std::string_view locale);

// Sets the request members of `v` (requester_name ... decision_text) from request ticket
// `t` and its event `e`, with `catalog` (the request workflow's) for the outcome's label.
// Leaves `v` as it is when `t` has no request facts. Never reads the requester's contact.
void FillRequestVars(MessageVars& v, const engine::Ticket& t, const engine::TicketEvent& e,
                     const engine::WorkflowCatalog& catalog, std::string_view locale);

}  // namespace incidents::notifications::detail
