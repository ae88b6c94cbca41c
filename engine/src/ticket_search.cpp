#include "incidents/engine/ticket_search.h"

#include <algorithm>

#include "incidents/base/text_fold.h"

namespace incidents::engine {

namespace {

// The words of `text`, folded, one space between them: punctuation is gone before any
// index tokenizes it, so SQLite's and MariaDB's tokenizers (which differ on "_", for one)
// see the same words as SearchTermsOf.
std::string FoldedWords(std::string_view text) {
  std::string out;
  for (const std::string& w : base::SearchWords(base::FoldForSearch(text))) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

std::string SearchHeadOf(const Ticket& t) { return FoldedWords(t.title) + "\n" + FoldedWords(t.description); }

std::optional<std::string> SearchTextOf(const TicketEvent& e) {
  if (e.type != EventType::kComment) return std::nullopt;
  auto it = e.payload.find("body");
  if (it == e.payload.end() || !it->second.is_string()) return std::nullopt;
  return FoldedWords(it->second.as_string());
}

std::vector<std::string> SearchTermsOf(std::string_view text) {
  std::vector<std::string> terms;
  for (std::string& w : base::SearchWords(base::FoldForSearch(text)))
    if (std::find(terms.begin(), terms.end(), w) == terms.end()) terms.push_back(std::move(w));
  return terms;
}

bool MatchesSearchTerms(const std::vector<std::string>& terms, std::string_view folded_text) {
  const std::vector<std::string> words = base::SearchWords(folded_text);
  return std::all_of(terms.begin(), terms.end(), [&](const std::string& term) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return w.rfind(term, 0) == 0; });
  });
}

}  // namespace incidents::engine
