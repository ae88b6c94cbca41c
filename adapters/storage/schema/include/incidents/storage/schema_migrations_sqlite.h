#pragma once
// The SQLite script of each migration listed in incidents/storage/schema_migrations.h
// (which names the versions and says what each changes): one script a version, run whole
// (sqlite3_exec). A version that changes only MySQL's schema has none here.

namespace incidents::storage {

inline constexpr const char* kSqliteMigration1 = R"SQL(
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
)SQL";

inline constexpr const char* kSqliteMigration2 = R"SQL(
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
)SQL";

inline constexpr const char* kSqliteMigration3 = R"SQL(
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
)SQL";

inline constexpr const char* kSqliteMigration4 = R"SQL(
-- A ticket's timers, replaced in the transaction of each event that changes them.
CREATE TABLE timers (
  ticket_id      TEXT NOT NULL,
  kind           TEXT NOT NULL,             -- ack_1 | ack_2 | resolve_1 | resolve_2 | auto_close
  due_ms         INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, kind)
) WITHOUT ROWID;
CREATE INDEX timers_due ON timers(due_ms);
)SQL";

inline constexpr const char* kSqliteMigration5 = R"SQL(
-- Orgs gain short_name, active and successor. The focal_* columns of migration 1 are no
-- longer read (an org's focal point is now a person with a term, in focal_points) but kept
-- so that no data is lost; they get defaults so inserts need not set them. SQLite cannot
-- change a column's default in place, so the table is rebuilt: the rows are copied out and
-- back, and the deferred foreign-key check finds every user's org again before COMMIT.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE orgs_before_5 AS SELECT id, name, kind, focal_name, focal_email, focal_phone FROM orgs;
DROP TABLE orgs;
CREATE TABLE orgs (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL,
  focal_name  TEXT NOT NULL DEFAULT '',  -- unused since migration 5
  focal_email TEXT NOT NULL DEFAULT '',  -- unused since migration 5
  focal_phone TEXT NOT NULL DEFAULT '',  -- unused since migration 5
  active      INTEGER NOT NULL DEFAULT 1,
  successor   TEXT                       -- the org that took this one over; NULL: none
);
INSERT INTO orgs (id, name, kind, focal_name, focal_email, focal_phone)
  SELECT id, name, kind, focal_name, focal_email, focal_phone FROM orgs_before_5;
DROP TABLE orgs_before_5;
-- Terms of office of each org's focal point and deputy (Art. 18.1b). A term is in force on
-- day d when since <= d < until (until NULL: open). Dates are 'YYYY-MM-DD'.
CREATE TABLE focal_points (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id        TEXT NOT NULL REFERENCES orgs(id),
  role          TEXT NOT NULL,             -- focal | deputy
  username      TEXT NOT NULL REFERENCES users(username),
  position      TEXT NOT NULL DEFAULT '',
  since         TEXT NOT NULL,
  until         TEXT,
  decision_ref  TEXT NOT NULL DEFAULT '',
  decision_date TEXT,
  absent        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX focal_points_by_org ON focal_points(org_id, role, since);
-- The status of the list DoICT submits for approval (Art. 18.3): exactly one row.
CREATE TABLE focal_point_list (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  revision      INTEGER NOT NULL,
  status        TEXT NOT NULL,             -- draft | submitted | approved
  decision_ref  TEXT NOT NULL DEFAULT '',
  decision_date TEXT,
  changed_by    TEXT NOT NULL DEFAULT '',
  changed_at    INTEGER                    -- seconds; NULL: never changed
);
INSERT INTO focal_point_list (id, revision, status) VALUES (1, 1, 'draft');
-- One-time set-password links: only the SHA-256 hex of the token is stored.
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  username   TEXT NOT NULL REFERENCES users(username),
  expires_at INTEGER NOT NULL               -- seconds
) WITHOUT ROWID;
CREATE INDEX password_resets_by_user ON password_resets(username);
-- The directory's history, chained by hash like ticket_events. Append-only: the triggers
-- refuse edits; the hash chain detects any that bypass them.
CREATE TABLE directory_events (
  seq         INTEGER PRIMARY KEY,
  type        TEXT NOT NULL,
  actor       TEXT NOT NULL,
  actor_org   TEXT,
  at          INTEGER NOT NULL,
  subject     TEXT NOT NULL,
  payload     TEXT NOT NULL,               -- JSON object; never a password, hash or token
  legal_basis TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX directory_events_by_subject ON directory_events(subject, seq);
CREATE TRIGGER directory_events_append_only_update BEFORE UPDATE ON directory_events
BEGIN SELECT RAISE(ABORT, 'directory_events is append-only'); END;
CREATE TRIGGER directory_events_append_only_delete BEFORE DELETE ON directory_events
BEGIN SELECT RAISE(ABORT, 'directory_events is append-only'); END;
)SQL";

inline constexpr const char* kSqliteMigration6 = R"SQL(
ALTER TABLE ticket_events ADD COLUMN regulation_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ticket_events ADD COLUMN regulation_version INTEGER NOT NULL DEFAULT 0;
)SQL";

