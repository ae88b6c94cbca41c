#include "body_reader.h"

namespace incidents::http {

using engine::JsonValue;
using engine::Status;

namespace {
std::string Field(std::string_view name) { return "field '" + std::string(name) + "'"; }
}  // namespace

const JsonValue* BodyReader::Find(std::string_view name) const {
  auto it = body_.find(std::string(name));
  return it == body_.end() ? nullptr : &it->second;
}

bool BodyReader::Has(std::string_view name) const { return Find(name) != nullptr; }

void BodyReader::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

void BodyReader::Missing(std::string_view name, std::string_view what) {
  Fail(Status::InvalidArgument(Field(name) + " is required and must be " + std::string(what)));
}

std::string BodyReader::RequiredString(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || !v->is_string()) {
    Missing(name, "a string");
    return {};
  }
  return v->as_string();
}

std::optional<std::string> BodyReader::String(std::string_view name, bool null_clears) {
  const JsonValue* v = Find(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return null_clears ? std::optional<std::string>("") : std::nullopt;
  if (!v->is_string()) {
    Fail(Status::InvalidArgument(Field(name) + " must be a string" + (null_clears ? " or null" : "")));
    return std::nullopt;
  }
  return v->as_string();
}

std::optional<bool> BodyReader::Bool(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_bool()) {
    Fail(Status::InvalidArgument(Field(name) + " must be true or false"));
    return std::nullopt;
  }
  return v->as_bool();
}

bool BodyReader::RequiredBool(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || !v->is_bool()) {
    Missing(name, "true or false");
    return false;
  }
  return v->as_bool();
}

std::optional<engine::CivilDate> BodyReader::Date(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    Fail(Status::InvalidArgument(Field(name) + " must be a date string such as 2027-01-31"));
    return std::nullopt;
  }
  auto date = engine::ParseIsoDate(v->as_string());
  if (!date) {
    Fail(Status::InvalidValue(Field(name) + " must be a date such as 2027-01-31, not '" + v->as_string() + "'"));
    return std::nullopt;
  }
  return date;
}

engine::CivilDate BodyReader::RequiredDate(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || !v->is_string()) {
    Missing(name, "a date string such as 2027-01-31");
    return {};
  }
  auto date = Date(name);
  return date ? *date : engine::CivilDate{};
}

std::optional<std::set<engine::Role>> BodyReader::Roles(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const std::string must = Field(name) + " must be an array of role names";
  if (!v->is_array()) {
    Fail(Status::InvalidArgument(must));
    return std::nullopt;
  }
  std::set<engine::Role> roles;
  for (const JsonValue& item : v->as_array()) {
    if (!item.is_string()) {
      Fail(Status::InvalidArgument(must));
      return std::nullopt;
    }
    auto role = engine::ParseRole(item.as_string());
    if (!role) {
      std::string known;
      for (engine::Role r : engine::kAllRoles) known += (known.empty() ? "" : ", ") + std::string(engine::ToString(r));
      Fail(Status::InvalidValue(Field(name) + ": unknown role '" + item.as_string() + "' (roles: " + known + ")"));
      return std::nullopt;
    }
    roles.insert(*role);
  }
  return roles;
}

std::set<engine::Role> BodyReader::RequiredRoles(std::string_view name) {
  const JsonValue* v = Find(name);
  if (v == nullptr || v->is_null()) {
    Missing(name, "an array of role names");
    return {};
  }
  return Roles(name).value_or(std::set<engine::Role>{});
}

}  // namespace incidents::http
