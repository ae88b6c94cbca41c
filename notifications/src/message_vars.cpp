#include "incidents/notifications/message_vars.h"

#include "incidents/engine/canonical_json.h"

namespace incidents::notifications {

using namespace incidents::engine;

std::string MessageVars::ToJson() const {
  JsonValue::Object o;
  for (const auto& [name, member] : kMembers) o.emplace(std::string(name), this->*member);
  return ToCanonicalJson(JsonValue(std::move(o)));
}

Result<MessageVars> MessageVars::FromJson(std::string_view json, const std::function<MessageVars()>& authorities_now) {
  auto parsed = ParseJson(json);
  if (!parsed.ok() || !parsed->is_object()) return Status::Corruption("not a JSON object");
  const std::size_t first_authority = kMembers.size() - kAuthorityMembers;
  // A row from before the authority members: every one of them absent.
  bool older = authorities_now != nullptr;
  for (std::size_t i = first_authority; i < kMembers.size() && older; ++i)
    older = parsed->Find(std::string(kMembers[i].first)) == nullptr;
  MessageVars vars = older ? authorities_now() : MessageVars{};
  for (std::size_t i = 0; i < (older ? first_authority : kMembers.size()); ++i) {
    const auto& [name, member] = kMembers[i];
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
