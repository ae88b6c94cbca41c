#pragma once
// The database the black-box tests run incidentd on: SQLite (a file in the case's temporary
// folder) or MariaDB (a fresh database per folder), chosen once per run by e2e_main.cpp
// (--store=sqlite|mariadb).
//
// The MariaDB server is the throw-away one that scripts/test and .ci/run start; its URL
// comes from $INCIDENTS_TEST_MYSQL_URL (mysql://USER:PASSWORD@HOST:PORT/BASE). The test
// user may create databases named BASE_*; each FreshMariadbUrl call makes a new, empty one.
// The databases are left behind for post-mortem inspection and go away with the throw-away
// server.
//
// This is the only place the e2e tests touch the storage adapter: creating a database is
// set-up, not part of the contract under test.

#include <optional>
#include <string>

#include "temp_dir.h"

namespace e2e {

enum class Store { kSqlite, kMariadb };

// The store of this run (kSqlite unless main selected another before any case ran).
Store SelectedStore();
void SelectStore(Store store);

// The base URL, or nullopt when $INCIDENTS_TEST_MYSQL_URL is unset or empty.
std::optional<std::string> MariadbBaseUrl();

// Creates (drops first, if it exists) the database BASE_<tag>_<pid>_<n> and returns its
// mysql:// URL. REQUIREs that MariadbBaseUrl() is set and the server accepts the request.
std::string FreshMariadbUrl(const std::string& tag);

// The database URL a case uses for `db_name` in `dir`, on the selected store:
//   sqlite   "sqlite:<dir>/<db_name>"
//   mariadb  a fresh database, created on the first call for (dir, db_name); later calls
//            with the same pair return the same URL, so a server restarted "on the same
//            database" (and incidentctl run afterwards) finds what the first one stored.
std::string TestDatabaseUrl(const incidents::testing::TempDir& dir, const std::string& db_name = "x.db");

}  // namespace e2e
