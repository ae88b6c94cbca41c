#pragma once
// The storage form of a Ticket snapshot: a JSON object with every field, including the
// internal ones the API does not show (resume_state, resolved_at, last_hash). Stores keep
// it as canonical JSON text beside the columns they index, so that both SQL dialects
// share one mapping and a new field needs no column. Pure functions.

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket.h"

namespace incidents::engine {

JsonValue TicketToStorageJson(const Ticket& ticket);

// kCorruption naming the field when the object does not describe a ticket.
Result<Ticket> TicketFromStorageJson(const JsonValue& json);

}  // namespace incidents::engine
