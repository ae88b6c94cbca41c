#include "directory_command.h"

#include <ostream>

#include "incidents/base/password.h"
#include "incidents/directory_file/directory_file.h"

namespace incidents::apps {

int RunDirectoryImport(engine::DirectoryService& service, const std::string& path, bool dry_run, std::ostream& out,
                       std::ostream& err) {
  // The history names the tool; only an operator with the database's credentials runs it.
  const engine::Actor actor{engine::Actor::Kind::kSystem, "incidentctl", "", {}, {}, std::nullopt};
  auto result = directory_file::ImportDirectoryFile(service, actor, path, dry_run,
                                                    [](std::string_view pw) { return base::HashPassword(pw); });
  if (!result.ok()) {
    err << "incidentctl: " << result.status().message() << "\n";
    return 2;
  }
  if (!result->problems.empty()) {
    for (const auto& p : result->problems) err << path << ": " << p.ToString() << "\n";
    err << "incidentctl: " << result->problems.size() << " problem" << (result->problems.size() == 1 ? "" : "s")
        << "; nothing was written\n";
    return 1;
  }
  for (const auto& change : result->changes) out << (dry_run ? "would " : "") << change << "\n";
  if (result->changes.empty()) out << "the directory already matches " << path << "; nothing to do\n";
  else if (dry_run) out << result->changes.size() << " change(s) would be made; nothing was written (--dry-run)\n";
  else out << result->changes.size() << " change(s) written\n";
  return 0;
}

int RunDirectoryExport(engine::Directory& directory, const std::string& path, std::ostream& out, std::ostream& err) {
  auto orgs = directory.ListOrgs();
  auto users = orgs.ok() ? directory.ListUsers() : orgs.status();
  auto terms = users.ok() ? directory.ListFocalPoints("") : users.status();
  if (!terms.ok()) {
    err << "incidentctl: cannot read the directory: " << terms.status().message() << "\n";
    return 2;
  }
  if (engine::Status st = directory_file::WriteDirectoryFile(
          path, directory_file::DirectoryTables(orgs.value(), users.value(), terms.value()));
      !st.ok()) {
    err << "incidentctl: " << st.message() << "\n";
    return 2;
  }
  out << "wrote " << orgs->size() << " orgs, " << users->size() << " users and " << terms->size()
      << " focal-point terms to " << path << "\n";
  return 0;
}

}  // namespace incidents::apps
