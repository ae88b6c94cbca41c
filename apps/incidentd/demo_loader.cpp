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

Status LoadDemoDirectory(const std::string& path, engine::DirectoryStore& directory, bool* loaded) {
  *loaded = false;
  auto existing = directory.ListOrgs();
  if (!existing.ok()) return existing.status();
  if (!existing->empty()) return {};
  auto head = directory.DirectoryHead();
  if (!head.ok()) return head.status();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidValue("cannot read the demo directory " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = engine::ParseJson(text.str());
  if (!doc.ok()) return Status::InvalidValue(path + ": " + doc.status().message());
  const JsonValue* orgs = doc->Find("orgs");
  const JsonValue* users = doc->Find("users");
  const JsonValue* terms = doc->Find("focal_points");
  if (!orgs || !orgs->is_array() || !users || !users->is_array())
    return Status::InvalidValue(path + ": needs \"orgs\" and \"users\" arrays");
  if (terms && !terms->is_array()) return Status::InvalidValue(path + ": \"focal_points\" must be an array");

  engine::DirectoryChange change;
  change.expected_head = head.value();
  for (const auto& o : orgs->as_array()) {
    engine::Org org;
    org.id = Text(o, "id");
    org.name = Text(o, "name");
    org.short_name = Text(o, "short_name");
    org.kind = Text(o, "kind");
    if (org.id.empty() || org.name.empty()) return Status::InvalidValue(path + ": an org needs an id and a name");
    if (!engine::IsOrgKind(org.kind)) return Status::InvalidValue(path + ": org " + org.id + " has an unknown kind");
    change.orgs.push_back(std::move(org));
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
    change.users.push_back(std::move(user));
  }
  if (terms) {
    for (const auto& t : terms->as_array()) {
      engine::FocalPoint term;
      term.org = Text(t, "org");
      term.username = Text(t, "username");
      term.position = Text(t, "position");
      term.decision_ref = Text(t, "decision_ref");
      const std::string where = path + ": the focal point of org " + term.org;
      auto role = engine::ParseFocalPointRole(Text(t, "role").empty() ? "focal" : Text(t, "role"));
      if (!role) return Status::InvalidValue(where + " has an unknown role");
      term.role = *role;
      auto since = engine::ParseIsoDate(Text(t, "since"));
      if (term.org.empty() || term.username.empty() || !since)
        return Status::InvalidValue(where + " needs an org, a username and a since date (YYYY-MM-DD)");
      term.since = *since;
      if (const std::string d = Text(t, "decision_date"); !d.empty()) {
        term.decision_date = engine::ParseIsoDate(d);
        if (!term.decision_date) return Status::InvalidValue(where + ": decision_date must be YYYY-MM-DD");
      }
      change.focal_points.push_back(std::move(term));
    }
  }
  if (Status st = directory.Commit(change); !st.ok()) {
    if (st.code() == engine::ErrorCode::kInvalidValue) return Status::InvalidValue(path + ": " + st.message());
    return st;
  }
  *loaded = true;
  return {};
}

}  // namespace incidents::apps
