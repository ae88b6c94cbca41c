#pragma once
// The tickets' full-text search index on MySQL / MariaDB (migration 13;
// engine/ticket_search.h): the InnoDB table ticket_search, one row per ticket keyed by the
// ticket's pos, with a FULLTEXT index on its folded head and comments (internal).
//
// InnoDB indexes only words of innodb_ft_min_token_size to innodb_ft_max_token_size
// characters (3 and 84 by default, fixed at server start), and Vietnamese has many
// syllables of one or two letters ("lỗ", "dữ" -> "lo", "du"). So a search ANDs its
// indexable words in one MATCH ... AGAINST in BOOLEAN MODE (+word*), and each other word
// with a REGEXP on the folded text (a word beginning with it); with no indexable word, the
// REGEXPs alone filter the rows walked newest first.

#include <string>
#include <vector>

#include <cppconn/connection.h>

#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::storage::mysql {

// Keeps the ticket's search row for `commit` inside the commit's transaction, after the
// tickets row and the event are written: a new ticket's row is inserted; otherwise the
// head is replaced when it changed and the event's comment text appended. A ticket without
// a row (one the open-time backfill has not reached) is indexed whole. Throws
// sql::SQLException.
engine::Status IndexForSearch(sql::Connection& c, const engine::TicketCommit& commit);

// Indexes the tickets that existed when migration 13 ran (and copies their resolved_at),
// newest first, one transaction per batch, counting 'search_backfill' down to 0 under its
// row lock (nodes opening at once share the work). Nothing to do on later opens.
engine::Status BackfillTicketSearch(sql::Connection& c);

// How a search's terms (engine::SearchTermsOf) split for the FULLTEXT index.
struct MysqlSearch {
  std::string against;               // "+sai* +lech*" for MATCH ... AGAINST; "" when none
  std::vector<std::string> regexps;  // one pattern per word the index does not hold
};
MysqlSearch MysqlSearchOf(const std::vector<std::string>& terms, int min_token, int max_token);

}  // namespace incidents::storage::mysql
