#pragma once
// The schema's migrations, ONE list for every SQL backend: each version has a name, the
// SQLite script, and the MySQL/MariaDB statements where the dialects differ (MySQL runs
// one statement at a time). Adding a migration means adding both dialects here, with the
// same tables and columns; the store contract suite (tests/adapters/storage) runs both.
//
// MySQL differences: VARCHAR(191) COLLATE utf8mb4_bin for keys and identifiers (compared
// byte for byte, as SQLite does; 191 x 4 bytes fits an InnoDB index key), human text in
// the server's Vietnamese collation, LONGTEXT for snapshot/payload/vars, BIGINT
// AUTO_INCREMENT for ids (the tickets' creation order column is `pos`, since ROWID is a
// keyword in MariaDB), `key` quoted, and every table InnoDB + utf8mb4 with the collation
// chosen at open ("{T}" is replaced by the table options). MySQL cannot roll DDL back: a
// migration that fails half-way needs a hand fix (the error names the statement).

#include <vector>

namespace incidents::storage {

struct SchemaMigration {
  int version;
  const char* name;
  const char* sqlite;                     // one script (sqlite3_exec)
  std::vector<const char*> mysql;         // statements, run in order
  // MySQL statements skipped when the user lacks the privilege (triggers need SUPER when
  // binary logging is on); the hash chains still detect edits of ticket_events and
  // directory_events.
  std::vector<const char*> mysql_optional = {};
};

inline const std::vector<SchemaMigration>& SchemaMigrations() {
  static const std::vector<SchemaMigration> kMigrations = {
      {1,
       "orgs, users, tickets and their append-only events",
       R"SQL(
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
)SQL",
       {R"SQL(CREATE TABLE orgs (
  id          VARCHAR(191) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        VARCHAR(64) NOT NULL,
  focal_name  TEXT NOT NULL,
  focal_email VARCHAR(255) NOT NULL,
  focal_phone VARCHAR(64) NOT NULL
) {T})SQL",
        R"SQL(CREATE TABLE users (
  username      VARCHAR(191) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  display_name  TEXT NOT NULL,
  org_id        VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  roles         VARCHAR(255) NOT NULL,
  email         VARCHAR(255) NOT NULL DEFAULT '',
  phone         VARCHAR(64) NOT NULL DEFAULT '',
  password_hash VARCHAR(255) NOT NULL DEFAULT '',
  active        TINYINT NOT NULL DEFAULT 1,
  CONSTRAINT users_org FOREIGN KEY (org_id) REFERENCES orgs(id)
) {T})SQL",
        R"SQL(CREATE TABLE counters (
  name  VARCHAR(64) NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
) {T})SQL",
        "INSERT INTO counters (name, value) VALUES ('ticket', 0)",
        R"SQL(CREATE TABLE tickets (
  pos          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id           VARCHAR(191) COLLATE utf8mb4_bin NOT NULL UNIQUE,
  state        VARCHAR(32) NOT NULL,
  category     VARCHAR(64) NOT NULL,
  priority     VARCHAR(32) NOT NULL,
  reporter_org VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  assignee     VARCHAR(191) COLLATE utf8mb4_bin NULL,
  version      BIGINT NOT NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  snapshot     LONGTEXT NOT NULL,
  KEY tickets_state (state, pos)
) {T})SQL",
        R"SQL(CREATE TABLE ticket_orgs (
  ticket_id VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  org_id    VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (ticket_id, org_id),
  KEY ticket_orgs_by_org (org_id, ticket_id),
  CONSTRAINT ticket_orgs_ticket FOREIGN KEY (ticket_id) REFERENCES tickets(id)
) {T})SQL",
        R"SQL(CREATE TABLE ticket_events (
  ticket_id   VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  seq         BIGINT NOT NULL,
  type        VARCHAR(64) NOT NULL,
  actor       VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  actor_org   VARCHAR(191) COLLATE utf8mb4_bin NULL,
  at          BIGINT NOT NULL,
  from_state  VARCHAR(32) NULL,
  to_state    VARCHAR(32) NOT NULL,
  payload     LONGTEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  prev_hash   VARCHAR(128) NOT NULL,
  hash        VARCHAR(128) NOT NULL,
  PRIMARY KEY (ticket_id, seq),
  CONSTRAINT ticket_events_ticket FOREIGN KEY (ticket_id) REFERENCES tickets(id)
) {T})SQL"},
       {"CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ticket_events is append-only'",
        "CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ticket_events is append-only'"}},
      {2,
       "sign-in sessions and idempotency keys",
       R"SQL(
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
)SQL",
       {R"SQL(CREATE TABLE sessions (
  token_hash VARCHAR(191) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  username   VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked    TINYINT NOT NULL DEFAULT 0,
  KEY sessions_expiry (expires_at)
) {T})SQL",
        R"SQL(CREATE TABLE idempotency_keys (
  username     VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  `key`        VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  request_hash VARCHAR(128) NOT NULL,
  created_at   BIGINT NOT NULL,
  status       INT NULL,
  content_type VARCHAR(255) NULL,
  location     TEXT NULL,
  body         LONGTEXT NULL,
  PRIMARY KEY (username, `key`),
  KEY idempotency_keys_age (created_at)
) {T})SQL"}},
      {3,
       "the notification outbox",
       R"SQL(
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
)SQL",
       {R"SQL(CREATE TABLE outbox (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  idempotency_key VARCHAR(191) COLLATE utf8mb4_bin NOT NULL UNIQUE,
  ticket_id       VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  event_seq       BIGINT NOT NULL,
  event_type      VARCHAR(64) NOT NULL,
  channel         VARCHAR(16) NOT NULL,
  recipient       VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  recipient_ref   VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  locale          VARCHAR(16) NOT NULL,
  vars            LONGTEXT NOT NULL,
  status          VARCHAR(16) NOT NULL,
  attempts        INT NOT NULL DEFAULT 0,
  segments        INT NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  next_attempt_ms BIGINT NOT NULL,
  lease_until_ms  BIGINT NOT NULL DEFAULT 0,
  sent_at         BIGINT NULL,
  KEY outbox_due (status, next_attempt_ms),
  KEY outbox_ticket (ticket_id, id),
  KEY outbox_order (ticket_id, channel, recipient, id)
) {T})SQL"}},
      {4,
       "durable SLA and auto-close timers",
       R"SQL(
-- A ticket's timers, replaced in the transaction of each event that changes them.
CREATE TABLE timers (
  ticket_id      TEXT NOT NULL,
  kind           TEXT NOT NULL,             -- ack_1 | ack_2 | resolve_1 | resolve_2 | auto_close
  due_ms         INTEGER NOT NULL,
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, kind)
) WITHOUT ROWID;
CREATE INDEX timers_due ON timers(due_ms);
)SQL",
       {R"SQL(CREATE TABLE timers (
  ticket_id      VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  kind           VARCHAR(32) NOT NULL,
  due_ms         BIGINT NOT NULL,
  lease_until_ms BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, kind),
  KEY timers_due (due_ms)
) {T})SQL"}},
      {5,
       "the directory of Chapter VI: orgs' kind of record, focal point terms, their list, set-password links, "
       "and the directory's append-only history",
       R"SQL(
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
)SQL",
       {"ALTER TABLE orgs ADD COLUMN short_name VARCHAR(255) NOT NULL DEFAULT '' AFTER name, "
        "ADD COLUMN active TINYINT NOT NULL DEFAULT 1, "
        "ADD COLUMN successor VARCHAR(191) COLLATE utf8mb4_bin NULL, "
        "MODIFY focal_name TEXT NOT NULL DEFAULT (''), "
        "MODIFY focal_email VARCHAR(255) NOT NULL DEFAULT '', "
        "MODIFY focal_phone VARCHAR(64) NOT NULL DEFAULT ''",
        R"SQL(CREATE TABLE focal_points (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id        VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  role          VARCHAR(16) NOT NULL,
  username      VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  position      TEXT NOT NULL DEFAULT (''),
  since         VARCHAR(10) NOT NULL,
  until         VARCHAR(10) NULL,
  decision_ref  VARCHAR(255) NOT NULL DEFAULT '',
  decision_date VARCHAR(10) NULL,
  absent        TINYINT NOT NULL DEFAULT 0,
  KEY focal_points_by_org (org_id, role, since),
  CONSTRAINT focal_points_org FOREIGN KEY (org_id) REFERENCES orgs(id),
  CONSTRAINT focal_points_user FOREIGN KEY (username) REFERENCES users(username)
) {T})SQL",
        R"SQL(CREATE TABLE focal_point_list (
  id            TINYINT NOT NULL PRIMARY KEY,
  revision      BIGINT NOT NULL,
  status        VARCHAR(16) NOT NULL,
  decision_ref  VARCHAR(255) NOT NULL DEFAULT '',
  decision_date VARCHAR(10) NULL,
  changed_by    VARCHAR(191) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  changed_at    BIGINT NULL
) {T})SQL",
        "INSERT INTO focal_point_list (id, revision, status) VALUES (1, 1, 'draft')",
        R"SQL(CREATE TABLE password_resets (
  token_hash VARCHAR(191) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  username   VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  expires_at BIGINT NOT NULL,
  KEY password_resets_by_user (username),
  CONSTRAINT password_resets_user FOREIGN KEY (username) REFERENCES users(username)
) {T})SQL",
        R"SQL(CREATE TABLE directory_events (
  seq         BIGINT NOT NULL PRIMARY KEY,
  type        VARCHAR(64) NOT NULL,
  actor       VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  actor_org   VARCHAR(191) COLLATE utf8mb4_bin NULL,
  at          BIGINT NOT NULL,
  subject     VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  payload     LONGTEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  prev_hash   VARCHAR(128) NOT NULL,
  hash        VARCHAR(128) NOT NULL,
  KEY directory_events_by_subject (subject, seq)
) {T})SQL"},
       {"CREATE TRIGGER directory_events_append_only_update BEFORE UPDATE ON directory_events FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'directory_events is append-only'",
        "CREATE TRIGGER directory_events_append_only_delete BEFORE DELETE ON directory_events FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'directory_events is append-only'"}},
      {6,
       "the regulation and version each event's citation was decided under (issue 13)",
       // Events recorded before have '' and 0: version 1 of the regulation (regulation.h).
       R"SQL(
ALTER TABLE ticket_events ADD COLUMN regulation_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ticket_events ADD COLUMN regulation_version INTEGER NOT NULL DEFAULT 0;
)SQL",
       {"ALTER TABLE ticket_events ADD COLUMN regulation_id VARCHAR(191) COLLATE utf8mb4_bin NOT NULL DEFAULT ''",
        "ALTER TABLE ticket_events ADD COLUMN regulation_version BIGINT NOT NULL DEFAULT 0"}},
      {7,
       "the node that claimed each idempotency key, so that a restarted node releases its claims (issue 14.3)",
       // Claims made before have '': no node releases them; they wait for the in-flight limit.
       R"SQL(
ALTER TABLE idempotency_keys ADD COLUMN node TEXT NOT NULL DEFAULT '';
)SQL",
       {"ALTER TABLE idempotency_keys ADD COLUMN node VARCHAR(191) COLLATE utf8mb4_bin NOT NULL DEFAULT ''"}},
      {8,
       "the token of each idempotency claim, so that only the request holding it answers or forgets it (issue 14.3)",
       // Rows written before have '': their answers replay as before; a claim left in flight
       // matches no request's token, so it waits for the in-flight limit (or its node's
       // restart) like any claim whose request died.
       R"SQL(
ALTER TABLE idempotency_keys ADD COLUMN claim TEXT NOT NULL DEFAULT '';
)SQL",
       {"ALTER TABLE idempotency_keys ADD COLUMN claim VARCHAR(64) COLLATE utf8mb4_bin NOT NULL DEFAULT ''"}},
      {9,
       "the workflow of each ticket, so that incidents and data-sharing requests are listed apart (issue 15)",
       // Every ticket before was an incident. Not indexed: the lists scan newest first and
       // stop at a page, and incidents are nearly all the rows. (But a page of requests, a
       // few among them, scanned nearly every incident: migration 10 indexes it.)
       R"SQL(
ALTER TABLE tickets ADD COLUMN workflow TEXT NOT NULL DEFAULT 'incident';
)SQL",
       {"ALTER TABLE tickets ADD COLUMN workflow VARCHAR(32) COLLATE utf8mb4_bin NOT NULL DEFAULT 'incident'"}},
      {10,
       "an index on the tickets' workflow, so that listing one workflow does not scan the other's rows (issue 15)",
       // The lists are newest first (rowid / pos descending) within one workflow: the index
       // gives the requests, a few among the incidents, in that order without a scan.
       // MariaDB plans the store's statement at each execution, with the workflow's value, and
       // uses it as is; SQLite plans once, so its store writes a statement with a plain
       // `workflow = ?` for a list of one workflow (SqliteTicketStore::ListTicketsSql).
       R"SQL(
CREATE INDEX tickets_workflow ON tickets(workflow, rowid);
)SQL",
       {"CREATE INDEX tickets_workflow ON tickets (workflow, pos)"}},
      {11,
       "public data requests held until the requester confirms the email address (issue 15.2)",
       // A request from a person or business without an account (engine/public_request.h):
       // the code is the requester's bearer secret; the token, email and client address are
       // kept only as SHA-256 hex. ticket_id is set, once, in the transaction of the ticket
       // the confirmation files (TicketCommit::confirms); NULL until then, and the purge
       // deletes only such rows. The two counts are the rate limits (per email, per client
       // address, since a time). MariaDB has no partial index: the purge's index leads with
       // ticket_id, so `ticket_id IS NULL` is one range of it, ordered by expires_at.
       R"SQL(
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
)SQL",
       {R"SQL(CREATE TABLE public_requests (
  code        VARCHAR(191) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  token_hash  VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
  email_hash  VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
  client_hash VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
  form        LONGTEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  ticket_id   VARCHAR(191) COLLATE utf8mb4_bin NULL,
  UNIQUE KEY public_requests_by_ticket (ticket_id),
  KEY public_requests_by_email (email_hash, created_at),
  KEY public_requests_by_client (client_hash, created_at),
  KEY public_requests_expiry (ticket_id, expires_at),
  CONSTRAINT public_requests_ticket FOREIGN KEY (ticket_id) REFERENCES tickets(id)
) {T})SQL"}},
      {12,
       "one row of report figures per ticket, written with each event (issue 16)",
       // engine/report.h: what a report counts of a ticket, so that a year's report reads this
       // narrow table and never the snapshots. Columns: incidents/storage/figures_row.h.
       // Clustered on (workflow, closed_at, created_at): a report reads one workflow's rows
       // closed since the period began or still open (closed_at is then the largest integer,
       // never NULL, since it is part of the key) in one range, in key order, and never the
       // rows of the tickets closed before it. ticket_id is unique: a commit that changes the
       // ticket's row replaces it (its key moves when it is closed or reopened).
       // The tickets stored before this migration get their rows from incidentd at start
       // (TicketService::BackfillFigures), while the counter figures_backfill is not 0.
       R"SQL(
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
)SQL",
       {R"SQL(CREATE TABLE ticket_figures (
  workflow                 VARCHAR(32) COLLATE utf8mb4_bin NOT NULL,
  closed_at                BIGINT NOT NULL,
  created_at               BIGINT NOT NULL,
  ticket_id                VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  category                 VARCHAR(64) NOT NULL,
  priority                 VARCHAR(32) NOT NULL,
  service                  TEXT NULL,
  reporter_org             VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  parties                  TEXT NOT NULL,
  state                    VARCHAR(32) NOT NULL,
  acknowledged_at          BIGINT NULL,
  resolved_at              BIGINT NULL,
  last_resolved_at         BIGINT NULL,
  ack_working_s            BIGINT NULL,
  ack_late                 TINYINT NULL,
  resolve_working_s        BIGINT NULL,
  resolve_late             TINYINT NULL,
  wait_reporter_s          BIGINT NOT NULL,
  wait_ministry_s          BIGINT NOT NULL,
  wait_chairman_s          BIGINT NOT NULL,
  reopens                  INT NOT NULL,
  escalations              INT NOT NULL,
  escalated_at             BIGINT NULL,
  chairman_decision        TEXT NULL,
  chairman_decided_at      BIGINT NULL,
  chairman_requires_action TINYINT NULL,
  decision                 VARCHAR(32) NULL,
  decision_working_s       BIGINT NULL,
  decision_late            TINYINT NULL,
  scope                    VARCHAR(32) NOT NULL,
  PRIMARY KEY (workflow, closed_at, created_at, ticket_id),
  UNIQUE KEY ticket_figures_ticket (ticket_id),
  CONSTRAINT ticket_figures_ticket FOREIGN KEY (ticket_id) REFERENCES tickets(id)
) {T})SQL",
        "INSERT INTO counters (name, value) SELECT 'figures_backfill', COUNT(*) FROM tickets"}},
      {13,
       "the tickets' resolution time and the full-text search index of their text (issue 16.5)",
       // resolved_at copies Ticket::resolved_at (seconds; NULL: not resolved) for the list's
       // date filter. ticket_search holds, per ticket (rowid / pos = the ticket's), its
       // folded title and description (`head`, replaced when it changes) and its folded
       // comment bodies (`comments`, appended), written by the store in each commit's
       // transaction (engine/ticket_search.h). Folding is C++ (base/text_fold.h), so the
       // tickets that exist now are indexed, and their resolved_at copied, by the store at
       // open (BackfillTicketSearch): the counter 'search_backfill' is the highest position
       // still to do, 0 when done.
       // SQLite: an FTS5 table (it keeps the folded text itself: SQLite 3.40 cannot delete
       // from a contentless table, and a head is replaced), unicode61 tokens, prefix indexes
       // of 2 and 3 characters for the short Vietnamese syllables typed as prefixes.
       // MariaDB: InnoDB FULLTEXT on both columns, created without the stopword list (it is
       // English: "la", "de", "the" are folded Vietnamese words); words shorter than
       // innodb_ft_min_token_size (3 by default, fixed at server start) are not indexed, so
       // the store matched those with a REGEXP over the FULLTEXT candidates. Migration 15
       // replaced the FULLTEXT index by ticket_words.
       R"SQL(
ALTER TABLE tickets ADD COLUMN resolved_at INTEGER;
CREATE VIRTUAL TABLE ticket_search USING fts5(head, comments, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO counters (name, value) SELECT 'search_backfill', COALESCE(MAX(rowid), 0) FROM tickets;
)SQL",
       {"ALTER TABLE tickets ADD COLUMN resolved_at BIGINT NULL",
        "SET SESSION innodb_ft_enable_stopword = OFF",
        R"SQL(CREATE TABLE ticket_search (
  pos      BIGINT NOT NULL PRIMARY KEY,
  head     LONGTEXT NOT NULL,
  comments LONGTEXT NOT NULL,
  FULLTEXT KEY ticket_search_text (head, comments)
) {T})SQL",
        "SET SESSION innodb_ft_enable_stopword = DEFAULT",
        "INSERT INTO counters (name, value) SELECT 'search_backfill', COALESCE(MAX(pos), 0) FROM tickets"}},
      {14,
       "the scheduled report drafts, one per month or quarter, drafted once by whichever node is first (issue 16.4)",
       // One row per period that has been drafted and mailed (engine/report_draft.h): the
       // primary key is what makes a period drafted exactly once, by one node, with its
       // mails written in the same transaction. Dates are local ISO dates, both included.
       R"SQL(
CREATE TABLE report_drafts (
  period     TEXT PRIMARY KEY,   -- "2026-11" (a month) or "2026-Q4" (a quarter)
  from_date  TEXT NOT NULL,      -- "2026-11-01"
  to_date    TEXT NOT NULL,      -- "2026-11-30"
  created_at INTEGER NOT NULL    -- seconds
) WITHOUT ROWID;
)SQL",
       {R"SQL(CREATE TABLE report_drafts (
  period     VARCHAR(16) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  from_date  VARCHAR(10) NOT NULL,
  to_date    VARCHAR(10) NOT NULL,
  created_at BIGINT NOT NULL
) {T})SQL"}},
      {15,
       "search by creation date and, on MariaDB, by an index of word prefixes instead of FULLTEXT (issue 16.5)",
       // tickets_created: a list bounded by created_from / created_to first reads the
       // smallest and largest position created in that range from this index (covering:
       // it holds the rowid / pos), then walks only that window of positions, so that a
       // search for a common word within one month does not walk every newer match.
       // MariaDB: InnoDB FULLTEXT returned every match of a common word and sorted them
       // before the LIMIT (1.95 s for 300,000 matches). ticket_words holds, per ticket, every
       // prefix of 1 to 12 characters of each word of its folded text (mysql_ticket_search.h),
       // so a search walks one key newest first, ANDs its other words by primary-key probes,
       // and stops at the LIMIT. The folded text stays in ticket_search, without its
       // FULLTEXT index; the words of the tickets indexed before this migration are written
       // by the store at open (BackfillTicketSearch, its second part), while
       // 'words_backfill' is not 0.
       R"SQL(
CREATE INDEX tickets_created ON tickets(created_at);
)SQL",
       {"CREATE INDEX tickets_created ON tickets (created_at)",
        "ALTER TABLE ticket_search DROP INDEX ticket_search_text",
        R"SQL(CREATE TABLE ticket_words (
  word VARBINARY(48) NOT NULL,  -- a prefix of a folded word: 1 to 12 characters, UTF-8
  pos  BIGINT NOT NULL,         -- the ticket's
  PRIMARY KEY (word, pos)
) {T})SQL",
        "INSERT INTO counters (name, value) SELECT 'words_backfill', COALESCE(MAX(pos), 0) FROM ticket_search"}},
      {16,
       "SQLite: one search row per comment, so that a comment no longer rewrites its ticket's whole text",
       // Migration 13's FTS5 row per ticket held all its comments, and FTS5 re-tokenizes a
       // row on every update: a comment cost time in proportion to every comment before it
       // (O(n^2) over a ticket's life; 1,140 µs of server CPU per comment at a few hundred
       // comments a ticket, bench/RESULTS.md). Now a ticket's text is several rows with
       // one column `text`, numbered within the ticket's block of rowids
       // (sqlite_ticket_search.h): its head at ticket rowid << 24, each comment at that plus
       // its event's seq; a comment inserts its row and rewrites nothing. The index is
       // rebuilt by the store at open ('search_backfill' set to the highest ticket again).
       // MariaDB is unchanged (ticket_words already takes a comment's words alone).
       R"SQL(
DROP TABLE ticket_search;
CREATE VIRTUAL TABLE ticket_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT OR REPLACE INTO counters (name, value) SELECT 'search_backfill', COALESCE(MAX(rowid), 0) FROM tickets;
)SQL",
       {}},
      {17,
       "MariaDB: one search row per comment, so that a comment no longer rewrites its ticket's whole text",
       // What migration 16 did for SQLite. ticket_search.comments was one LONGTEXT per
       // ticket that every comment extended with CONCAT: InnoDB rewrote the whole value,
       // with its undo and redo, on every comment (O(n) bytes per comment; a ticket with a
       // thousand comments wrote some 50 KB for each). Now each comment's folded text is a
       // row of ticket_search_comments, keyed by the ticket's pos and the event's seq; a
       // comment inserts its row and rewrites nothing. The text stored before this
       // migration stays in ticket_search.comments, which is no longer appended to, so
       // nothing is copied (mysql_ticket_search.h). SQLite is unchanged.
       "",
       {R"SQL(CREATE TABLE ticket_search_comments (
  pos  BIGINT NOT NULL,    -- the ticket's
  seq  BIGINT NOT NULL,    -- the comment event's
  text LONGTEXT NOT NULL,  -- its folded body
  PRIMARY KEY (pos, seq)
) {T})SQL"}},
  };
  return kMigrations;
}

}  // namespace incidents::storage
