#pragma once
// The tickets' full-text search index on MySQL / MariaDB (migrations 13, 15 and 17;
// engine/ticket_search.h), internal:
//   ticket_search           one row per ticket keyed by its pos: its folded head, and the
//                           folded comments indexed before migration 17 (no longer
//                           appended to: '' for a ticket filed since);
//   ticket_search_comments  one row per comment since migration 17, keyed by (pos, seq):
//                           its folded body, so that a comment writes its own text only;
//   ticket_words            one row per (key, pos): every prefix of 1 to kKeyChars
//                           characters of each word of that folded text (SearchKeysOf).
// A search walks the rows of one key newest first (its most specific term's key), ANDs
// each other term by a primary-key probe (key, pos), and stops at the LIMIT; so it costs
// the matches read, never the number of tickets that match. A term longer than kKeyChars
// is looked up by its first kKeyChars characters and then checked with a REGEXP on the
// folded text. (InnoDB FULLTEXT, used before migration 15, returned every match of a
// common word and sorted them before the LIMIT, and skipped words under 3 letters.)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cppconn/connection.h>

#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::storage::mysql {

// The longest key, in characters: Vietnamese syllables have at most 7 letters; the rest
// of a longer word is checked on the text. ticket_words.word holds 4 bytes per character.
inline constexpr std::size_t kKeyChars = 12;

// The distinct keys of a folded text (words separated by spaces or line breaks): each
// prefix of 1 to kKeyChars characters of each word. Sorted.
std::vector<std::string> SearchKeysOf(std::string_view folded_text);

// Where a ticket's search row stands when a commit indexes it. The commit reads it (with
// the rest of what it reads back, in one statement: mysql_ticket_store.cpp) after it has
// written the tickets row, so under that row's lock, which serialises the commits of one
// ticket.
struct StoredSearchRow {
  std::int64_t pos = 0;             // tickets.pos
  std::optional<std::string> head;  // ticket_search.head; none when the ticket has no row
};

// Keeps the ticket's search rows for `commit` inside the commit's transaction, after the
// tickets row and the event are written: a new ticket's rows are inserted; otherwise the
// head is replaced when it changed (its keys that no longer occur deleted) and the event's
// comment text gets its row (its keys inserted). Only a changed head reads the stored comments;
// a comment costs its own text. A ticket without a row (one the open-time backfill has not
// reached) is indexed whole. Throws sql::SQLException.
engine::Status IndexForSearch(sql::Connection& c, const engine::TicketCommit& commit, const StoredSearchRow& stored);

// Indexes the tickets that existed when migration 13 ran (and copies their resolved_at),
// newest first, one transaction per batch, counting 'search_backfill' down to 0 under its
// row lock (nodes opening at once share the work); then writes the ticket_words rows of
// the tickets whose text was indexed before migration 15 ('words_backfill'), the same way.
// Nothing to do on later opens.
engine::Status BackfillTicketSearch(sql::Connection& c);

// A search's terms (engine::SearchTermsOf, not empty) as the list query uses them.
struct MysqlSearch {
  std::string drive;                 // the key walked newest first: the longest one
  std::vector<std::string> probes;   // the other terms' keys, each probed by (word, pos)
  std::vector<std::string> regexps;  // one pattern per term longer than kKeyChars
};
MysqlSearch MysqlSearchOf(const std::vector<std::string>& terms);

}  // namespace incidents::storage::mysql
