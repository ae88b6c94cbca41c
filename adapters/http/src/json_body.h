#pragma once
// Request bodies: JSON text parsed by the engine's parser into its JsonValue; anything
// malformed becomes a 400 Status naming what is wrong.

#include <string_view>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::http {

// The body must be one JSON object. Numbers must be integers.
engine::Result<engine::JsonValue::Object> ParseJsonObjectBody(std::string_view body);

}  // namespace incidents::http
