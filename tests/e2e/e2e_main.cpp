// main() of incidentd_tests: picks the database incidentd runs on from --store=NAME
// (removed before Catch2 sees the arguments).
//   --store=sqlite   (default) a fresh SQLite file in each case's temporary folder
//   --store=mariadb  a fresh database per case on the server at $INCIDENTS_TEST_MYSQL_URL;
//                    without that variable the run exits 77, which CTest reports as
//                    skipped (SKIP_RETURN_CODE), never as passed.

#include <iostream>
#include <string>
#include <vector>

#include "catch_session.h"
#include "test_database.h"

int main(int argc, char** argv) {
  std::string store = "sqlite";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--store=", 0) == 0) store = a.substr(8);
    else args.push_back(argv[i]);
  }
  if (store == "sqlite") {
    e2e::SelectStore(e2e::Store::kSqlite);
  } else if (store == "mariadb") {
    if (!e2e::MariadbBaseUrl()) {
      std::cerr << "SKIPPED: the MariaDB e2e cases need INCIDENTS_TEST_MYSQL_URL "
                   "(scripts/test and .ci/run start a server and set it)\n";
      return 77;
    }
    e2e::SelectStore(e2e::Store::kMariadb);
  } else {
    std::cerr << "unknown --store=" << store << " (sqlite or mariadb)\n";
    return 2;
  }
  return incidents::testing::RunCatchSession(static_cast<int>(args.size()), args.data());
}
