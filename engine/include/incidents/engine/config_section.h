#pragma once
// ConfigSection: reads one section of incidentd's configuration (a JSON object such as the
// "storage" object of config/incidentd.json) into a typed settings struct. Each library
// parses its own section with one of these, next to its settings struct; the config
// library (apps/config) loads the file and hands each library its section.
//
// A getter returns the value when the key is present and valid, nothing when it is absent
// (the caller keeps its default), and nothing after recording an error naming the full
// dotted key when the value has the wrong type or is out of range:
//
//   config: 'storage.pool_size' must be between 1 and 64, not 0
//
// The first error is kept; check ok()/status() once after reading every key. Unknown keys
// are not looked for here: the config library refuses them when it lays the file over the
// default tree, which is built from every section's defaults.
//
// Not synchronised. The section must outlive the reader.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

class ConfigSection {
 public:
  // `name` is the section's dotted key ("notifications"; "" for the top level), used in
  // messages. A null section reads as empty; any other value that is not an object is an
  // error.
  ConfigSection(const JsonValue& section, std::string name);

  // `key` is dotted and relative to the section: "retry.max_attempts".
  std::optional<std::int64_t> Int(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::string> String(std::string_view key);
  // A string that must not be empty.
  std::optional<std::string> NonEmptyString(std::string_view key);
  // A string that must be one of `allowed` ("must be full, normal or extra").
  std::optional<std::string> OneOf(std::string_view key, std::initializer_list<std::string_view> allowed);
  // An array (its items are the caller's to check), or nullptr.
  const JsonValue::Array* Array(std::string_view key);
  // An object, or nullptr.
  const JsonValue* Object(std::string_view key);

  // Records InvalidValue "config: '<name>.<key>' <what>" unless an error is already recorded.
  void Fail(std::string_view key, const std::string& what);
  // "<name>.<key>", or `key` at the top level.
  std::string KeyPath(std::string_view key) const;

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

 private:
  const JsonValue* Find(std::string_view key) const;

  const JsonValue* section_;  // nullptr: empty
  std::string name_;
  Status status_;
};

}  // namespace incidents::engine
