#include "directory_access.h"

#include "incidents/engine/access.h"

namespace incidents::http {

using engine::Role;
using engine::Status;

bool IsDoictCoordinator(const ApiContext& ctx, const engine::Actor& actor) {
  return engine::IsDoictCoordinator(actor, ctx.services.tickets.settings());
}

Status MayAdministerDirectory(const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin)) return {};
  return Status::Forbidden("only an administrator may do this");
}

Status MayReadUsers(const ApiContext& ctx, const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin) || IsDoictCoordinator(ctx, actor)) return {};
  return Status::Forbidden("only an administrator or a coordinator of the coordinating department may read users");
}

Status MayManageFocalPoints(const ApiContext& ctx, const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin) || IsDoictCoordinator(ctx, actor)) return {};
  return Status::Forbidden("only an administrator or a coordinator of the coordinating department may manage focal "
                           "points");
}

Status MayApproveFocalPointList(const ApiContext& ctx, const engine::Actor& actor) {
  if (actor.Has(Role::kAdmin) || IsDoictCoordinator(ctx, actor) ||
      engine::IsChairman(actor, ctx.services.tickets.settings()))
    return {};
  return Status::Forbidden("only an administrator, a coordinator of the coordinating department or the Chairman may "
                           "record the list's approval");
}

}  // namespace incidents::http