inline constexpr const char* kSqliteMigration7 = R"SQL(
ALTER TABLE idempotency_keys ADD COLUMN node TEXT NOT NULL DEFAULT '';
)SQL";

inline constexpr const char* kSqliteMigration8 = R"SQL(
ALTER TABLE idempotency_keys ADD COLUMN claim TEXT NOT NULL DEFAULT '';
)SQL";

inline constexpr const char* kSqliteMigration9 = R"SQL(
ALTER TABLE tickets ADD COLUMN workflow TEXT NOT NULL DEFAULT 'incident';
)SQL";

inline constexpr const char* kSqliteMigration10 = R"SQL(
CREATE INDEX tickets_workflow ON tickets(workflow, rowid);
)SQL";

inline constexpr const char* kSqliteMigration11 = R"SQL(
CREATE TABLE public_requests (
  code        TEXT PRIMARY KEY,            -- the tracking code (a bearer secret)
  token_hash  TEXT NOT NULL,               -- SHA-256 hex of the confirmation token
  email_hash  TEXT NOT NULL,               -- SHA-256 hex of the lower-cased email
  client_hash TEXT NOT NULL,               -- SHA-256 hex of the client address
  form        TEXT NOT NULL,               -- the submit payload (JSON object; personal data)
  created_at  INTEGER NOT NULL,            -- seconds
  expires_at  INTEGER NOT NULL,            -- seconds
  ticket_id   TEXT REFERENCES tickets(id)  -- NULL until confirmed
) WITHOUT ROWID;
-- Unique when set; partial, so that the purge's `ticket_id IS NULL` is planned on
-- public_requests_expiry rather than on this index's NULL entries.
CREATE UNIQUE INDEX public_requests_by_ticket ON public_requests(ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX public_requests_by_email ON public_requests(email_hash, created_at);
CREATE INDEX public_requests_by_client ON public_requests(client_hash, created_at);
CREATE INDEX public_requests_expiry ON public_requests(expires_at) WHERE ticket_id IS NULL;
)SQL";

inline constexpr const char* kSqliteMigration12 = R"SQL(
CREATE TABLE ticket_figures (
  workflow                 TEXT NOT NULL,
  closed_at                INTEGER NOT NULL,  -- entered a final state; 9223372036854775807 while open
  created_at               INTEGER NOT NULL,  -- seconds, like every instant below
  ticket_id                TEXT NOT NULL UNIQUE REFERENCES tickets(id),
  category                 TEXT NOT NULL,
  priority                 TEXT NOT NULL,
  service                  TEXT,
  reporter_org             TEXT NOT NULL,
  parties                  TEXT NOT NULL,     -- org ids, comma-separated
  state                    TEXT NOT NULL,
  acknowledged_at          INTEGER,
  resolved_at              INTEGER,           -- the first resolution
  last_resolved_at         INTEGER,           -- the last one, that ended the measured resolve clock
  ack_working_s            INTEGER,
  ack_late                 INTEGER,           -- 0 / 1
  resolve_working_s        INTEGER,
  resolve_late             INTEGER,
  wait_reporter_s          INTEGER NOT NULL,
  wait_ministry_s          INTEGER NOT NULL,
  wait_chairman_s          INTEGER NOT NULL,
  reopens                  INTEGER NOT NULL,
  escalations              INTEGER NOT NULL,
  escalated_at             INTEGER,
  chairman_decision        TEXT,
  chairman_decided_at      INTEGER,
  chairman_requires_action INTEGER,
  decision                 TEXT,              -- a data request's outcome
  decision_working_s       INTEGER,
  decision_late            INTEGER,
  scope                    TEXT NOT NULL,     -- intra_province, outside_agency, person_or_business
  PRIMARY KEY (workflow, closed_at, created_at, ticket_id)
) WITHOUT ROWID;
INSERT INTO counters (name, value) SELECT 'figures_backfill', COUNT(*) FROM tickets;
)SQL";

inline constexpr const char* kSqliteMigration13 = R"SQL(
ALTER TABLE tickets ADD COLUMN resolved_at INTEGER;
CREATE VIRTUAL TABLE ticket_search USING fts5(head, comments, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO counters (name, value) SELECT 'search_backfill', COALESCE(MAX(rowid), 0) FROM tickets;
)SQL";

inline constexpr const char* kSqliteMigration14 = R"SQL(
CREATE TABLE report_drafts (
  period     TEXT PRIMARY KEY,   -- "2026-11" (a month) or "2026-Q4" (a quarter)
  from_date  TEXT NOT NULL,      -- "2026-11-01"
  to_date    TEXT NOT NULL,      -- "2026-11-30"
  created_at INTEGER NOT NULL    -- seconds
) WITHOUT ROWID;
)SQL";

inline constexpr const char* kSqliteMigration15 = R"SQL(
CREATE INDEX tickets_created ON tickets(created_at);
)SQL";

inline constexpr const char* kSqliteMigration16 = R"SQL(
DROP TABLE ticket_search;
CREATE VIRTUAL TABLE ticket_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT OR REPLACE INTO counters (name, value) SELECT 'search_backfill', COALESCE(MAX(rowid), 0) FROM tickets;
)SQL";

}  // namespace incidents::storage
