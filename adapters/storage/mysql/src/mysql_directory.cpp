#include "incidents/engine/canonical_json.h"
#include "incidents/storage/directory_rows.h"
#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

constexpr const char* kOrgColumns = "id, name, short_name, kind, active, successor";
constexpr const char* kTermColumns =
    "id, org_id, role, username, position, since, until, decision_ref, decision_date, absent";
constexpr const char* kEventColumns =
    "seq, type, actor, actor_org, at, subject, payload, legal_basis, prev_hash, hash";
// Terms by org, then focal before deputy, then start.
constexpr const char* kTermOrder = " ORDER BY org_id, CASE role WHEN 'focal' THEN 0 ELSE 1 END, since, id";

std::string Sql(std::initializer_list<const char*> parts) {
  std::string out;
  for (const char* p : parts) out += p;
  return out;
}

Result<Org> ReadOrg(sql::ResultSet& r) {
  Org o;
  o.id = Str(r, 1);
  o.name = Str(r, 2);
  o.short_name = Str(r, 3);
  o.kind = Str(r, 4);
  o.active = r.getInt(5) != 0;
  o.successor = OptStr(r, 6).value_or("");
  return o;
}

Result<User> ReadUser(sql::ResultSet& r) { return UserFromRow(r, 1); }

Result<FocalPoint> ReadTerm(sql::ResultSet& r) {
  FocalPoint t;
  t.id = r.getInt64(1);
  const std::string where = "focal point term " + std::to_string(t.id);
  t.org = Str(r, 2);
  auto role = ParseFocalPointRole(Str(r, 3));
  if (!role) return Status::Corruption(where + ": unknown role '" + Str(r, 3) + "'");
  t.role = *role;
  t.username = Str(r, 4);
  t.position = Str(r, 5);
  auto since = DateColumn(Str(r, 6), where + " since");
  if (!since.ok()) return since.status();
  t.since = since.value();
  auto until = OptDateColumn(OptStr(r, 7), where + " until");
  if (!until.ok()) return until.status();
  t.until = until.value();
  t.decision_ref = Str(r, 8);
  auto decided = OptDateColumn(OptStr(r, 9), where + " decision_date");
  if (!decided.ok()) return decided.status();
  t.decision_date = decided.value();
  t.absent = r.getInt(10) != 0;
  return t;
}

Result<DirectoryEvent> ReadEvent(sql::ResultSet& r) {
  DirectoryEvent e;
  e.seq = r.getInt64(1);
  e.type = Str(r, 2);
  e.actor = Str(r, 3);
  e.actor_org = OptStr(r, 4).value_or("");
  e.at = At(r.getInt64(5));
  e.subject = Str(r, 6);
  auto payload = PayloadColumn(Str(r, 7), "directory event " + std::to_string(e.seq));
  if (!payload.ok()) return payload.status();
  e.payload = std::move(payload.value());
  e.legal_basis = Str(r, 8);
  e.prev_hash = Str(r, 9);
  e.hash = Str(r, 10);
  return e;
}

// Every row of `q`, read by `read`.
template <typename T>
Status Collect(const Stmt& q, Result<T> (*read)(sql::ResultSet&), std::vector<T>& out) {
  out.clear();
  Rows r(q->executeQuery());
  while (r->next()) {
    auto value = read(*r);
    if (!value.ok()) return value.status();
    out.push_back(std::move(value.value()));
  }
  return {};
}

bool Exists(sql::Connection& c, const std::string& sql, const std::string& key) {
  auto q = Prepare(c, sql);
  q->setString(1, key);
  Rows r(q->executeQuery());
  return r->next();
}

void SetOptDate(sql::PreparedStatement& q, int i, const std::optional<CivilDate>& d) {
  SetOptString(q, i, OptDateText(d));
}

}  // namespace

Result<std::optional<Org>> MysqlDirectory::FindOrg(const std::string& id) {
  std::vector<Org> rows;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, Sql({"SELECT ", kOrgColumns, " FROM orgs WHERE id = ?"}));
    q->setString(1, id);
    return Collect<Org>(q, ReadOrg, rows);
  });
  if (!st.ok()) return st;
  if (rows.empty()) return std::optional<Org>();
  return std::optional<Org>(std::move(rows.front()));
}

