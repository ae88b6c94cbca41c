// /api/v1/users: the people of the directory, and their set-password links.
#include <spdlog/spdlog.h>

#include <limits>

#include "body_reader.h"
#include "directory_access.h"
#include "handlers.h"
#include "json_body.h"
#include "password_reset.h"
#include "problem.h"
#include "query_params.h"
#include "representations.h"
#include "text_search.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

const std::string& Username(const ApiRequest& r) { return r.params.at("username"); }

constexpr std::int64_t kDefaultLimit = 50, kMaxLimit = 200;

}  // namespace

ApiResponse HandleListUsers(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayReadUsers(ctx, r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  const std::string q = base::FoldForSearch(QueryText(r, "q"));
  const std::string org = QueryText(r, "org");
  std::optional<Role> role;
  if (const std::string text = QueryText(r, "role"); !text.empty()) {
    role = ParseRole(text);
    if (!role) return ProblemFromStatus(Status::InvalidValue("query 'role': unknown role '" + text + "'"));
  }
  std::optional<bool> active;
  std::int64_t offset = 0, limit = kDefaultLimit;
  Status st;
  if (!(st = QueryBool(r, "active", active)).ok() ||
      !(st = QueryInt(r, "offset", 0, std::numeric_limits<int>::max(), offset)).ok() ||
      !(st = QueryInt(r, "limit", 1, kMaxLimit, limit)).ok())
    return ProblemFromStatus(st);

  auto users = ctx.services.directory.ListUsers();
  if (!users.ok()) return ProblemFromStatus(users.status());
  JsonValue::Array items;
  std::int64_t total = 0;
  for (const User& u : users.value()) {
    if (!org.empty() && u.org != org) continue;
    if (role && !u.roles.count(*role)) continue;
    if (active && u.active != *active) continue;
    if (!MatchesQuery(q, {u.username, u.display_name, u.email})) continue;
    if (total >= offset && total < offset + limit) items.push_back(UserJson(u));
    ++total;
  }
  return JsonResponse(200, JsonValue::Object{{"items", JsonValue(std::move(items))},
                                             {"total", total},
                                             {"offset", offset},
                                             {"limit", limit}});
}

ApiResponse HandleGetUser(ApiContext& ctx, const ApiRequest& r) {
  if (r.caller->actor.username != Username(r))
    if (Status st = MayReadUsers(ctx, r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto user = ctx.services.directory.FindUser(Username(r));
  if (!user.ok()) return ProblemFromStatus(user.status());
  if (!user.value()) return ProblemFromStatus(Status::NotFound("no user '" + Username(r) + "'"));
  return JsonResponse(200, UserJson(*user.value()));
}

ApiResponse HandleCreateUser(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayAdministerDirectory(r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  User user;
  user.username = in.RequiredString("username");
  user.display_name = in.RequiredString("display_name");
  user.org = in.RequiredString("org");
  user.roles = in.RequiredRoles("roles");
  user.email = in.String("email").value_or("");
  user.phone = in.String("phone").value_or("");
  if (!in.ok()) return ProblemFromStatus(in.status());
  auto created = ctx.services.directory_admin.CreateUser(r.caller->actor, user);
  if (!created.ok()) return ProblemFromStatus(created.status());
  JsonValue out = UserJson(created.value());
  // The user exists now whatever happens to the link; when it could not be issued, the
  // answer says so with null and the administrator asks for another.
  auto link = IssueResetLink(ctx, r, created.value());
  if (!link.ok() && ctx.log)
    ctx.log->warn(LogText(ctx, "user " + created->username + " created without a set-password link: " +
                                   link.status().ToString()));
  out.as_object()["password_reset"] = link.ok() ? link.value() : JsonValue();
  ApiResponse resp = JsonResponse(201, out);
  resp.SetHeader("Location", "/api/v1/users/" + created->username);
  return resp;
}

ApiResponse HandleUpdateUser(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayAdministerDirectory(r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  UserPatch patch;
  patch.display_name = in.String("display_name", false);
  patch.org = in.String("org", false);
  patch.email = in.String("email");
  patch.phone = in.String("phone");
  patch.roles = in.Roles("roles");
  patch.active = in.Bool("active");
  if (!in.ok()) return ProblemFromStatus(in.status());
  auto updated = ctx.services.directory_admin.UpdateUser(r.caller->actor, Username(r), patch);
  if (!updated.ok()) return ProblemFromStatus(updated.status());
  ctx.ForgetDirectoryReads();  // a deactivated user, new roles or a new name count at once
  return JsonResponse(200, UserJson(updated.value()));
}

ApiResponse HandleIssuePasswordReset(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayAdministerDirectory(r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto user = ctx.services.directory.FindUser(Username(r));
  if (!user.ok()) return ProblemFromStatus(user.status());
  if (!user.value()) return ProblemFromStatus(Status::NotFound("no user '" + Username(r) + "'"));
  auto link = IssueResetLink(ctx, r, *user.value());
  if (!link.ok()) return ProblemFromStatus(link.status());
  return JsonResponse(201, link.value());
}

}  // namespace incidents::http
