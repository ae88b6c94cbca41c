#include "incidents/config/config_tree.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "incidents/engine/canonical_json.h"

namespace incidents::config {

using engine::JsonValue;
using engine::Status;

namespace {

// Overlay `from` onto `into`, key by key; every key must exist in the defaults with the
// same JSON type (arrays and objects of free shape are replaced whole).
Status Merge(JsonValue& into, const JsonValue& from, const std::string& where) {
  if (!from.is_object()) return Status::InvalidValue("config: '" + where + "' must be a JSON object");
  for (const auto& [key, value] : from.as_object()) {
    const std::string path = where.empty() ? key : where + "." + key;
    auto& members = into.as_object();
    auto it = members.find(key);
    if (it == members.end()) return Status::InvalidValue("config: unknown key '" + path + "'");
    JsonValue& slot = it->second;
    if (slot.is_object() && !slot.as_object().empty()) {
      if (Status st = Merge(slot, value, path); !st.ok()) return st;
      continue;
    }
    const bool same = (slot.is_int() && value.is_int()) || (slot.is_bool() && value.is_bool()) ||
                      (slot.is_string() && value.is_string()) || (slot.is_array() && value.is_array()) ||
                      (slot.is_object() && value.is_object());
    if (!same) return Status::InvalidValue("config: '" + path + "' has the wrong type");
    slot = value;
  }
  return {};
}

Status ApplyOverride(JsonValue& tree, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) return Status::InvalidValue("--set needs KEY=VALUE, got '" + assignment + "'");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  JsonValue* node = &tree;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = key.find('.', pos);
    const std::string part = key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!node->is_object()) return Status::InvalidValue("--set: unknown key '" + key + "'");
    auto& members = node->as_object();
    auto it = members.find(part);
    if (it == members.end()) return Status::InvalidValue("--set: unknown key '" + key + "'");
    node = &it->second;
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  if (node->is_string()) {
    *node = JsonValue(text);
  } else if (node->is_int()) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty())
      return Status::InvalidValue("--set: '" + key + "' must be a whole number");
    *node = JsonValue(v);
  } else if (node->is_bool()) {
    if (text != "true" && text != "false") return Status::InvalidValue("--set: '" + key + "' must be true or false");
    *node = JsonValue(text == "true");
  } else {
    auto parsed = engine::ParseJson(text);
    if (!parsed.ok() || parsed->is_array() != node->is_array() || parsed->is_object() != node->is_object())
      return Status::InvalidValue("--set: '" + key + "' must be JSON of the same shape as its default");
    // An object with keys of its own is merged like the file's, so that its keys are
    // checked; a free-shaped one is replaced whole.
    if (node->is_object() && !node->as_object().empty()) return Merge(*node, parsed.value(), key);
    *node = parsed.value();
  }
  return {};
}

}  // namespace

engine::Result<JsonValue> ReadConfigTree(JsonValue defaults, const std::string& path, bool required,
                                         const std::vector<std::string>& overrides) {
  JsonValue tree = std::move(defaults);
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = engine::ParseJson(text.str());
    if (!parsed.ok()) return Status::InvalidValue("config file " + path + ": " + parsed.status().message());
    if (Status st = Merge(tree, parsed.value(), ""); !st.ok())
      return Status::InvalidValue(st.message() + " (in " + path + ")");
  } else if (required) {
    return Status::InvalidValue("cannot read config file " + path);
  }
  for (const auto& o : overrides)
    if (Status st = ApplyOverride(tree, o); !st.ok()) return st;
  return tree;
}

}  // namespace incidents::config
