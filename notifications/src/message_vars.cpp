#include "incidents/notifications/message_vars.h"

#include "incidents/engine/canonical_json.h"

namespace incidents::notifications {

using namespace incidents::engine;

std::string MessageVars::ToJson() const {
  JsonValue::Object o;
  for (const auto& [name, member] : kMembers) o.emplace(std::string(name), this->*member);
  return ToCanonicalJson(JsonValue(std::move(o)));
}

Result<MessageVars> MessageVars::FromJson(std::string_view json) {
  auto parsed = ParseJson(json);
  if (!parsed.ok() || !parsed->is_object()) return Status::Corruption("not a JSON object");
  MessageVars vars;
  for (const auto& [name, member] : kMembers) {
    const JsonValue* v = parsed->Find(std::string(name));
    if (!v || !v->is_string()) return Status::Corruption("no text for '" + std::string(name) + "'");
    vars.*member = v->as_string();
  }
  return vars;
}

std::map<std::string, std::string> MessageVars::ForTemplate(const std::string& link) const {
  std::map<std::string, std::string> out;
  for (const auto& [name, member] : kMembers) out.emplace(std::string(name), this->*member);
  out.emplace("link", link);
  return out;
}

}  // namespace incidents::notifications
