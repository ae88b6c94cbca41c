#pragma once
// The demo directory (config/demo.json: orgs, users with roles and a password, and each
// org's focal point term) loaded into an empty database for `incidentd --demo`, in one
// DirectoryStore commit without history events. Passwords are hashed here; the file's
// plain "demo" password never reaches the database.

#include <string>

#include "incidents/engine/directory_store.h"
#include "incidents/engine/status.h"

namespace incidents::apps {

// Loads the file only when the directory has no org; sets *loaded accordingly.
// kInvalidValue naming the entry for a malformed file (nothing is written then).
engine::Status LoadDemoDirectory(const std::string& path, engine::DirectoryStore& directory, bool* loaded);

}  // namespace incidents::apps
