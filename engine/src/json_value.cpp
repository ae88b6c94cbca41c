#include "incidents/engine/json_value.h"

namespace incidents::engine {

const JsonValue* JsonValue::Find(const std::string& key) const {
  if (!is_object()) return nullptr;
  const auto& o = as_object();
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->second;
}

}  // namespace incidents::engine