Result<std::vector<Org>> MysqlDirectory::ListOrgs() {
  std::vector<Org> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    // Ids are utf8mb4_bin, so this is binary order, as in SQLite.
    auto q = Prepare(c, Sql({"SELECT ", kOrgColumns, " FROM orgs ORDER BY id"}));
    return Collect<Org>(q, ReadOrg, out);
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
  std::vector<User> rows;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, Sql({"SELECT ", kUserColumns, " FROM users WHERE username = ?"}));
    q->setString(1, username);
    return Collect<User>(q, ReadUser, rows);
  });
  if (!st.ok()) return st;
  if (rows.empty()) return std::optional<User>();
  return std::optional<User>(std::move(rows.front()));
}

Result<std::vector<User>> MysqlDirectory::ListUsers() {
  std::vector<User> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, Sql({"SELECT ", kUserColumns, " FROM users ORDER BY username"}));
    return Collect<User>(q, ReadUser, out);
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<FocalPoint>> MysqlDirectory::ListFocalPoints(const std::string& org) {
  std::vector<FocalPoint> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    if (org.empty()) return Collect<FocalPoint>(Prepare(c, Sql({"SELECT ", kTermColumns, " FROM focal_points", kTermOrder})), ReadTerm, out);
    auto q = Prepare(c, Sql({"SELECT ", kTermColumns, " FROM focal_points WHERE org_id = ?", kTermOrder}));
    q->setString(1, org);
    return Collect<FocalPoint>(q, ReadTerm, out);
  });
  if (!st.ok()) return st;
  return out;
}

Result<FocalPointList> MysqlDirectory::GetFocalPointList() {
  FocalPointList l;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "SELECT revision, status, decision_ref, decision_date, changed_by, changed_at "
                     "FROM focal_point_list WHERE id = 1");
    Rows r(q->executeQuery());
    if (!r->next()) return Status::Corruption("the focal point list's row is missing");
    l.revision = r->getInt64(1);
    auto status = ParseFocalListStatus(Str(*r, 2));
    if (!status) return Status::Corruption("focal point list: unknown status '" + Str(*r, 2) + "'");
    l.status = *status;
    l.decision_ref = Str(*r, 3);
    auto decided = OptDateColumn(OptStr(*r, 4), "focal point list decision_date");
    if (!decided.ok()) return decided.status();
    l.decision_date = decided.value();
    l.changed_by = Str(*r, 5);
    const std::int64_t changed = r->getInt64(6);
    l.changed_at = r->wasNull() ? std::nullopt : std::optional<Timestamp>(At(changed));
    return {};
  });
  if (!st.ok()) return st;
  return l;
}

Result<std::vector<DirectoryEvent>> MysqlDirectory::ListDirectoryEvents(std::int64_t after_seq, int limit) {
  std::vector<DirectoryEvent> out;
  if (limit <= 0) return out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, Sql({"SELECT ", kEventColumns, " FROM directory_events WHERE seq > ? ORDER BY seq LIMIT ?"}));
    q->setInt64(1, after_seq);
    q->setInt(2, limit);
    return Collect<DirectoryEvent>(q, ReadEvent, out);
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::int64_t> MysqlDirectory::DirectoryHead() {
  std::int64_t head = 0;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT COALESCE(MAX(seq), 0) FROM directory_events");
    Rows r(q->executeQuery());
    head = r->next() ? r->getInt64(1) : 0;
    return {};
  });
  if (!st.ok()) return st;
  return head;
}

