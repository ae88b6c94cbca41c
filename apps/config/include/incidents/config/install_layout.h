#pragma once
// Where incidentd and incidentctl find the files they read but never write: the web pages,
// the mail templates, the regulation files and the demo directory (the data directory),
// and the configuration file read when --config is not given. Found from the executable's
// own path, never from the working directory, so a binary started anywhere (a service
// manager, a cron job, an operator's home) reads the same files.
//
//   installed   <P>/bin/incidentd with <P>/share/datashare-incidents present: the data
//               directory is that folder; the config is /etc/datashare-incidents/incidentd.json
//               when <P> is /usr (the Debian package), else <P>/etc/... - and a tree unpacked
//               under a root R (R/usr/bin, R/etc) reads R/etc/..., so `dpkg -x` works too;
//   build tree  anything else: the source tree the binary was built from (its config/
//               and web/ folders), with config/incidentd.json as the config.
//
// Relative paths in the configuration for those files (http.web_root,
// notifications.templates_dir, workflow.regulation.file, demo_file) are resolved against
// the data directory; the database path of a sqlite: URL stays relative to the working
// directory, as sqlite3's own is (the package's config names an absolute one).
//
// Thread safety: InstallLayout::Here() computes once and is safe to call from any thread.

#include <string>

namespace incidents::config {

struct InstallLayout {
  std::string data_dir;        // absolute, no trailing slash
  std::string default_config;  // absolute
  bool installed = false;      // true: found beside the executable; false: the source tree

  // The layout of the running executable (/proc/self/exe), computed on first use.
  static const InstallLayout& Here();
  // The layout of an executable at `exe` (absolute): Here() without the process; tests.
  static InstallLayout For(const std::string& exe);

  // `path` resolved against data_dir: an absolute, empty or blank path is returned unchanged.
  std::string Resolve(const std::string& path) const;
};

}  // namespace incidents::config
