#pragma once
// Who fires an event: a signed-in user (username, org, roles), the engine's own timers
// (`system`), the requester of a data-sharing request, who has no account (the public
// page, once the requester has proved the email address), or a replay of stored history
// (trusted: its rules were checked when the event was first applied). Value type.

#include <optional>
#include <set>
#include <string>

#include "incidents/engine/domain.h"

namespace incidents::engine {

struct Actor {
  enum class Kind { kUser, kSystem, kReplay, kRequester };

  Kind kind = Kind::kUser;
  std::string username;
  std::string org;  // empty for the system actor
  std::set<Role> roles;
  // Orgs that `org` took over (Org::successor, a merger): the actor sees and acts on their
  // tickets as on its own org's. Old tickets keep the old org's id.
  std::set<std::string> acting_for;
  // A replay only: the state the event recorded it led to. Where the target of an event
  // depended on who the actor was or on the settings of the day (escalate_chairman with
  // director sign-off), neither of which the history keeps, the replay follows the record.
  std::optional<State> recorded_to;
  // A requester only: the one request they see and act on (empty while submitting it).
  std::string request;

  static Actor User(std::string username, std::string org, std::set<Role> roles) {
    return {Kind::kUser, std::move(username), std::move(org), std::move(roles), {}, std::nullopt, {}};
  }
  static Actor System() { return {Kind::kSystem, "system", "", {}, {}, std::nullopt, {}}; }
  // The requester of one data-sharing request, recorded as "requester".
  static Actor Requester(std::string request_id) {
    return {Kind::kRequester, "requester", "", {}, {}, std::nullopt, std::move(request_id)};
  }
  static Actor Replay(std::string username, std::string org, std::optional<State> recorded_to = std::nullopt) {
    return {Kind::kReplay, std::move(username), std::move(org), {}, {}, recorded_to, {}};
  }

  bool Has(Role r) const { return roles.count(r) != 0; }
  // Its own org, or one its org took over.
  bool ActsFor(const std::string& o) const { return o == org || acting_for.count(o) != 0; }
  bool is_system() const { return kind == Kind::kSystem; }
  bool is_replay() const { return kind == Kind::kReplay; }
  bool is_requester() const { return kind == Kind::kRequester; }
};

}  // namespace incidents::engine
