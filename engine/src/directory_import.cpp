// DirectoryService::Import: a whole directory (a province's first load, --demo) checked
// row by row against the directory as it would be after the import, then written in one
// commit, or not at all.

#include <map>
#include <optional>
#include <set>

#include "directory_rules.h"
#include "incidents/engine/directory_service.h"

namespace incidents::engine {

namespace {

// "'kind' must be one of ..." -> "kind"; the import's problems name the column apart.
std::string FieldOf(const Status& st) {
  const std::string& m = st.message();
  const auto open = m.find('\'');
  if (open != 0) return "";
  const auto close = m.find('\'', 1);
  return close == std::string::npos ? "" : m.substr(1, close - 1);
}

std::string ChangedNames(const Payload& diff) {
  std::string out;
  for (const auto& [key, value] : diff) out += (out.empty() ? "" : ", ") + key;
  return out;
}

}  // namespace

Result<ImportOutcome> DirectoryService::Import(const Actor& actor, const DirectoryImport& import, bool dry_run) {
  if (actor.kind == Actor::Kind::kUser && !actor.Has(Role::kAdmin))
    return Status::Forbidden("only an administrator may import a directory");
  ImportOutcome outcome;
  Status st = DecideAndCommit(
      store_, [&](std::int64_t) { return DecideImport(actor, import, dry_run, outcome); }, &outcome.written);
  if (!st.ok()) return st;
  return outcome;
}

Result<DirectoryChange> DirectoryService::DecideImport(const Actor& actor, const DirectoryImport& import,
                                                      bool dry_run, ImportOutcome& outcome) {
  auto view = ReadView(store_);
  if (!view.ok()) return view.status();
  outcome = ImportOutcome{};
  DirectoryChange c;
  const DirectoryView before = view.value();
  DirectoryView& after = view.value();
  auto problem = [&](const char* section, std::size_t row, const Status& s) {
    outcome.problems.push_back({section, row, FieldOf(s), s.message()});
  };

  // Orgs: all applied first, so that a successor may come later in the file.
  std::set<std::string> seen;
  std::vector<std::optional<Org>> org_rows;  // nullopt: a duplicate, reported
  for (std::size_t i = 0; i < import.orgs.size(); ++i) {
    Org org = NormalizedOrg(import.orgs[i]);
    if (!seen.insert(org.id).second) {
      problem("orgs", i, Status::InvalidValue("'id': org '" + org.id + "' appears twice in the file"));
      org_rows.emplace_back();
      continue;
    }
    bool replaced = false;
    for (Org& o : after.orgs)
      if (o.id == org.id) o = org, replaced = true;
    if (!replaced) after.orgs.push_back(org);
    org_rows.emplace_back(std::move(org));
  }
  for (std::size_t i = 0; i < org_rows.size(); ++i) {
    if (!org_rows[i]) continue;
    const Org& org = *org_rows[i];
    if (Status v = CheckOrg(org, after.orgs, ""); !v.ok()) {
      problem("orgs", i, v);
      continue;
    }
    const Org* old = before.FindOrg(org.id);
    if (!old) {
      c.orgs.push_back(org);
      c.events.push_back(NewEvent(actor, "org_created", "org:" + org.id, OrgPayload(org), kOrgBasis));
      outcome.changes.push_back("create org " + org.id);
    } else if (Payload diff = OrgDiff(*old, org); !diff.empty()) {
      c.orgs.push_back(org);
      c.events.push_back(NewEvent(actor, "org_updated", "org:" + org.id, diff, kOrgBasis));
      outcome.changes.push_back("update org " + org.id + " (" + ChangedNames(diff) + ")");
    }
  }

  // Users.
  seen.clear();
  for (std::size_t i = 0; i < import.users.size(); ++i) {
    User user = NormalizedUser(import.users[i].user);
    if (!seen.insert(user.username).second) {
      problem("users", i, Status::InvalidValue("'username': user '" + user.username + "' appears twice in the file"));
      continue;
    }
    const User* old = before.FindUser(user.username);
    if (!import.users[i].has_password) user.password_hash = old ? old->password_hash : "";
    if (Status v = CheckUser(user, after.orgs, old, ""); !v.ok()) {
      problem("users", i, v);
      continue;
    }
    bool replaced = false;
    for (User& u : after.users)
      if (u.username == user.username) u = user, replaced = true;
    if (!replaced) after.users.push_back(user);
    if (!old) {
      c.users.push_back(user);
      c.events.push_back(NewEvent(actor, "user_created", "user:" + user.username, UserPayload(user), kUserBasis));
      outcome.changes.push_back("create user " + user.username);
    } else if (Payload diff = UserDiff(*old, user); !diff.empty() || old->password_hash != user.password_hash) {
      c.users.push_back(user);
      if (old->active && !user.active) c.revoke_sessions.push_back({user.username, ""});
      if (!diff.empty()) {
        c.events.push_back(NewEvent(actor, "user_updated", "user:" + user.username, diff, kUserBasis));
        outcome.changes.push_back("update user " + user.username + " (" + ChangedNames(diff) + ")");
      }
      if (old->password_hash != user.password_hash) {
        c.events.push_back(NewEvent(actor, "password_set", "user:" + user.username, Payload{{"via", "import"}}, ""));
        outcome.changes.push_back("set the password of user " + user.username);
      }
    }
  }

  // Focal points: a row already in force (same org, role, user and start) changes nothing.
  bool appointed = false;
  for (std::size_t i = 0; i < import.focal_points.size(); ++i) {
    const auto& row = import.focal_points[i];
    const FocalPointAppointment& a = row.appointment;
    bool known = false;
    for (const FocalPoint& t : after.terms)
      known = known || (t.org == row.org && t.role == a.role && t.username == a.username && t.since == a.since);
    if (known) continue;
    auto term = ApplyAppointment(after, row.org, a, "");
    if (!term.ok()) {
      Status s = term.status();
      if (s.code() == ErrorCode::kNotFound) s = Status::InvalidValue("'org': " + s.message());
      problem("focal_points", i, s);
      continue;
    }
    appointed = true;
    c.events.push_back(NewEvent(actor, "focal_point_appointed", "org:" + row.org, TermPayload(term.value()), kAppointBasis));
    outcome.changes.push_back("appoint " + a.username + " as " + std::string(ToString(a.role)) + " of org " + row.org +
                              " from " + ToIsoString(a.since));
  }
  c.focal_points = ChangedTerms(before.terms, after.terms);
  if (appointed)
    if (Status ls = ReopenListIfApproved(actor, c); !ls.ok()) return ls;

  if (!outcome.problems.empty() || dry_run) return DirectoryChange{};
  return c;
}

}  // namespace incidents::engine
