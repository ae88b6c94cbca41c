#include "sqlite_migrations.h"

#include <chrono>
#include <string>

#include "sqlite_connection.h"

namespace incidents::storage::sqlite {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const Migration kMigrations[] = {
    {1, "orgs, users, tickets and their append-only events", R"SQL(
CREATE TABLE orgs (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  focal_name  TEXT NOT NULL,
  focal_email TEXT NOT NULL,
  focal_phone TEXT NOT NULL
);
CREATE TABLE users (
  username      TEXT PRIMARY KEY,
  display_name  TEXT NOT NULL,
  org_id        TEXT NOT NULL REFERENCES orgs(id),
  roles         TEXT NOT NULL,              -- comma-separated role names
  email         TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL DEFAULT '',
  active        INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket', 0);
-- The snapshot of each ticket. `snapshot` holds the whole ticket (engine's storage JSON);
-- the other columns are copies for filtering and ordering. rowid orders tickets by
-- creation for the newest-first listing and its cursor.
CREATE TABLE tickets (
  rowid        INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  state        TEXT NOT NULL,
  category     TEXT NOT NULL,
  priority     TEXT NOT NULL,
  reporter_org TEXT NOT NULL,
  assignee     TEXT,
  version      INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  snapshot     TEXT NOT NULL
);
CREATE INDEX tickets_state ON tickets(state, rowid);
-- Orgs involved in a ticket (reporter org and parties): who may see it.
CREATE TABLE ticket_orgs (
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  org_id    TEXT NOT NULL,
  PRIMARY KEY (ticket_id, org_id)
) WITHOUT ROWID;
CREATE INDEX ticket_orgs_by_org ON ticket_orgs(org_id, ticket_id);
-- The history. Append-only: the triggers refuse edits; the hash chain detects any that
-- bypass them.
CREATE TABLE ticket_events (
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  seq         INTEGER NOT NULL,
  type        TEXT NOT NULL,
  actor       TEXT NOT NULL,
  actor_org   TEXT,
  at          INTEGER NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  payload     TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL,
  PRIMARY KEY (ticket_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
)SQL"},
    {2, "sign-in sessions and idempotency keys", R"SQL(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,       -- SHA-256 hex of the bearer token; the token itself is never stored
  username   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE idempotency_keys (
  username      TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  status        INTEGER,             -- null while the first request is in flight
  content_type  TEXT,
  location      TEXT,
  body          TEXT,
  PRIMARY KEY (username, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);
)SQL"},
    {3, "the notification outbox", R"SQL(
-- Written in the same transaction as the event that produces the notifications; the
-- dispatcher claims due rows with a lease and records each outcome.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,      -- ticket:seq:channel:recipient_ref
  ticket_id       TEXT NOT NULL,
  event_seq       INTEGER NOT NULL,
  event_type      TEXT NOT NULL,
  channel         TEXT NOT NULL,             -- email | sms
  recipient       TEXT NOT NULL,             -- address or phone (personal data)
  recipient_ref   TEXT NOT NULL,             -- org:ID or user:NAME
  locale          TEXT NOT NULL,
  vars            TEXT NOT NULL,             -- template variables (JSON)
  status          TEXT NOT NULL,             -- pending | sent | failed | dead
  attempts        INTEGER NOT NULL DEFAULT 0,
  segments        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,          -- seconds
  next_attempt_ms INTEGER NOT NULL,          -- milliseconds since the epoch
  lease_until_ms  INTEGER NOT NULL DEFAULT 0,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_ms);
CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
CREATE INDEX outbox_order ON outbox(ticket_id, channel, recipient, id);
)SQL"},
    {4, "durable SLA and auto-close timers", R"SQL(
-- A ticket's timers, replaced in the transaction of each event that changes them.
CREATE TABLE timers (
  ticket_id      TEXT NOT NULL,
  kind           TEXT NOT NULL,             -- ack_1 | ack_2 | resolve_1 | resolve_2 | auto_close
  due_ms         INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, kind)
) WITHOUT ROWID;
CREATE INDEX timers_due ON timers(due_ms);
)SQL"},
};

}  // namespace

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

engine::Status Migrate(SqliteConnection& c) {
  if (auto st = c.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                       "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
      !st.ok())
    return st;
  for (const Migration& m : kMigrations) {
    engine::Status st = InWriteTransaction(c, [&]() -> engine::Status {
      auto q = c.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
      if (!q.ok()) return q.status();
      (*q)->Bind(1, std::int64_t{m.version});
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (row.value()) return {};  // already applied
      if (auto e = c.Exec(m.sql); !e.ok())
        return engine::Status::Internal("migration " + std::to_string(m.version) + " failed: " + e.message());
      auto ins = c.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
      if (!ins.ok()) return ins.status();
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch());
      (*ins)->Bind(1, std::int64_t{m.version}).Bind(2, std::string_view(m.name)).Bind(3, std::int64_t{now.count()});
      return (*ins)->Run();
    });
    if (!st.ok()) return st;
  }
  return {};
}

}  // namespace incidents::storage::sqlite
