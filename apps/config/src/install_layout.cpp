#include "incidents/config/install_layout.h"

#include <filesystem>
#include <system_error>

namespace incidents::config {

namespace fs = std::filesystem;

namespace {

constexpr char kPackageDir[] = "datashare-incidents";

}  // namespace

InstallLayout InstallLayout::For(const std::string& exe) {
  InstallLayout layout;
  std::error_code ec;
  const fs::path prefix = fs::path(exe).parent_path().parent_path();  // <P>/bin/incidentd -> <P>
  const fs::path share = prefix / "share" / kPackageDir;
  if (!prefix.empty() && fs::is_directory(share, ec)) {
    layout.installed = true;
    layout.data_dir = share.string();
    // GNU convention: the prefix /usr keeps its configuration in /etc, any other in <P>/etc.
    const fs::path etc = prefix.filename() == "usr" ? prefix.parent_path() / "etc" : prefix / "etc";
    layout.default_config = (etc / kPackageDir / "incidentd.json").string();
    return layout;
  }
  layout.data_dir = INCIDENTS_SOURCE_DIR;
  layout.default_config = std::string(INCIDENTS_SOURCE_DIR) + "/config/incidentd.json";
  return layout;
}

const InstallLayout& InstallLayout::Here() {
  static const InstallLayout here = [] {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return For(ec ? std::string() : exe.string());
  }();
  return here;
}

std::string InstallLayout::Resolve(const std::string& path) const {
  // Blank is unset too (workflow.regulation.file "  " loads nothing).
  if (path.find_first_not_of(" \t") == std::string::npos || fs::path(path).is_absolute()) return path;
  return (fs::path(data_dir) / path).lexically_normal().string();
}

}  // namespace incidents::config
