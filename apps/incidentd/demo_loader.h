#pragma once
// The demo directory (config/demo.json: orgs with focal points, users with roles and a
// password) loaded into an empty database for `incidentd --demo`. Passwords are hashed
// here; the file's plain "demo" password never reaches the database.

#include <string>

#include "incidents/engine/status.h"
#include "incidents/storage/storage.h"

namespace incidents::apps {

// Loads the file only when the directory is empty; sets *loaded accordingly.
// kInvalidValue naming the entry for a malformed file.
engine::Status LoadDemoDirectory(const std::string& path, storage::DirectoryAdmin& admin, bool* loaded);

}  // namespace incidents::apps
