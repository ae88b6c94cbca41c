#include "catch_session.h"

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

namespace incidents::testing {

int RunCatchSession(int argc, char** argv, const std::function<int(bool only_listing)>& before_run) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  if (before_run) {
    const Catch::ConfigData& c = session.configData();
    const bool only_listing = c.showHelp || c.listTests || c.listTestNamesOnly || c.listTags || c.listReporters;
    if (const int rc = before_run(only_listing); rc != 0) return rc;
  }
  return session.run();
}

}  // namespace incidents::testing
