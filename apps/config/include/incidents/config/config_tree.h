#pragma once
// The configuration as a JSON tree, before any section is parsed: the defaults, the file
// laid over them, then each --set KEY=VALUE. The defaults decide what may be set: a key
// they lack is unknown, and a value must have its default's JSON type (an object with
// keys of its own is merged key by key; an array, or an object without keys in the
// defaults, is replaced whole).

#include <string>
#include <vector>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::config {

// `defaults` with `path` laid over it (a missing file is an error only when `required`;
// a present one is always read), then `overrides` ("dotted.key=value") in order. A value
// is taken as the type of the key's default: a string as is, a whole number, true/false,
// or JSON for an array or object. InvalidValue naming the dotted key for an unknown key
// or a value of another type; naming the file when it cannot be read or is not JSON.
engine::Result<engine::JsonValue> ReadConfigTree(engine::JsonValue defaults, const std::string& path, bool required,
                                                 const std::vector<std::string>& overrides);

}  // namespace incidents::config
