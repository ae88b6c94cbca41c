// GET /api/v1/directory/history: the directory's audit trail, hash-chained like a ticket's.
#include <limits>

#include "directory_access.h"
#include "handlers.h"
#include "problem.h"
#include "query_params.h"

namespace incidents::http {

using namespace incidents::engine;

ApiResponse HandleDirectoryHistory(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayAdministerDirectory(r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  std::int64_t after = 0, limit = 100;
  Status st;
  if (!(st = QueryInt(r, "after", 0, std::numeric_limits<std::int64_t>::max(), after)).ok() ||
      !(st = QueryInt(r, "limit", 1, 1000, limit)).ok())
    return ProblemFromStatus(st);
  auto events = ctx.services.directory.ListDirectoryEvents(after, static_cast<int>(limit));
  if (!events.ok()) return ProblemFromStatus(events.status());
  JsonValue::Array items;
  for (const DirectoryEvent& e : events.value()) items.push_back(DirectoryEventToJson(e));
  return JsonResponse(200, JsonValue::Object{{"items", JsonValue(std::move(items))}});
}

}  // namespace incidents::http
