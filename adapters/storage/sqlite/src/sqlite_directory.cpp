#include "incidents/storage/sqlite/sqlite_directory.h"

#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

Org ReadOrg(Statement& s) {
  return Org{s.Text(0), s.Text(1), s.Text(2), FocalPoint{s.Text(3), s.Text(4), s.Text(5)}};
}

}  // namespace

Result<std::optional<Org>> SqliteDirectory::FindOrg(const std::string& id) {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT id, name, kind, focal_name, focal_email, focal_phone FROM orgs WHERE id = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, id);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return std::optional<Org>();
  return std::optional<Org>(ReadOrg(**q));
}

Result<std::vector<Org>> SqliteDirectory::ListOrgs() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT id, name, kind, focal_name, focal_email, focal_phone FROM orgs ORDER BY id");
  if (!q.ok()) return q.status();
  std::vector<Org> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    out.push_back(ReadOrg(**q));
  }
  return out;
}

Result<std::optional<User>> SqliteDirectory::FindUser(const std::string& username) {
  auto c = db_.Acquire();
  auto q = c->Prepare(
      "SELECT username, display_name, org_id, roles, email, phone, password_hash, active FROM users "
      "WHERE username = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, username);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return std::optional<User>();
  Statement& s = **q;
  auto roles = ParseRoleList(s.Text(3), username);
  if (!roles.ok()) return roles.status();
  User u;
  u.username = s.Text(0);
  u.display_name = s.Text(1);
  u.org = s.Text(2);
  u.roles = roles.value();
  u.email = s.Text(4);
  u.phone = s.Text(5);
  u.password_hash = s.Text(6);
  u.active = s.Int(7) != 0;
  return std::optional<User>(std::move(u));
}

Status SqliteDirectory::PutOrg(const Org& org) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "INSERT INTO orgs (id, name, kind, focal_name, focal_email, focal_phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, focal_name = excluded.focal_name, "
        "focal_email = excluded.focal_email, focal_phone = excluded.focal_phone");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, org.id).Bind(2, org.name).Bind(3, org.kind).Bind(4, org.focal_point.name);
    (*q)->Bind(5, org.focal_point.email).Bind(6, org.focal_point.phone);
    return (*q)->Run();
  });
}

Status SqliteDirectory::PutUser(const User& u) {
  if (u.username == "system") return Status::InvalidValue("the username 'system' is reserved for the engine");
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "INSERT INTO users (username, display_name, org_id, roles, email, phone, password_hash, active) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(username) DO UPDATE SET "
        "display_name = excluded.display_name, org_id = excluded.org_id, roles = excluded.roles, "
        "email = excluded.email, phone = excluded.phone, password_hash = excluded.password_hash, "
        "active = excluded.active");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, u.username).Bind(2, u.display_name).Bind(3, u.org).Bind(4, FormatRoleList(u.roles));
    (*q)->Bind(5, u.email).Bind(6, u.phone).Bind(7, u.password_hash).Bind(8, std::int64_t{u.active ? 1 : 0});
    Status st = (*q)->Run();
    if (st.code() == ErrorCode::kConflict) return Status::InvalidValue("user " + u.username + ": unknown org " + u.org);
    return st;
  });
}

Result<bool> SqliteDirectory::IsEmpty() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT COUNT(*) FROM orgs");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return (*q)->Int(0) == 0;
}

}  // namespace incidents::storage::sqlite
