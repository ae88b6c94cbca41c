#pragma once
// InMemoryDirectory: a Directory fake for tests. Fill it before use; reads are
// thread-safe once filling is done.

#include <map>

#include "incidents/engine/directory.h"

namespace incidents::testing {

class InMemoryDirectory final : public engine::Directory {
 public:
  void AddOrg(engine::Org org) { orgs_[org.id] = std::move(org); }
  void AddUser(engine::User user) { users_[user.username] = std::move(user); }

  engine::Result<std::optional<engine::Org>> FindOrg(const std::string& id) override;
  engine::Result<std::optional<engine::User>> FindUser(const std::string& username) override;
  engine::Result<std::vector<engine::Org>> ListOrgs() override;

 private:
  std::map<std::string, engine::Org> orgs_;
  std::map<std::string, engine::User> users_;
};

}  // namespace incidents::testing
