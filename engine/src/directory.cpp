#include "incidents/engine/directory.h"

#include <algorithm>

namespace incidents::engine {

std::string FormatRoleList(const std::set<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ',';
    out += ToString(r);
  }
  return out;
}

Result<std::set<Role>> ParseRoleList(const std::string& text, const std::string& username) {
  std::set<Role> roles;
  std::size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    auto role = ParseRole(text.substr(start, end - start));
    if (!role) return Status::Corruption("user " + username + ": unknown role in '" + text + "'");
    roles.insert(*role);
    start = end + 1;
  }
  return roles;
}

}  // namespace incidents::engine
