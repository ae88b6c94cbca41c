#pragma once
// Directory: the port to the orgs and users the province registers (spec/API.md
// "Demo directory"). Thread safety: every method may be called from many threads.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

// The officer of an org who is notified and coordinates (Art. 18-20).
struct FocalPoint {
  std::string name;
  std::string email;
  std::string phone;
  friend bool operator==(const FocalPoint&, const FocalPoint&);
};

struct Org {
  std::string id;
  std::string name;
  std::string kind;  // "provincial_focal", "department", "district", "chairman_office", ...
  FocalPoint focal_point;
  friend bool operator==(const Org&, const Org&);
};

struct User {
  std::string username;
  std::string display_name;
  std::string org;
  std::set<Role> roles;
  std::string email;
  std::string phone;
  std::string password_hash;  // PHC-style string; never logged
  bool active = true;
  friend bool operator==(const User&, const User&);
};

// Roles as stored: "coordinator,engineer" (comma-separated names, sorted).
std::string FormatRoleList(const std::set<Role>& roles);
// kCorruption naming the user for an unknown name.
Result<std::set<Role>> ParseRoleList(const std::string& text, const std::string& username);

class Directory {
 public:
  virtual ~Directory() = default;
  virtual Result<std::optional<Org>> FindOrg(const std::string& id) = 0;
  virtual Result<std::optional<User>> FindUser(const std::string& username) = 0;
  virtual Result<std::vector<Org>> ListOrgs() = 0;  // sorted by id
};

}  // namespace incidents::engine
