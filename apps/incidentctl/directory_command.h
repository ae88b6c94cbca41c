#pragma once
// `incidentctl directory import|export FILE`: the first load of a province's orgs, users
// and focal points from a spreadsheet, and the directory back out as one
// (incidents/directory_file/directory_file.h has the file's layout).

#include <iosfwd>
#include <string>

#include "incidents/engine/directory_service.h"

namespace incidents::apps {

// Prints what changes (or, with dry_run, would change), or every bad row with its line
// and column on `err`. Exit code: 0 done (or nothing to do), 1 bad rows (nothing written),
// 2 the file or the database failed.
int RunDirectoryImport(engine::DirectoryService& service, const std::string& path, bool dry_run, std::ostream& out,
                       std::ostream& err);

// 0 written, 2 the file or the database failed.
int RunDirectoryExport(engine::Directory& directory, const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace incidents::apps
