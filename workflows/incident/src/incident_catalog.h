#pragma once
// The catalog of the incident workflow (spec/WORKFLOW.md): every event's names and
// citation, and the labels of its states, categories and priorities.

#include "incidents/engine/event_catalog.h"

namespace incidents::workflows::detail {

// Built once, on first use; thread-safe.
const engine::WorkflowCatalog& IncidentCatalog();

}  // namespace incidents::workflows::detail
