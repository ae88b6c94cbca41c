#include "incidents/storage/sqlite/sqlite_directory.h"

#include "incidents/engine/canonical_json.h"
#include "incidents/storage/directory_rows.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// Column lists as macros: Prepare keys its cache on the address of one string literal.
#define ORG_COLUMNS "id, name, short_name, kind, active, successor"
#define USER_COLUMNS "username, display_name, org_id, roles, email, phone, password_hash, active"
#define TERM_COLUMNS "id, org_id, role, username, position, since, until, decision_ref, decision_date, absent"
#define EVENT_COLUMNS "seq, type, actor, actor_org, at, subject, payload, legal_basis, prev_hash, hash"
// Terms by org, then focal before deputy, then start.
#define TERM_ORDER " ORDER BY org_id, CASE role WHEN 'focal' THEN 0 ELSE 1 END, since, id"

Result<Org> ReadOrg(Statement& s) {
  Org o;
  o.id = s.Text(0);
  o.name = s.Text(1);
  o.short_name = s.Text(2);
  o.kind = s.Text(3);
  o.active = s.Int(4) != 0;
  o.successor = s.Text(5);  // NULL reads as ""
  return o;
}

Result<User> ReadUser(Statement& s) {
  auto roles = ParseRoleList(s.Text(3), s.Text(0));
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
  return u;
}

Result<FocalPoint> ReadTerm(Statement& s) {
  FocalPoint t;
  t.id = s.Int(0);
  const std::string where = "focal point term " + std::to_string(t.id);
  t.org = s.Text(1);
  auto role = ParseFocalPointRole(s.Text(2));
  if (!role) return Status::Corruption(where + ": unknown role '" + s.Text(2) + "'");
  t.role = *role;
  t.username = s.Text(3);
  t.position = s.Text(4);
  auto since = DateColumn(s.Text(5), where + " since");
  if (!since.ok()) return since.status();
  t.since = since.value();
  auto until = OptDateColumn(s.OptText(6), where + " until");
  if (!until.ok()) return until.status();
  t.until = until.value();
  t.decision_ref = s.Text(7);
  auto decided = OptDateColumn(s.OptText(8), where + " decision_date");
  if (!decided.ok()) return decided.status();
  t.decision_date = decided.value();
  t.absent = s.Int(9) != 0;
  return t;
}

Result<DirectoryEvent> ReadEvent(Statement& s) {
  DirectoryEvent e;
  e.seq = s.Int(0);
  e.type = s.Text(1);
  e.actor = s.Text(2);
  e.actor_org = s.Text(3);
  e.at = At(s.Int(4));
  e.subject = s.Text(5);
  auto payload = PayloadColumn(s.Text(6), "directory event " + std::to_string(e.seq));
  if (!payload.ok()) return payload.status();
  e.payload = std::move(payload.value());
  e.legal_basis = s.Text(7);
  e.prev_hash = s.Text(8);
  e.hash = s.Text(9);
  return e;
}

// Every row of a prepared query, read by `read`.
template <typename T>
Result<std::vector<T>> Collect(Statement& s, Result<T> (*read)(Statement&)) {
  std::vector<T> out;
  while (true) {
    auto row = s.Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return out;
    auto value = read(s);
    if (!value.ok()) return value.status();
    out.push_back(std::move(value.value()));
  }
}

// Whether the one-parameter query `sql` (a string literal) returns a row for `key`.
Result<bool> Exists(SqliteConnection& c, const char* sql, const std::string& key) {
  auto q = c.Prepare(sql);
  if (!q.ok()) return q.status();
  (*q)->Bind(1, key);
  return (*q)->Step();
}

}  // namespace

Result<std::optional<Org>> SqliteDirectory::FindOrg(const std::string& id) {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT " ORG_COLUMNS " FROM orgs WHERE id = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, id);
  auto rows = Collect<Org>(**q, ReadOrg);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Org>();
  return std::optional<Org>(std::move(rows->front()));
}

