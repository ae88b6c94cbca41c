#pragma once
// The tickets' full-text search index on SQLite (migration 13; engine/ticket_search.h):
// the FTS5 table ticket_search, one row per ticket whose rowid is the ticket's.

#include <string>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::storage::sqlite {

class SqliteConnection;

// Keeps the ticket's search row for `commit` (inside the commit's write job, after the
// tickets row is written): a new ticket's row is inserted; otherwise the head is replaced
// when it changed and the event's comment text appended. A ticket without a row (one the
// open-time backfill has not reached) is indexed whole from its snapshot and history.
engine::Status IndexForSearch(SqliteConnection& c, const engine::TicketCommit& commit);

// Indexes the tickets that existed when migration 13 ran (and copies their resolved_at),
// newest first, in batches of one transaction each, counting 'search_backfill' down to 0.
// Called at open, before any other connection exists; nothing to do on later opens.
engine::Status BackfillTicketSearch(SqliteConnection& c);

// The FTS5 query for the search terms (engine::SearchTermsOf, not empty): each term quoted
// as a prefix, all ANDed ("sai"* "lech"*), so that nothing the user types is FTS syntax.
std::string FtsQueryOf(const std::vector<std::string>& terms);

}  // namespace incidents::storage::sqlite
