#pragma once
// Query parameters of the list routes, each error naming the parameter: a value of the
// wrong form is 400 ("query 'offset' must be a whole number"), a well-formed one out of
// range 422 ("query 'limit' must be 1 to 200"). An absent or empty parameter leaves `out`
// as it was (the caller's default). Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "api_types.h"
#include "incidents/engine/civil_date.h"
#include "incidents/engine/status.h"

namespace incidents::http {

// The parameter's value, or "" when absent.
std::string QueryText(const ApiRequest& r, const char* name);
engine::Status QueryBool(const ApiRequest& r, const char* name, std::optional<bool>& out);
engine::Status QueryInt(const ApiRequest& r, const char* name, std::int64_t min, std::int64_t max,
                        std::int64_t& out);
engine::Status QueryDate(const ApiRequest& r, const char* name, engine::CivilDate& out);

}  // namespace incidents::http
