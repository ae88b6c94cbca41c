#pragma once
// JsonValue: the small JSON model the engine needs for event payloads and the canonical
// form the audit hash is computed over. Objects keep their keys sorted (std::map), so a
// value has exactly one canonical text. Numbers are integers only: nothing in the
// workflow needs fractions, and integers round-trip exactly. Value type; not synchronised.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace incidents::engine {

class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  using Object = std::map<std::string, JsonValue>;

  JsonValue() = default;  // null
  JsonValue(std::nullptr_t) {}
  JsonValue(bool b) : v_(b) {}
  JsonValue(int v) : v_(std::int64_t{v}) {}
  JsonValue(std::int64_t v) : v_(v) {}
  JsonValue(std::string s) : v_(std::move(s)) {}
  JsonValue(const char* s) : v_(std::string(s)) {}
  JsonValue(Array a) : v_(std::move(a)) {}
  JsonValue(Object o) : v_(std::move(o)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  // Precondition: the matching is_*() is true.
  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object member or nullptr (also when this is not an object).
  const JsonValue* Find(const std::string& key) const;

  friend bool operator==(const JsonValue&, const JsonValue&);

 private:
  std::variant<std::monostate, bool, std::int64_t, std::string, Array, Object> v_;
};

// A payload is a JSON object.
using Payload = JsonValue::Object;

}  // namespace incidents::engine
