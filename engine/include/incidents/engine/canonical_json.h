#pragma once
// The canonical JSON text of a value, which the audit hash is computed over
// (spec/API.md "Event"): object keys sorted by code point, no white space, strings in
// UTF-8 with only '"', '\\' and control characters escaped (\b \f \n \r \t, others as
// \u00XX in lower-case hex). This is byte for byte what Python's
// json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False) writes, so an
// auditor can re-check a chain without our code.

#include <string>
#include <string_view>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

std::string ToCanonicalJson(const JsonValue& value);
void AppendCanonicalJson(const JsonValue& value, std::string& out);
void AppendCanonicalJson(const JsonValue::Object& object, std::string& out);
// A string in its canonical JSON form, quotes included.
void AppendCanonicalJsonString(std::string_view text, std::string& out);

// Parses JSON text (any white space, \uXXXX escapes including surrogate pairs): the one
// JSON parser of the project. Strings must be well-formed UTF-8. Numbers must be integers
// that fit in 64 bits; a fraction or exponent is an error naming the member it is in
// ("field 'a.b[1]' must be an integer, not a fraction"). Nesting is limited to
// `max_depth` levels. Other errors name the offset. All errors are kInvalidArgument.
Result<JsonValue> ParseJson(std::string_view text, int max_depth = 64);

}  // namespace incidents::engine
