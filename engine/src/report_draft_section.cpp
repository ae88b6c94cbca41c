#include "incidents/engine/report_draft_section.h"

#include <string>

#include "incidents/engine/config_section.h"

namespace incidents::engine {

namespace {

using O = JsonValue::Object;
using A = JsonValue::Array;

A RolesToJson(const std::vector<Role>& roles) {
  A out;
  for (Role r : roles) out.push_back(std::string(ToString(r)));
  return out;
}

void ReadRoles(ConfigSection& s, const char* key, std::vector<Role>& out) {
  const A* list = s.Array(key);
  if (list == nullptr) return;
  std::vector<Role> roles;
  for (const JsonValue& item : *list) {
    const std::optional<Role> role = item.is_string() ? ParseRole(item.as_string()) : std::nullopt;
    if (!role) {
      s.Fail(key, "must be an array of role names (director, office_staff, coordinator, ...)");
      return;
    }
    roles.push_back(*role);
  }
  out = std::move(roles);
}

}  // namespace

JsonValue DefaultReportsSection() {
  const ReportDraftSettings d;
  return O{{"drafts", O{{"enabled", d.enabled},
                        {"doict_roles", RolesToJson(d.doict_roles)},
                        {"chairman_office_roles", RolesToJson(d.chairman_office_roles)},
                        {"retry_minutes", d.retry_minutes}}}};
}

Result<ReportDraftSettings> ParseReportsSection(const JsonValue& section) {
  ConfigSection s(section, kReportsSection);
  ReportDraftSettings out;
  if (auto v = s.Bool("drafts.enabled")) out.enabled = *v;
  ReadRoles(s, "drafts.doict_roles", out.doict_roles);
  ReadRoles(s, "drafts.chairman_office_roles", out.chairman_office_roles);
  if (auto v = s.Int("drafts.retry_minutes", 1, 1440)) out.retry_minutes = static_cast<int>(*v);
  if (!s.ok()) return s.status();
  return out;
}

}  // namespace incidents::engine
