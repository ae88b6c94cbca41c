#include "idempotency.h"

#include "incidents/base/password.h"
#include "incidents/base/sha256.h"
#include "problem.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {
// A claim that has not completed after this long belongs to a request that died.
constexpr std::chrono::seconds kInFlightLimit{120};
constexpr std::chrono::hours kRetention{24};
}  // namespace

ApiResponse InFlightProblem() {
  return Problem(409, "request-in-flight", "Yêu cầu trước đang được xử lý",
                 "a request with this Idempotency-Key is still in flight; retry shortly");
}

StoredResponse ToStoredResponse(const ApiResponse& resp) {
  StoredResponse stored{resp.status, resp.content_type, "", resp.body};
  for (const auto& [name, value] : resp.headers)
    if (name == "Location") stored.location = value;
  return stored;
}

ApiResponse WithIdempotency(ApiContext& ctx, ApiRequest& r, const std::function<ApiResponse()>& handler) {
  if (r.idempotency_key.empty() || !r.caller) return handler();
  if (r.idempotency_key.size() > 255)
    return ProblemFromStatus(Status::InvalidArgument("header 'Idempotency-Key' is longer than 255 characters"));
  const std::string user = r.caller->actor.username;
  const std::string request_hash = base::Sha256Hex(r.method + " " + r.path + "\n" + r.body);
  const std::string token = base::RandomToken(16);
  const Timestamp now = ctx.services.clock.Now();
  ctx.unreleased_claims.RetryAll(ctx.services.idempotency);
  auto existing = ctx.services.idempotency.Begin(user, r.idempotency_key, request_hash, token, now,
                                                 now - kInFlightLimit, now - kRetention, ctx.options.node);
  if (!existing.ok()) {
    // Unavailable: the claim may have been written before the store failed (the database
    // died after committing it, before its answer came back). Abandon it, which touches only
    // a claim under this request's token, so that the retry is not refused as in flight for
    // the in-flight limit (found by tests/faults mariadb-stop, one run in five). Any other
    // failure wrote nothing.
    if (existing.status().code() == ErrorCode::kUnavailable)
      ctx.unreleased_claims.Abandon(ctx.services.idempotency, {user, r.idempotency_key, token});
    return ProblemFromStatus(existing.status());
  }
  if (existing.value()) {
    const IdempotencyRecord& rec = *existing.value();
    if (rec.request_hash != request_hash)
      return Problem(422, "idempotency-key-reused", "Idempotency-Key đã dùng cho yêu cầu khác",
                     "this Idempotency-Key was already used with a different request");
    if (!rec.response) return InFlightProblem();
    ApiResponse replay;
    replay.status = rec.response->status;
    replay.content_type = rec.response->content_type;
    replay.body = rec.response->body;
    if (!rec.response->location.empty()) replay.SetHeader("Location", rec.response->location);
    replay.SetHeader("Idempotent-Replayed", "true");
    return replay;
  }
  IdempotencyClaim claim{user, r.idempotency_key, request_hash, token};
  IdempotencyClaim* const outer = r.idempotency_claim;
  r.idempotency_claim = &claim;
  ApiResponse resp;
  try {
    resp = handler();
  } catch (...) {
    // Not answered: free the key now rather than leave it in flight until the limit. The
    // handler may have committed (e.g. it threw after its commit): then the key is already
    // answered and this abandons nothing.
    r.idempotency_claim = outer;
    ctx.unreleased_claims.Abandon(ctx.services.idempotency, {user, r.idempotency_key, token});
    throw;
  }
  r.idempotency_claim = outer;
  if (claim.recorded || claim.lost) return resp;
  if (resp.status >= 500) {
    ctx.unreleased_claims.Abandon(ctx.services.idempotency, {user, r.idempotency_key, token});
    return resp;
  }
  if (Status st = ctx.services.idempotency.Complete(user, r.idempotency_key, token, ToStoredResponse(resp));
      !st.ok()) {
    // The work is done; only the memory of it failed. Say so rather than hide it.
    resp.SetHeader("Warning", "199 - \"the response could not be stored for Idempotency-Key replays\"");
  }
  return resp;
}

}  // namespace incidents::http
