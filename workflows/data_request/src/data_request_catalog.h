#pragma once
// The catalog of the data-request workflow: every event's names and the labels of its
// states and priorities (a request has no category).

#include "incidents/engine/event_catalog.h"

namespace incidents::workflows::detail {

// Built once, on first use; thread-safe.
const engine::WorkflowCatalog& DataRequestCatalog();

}  // namespace incidents::workflows::detail
