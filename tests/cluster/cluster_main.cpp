// main() of cluster_tests: the two-node tests need a MariaDB server. Without
// $INCIDENTS_TEST_MYSQL_URL a run exits 77, which CTest reports as skipped
// (SKIP_RETURN_CODE), never as passed. Listing the tests (catch_discover_tests does so at
// build time) needs no server.

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  const Catch::ConfigData& c = session.configData();
  const bool only_listing = c.showHelp || c.listTests || c.listTestNamesOnly || c.listTags || c.listReporters;
  const char* url = std::getenv("INCIDENTS_TEST_MYSQL_URL");
  if (!only_listing && (!url || !*url)) {
    std::cerr << "SKIPPED: the two-node tests need INCIDENTS_TEST_MYSQL_URL "
                 "(scripts/test and .ci/run start a MariaDB server and set it)\n";
    return 77;
  }
  return session.run();
}
