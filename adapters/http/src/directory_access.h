#pragma once
// Who may use the directory routes, checked before a request body is read so that a caller
// without the right gets 403 whatever it sends. DirectoryService checks the same rules
// again on every write (directory_service.h); these gates only answer early, and guard the
// reads the service does not serve (the user list, the history).
//
//   administer  orgs, users, password resets, the history        admin
//   read users  the user list, any user                          admin, DoICT coordinator
//   focal       appoint, mark absent, submit the list            admin, DoICT coordinator
//   approve     record the list's approval (18.3)                 + the Chairman
//
// DoICT coordinator and Chairman as engine/access.h defines them (workflow.doict_org,
// workflow.chairman_office_org). Pure functions; thread-safe.

#include "api_context.h"
#include "incidents/engine/actor.h"
#include "incidents/engine/status.h"

namespace incidents::http {

engine::Status MayAdministerDirectory(const engine::Actor& actor);
engine::Status MayReadUsers(const ApiContext& ctx, const engine::Actor& actor);
engine::Status MayManageFocalPoints(const ApiContext& ctx, const engine::Actor& actor);
engine::Status MayApproveFocalPointList(const ApiContext& ctx, const engine::Actor& actor);

bool IsDoictCoordinator(const ApiContext& ctx, const engine::Actor& actor);

}  // namespace incidents::http
