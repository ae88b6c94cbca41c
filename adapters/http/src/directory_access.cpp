#include "directory_access.h"

namespace incidents::http {

using engine::Role;
using engine::Status;

bool IsDoictCoordinator(const ApiContext& ctx, const engine::Actor& actor) {
  return actor.Has(Role::kCoordinator) && actor.org == ctx.services.tickets.settings().doict_org;
}

Status MayAdministerDirectory(const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin)) return {};
  return Status::Forbidden("only an administrator may do this");
}

Status MayReadUsers(const ApiContext& ctx, const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin) || IsDoictCoordinator(ctx, actor)) return {};
  return Status::Forbidden("only an administrator or a DoICT coordinator may list users");
}

Status MayManageFocalPoints(const ApiContext& ctx, const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin) || IsDoictCoordinator(ctx, actor)) return {};
  return Status::Forbidden("only an administrator or a DoICT coordinator may manage focal points");
}

Status MayApproveFocalPointList(const ApiContext& ctx, const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin) || actor.Has(Role::kChairman) || IsDoictCoordinator(ctx, actor)) return {};
  return Status::Forbidden("only an administrator, a DoICT coordinator or the Chairman may record the approval");
}

engine::Result<engine::DirectoryService*> DirectoryAdmin(ApiContext& ctx) {
  if (ctx.services.directory_admin == nullptr)
    return Status::Internal("ApiServices::directory_admin is not set: the directory routes need it");
  return ctx.services.directory_admin;
}

}  // namespace incidents::http
