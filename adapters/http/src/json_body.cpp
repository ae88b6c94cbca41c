#include "json_body.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

namespace incidents::http {
namespace {

using engine::JsonValue;
using engine::Status;

Status FromVar(const Poco::Dynamic::Var& v, JsonValue& out, const std::string& where, int depth) {
  if (depth > 32) return Status::InvalidArgument("JSON nested too deeply at " + where);
  if (v.isEmpty()) {
    out = JsonValue();
  } else if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto obj = v.extract<Poco::JSON::Object::Ptr>();
    JsonValue::Object o;
    for (const auto& [key, value] : *obj) {
      JsonValue item;
      if (Status st = FromVar(value, item, where.empty() ? key : where + "." + key, depth + 1); !st.ok()) return st;
      o.insert_or_assign(key, std::move(item));
    }
    out = JsonValue(std::move(o));
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto arr = v.extract<Poco::JSON::Array::Ptr>();
    JsonValue::Array a;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonValue item;
      if (Status st = FromVar(arr->get(static_cast<unsigned>(i)), item, where + "[" + std::to_string(i) + "]", depth + 1);
          !st.ok())
        return st;
      a.push_back(std::move(item));
    }
    out = JsonValue(std::move(a));
  } else if (v.isBoolean()) {
    out = JsonValue(v.extract<bool>());
  } else if (v.isString()) {
    out = JsonValue(v.extract<std::string>());
  } else if (v.isInteger()) {
    try {
      out = JsonValue(static_cast<std::int64_t>(v.convert<Poco::Int64>()));
    } catch (const Poco::Exception&) {
      return Status::InvalidArgument("field '" + where + "': integer out of range");
    }
  } else if (v.isNumeric()) {
    return Status::InvalidArgument("field '" + where + "' must be an integer, not a fraction");
  } else {
    return Status::InvalidArgument("field '" + where + "' has an unsupported JSON type");
  }
  return {};
}

}  // namespace

engine::Result<JsonValue::Object> ParseJsonObjectBody(std::string_view body) {
  if (body.empty()) return Status::InvalidArgument("the request body is empty; a JSON object is expected");
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(body));
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("malformed JSON: " + e.message());
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("malformed JSON: ") + e.what());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    return Status::InvalidArgument("the request body must be a JSON object");
  JsonValue out;
  if (Status st = FromVar(parsed, out, "", 0); !st.ok()) return st;
  return out.as_object();
}

}  // namespace incidents::http
