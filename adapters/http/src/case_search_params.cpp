#include "case_search_params.h"

#include <string>

#include "incidents/base/utf8.h"
#include "incidents/engine/business_calendar.h"
#include "query_params.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

// `from` and `to` as a [from, to) range of instants: from's local midnight to the local
// midnight after `to`.
Status ParseRange(const ApiRequest& r, const char* from_name, const char* to_name, std::optional<Timestamp>& from,
                  std::optional<Timestamp>& to) {
  const CivilDate unset{};
  CivilDate from_date = unset, to_date = unset;
  if (Status st = QueryDate(r, from_name, from_date); !st.ok()) return st;
  if (Status st = QueryDate(r, to_name, to_date); !st.ok()) return st;
  const bool has_from = !QueryText(r, from_name).empty(), has_to = !QueryText(r, to_name).empty();
  if (has_from && has_to && to_date < from_date)
    return Status::InvalidValue(std::string("query '") + from_name + "' must not be after '" + to_name + "'");
  if (has_from) from = LocalMidnightOf(from_date);
  if (has_to) to = LocalMidnightOf(AddDays(to_date, 1));
  return {};
}

}  // namespace

Status ParseCaseSearchParams(const ApiRequest& r, TicketQuery& q) {
  if (Status st = ParseRange(r, "created_from", "created_to", q.created_from, q.created_to); !st.ok()) return st;
  if (Status st = ParseRange(r, "resolved_from", "resolved_to", q.resolved_from, q.resolved_to); !st.ok()) return st;
  const std::string text = QueryText(r, "q");
  if (base::utf8::Length(text) > kMaxSearchLength)
    return Status::InvalidValue("query 'q' must be at most " + std::to_string(kMaxSearchLength) + " characters");
  if (!text.empty()) q.text = text;
  return {};
}

}  // namespace incidents::http
