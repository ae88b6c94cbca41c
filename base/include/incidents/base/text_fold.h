#pragma once
// Folding for search: the one implementation behind the directory lists' `q` filter and
// the ticket search index (issue 16.5), so that "tu phap", "Tư Pháp" and "TƯ PHÁP" all
// find "Sở Tư pháp", and "sai lech" finds "Sai lệch". Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace incidents::base {

// Lowers ASCII and the Vietnamese letters and drops their diacritics (đ -> d); every other
// character is kept as it is (also a malformed byte).
std::string FoldForSearch(std::string_view text);

// The words of `text`, in order: maximal runs of ASCII letters and digits and of non-ASCII
// characters other than spaces and punctuation (Latin-1 punctuation, U+2000-U+206F,
// U+3000-U+303F). Everything else (spaces, ASCII punctuation, a malformed byte) separates
// words, so that a word never holds a quote or an operator of a full-text query syntax.
// Meant for folded text, but folds nothing itself.
std::vector<std::string> SearchWords(std::string_view text);

}  // namespace incidents::base
