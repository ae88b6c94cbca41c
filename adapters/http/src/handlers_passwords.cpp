// Passwords: setting one with a one-time link, and changing one's own.

#include "body_reader.h"
#include "authentication.h"
#include "directory_access.h"
#include "handlers.h"
#include "incidents/base/sha256.h"
#include "incidents/base/password.h"
#include "json_body.h"
#include "problem.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

ApiResponse NoContent() {
  ApiResponse resp;
  resp.status = 204;
  resp.content_type.clear();
  return resp;
}

}  // namespace

ApiResponse HandleSetPassword(ApiContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  const std::string token = in.RequiredString("token");
  const std::string password = in.RequiredString("new");
  if (!in.ok()) return ProblemFromStatus(in.status());
  const std::string token_hash = base::Sha256Hex(token);
  // Look the link up before hashing: a wrong token costs no PBKDF2 round, and the policy
  // is checked against the link's user. ResetPassword checks both again, atomically.
  auto reset = ctx.services.directory_admin.store().FindPasswordReset(token_hash);
  if (!reset.ok()) return ProblemFromStatus(reset.status());
  if (!reset.value() || reset.value()->expires_at <= ctx.services.clock.Now())
    return ProblemFromStatus(Status::NotFound("this set-password link is unknown, used or expired; ask an "
                                              "administrator for a new one"));
  if (Status st = CheckPasswordPolicy(reset.value()->username, password, "new"); !st.ok())
    return ProblemFromStatus(st);
  if (Status st = ctx.services.directory_admin.ResetPassword(token_hash, password, base::HashPassword(password)); !st.ok())
    return ProblemFromStatus(st);
  ctx.ForgetDirectoryReads();  // the user's sessions were revoked
  return NoContent();
}

ApiResponse HandleChangePassword(ApiContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  const std::string current = in.RequiredString("current");
  const std::string password = in.RequiredString("new");
  if (!in.ok()) return ProblemFromStatus(in.status());
  const std::string& name = r.caller->actor.username;
  // A wrong current password counts as a failed sign-in (CheckPassword).
  auto check = CheckPassword(ctx, name, current, r.client_address);
  if (!check.ok()) return ProblemFromStatus(check.status());
  if (check->retry_after > 0) return RateLimitedProblem(check->retry_after, "failed password checks");
  if (!check->user) return ProblemFromStatus(Status::InvalidValue("field 'current' is not your current password"));
  if (Status st = CheckPasswordPolicy(name, password, "new"); !st.ok()) return ProblemFromStatus(st);
  if (Status st = ctx.services.directory_admin.ChangePassword(r.caller->actor, password, base::HashPassword(password),
                                                r.caller->token_hash);
      !st.ok())
    return ProblemFromStatus(st);
  ctx.ForgetDirectoryReads();  // the user's other sessions were revoked
  return NoContent();
}

}  // namespace incidents::http
