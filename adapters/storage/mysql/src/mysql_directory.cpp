#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

Org ReadOrg(sql::ResultSet& r) {
  return Org{Str(r, 1), Str(r, 2), Str(r, 3), FocalPoint{Str(r, 4), Str(r, 5), Str(r, 6)}};
}

}  // namespace

Result<std::optional<Org>> MysqlDirectory::FindOrg(const std::string& id) {
  std::optional<Org> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT id, name, kind, focal_name, focal_email, focal_phone FROM orgs WHERE id = ?");
    q->setString(1, id);
    Rows r(q->executeQuery());
    if (r->next()) out = ReadOrg(*r);
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<Org>> MysqlDirectory::ListOrgs() {
  std::vector<Org> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    // Ids are utf8mb4_bin, so this is binary order, as in SQLite.
    auto q = Prepare(c, "SELECT id, name, kind, focal_name, focal_email, focal_phone FROM orgs ORDER BY id");
    Rows r(q->executeQuery());
    while (r->next()) out.push_back(ReadOrg(*r));
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<User> UserFromRow(sql::ResultSet& r, int first) {
  auto roles = ParseRoleList(Str(r, first + 3), Str(r, first));
  if (!roles.ok()) return roles.status();
  User u;
  u.username = Str(r, first);
  u.display_name = Str(r, first + 1);
  u.org = Str(r, first + 2);
  u.roles = roles.value();
  u.email = Str(r, first + 4);
  u.phone = Str(r, first + 5);
  u.password_hash = Str(r, first + 6);
  u.active = r.getInt(first + 7) != 0;
  return u;
}

Result<std::optional<User>> MysqlDirectory::FindUser(const std::string& username) {
  std::optional<User> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.reset();
    auto q = Prepare(c, "SELECT " + std::string(kUserColumns) + " FROM users WHERE username = ?");
    q->setString(1, username);
    Rows r(q->executeQuery());
    if (!r->next()) return {};
    auto user = UserFromRow(*r, 1);
    if (!user.ok()) return user.status();
    out = std::move(user.value());
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Status MysqlDirectory::PutOrg(const Org& org) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "INSERT INTO orgs (id, name, kind, focal_name, focal_email, focal_phone) VALUES (?, ?, ?, ?, ?, ?) "
                     "ON DUPLICATE KEY UPDATE name = VALUES(name), kind = VALUES(kind), focal_name = VALUES(focal_name), "
                     "focal_email = VALUES(focal_email), focal_phone = VALUES(focal_phone)");
    q->setString(1, org.id);
    q->setString(2, org.name);
    q->setString(3, org.kind);
    q->setString(4, org.focal_point.name);
    q->setString(5, org.focal_point.email);
    q->setString(6, org.focal_point.phone);
    q->executeUpdate();
    return {};
  });
}

Status MysqlDirectory::PutUser(const User& u) {
  if (u.username == "system") return Status::InvalidValue("the username 'system' is reserved for the engine");
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "INSERT INTO users (username, display_name, org_id, roles, email, phone, password_hash, active) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), "
                     "org_id = VALUES(org_id), roles = VALUES(roles), email = VALUES(email), phone = VALUES(phone), "
                     "password_hash = VALUES(password_hash), active = VALUES(active)");
    q->setString(1, u.username);
    q->setString(2, u.display_name);
    q->setString(3, u.org);
    q->setString(4, FormatRoleList(u.roles));
    q->setString(5, u.email);
    q->setString(6, u.phone);
    q->setString(7, u.password_hash);
    q->setInt(8, u.active ? 1 : 0);
    try {
      q->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErNoReferencedRow)
        return Status::InvalidValue("user " + u.username + ": unknown org " + u.org);
      throw;
    }
    return {};
  });
}

Result<bool> MysqlDirectory::IsEmpty() {
  bool empty = true;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT COUNT(*) FROM orgs");
    Rows r(q->executeQuery());
    empty = !r->next() || r->getInt64(1) == 0;
    return {};
  });
  if (!st.ok()) return st;
  return empty;
}

}  // namespace incidents::storage::mysql