Result<std::optional<PasswordReset>> MysqlDirectory::FindPasswordReset(const std::string& token_hash) {
  std::optional<PasswordReset> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.reset();
    auto q = Prepare(c, "SELECT token_hash, username, expires_at FROM password_resets WHERE token_hash = ?");
    q->setString(1, token_hash);
    Rows r(q->executeQuery());
    if (r->next()) out = PasswordReset{Str(*r, 1), Str(*r, 2), At(r->getInt64(3))};
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

namespace {

void WriteOrgs(sql::Connection& c, const std::vector<Org>& orgs) {
  if (orgs.empty()) return;
  auto q = Prepare(c,
                   "INSERT INTO orgs (id, name, short_name, kind, active, successor) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON DUPLICATE KEY UPDATE name = VALUES(name), short_name = VALUES(short_name), "
                   "kind = VALUES(kind), active = VALUES(active), successor = VALUES(successor)");
  for (const Org& o : orgs) {
    q->setString(1, o.id);
    q->setString(2, o.name);
    q->setString(3, o.short_name);
    q->setString(4, o.kind);
    q->setInt(5, o.active ? 1 : 0);
    SetOptString(*q, 6, NullIfEmpty(o.successor));
    q->executeUpdate();
  }
}

Status WriteUsers(sql::Connection& c, const std::vector<User>& users) {
  for (const User& u : users) {
    if (!Exists(c, "SELECT 1 FROM orgs WHERE id = ?", u.org))
      return Status::InvalidValue("user " + u.username + ": unknown org '" + u.org + "'");
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
    q->executeUpdate();
  }
  return {};
}

// Appends to `assigned` the id given to each new term (id 0), in order.
Status WriteTerms(sql::Connection& c, const std::vector<FocalPoint>& terms, std::vector<std::int64_t>& assigned) {
  for (const FocalPoint& t : terms) {
    const std::string what = "focal point term of org " + t.org;
    if (!Exists(c, "SELECT 1 FROM orgs WHERE id = ?", t.org)) return Status::InvalidValue(what + ": unknown org");
    if (!Exists(c, "SELECT 1 FROM users WHERE username = ?", t.username))
      return Status::InvalidValue(what + ": unknown user '" + t.username + "'");
    auto q = Prepare(c, t.id == 0
                            ? "INSERT INTO focal_points (org_id, role, username, position, since, until, decision_ref, "
                              "decision_date, absent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            : "UPDATE focal_points SET org_id = ?, role = ?, username = ?, position = ?, since = ?, "
                              "until = ?, decision_ref = ?, decision_date = ?, absent = ? WHERE id = ?");
    q->setString(1, t.org);
    q->setString(2, std::string(ToString(t.role)));
    q->setString(3, t.username);
    q->setString(4, t.position);
    q->setString(5, ToIsoString(t.since));
    SetOptDate(*q, 6, t.until);
    q->setString(7, t.decision_ref);
    SetOptDate(*q, 8, t.decision_date);
    q->setInt(9, t.absent ? 1 : 0);
    if (t.id == 0) {
      q->executeUpdate();
      auto id = Prepare(c, "SELECT LAST_INSERT_ID()");
      Rows r(id->executeQuery());
      if (!r->next()) return Status::Internal("LAST_INSERT_ID() returned nothing");
      assigned.push_back(r->getInt64(1));
      continue;
    }
    q->setInt64(10, t.id);
    q->executeUpdate();
    // Affected rows count only changed rows: an unchanged term still exists.
    auto found = Prepare(c, "SELECT 1 FROM focal_points WHERE id = ?");
    found->setInt64(1, t.id);
    Rows r(found->executeQuery());
    if (!r->next()) return Status::InvalidValue("focal point term " + std::to_string(t.id) + " does not exist");
  }
  return {};
}

Status WriteList(sql::Connection& c, const FocalPointList& l) {
  auto q = Prepare(c,
                   "UPDATE focal_point_list SET revision = ?, status = ?, decision_ref = ?, decision_date = ?, "
                   "changed_by = ?, changed_at = ? WHERE id = 1");
  q->setInt64(1, l.revision);
  q->setString(2, std::string(ToString(l.status)));
  q->setString(3, l.decision_ref);
  SetOptDate(*q, 4, l.decision_date);
  q->setString(5, l.changed_by);
  if (l.changed_at) q->setInt64(6, Seconds(*l.changed_at));
  else q->setNull(6, sql::DataType::BIGINT);
  q->executeUpdate();
  return {};
}

Status WriteResets(sql::Connection& c, const DirectoryChange& ch) {
  for (const std::string& used : ch.used_resets) {
    auto q = Prepare(c, "DELETE FROM password_resets WHERE token_hash = ?");
    q->setString(1, used);
    q->executeUpdate();
  }
  for (const PasswordReset& r : ch.new_resets) {
    if (!Exists(c, "SELECT 1 FROM users WHERE username = ?", r.username))
      return Status::InvalidValue("set-password link: unknown user '" + r.username + "'");
    auto older = Prepare(c, "DELETE FROM password_resets WHERE username = ?");  // one live link a user
    older->setString(1, r.username);
    older->executeUpdate();
    auto q = Prepare(c, "INSERT INTO password_resets (token_hash, username, expires_at) VALUES (?, ?, ?)");
    q->setString(1, r.token_hash);
    q->setString(2, r.username);
    q->setInt64(3, Seconds(r.expires_at));
    q->executeUpdate();
  }
  return {};
}

// Revocation is recorded as the session store does (sessions.revoked = 1).
void RevokeSessions(sql::Connection& c, const std::vector<DirectoryChange::Revoke>& revokes) {
  for (const auto& r : revokes) {
    auto q = Prepare(c, "UPDATE sessions SET revoked = 1 WHERE username = ? AND token_hash <> ?");
    q->setString(1, r.username);
    q->setString(2, r.except_token_hash);
    q->executeUpdate();
  }
}

Status AppendEvents(sql::Connection& c, const std::vector<DirectoryEvent>& events) {
  for (const DirectoryEvent& e : events) {
    auto q = Prepare(c, Sql({"INSERT INTO directory_events (", kEventColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"}));
    q->setInt64(1, e.seq);
    q->setString(2, e.type);
    q->setString(3, e.actor);
    SetOptString(*q, 4, NullIfEmpty(e.actor_org));
    q->setInt64(5, Seconds(e.at));
    q->setString(6, e.subject);
    q->setString(7, ToCanonicalJson(JsonValue(e.payload)));
    q->setString(8, e.legal_basis);
    q->setString(9, e.prev_hash);
    q->setString(10, e.hash);
    try {
      q->executeUpdate();
    } catch (const sql::SQLException& ex) {
      if (ex.getErrorCode() == kErDupEntry)
        return Status::VersionConflict("directory event " + std::to_string(e.seq) + " exists");
      throw;
    }
  }
  return {};
}

}  // namespace

Status MysqlDirectory::Commit(const DirectoryChange& change) {
  for (const User& u : change.users)
    if (u.username == "system") return Status::InvalidValue("the username 'system' is reserved for the engine");
  return db_.Write([&](sql::Connection& c) -> Status {
    // Directory commits of every node serialise on the list's one row (directory writes
    // are rare); holding it, the head read below stays the head until COMMIT. Both reads
    // are locking reads, so they see the latest committed rows, not a snapshot.
    {
      auto lock = Prepare(c, "SELECT revision FROM focal_point_list WHERE id = 1 FOR UPDATE");
      Rows r(lock->executeQuery());
      if (!r->next()) return Status::Corruption("the focal point list's row is missing");
    }
    std::int64_t head = 0;
    std::string head_hash;
    {
      auto q = Prepare(c, "SELECT seq, hash FROM directory_events ORDER BY seq DESC LIMIT 1 FOR UPDATE");
      Rows r(q->executeQuery());
      if (r->next()) {
        head = r->getInt64(1);
        head_hash = Str(*r, 2);
      }
    }
    if (head != change.expected_head)
      return Status::VersionConflict("the directory history is at event " + std::to_string(head) + ", not " +
                                     std::to_string(change.expected_head));
    WriteOrgs(c, change.orgs);
    if (Status st = WriteUsers(c, change.users); !st.ok()) return st;
    std::vector<std::int64_t> assigned;
    if (Status st = WriteTerms(c, change.focal_points, assigned); !st.ok()) return st;
    if (change.list) {
      if (Status st = WriteList(c, *change.list); !st.ok()) return st;
    }
    if (Status st = WriteResets(c, change); !st.ok()) return st;
    RevokeSessions(c, change.revoke_sessions);
    // The request's answer, in the same transaction (issue 14.3); kClaimLost rolls the
    // change back.
    if (change.answer) {
      if (Status st = CompleteIdempotencyKey(c, change.answer->Rendered(assigned)); !st.ok()) return st;
    }
    return AppendEvents(c, ChainDirectoryEvents(change.events, head, head_hash));
  });
}

}  // namespace incidents::storage::mysql
