
#include "handlers.h"
#include "incidents/base/sha256.h"
#include "incidents/base/password.h"
#include "json_body.h"
#include "problem.h"
#include "representations.h"
#include "authentication.h"

namespace incidents::http {

using namespace incidents::engine;

ApiResponse HandleLogin(ApiContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  const JsonValue* username = nullptr;
  const JsonValue* password = nullptr;
  if (auto it = body->find("username"); it != body->end()) username = &it->second;
  if (auto it = body->find("password"); it != body->end()) password = &it->second;
  if (!username || !username->is_string())
    return ProblemFromStatus(Status::InvalidArgument("field 'username' is required and must be a string"));
  if (!password || !password->is_string())
    return ProblemFromStatus(Status::InvalidArgument("field 'password' is required and must be a string"));
  bool cookie = false;
  if (auto it = body->find("cookie"); it != body->end() && !it->second.is_null()) {
    if (!it->second.is_bool()) return ProblemFromStatus(Status::InvalidArgument("field 'cookie' must be true or false"));
    cookie = it->second.as_bool();
  }
  const std::string& name = username->as_string();
  auto check = CheckPassword(ctx, name, password->as_string(), r.client_address);
  if (!check.ok()) return ProblemFromStatus(check.status());
  if (check->retry_after > 0) return RateLimitedProblem(check->retry_after, "failed sign-ins");
  ctx.metrics.RecordLogin(check->user.has_value());
  if (!check->user) return Problem(401, "unauthenticated", "Đăng nhập không thành công", "wrong username or password");

  const std::string token = base::RandomToken(32);
  const Timestamp now = ctx.services.clock.Now();
  Session session{base::Sha256Hex(token), name, now, now + ctx.options.token_ttl};
  if (Status st = ctx.services.sessions.CreateSession(session); !st.ok()) return ProblemFromStatus(st);
  const User& u = *check->user;
  JsonValue::Array roles;
  for (Role role : u.roles) roles.push_back(std::string(ToString(role)));
  ApiResponse resp = JsonResponse(
      201, JsonValue::Object{{"token", token},
                             {"expires_at", FormatRfc3339(session.expires_at)},
                             {"csrf_token", CsrfTokenFor(token)},
                             {"user", JsonValue::Object{{"username", u.username},
                                                        {"org", u.org},
                                                        {"roles", JsonValue(std::move(roles))},
                                                        {"display_name", u.display_name}}}});
  if (cookie) {
    resp.SetHeader("Set-Cookie", std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" +
                                     std::to_string(ctx.options.token_ttl.count()) + "; HttpOnly; SameSite=Strict" +
                                     (ctx.options.cookie_secure ? "; Secure" : ""));
  }
  resp.SetHeader("Cache-Control", "no-store");
  return resp;
}

ApiResponse HandleLogout(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = ctx.services.sessions.RevokeSession(r.caller->token_hash); !st.ok()) return ProblemFromStatus(st);
  ctx.recent_sessions.Erase(r.caller->token_hash);  // after the revocation: no read can put it back
  ApiResponse resp;
  resp.status = 204;
  resp.content_type.clear();
  if (r.caller->via_cookie)
    resp.SetHeader("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  return resp;
}

ApiResponse HandleMe(ApiContext& ctx, const ApiRequest& r) {
  auto user = ctx.services.directory.FindUser(r.caller->actor.username);
  if (!user.ok()) return ProblemFromStatus(user.status());
  if (!user.value()) return ProblemFromStatus(Status::Unauthenticated("the account no longer exists"));
  JsonValue me = UserJson(*user.value());
  me.as_object()["csrf_token"] = r.caller->csrf_token;  // for the pages' X-CSRF-Token
  return JsonResponse(200, me);
}

}  // namespace incidents::http