Result<std::vector<Org>> SqliteDirectory::ListOrgs() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT " ORG_COLUMNS " FROM orgs ORDER BY id");
  if (!q.ok()) return q.status();
  return Collect<Org>(**q, ReadOrg);
}

Result<std::optional<User>> SqliteDirectory::FindUser(const std::string& username) {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT " USER_COLUMNS " FROM users WHERE username = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, username);
  auto rows = Collect<User>(**q, ReadUser);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<User>();
  return std::optional<User>(std::move(rows->front()));
}

Result<std::vector<User>> SqliteDirectory::ListUsers() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT " USER_COLUMNS " FROM users ORDER BY username");
  if (!q.ok()) return q.status();
  return Collect<User>(**q, ReadUser);
}

Result<std::vector<FocalPoint>> SqliteDirectory::ListFocalPoints(const std::string& org) {
  auto c = db_.Acquire();
  if (org.empty()) {
    auto q = c->Prepare("SELECT " TERM_COLUMNS " FROM focal_points" TERM_ORDER);
    if (!q.ok()) return q.status();
    return Collect<FocalPoint>(**q, ReadTerm);
  }
  auto q = c->Prepare("SELECT " TERM_COLUMNS " FROM focal_points WHERE org_id = ?1" TERM_ORDER);
  if (!q.ok()) return q.status();
  (*q)->Bind(1, org);
  return Collect<FocalPoint>(**q, ReadTerm);
}

Result<FocalPointList> SqliteDirectory::GetFocalPointList() {
  auto c = db_.Acquire();
  auto q = c->Prepare(
      "SELECT revision, status, decision_ref, decision_date, changed_by, changed_at FROM focal_point_list "
      "WHERE id = 1");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return Status::Corruption("the focal point list's row is missing");
  Statement& s = **q;
  FocalPointList l;
  l.revision = s.Int(0);
  auto status = ParseFocalListStatus(s.Text(1));
  if (!status) return Status::Corruption("focal point list: unknown status '" + s.Text(1) + "'");
  l.status = *status;
  l.decision_ref = s.Text(2);
  auto decided = OptDateColumn(s.OptText(3), "focal point list decision_date");
  if (!decided.ok()) return decided.status();
  l.decision_date = decided.value();
  l.changed_by = s.Text(4);
  if (!s.IsNull(5)) l.changed_at = At(s.Int(5));
  return l;
}

Result<std::vector<DirectoryEvent>> SqliteDirectory::ListDirectoryEvents(std::int64_t after_seq, int limit) {
  if (limit <= 0) return std::vector<DirectoryEvent>{};
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT " EVENT_COLUMNS " FROM directory_events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, after_seq).Bind(2, std::int64_t{limit});
  return Collect<DirectoryEvent>(**q, ReadEvent);
}

Result<std::int64_t> SqliteDirectory::DirectoryHead() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT COALESCE(MAX(seq), 0) FROM directory_events");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return (*q)->Int(0);
}

Result<std::optional<PasswordReset>> SqliteDirectory::FindPasswordReset(const std::string& token_hash) {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT token_hash, username, expires_at FROM password_resets WHERE token_hash = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, token_hash);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return std::optional<PasswordReset>();
  Statement& s = **q;
  return std::optional<PasswordReset>(PasswordReset{s.Text(0), s.Text(1), At(s.Int(2))});
}

