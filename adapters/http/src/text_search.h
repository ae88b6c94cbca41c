#pragma once
// The `q` filter of the directory lists: a case- and accent-insensitive substring match,
// so that "tu phap", "Tư Pháp" and "TƯ PHÁP" all find "Sở Tư pháp". Folding lowers ASCII
// and the Vietnamese letters and drops their diacritics (đ -> d); other characters are
// kept as they are. Pure functions; thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>

namespace incidents::http {

std::string FoldForSearch(std::string_view text);

// True when `folded_query` (FoldForSearch of the query) is empty or occurs in the fold of
// one of `fields`.
bool MatchesQuery(const std::string& folded_query, std::initializer_list<std::string_view> fields);

}  // namespace incidents::http
