#include "demo_loader.h"

#include <fstream>
#include <sstream>

#include "incidents/engine/canonical_json.h"
#include "incidents/base/password.h"

namespace incidents::apps {

using engine::JsonValue;
using engine::Status;

namespace {

std::string Text(const JsonValue& o, const char* key) {
  const JsonValue* v = o.Find(key);
  return v && v->is_string() ? v->as_string() : std::string();
}

}  // namespace

Status LoadDemoDirectory(const std::string& path, storage::DirectoryAdmin& admin, bool* loaded) {
  *loaded = false;
  auto empty = admin.IsEmpty();
  if (!empty.ok()) return empty.status();
  if (!empty.value()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidValue("cannot read the demo directory " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = engine::ParseJson(text.str());
  if (!doc.ok()) return Status::InvalidValue(path + ": " + doc.status().message());
  const JsonValue* orgs = doc->Find("orgs");
  const JsonValue* users = doc->Find("users");
  if (!orgs || !orgs->is_array() || !users || !users->is_array())
    return Status::InvalidValue(path + ": needs \"orgs\" and \"users\" arrays");
  for (const auto& o : orgs->as_array()) {
    engine::Org org;
    org.id = Text(o, "id");
    org.name = Text(o, "name");
    org.kind = Text(o, "kind");
    if (const JsonValue* fp = o.Find("focal_point"))
      org.focal_point = {Text(*fp, "name"), Text(*fp, "email"), Text(*fp, "phone")};
    if (org.id.empty() || org.name.empty()) return Status::InvalidValue(path + ": an org needs an id and a name");
    if (Status st = admin.PutOrg(org); !st.ok()) return st;
  }
  for (const auto& u : users->as_array()) {
    engine::User user;
    user.username = Text(u, "username");
    user.display_name = Text(u, "display_name");
    user.org = Text(u, "org");
    user.email = Text(u, "email");
    user.phone = Text(u, "phone");
    const std::string password = Text(u, "password");
    if (user.username.empty() || user.org.empty() || password.empty())
      return Status::InvalidValue(path + ": a user needs a username, an org and a password");
    const JsonValue* roles = u.Find("roles");
    if (!roles || !roles->is_array() || roles->as_array().empty())
      return Status::InvalidValue(path + ": user " + user.username + " needs roles");
    for (const auto& r : roles->as_array()) {
      auto role = r.is_string() ? engine::ParseRole(r.as_string()) : std::nullopt;
      if (!role) return Status::InvalidValue(path + ": user " + user.username + " has an unknown role");
      user.roles.insert(*role);
    }
    user.password_hash = base::HashPassword(password);
    if (Status st = admin.PutUser(user); !st.ok()) return st;
  }
  *loaded = true;
  return {};
}

}  // namespace incidents::apps
