#include "json_body.h"

#include <string>

#include "incidents/engine/canonical_json.h"

namespace incidents::http {
namespace {
// Request bodies are flat: 32 levels is far more than any event needs.
constexpr int kMaxBodyDepth = 32;
}  // namespace

using engine::JsonValue;
using engine::Status;

// The engine's parser, the project's only one: strict (integers only, well-formed UTF-8,
// 64 levels at most) and faster than Poco's, which also needed a conversion of its tree
// (bench/json_bench).
engine::Result<JsonValue::Object> ParseJsonObjectBody(std::string_view body) {
  if (body.empty()) return Status::InvalidArgument("the request body is empty; a JSON object is expected");
  auto parsed = engine::ParseJson(body, kMaxBodyDepth);
  if (!parsed.ok()) return parsed.status();  // "malformed JSON at offset N: ..."
  if (!parsed->is_object()) return Status::InvalidArgument("the request body must be a JSON object");
  return std::move(parsed->as_object());
}

}  // namespace incidents::http
