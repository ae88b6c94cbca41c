#include "demo_loader.h"

#include "incidents/base/password.h"
#include "incidents/directory_file/directory_file.h"

namespace incidents::apps {

using engine::Status;

Status LoadDemoDirectory(const std::string& path, engine::DirectoryService& service, bool* loaded) {
  *loaded = false;
  auto orgs = service.store().ListOrgs();
  if (!orgs.ok()) return orgs.status();
  if (!orgs->empty()) return {};
  const engine::Actor actor{engine::Actor::Kind::kSystem, "incidentd --demo", "", {}, {}, std::nullopt};
  auto result = directory_file::ImportDirectoryFile(service, actor, path, /*dry_run=*/false,
                                                    [](std::string_view pw) { return base::HashPassword(pw); });
  if (!result.ok()) return Status::InvalidValue("the demo directory " + path + ": " + result.status().message());
  if (!result->problems.empty()) {
    std::string text = "the demo directory " + path + " has " + std::to_string(result->problems.size()) +
                       " bad row(s); nothing was loaded:";
    for (const auto& p : result->problems) text += "\n  " + p.ToString();
    return Status::InvalidValue(text);
  }
  *loaded = result->written;
  return {};
}

}  // namespace incidents::apps
