#pragma once
// The `q` filter of the directory lists: a case- and accent-insensitive substring match,
// so that "tu phap", "Tư Pháp" and "TƯ PHÁP" all find "Sở Tư pháp". The folding is
// base::FoldForSearch (incidents/base/text_fold.h), shared with the ticket search index.
// Pure functions; thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>

#include "incidents/base/text_fold.h"

namespace incidents::http {

// True when `folded_query` (base::FoldForSearch of the query) is empty or occurs in the
// fold of one of `fields`.
bool MatchesQuery(const std::string& folded_query, std::initializer_list<std::string_view> fields);

}  // namespace incidents::http
