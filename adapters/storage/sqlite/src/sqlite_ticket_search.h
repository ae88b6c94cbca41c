#pragma once
// The tickets' full-text search index on SQLite (migrations 13 and 16;
// engine/ticket_search.h): the FTS5 table ticket_search(text), several rows per ticket in
// the ticket's own block of rowids, so that a comment adds a row and rewrites nothing:
//   ticket rowid << kSearchRowBits          the head (folded title and description)
//   ticket rowid << kSearchRowBits | seq    the body of the comment that is event `seq`
// A ticket matches a search when each term begins a word of one of its rows (not
// necessarily the same row for every term).
//
// Thread safety: functions of one SqliteConnection, used by one thread at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

// Bits of a search rowid that number the rows of one ticket: 16.7 million events a ticket
// (a comment of a later event is not searchable; nothing else is lost), and ticket rowids
// up to 2^39.
inline constexpr int kSearchRowBits = 24;

// The first search rowid of the ticket at `ticket_rowid` (its head's), saturated at
// INT64_MAX for the open "below" bound of a list.
std::int64_t FirstSearchRowOf(std::int64_t ticket_rowid);

// Keeps the ticket's search rows for `commit` (inside the commit's write job, after the
// tickets row is written): a new ticket's head row is inserted; otherwise the head row is
// replaced when it changed, and a comment's row inserted. A ticket without a head row (one
// the open-time backfill has not reached) is indexed whole from its snapshot and history.
engine::Status IndexForSearch(SqliteConnection& c, const engine::TicketCommit& commit);

// Indexes the tickets that existed when migration 13 or 16 ran (and copies their
// resolved_at), newest first, in batches of one transaction each, counting
// 'search_backfill' down to 0. Called at open, before any other connection exists;
// nothing to do on later opens.
engine::Status BackfillTicketSearch(SqliteConnection& c);

// The FTS5 query for one search term (engine::SearchTermsOf): quoted as a prefix
// ("lech"*), so that nothing the user types is FTS syntax.
std::string FtsQueryOf(const std::string& term);

// The tickets with a row that `term` matches, among tickets [from, below), walked newest
// first alongside the list's own walk (SqliteTicketStore::ListTickets): for each term of a
// search but the one whose matches the list walks. Each position asked about is below
// the one before, so the cursor only moves forward and the terms' matches are walked
// together, each once at most, down to the page's last ticket.
class TermCursor {
 public:
  static engine::Result<TermCursor> Open(SqliteConnection& c, const std::string& term, std::int64_t from,
                                         std::int64_t below);
  // Whether the term matches the ticket at `position` (no larger than the last one asked).
  engine::Result<bool> Matches(std::int64_t position);
  // No ticket at or below the last position asked matches: no later one will.
  bool exhausted() const { return done_; }

 private:
  explicit TermCursor(std::unique_ptr<Statement> s) : s_(std::move(s)) {}
  engine::Status Next();
  std::unique_ptr<Statement> s_;
  std::int64_t current_ = 0;  // the ticket the cursor is on
  bool started_ = false, done_ = false;
};

}  // namespace incidents::storage::sqlite