namespace {

Status WriteOrgs(SqliteConnection& c, const std::vector<Org>& orgs) {
  if (orgs.empty()) return {};
  auto q = c.Prepare(
      "INSERT INTO orgs (id, name, short_name, kind, active, successor) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT(id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, kind = excluded.kind, "
      "active = excluded.active, successor = excluded.successor");
  if (!q.ok()) return q.status();
  for (const Org& o : orgs) {
    (*q)->Reset();
    (*q)->Bind(1, o.id).Bind(2, o.name).Bind(3, o.short_name).Bind(4, o.kind);
    (*q)->Bind(5, std::int64_t{o.active ? 1 : 0}).BindOptional(6, NullIfEmpty(o.successor));
    if (Status st = (*q)->Run(); !st.ok()) return st;
  }
  return {};
}

Status WriteUsers(SqliteConnection& c, const std::vector<User>& users) {
  for (const User& u : users) {
    auto known = Exists(c, "SELECT 1 FROM orgs WHERE id = ?1", u.org);
    if (!known.ok()) return known.status();
    if (!known.value()) return Status::InvalidValue("user " + u.username + ": unknown org '" + u.org + "'");
    auto q = c.Prepare(
        "INSERT INTO users (" USER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT(username) DO UPDATE SET display_name = excluded.display_name, org_id = excluded.org_id, "
        "roles = excluded.roles, email = excluded.email, phone = excluded.phone, "
        "password_hash = excluded.password_hash, active = excluded.active");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, u.username).Bind(2, u.display_name).Bind(3, u.org).Bind(4, FormatRoleList(u.roles));
    (*q)->Bind(5, u.email).Bind(6, u.phone).Bind(7, u.password_hash).Bind(8, std::int64_t{u.active ? 1 : 0});
    if (Status st = (*q)->Run(); !st.ok()) return st;
  }
  return {};
}

// Appends to `assigned` the id given to each new term (id 0), in order.
Status WriteTerms(SqliteConnection& c, const std::vector<FocalPoint>& terms, std::vector<std::int64_t>& assigned) {
  for (const FocalPoint& t : terms) {
    const std::string what = "focal point term of org " + t.org;
    auto org = Exists(c, "SELECT 1 FROM orgs WHERE id = ?1", t.org);
    if (!org.ok()) return org.status();
    if (!org.value()) return Status::InvalidValue(what + ": unknown org");
    auto user = Exists(c, "SELECT 1 FROM users WHERE username = ?1", t.username);
    if (!user.ok()) return user.status();
    if (!user.value()) return Status::InvalidValue(what + ": unknown user '" + t.username + "'");
    const char* sql = t.id == 0
        ? "INSERT INTO focal_points (org_id, role, username, position, since, until, decision_ref, decision_date, "
          "absent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        : "UPDATE focal_points SET org_id = ?1, role = ?2, username = ?3, position = ?4, since = ?5, until = ?6, "
          "decision_ref = ?7, decision_date = ?8, absent = ?9 WHERE id = ?10";
    auto q = c.Prepare(sql);
    if (!q.ok()) return q.status();
    (*q)->Bind(1, t.org).Bind(2, ToString(t.role)).Bind(3, t.username).Bind(4, t.position);
    (*q)->Bind(5, ToIsoString(t.since)).BindOptional(6, OptDateText(t.until)).Bind(7, t.decision_ref);
    (*q)->BindOptional(8, OptDateText(t.decision_date)).Bind(9, std::int64_t{t.absent ? 1 : 0});
    if (t.id != 0) (*q)->Bind(10, t.id);
    if (Status st = (*q)->Run(); !st.ok()) return st;
    if (t.id == 0) assigned.push_back(c.LastInsertId());
    if (t.id != 0 && c.Changes() != 1)
      return Status::InvalidValue("focal point term " + std::to_string(t.id) + " does not exist");
  }
  return {};
}

