#pragma once
// The schema's migrations, ONE list for every SQL backend: each version has a name, the
// SQLite script, and the MySQL/MariaDB statements where the dialects differ (MySQL runs
// one statement at a time). Adding a migration means adding both dialects, with the same
// tables and columns: the script to schema_migrations_sqlite.h, the statements to
// schema_migrations_mysql.h (which says how that dialect differs), and the version to the
// list here; the store contract suite (tests/adapters/storage) runs both.

#include <vector>

#include "incidents/storage/schema_migrations_mysql.h"
#include "incidents/storage/schema_migrations_sqlite.h"

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
       kSqliteMigration1, MysqlMigration1(), MysqlMigration1Optional()},
      {2,
       "sign-in sessions and idempotency keys",
       kSqliteMigration2, MysqlMigration2()},
      {3,
       "the notification outbox",
       kSqliteMigration3, MysqlMigration3()},
      {4,
       "durable SLA and auto-close timers",
       kSqliteMigration4, MysqlMigration4()},
      {5,
       "the directory of Chapter VI: orgs' kind of record, focal point terms, their list, set-password links, "
       "and the directory's append-only history",
       kSqliteMigration5, MysqlMigration5(), MysqlMigration5Optional()},
      {6,
       "the regulation and version each event's citation was decided under (issue 13)",
       // Events recorded before have '' and 0: version 1 of the regulation (regulation.h).
       kSqliteMigration6, MysqlMigration6()},
      {7,
       "the node that claimed each idempotency key, so that a restarted node releases its claims (issue 14.3)",
       // Claims made before have '': no node releases them; they wait for the in-flight limit.
       kSqliteMigration7, MysqlMigration7()},
      {8,
       "the token of each idempotency claim, so that only the request holding it answers or forgets it (issue 14.3)",
       // Rows written before have '': their answers replay as before; a claim left in flight
       // matches no request's token, so it waits for the in-flight limit (or its node's
       // restart) like any claim whose request died.
       kSqliteMigration8, MysqlMigration8()},
      {9,
       "the workflow of each ticket, so that incidents and data-sharing requests are listed apart (issue 15)",
       // Every ticket before was an incident. Not indexed: the lists scan newest first and
       // stop at a page, and incidents are nearly all the rows. (But a page of requests, a
       // few among them, scanned nearly every incident: migration 10 indexes it.)
       kSqliteMigration9, MysqlMigration9()},
      {10,
       "an index on the tickets' workflow, so that listing one workflow does not scan the other's rows (issue 15)",
       // The lists are newest first (rowid / pos descending) within one workflow: the index
       // gives the requests, a few among the incidents, in that order without a scan.
       // MariaDB plans the store's statement at each execution, with the workflow's value, and
       // uses it as is; SQLite plans once, so its store writes a statement with a plain
       // `workflow = ?` for a list of one workflow (SqliteTicketStore::ListTicketsSql).
       kSqliteMigration10, MysqlMigration10()},
      {11,
       "public data requests held until the requester confirms the email address (issue 15.2)",
       // A request from a person or business without an account (engine/public_request.h):
       // the code is the requester's bearer secret; the token, email and client address are
       // kept only as SHA-256 hex. ticket_id is set, once, in the transaction of the ticket
       // the confirmation files (TicketCommit::confirms); NULL until then, and the purge
       // deletes only such rows. The two counts are the rate limits (per email, per client
       // address, since a time). MariaDB has no partial index: the purge's index leads with
       // ticket_id, so `ticket_id IS NULL` is one range of it, ordered by expires_at.
       kSqliteMigration11, MysqlMigration11()},
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
       kSqliteMigration12, MysqlMigration12()},
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
       kSqliteMigration13, MysqlMigration13()},
      {14,
       "the scheduled report drafts, one per month or quarter, drafted once by whichever node is first (issue 16.4)",
       // One row per period that has been drafted and mailed (engine/report_draft.h): the
       // primary key is what makes a period drafted exactly once, by one node, with its
       // mails written in the same transaction. Dates are local ISO dates, both included.
       kSqliteMigration14, MysqlMigration14()},
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
       kSqliteMigration15, MysqlMigration15()},
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
       kSqliteMigration16, {}},
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
       "", MysqlMigration17()},
  };
  return kMigrations;
}

}  // namespace incidents::storage
