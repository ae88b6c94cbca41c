#include "incidents/engine/session_store.h"

namespace incidents::engine {

Result<std::optional<SessionWithUser>> SessionStore::FindSessionWithUser(const std::string& token_hash,
                                                                           Directory& directory) {
  auto session = FindSession(token_hash);
  if (!session.ok()) return session.status();
  if (!session.value()) return std::optional<SessionWithUser>();
  auto user = directory.FindUser(session.value()->username);
  if (!user.ok()) return user.status();
  if (!user.value()) return std::optional<SessionWithUser>();
  return std::optional<SessionWithUser>(SessionWithUser{std::move(*session.value()), std::move(*user.value())});
}

}  // namespace incidents::engine
