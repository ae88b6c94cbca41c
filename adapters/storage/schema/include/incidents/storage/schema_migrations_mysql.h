#pragma once
// The MySQL/MariaDB statements of each migration listed in
// incidents/storage/schema_migrations.h (which names the versions and says what each
// changes), run in order, one statement at a time: a function a version, and one more for
// the statements skipped when the user lacks the privilege. A version that changes only
// SQLite's schema has none here.
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

inline std::vector<const char*> MysqlMigration1() {
  return {
      R"SQL(CREATE TABLE orgs (
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
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration1Optional() {
  return {
      "CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events FOR EACH ROW "
          "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ticket_events is append-only'",
      "CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events FOR EACH ROW "
          "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ticket_events is append-only'",
  };
}

inline std::vector<const char*> MysqlMigration2() {
  return {
      R"SQL(CREATE TABLE sessions (
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
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration3() {
  return {
      R"SQL(CREATE TABLE outbox (
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
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration4() {
  return {
      R"SQL(CREATE TABLE timers (
  ticket_id      VARCHAR(191) COLLATE utf8mb4_bin NOT NULL,
  kind           VARCHAR(32) NOT NULL,
  due_ms         BIGINT NOT NULL,
  lease_until_ms BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, kind),
  KEY timers_due (due_ms)
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration5() {
  return {
      "ALTER TABLE orgs ADD COLUMN short_name VARCHAR(255) NOT NULL DEFAULT '' AFTER name, "
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
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration5Optional() {
  return {
      "CREATE TRIGGER directory_events_append_only_update BEFORE UPDATE ON directory_events FOR EACH ROW "
          "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'directory_events is append-only'",
      "CREATE TRIGGER directory_events_append_only_delete BEFORE DELETE ON directory_events FOR EACH ROW "
          "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'directory_events is append-only'",
  };
}

inline std::vector<const char*> MysqlMigration6() {
  return {
      "ALTER TABLE ticket_events ADD COLUMN regulation_id VARCHAR(191) COLLATE utf8mb4_bin NOT NULL DEFAULT ''",
      "ALTER TABLE ticket_events ADD COLUMN regulation_version BIGINT NOT NULL DEFAULT 0",
  };
}

inline std::vector<const char*> MysqlMigration7() {
  return {
      "ALTER TABLE idempotency_keys ADD COLUMN node VARCHAR(191) COLLATE utf8mb4_bin NOT NULL DEFAULT ''",
  };
}

inline std::vector<const char*> MysqlMigration8() {
  return {
      "ALTER TABLE idempotency_keys ADD COLUMN claim VARCHAR(64) COLLATE utf8mb4_bin NOT NULL DEFAULT ''",
  };
}

inline std::vector<const char*> MysqlMigration9() {
  return {
      "ALTER TABLE tickets ADD COLUMN workflow VARCHAR(32) COLLATE utf8mb4_bin NOT NULL DEFAULT 'incident'",
  };
}

inline std::vector<const char*> MysqlMigration10() {
  return {
      "CREATE INDEX tickets_workflow ON tickets (workflow, pos)",
  };
}

inline std::vector<const char*> MysqlMigration11() {
  return {
      R"SQL(CREATE TABLE public_requests (
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
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration12() {
  return {
      R"SQL(CREATE TABLE ticket_figures (
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
      "INSERT INTO counters (name, value) SELECT 'figures_backfill', COUNT(*) FROM tickets",
  };
}

inline std::vector<const char*> MysqlMigration13() {
  return {
      "ALTER TABLE tickets ADD COLUMN resolved_at BIGINT NULL",
      "SET SESSION innodb_ft_enable_stopword = OFF",
      R"SQL(CREATE TABLE ticket_search (
  pos      BIGINT NOT NULL PRIMARY KEY,
  head     LONGTEXT NOT NULL,
  comments LONGTEXT NOT NULL,
  FULLTEXT KEY ticket_search_text (head, comments)
) {T})SQL",
      "SET SESSION innodb_ft_enable_stopword = DEFAULT",
      "INSERT INTO counters (name, value) SELECT 'search_backfill', COALESCE(MAX(pos), 0) FROM tickets",
  };
}

inline std::vector<const char*> MysqlMigration14() {
  return {
      R"SQL(CREATE TABLE report_drafts (
  period     VARCHAR(16) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  from_date  VARCHAR(10) NOT NULL,
  to_date    VARCHAR(10) NOT NULL,
  created_at BIGINT NOT NULL
) {T})SQL",
  };
}

inline std::vector<const char*> MysqlMigration15() {
  return {
      "CREATE INDEX tickets_created ON tickets (created_at)",
      "ALTER TABLE ticket_search DROP INDEX ticket_search_text",
      R"SQL(CREATE TABLE ticket_words (
  word VARBINARY(48) NOT NULL,  -- a prefix of a folded word: 1 to 12 characters, UTF-8
  pos  BIGINT NOT NULL,         -- the ticket's
  PRIMARY KEY (word, pos)
) {T})SQL",
      "INSERT INTO counters (name, value) SELECT 'words_backfill', COALESCE(MAX(pos), 0) FROM ticket_search",
  };
}

inline std::vector<const char*> MysqlMigration17() {
  return {
      R"SQL(CREATE TABLE ticket_search_comments (
  pos  BIGINT NOT NULL,    -- the ticket's
  seq  BIGINT NOT NULL,    -- the comment event's
  text LONGTEXT NOT NULL,  -- its folded body
  PRIMARY KEY (pos, seq)
) {T})SQL",
  };
}

}  // namespace incidents::storage
