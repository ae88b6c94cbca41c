#pragma once
// What a ticket is found by in the list's full-text search (issue 16.5): its title and
// description, and the bodies of its comments, all folded (base::FoldForSearch) so that a
// search with or without diacritics finds the same tickets. The stores keep an index of
// this text in the transaction of each TicketCommit: the head is replaced when it changes,
// each comment's text is appended. Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"

namespace incidents::engine {

// The folded words of the title and of the description of `t` (one line each, the words
// of base::SearchWords separated by one space: no punctuation).
std::string SearchHeadOf(const Ticket& t);

// The folded words `e` adds to its ticket's search text (as SearchHeadOf): a comment's
// body; none for any other event.
std::optional<std::string> SearchTextOf(const TicketEvent& e);

// The words a search for `text` requires, folded, in order, without repeats: a ticket
// matches when each of them begins a word of its search text. Empty when `text` has no
// word (then the search filters nothing). No word contains a quote, a space or ASCII
// punctuation (base::SearchWords), so each can be quoted into a full-text query.
std::vector<std::string> SearchTermsOf(std::string_view text);

// True when every term begins a word of `folded_text` (what the SQL indexes compute; the
// in-memory test store uses it).
bool MatchesSearchTerms(const std::vector<std::string>& terms, std::string_view folded_text);

}  // namespace incidents::engine
