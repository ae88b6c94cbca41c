#include "text_search.h"

namespace incidents::http {

bool MatchesQuery(const std::string& folded_query, std::initializer_list<std::string_view> fields) {
  if (folded_query.empty()) return true;
  for (std::string_view f : fields)
    if (base::FoldForSearch(f).find(folded_query) != std::string::npos) return true;
  return false;
}

}  // namespace incidents::http
