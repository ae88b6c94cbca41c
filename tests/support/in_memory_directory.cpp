#include "in_memory_directory.h"

namespace incidents::testing {

using namespace incidents::engine;

Result<std::optional<Org>> InMemoryDirectory::FindOrg(const std::string& id) {
  auto it = orgs_.find(id);
  if (it == orgs_.end()) return std::optional<Org>();
  return std::optional<Org>(it->second);
}

Result<std::optional<User>> InMemoryDirectory::FindUser(const std::string& username) {
  auto it = users_.find(username);
  if (it == users_.end()) return std::optional<User>();
  return std::optional<User>(it->second);
}

Result<std::vector<Org>> InMemoryDirectory::ListOrgs() {
  std::vector<Org> out;
  for (const auto& [id, org] : orgs_) out.push_back(org);
  return out;
}

}  // namespace incidents::testing