Status WriteList(SqliteConnection& c, const FocalPointList& l) {
  auto q = c.Prepare(
      "UPDATE focal_point_list SET revision = ?1, status = ?2, decision_ref = ?3, decision_date = ?4, "
      "changed_by = ?5, changed_at = ?6 WHERE id = 1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, l.revision).Bind(2, ToString(l.status)).Bind(3, l.decision_ref);
  (*q)->BindOptional(4, OptDateText(l.decision_date)).Bind(5, l.changed_by);
  if (l.changed_at) (*q)->Bind(6, Seconds(*l.changed_at));
  else (*q)->BindNull(6);
  if (Status st = (*q)->Run(); !st.ok()) return st;
  if (c.Changes() != 1) return Status::Corruption("the focal point list's row is missing");
  return {};
}

Status WriteResets(SqliteConnection& c, const DirectoryChange& ch) {
  for (const std::string& used : ch.used_resets) {
    auto q = c.Prepare("DELETE FROM password_resets WHERE token_hash = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, used);
    if (Status st = (*q)->Run(); !st.ok()) return st;
  }
  for (const PasswordReset& r : ch.new_resets) {
    auto user = Exists(c, "SELECT 1 FROM users WHERE username = ?1", r.username);
    if (!user.ok()) return user.status();
    if (!user.value()) return Status::InvalidValue("set-password link: unknown user '" + r.username + "'");
    auto older = c.Prepare("DELETE FROM password_resets WHERE username = ?1");  // one live link a user
    if (!older.ok()) return older.status();
    (*older)->Bind(1, r.username);
    if (Status st = (*older)->Run(); !st.ok()) return st;
    auto q = c.Prepare("INSERT INTO password_resets (token_hash, username, expires_at) VALUES (?1, ?2, ?3)");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, r.token_hash).Bind(2, r.username).Bind(3, Seconds(r.expires_at));
    if (Status st = (*q)->Run(); !st.ok()) return st;
  }
  return {};
}

// Revocation is recorded as the session store does (sessions.revoked = 1).
Status RevokeSessions(SqliteConnection& c, const std::vector<DirectoryChange::Revoke>& revokes) {
  for (const auto& r : revokes) {
    auto q = c.Prepare("UPDATE sessions SET revoked = 1 WHERE username = ?1 AND token_hash <> ?2");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, r.username).Bind(2, r.except_token_hash);
    if (Status st = (*q)->Run(); !st.ok()) return st;
  }
  return {};
}

Status AppendEvents(SqliteConnection& c, const std::vector<DirectoryEvent>& events) {
  for (const DirectoryEvent& e : events) {
    auto q = c.Prepare("INSERT INTO directory_events (" EVENT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, e.seq).Bind(2, e.type).Bind(3, e.actor).BindOptional(4, NullIfEmpty(e.actor_org));
    (*q)->Bind(5, Seconds(e.at)).Bind(6, e.subject).Bind(7, ToCanonicalJson(JsonValue(e.payload)));
    (*q)->Bind(8, e.legal_basis).Bind(9, e.prev_hash).Bind(10, e.hash);
    if (Status st = (*q)->Run(); !st.ok()) return st;
  }
  return {};
}

}  // namespace

Status SqliteDirectory::Commit(const DirectoryChange& change) {
  for (const User& u : change.users)
    if (u.username == "system") return Status::InvalidValue("the username 'system' is reserved for the engine");
  return db_.Write([&](SqliteConnection& c) -> Status {
    // The single writer runs this job alone, so the head read here is still the head when
    // the events are appended.
    std::int64_t head = 0;
    std::string head_hash;
    {
      auto q = c.Prepare("SELECT seq, hash FROM directory_events ORDER BY seq DESC LIMIT 1");
      if (!q.ok()) return q.status();
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (row.value()) {
        head = (*q)->Int(0);
        head_hash = (*q)->Text(1);
      }
    }
    if (head != change.expected_head)
      return Status::VersionConflict("the directory history is at event " + std::to_string(head) + ", not " +
                                     std::to_string(change.expected_head));
    if (Status st = WriteOrgs(c, change.orgs); !st.ok()) return st;
    if (Status st = WriteUsers(c, change.users); !st.ok()) return st;
    std::vector<std::int64_t> assigned;
    if (Status st = WriteTerms(c, change.focal_points, assigned); !st.ok()) return st;
    if (change.list) {
      if (Status st = WriteList(c, *change.list); !st.ok()) return st;
    }
    if (Status st = WriteResets(c, change); !st.ok()) return st;
    if (Status st = RevokeSessions(c, change.revoke_sessions); !st.ok()) return st;
    // The request's answer, in the same transaction (issue 14.3); kClaimLost rolls the
    // change back.
    if (change.answer) {
      if (Status st = CompleteIdempotencyKey(c, change.answer->Rendered(assigned)); !st.ok()) return st;
    }
    return AppendEvents(c, ChainDirectoryEvents(change.events, head, head_hash));
  });
}

}  // namespace incidents::storage::sqlite
