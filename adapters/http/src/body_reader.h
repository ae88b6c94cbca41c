#pragma once
// BodyReader: reads the members of a request's JSON object into typed values, the way
// ConfigSection reads a config section. A getter returns the value when the member is
// present and valid, nothing when it is absent, and nothing after recording an error that
// names the field when it is not:
//
//   field 'roles' must be an array of role names          (kInvalidArgument: HTTP 400)
//   field 'since' must be a date such as 2027-01-31      (kInvalidValue: HTTP 422)
//
// Wrong JSON types and missing required members are 400; well-typed values that cannot be
// (a date that does not exist, an unknown role) are 422. The first error is kept: check
// ok()/status() once after reading every member. Unknown members are ignored (the API lets
// requests carry fields it does not know).
//
// Not synchronised. The body must outlive the reader.

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::http {

class BodyReader {
 public:
  explicit BodyReader(const engine::JsonValue::Object& body) : body_(body) {}

  // Present (null included).
  bool Has(std::string_view name) const;

  // A string member that must be there.
  std::string RequiredString(std::string_view name);
  // A string member that may be absent; null reads as "" (clears the value) when
  // `null_clears`, else as absent.
  std::optional<std::string> String(std::string_view name, bool null_clears = true);
  std::optional<bool> Bool(std::string_view name);
  bool RequiredBool(std::string_view name);
  // "YYYY-MM-DD". Absent or null: nothing.
  std::optional<engine::CivilDate> Date(std::string_view name);
  engine::CivilDate RequiredDate(std::string_view name);
  // An array of role names ("coordinator"). Absent or null: nothing.
  std::optional<std::set<engine::Role>> Roles(std::string_view name);
  std::set<engine::Role> RequiredRoles(std::string_view name);

  void Fail(engine::Status status);
  bool ok() const { return status_.ok(); }
  const engine::Status& status() const { return status_; }

 private:
  const engine::JsonValue* Find(std::string_view name) const;
  void Missing(std::string_view name, std::string_view what);

  const engine::JsonValue::Object& body_;
  engine::Status status_;
};

}  // namespace incidents::http
