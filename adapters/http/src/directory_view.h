#pragma once
// What the directory representations need beyond one row: the people a set of focal-point
// terms names, and which term is in force on a day. Thread-safe (no state).

#include <map>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/status.h"

namespace incidents::http {

// Users by username.
using UsersByName = std::map<std::string, engine::User>;

// The users `terms` name: one FindUser each when they are few, else one ListUsers (a list
// of every org's focal points names most of them). A name the directory does not know is
// left out.
engine::Result<UsersByName> UsersOf(engine::Directory& directory, const std::vector<engine::FocalPoint>& terms);

// The term of `org` in role `role` in force on `day` (the latest `since` if ever two are),
// or nullptr. `terms` may hold every org's.
const engine::FocalPoint* TermInForce(const std::vector<engine::FocalPoint>& terms, const std::string& org,
                                      engine::FocalPointRole role, engine::CivilDate day);

}  // namespace incidents::http
