#pragma once
// The demo directory (config/demo-directory.csv: orgs, users with roles and a password,
// and each org's focal point) loaded into an empty database for `incidentd --demo`,
// through the same import as `incidentctl directory import` (directory_file.h), so that
// the demo exercises the path a province uses, and its load is in the directory history.
// Passwords are hashed on the way in; the file's plain "demo" never reaches the database.

#include <string>

#include "incidents/engine/directory_service.h"
#include "incidents/engine/status.h"

namespace incidents::apps {

// Loads the file only when the directory has no org; sets *loaded accordingly.
// kInvalidValue naming the file and each bad row (nothing is written then).
engine::Status LoadDemoDirectory(const std::string& path, engine::DirectoryService& service, bool* loaded);

}  // namespace incidents::apps
