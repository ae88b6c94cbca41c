#pragma once
// RunRecordedDirectoryWrite: a directory write whose answer commits with its change when the
// request holds an Idempotency-Key claim (issue 14.3), as RunRecorded does for tickets: a
// request that dies after its commit has still answered, and a retry replays that answer
// instead of writing a second time.

#include <functional>

#include "api_types.h"
#include "idempotency.h"
#include "incidents/engine/directory_service.h"
#include "problem.h"

namespace incidents::http {

// Runs `run` (one DirectoryService write) and answers with `render` of the value it
// committed. With a claim, `render` is handed to the store, which calls it inside its
// transaction with the value as committed (a new focal-point term with its assigned id):
// so `render` must be pure — read whatever it shows before this call, never the directory —
// and may run more than once (DirectoryAnswer); the caller gets exactly the answer stored.
// A write that commits nothing (a patch that changes nothing) never renders in the store;
// its answer is rendered here and completed by WithIdempotency as before.
template <typename Value>
ApiResponse RunRecordedDirectoryWrite(
    const ApiRequest& r, const std::function<ApiResponse(const Value&)>& render,
    const std::function<engine::Result<Value>(const engine::DirectoryAnswerToRecord<Value>*)>& run) {
  IdempotencyClaim* claim = r.idempotency_claim;
  if (!claim) {
    auto value = run(nullptr);
    if (!value.ok()) return ProblemFromStatus(value.status());
    return render(value.value());
  }
  ApiResponse answer;
  bool rendered = false;
  const engine::DirectoryAnswerToRecord<Value> record{claim->username, claim->key, claim->token,
                                                      [&](const Value& committed) {
                                                        answer = render(committed);
                                                        rendered = true;
                                                        return ToStoredResponse(answer);
                                                      }};
  auto value = run(&record);
  if (!value.ok()) {
    // kClaimLost: the key is no longer this request's, and nothing was written.
    if (value.status().code() != engine::ErrorCode::kClaimLost) return ProblemFromStatus(value.status());
    claim->lost = true;
    return InFlightProblem();
  }
  if (!rendered) return render(value.value());
  claim->recorded = true;
  return answer;
}

}  // namespace incidents::http
