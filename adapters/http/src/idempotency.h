#pragma once
// Idempotency-Key on POST (spec/API.md "Conventions"): the same key with the same request
// within 24 h returns the first response and changes nothing; the same key with another
// request is 422; a retry while the first is still in flight is 409. Keys are scoped to
// the caller. 5xx answers are not remembered, so a retry runs again.
//
// A handler whose work commits a ticket event records its answer WITH the event, in the
// same transaction (engine::AnswerToRecord, issue 14.3), so that a request that dies after
// its commit has still answered and a retry replays that answer rather than running the
// command again. Directory writes do the same (engine::DirectoryAnswerToRecord, committed
// with their DirectoryChange; RunRecordedDirectoryWrite). Other handlers' answers are
// completed after they return, as before.
//
// Each claim carries a random token (IdempotencyStore::Begin): only the request holding it
// completes or abandons the key, so a request whose claim was taken over after the
// in-flight limit cannot touch its successor's. A handler that throws abandons its claim
// (the exception goes on), so that its retry need not wait for the in-flight limit.

#include <functional>
#include <string>

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/idempotency_store.h"

namespace incidents::http {

// The claim a request holds while its handler runs (ApiRequest::idempotency_claim).
struct IdempotencyClaim {
  std::string username;
  std::string key;
  std::string request_hash;
  std::string token;  // this request's claim token (IdempotencyStore::Begin)
  // Set by the handler: its answer was committed with its event, so the key is answered.
  bool recorded = false;
  // Set by the handler: the store refused to record the answer because the key is no
  // longer this request's (a retry took the claim over): neither complete nor abandon it.
  bool lost = false;
};

// Runs `handler` with r.idempotency_claim set when r carries an Idempotency-Key (and
// restores it after, also when `handler` throws; the claim is then abandoned and the
// exception rethrown).
ApiResponse WithIdempotency(ApiContext& ctx, ApiRequest& request, const std::function<ApiResponse()>& handler);

// 409: another request with this key is in flight (or took the claim over and answered).
ApiResponse InFlightProblem();

// The response as the idempotency store keeps it.
engine::StoredResponse ToStoredResponse(const ApiResponse& response);

}  // namespace incidents::http
