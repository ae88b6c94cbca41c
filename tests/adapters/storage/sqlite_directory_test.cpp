// What only the SQLite directory has: migration 5 rebuilds the orgs table (SQLite cannot
// change a column's default in place) and must keep every row, the old focal contact
// columns and the users' references; directory_events is append-only by trigger. What
// every store must do with the directory is in store_contract_directory_test.cpp.

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "demo_fixture.h"
#include "incidents/storage/schema_migrations.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "temp_dir.h"

using namespace incidents::engine;
using namespace incidents::storage::sqlite;
using namespace incidents::testing;
using incidents::storage::SchemaMigrations;

namespace {

// A raw connection with foreign keys on, as the store's own connections have them.
struct Raw {
  explicit Raw(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(Exec("PRAGMA foreign_keys = ON") == SQLITE_OK);
  }
  ~Raw() { sqlite3_close(db); }
  int Exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
  std::string One(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string out = "(no row)";
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      out = text ? reinterpret_cast<const char*>(text) : "(null)";
    }
    sqlite3_finalize(stmt);
    return out;
  }
  sqlite3* db = nullptr;
};

}  // namespace

TEST_CASE("SQLite directory: migration 5 keeps the orgs, their old focal contacts and the users of a version 4 file",
          "[sqlite][directory]") {
  TempDir dir;
  const std::string path = dir.File("v4.db");
  {
    Raw raw(path);
    REQUIRE(raw.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at INTEGER NOT NULL)") == SQLITE_OK);
    for (const auto& m : incidents::storage::SchemaMigrations()) {
      if (m.version > 4) break;
      REQUIRE(raw.Exec(m.sqlite) == SQLITE_OK);
      REQUIRE(raw.Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'v', 0)") == SQLITE_OK);
    }
    REQUIRE(raw.Exec("INSERT INTO orgs VALUES ('stp', 'Sở Tư pháp', 'department', 'Trần Thị Bình', "
                     "'focal@stp.ninhthuan.example', '+84900000002')") == SQLITE_OK);
    REQUIRE(raw.Exec("INSERT INTO orgs VALUES ('syt', 'Sở Y tế', 'department', 'Hoàng Văn Em', "
                     "'focal@syt.ninhthuan.example', '+84900000005')") == SQLITE_OK);
    REQUIRE(raw.Exec("INSERT INTO users (username, display_name, org_id, roles) VALUES "
                     "('stp.focal', 'Đầu mối', 'stp', 'focal_point')") == SQLITE_OK);
  }
  auto db = SqliteDatabase::Open(path);
  INFO(db.status().ToString());
  REQUIRE(db.ok());
  CHECK(db.value()->SchemaVersion().value() == static_cast<int>(SchemaMigrations().size()));  // 5 and on
  SqliteDirectory d(*db.value());
  const auto orgs = d.ListOrgs().value();
  REQUIRE(orgs.size() == 2);
  CHECK(orgs[0] == Org{"stp", "Sở Tư pháp", "", "department", true, ""});
  CHECK(orgs[1] == Org{"syt", "Sở Y tế", "", "department", true, ""});
  CHECK(d.FindUser("stp.focal").value()->org == "stp");
  CHECK(d.GetFocalPointList().value() == FocalPointList{});

  // New orgs need not set the old columns; users still need a known org.
  DirectoryChange c;
  c.orgs = {Org{"skhdt", "Sở Kế hoạch và Đầu tư", "SKHĐT", "department", true, ""}};
  REQUIRE(d.Commit(c).ok());
  Raw raw(path);
  CHECK(raw.One("SELECT focal_email FROM orgs WHERE id = 'stp'") == "focal@stp.ninhthuan.example");
  CHECK(raw.One("SELECT focal_name || '/' || focal_phone FROM orgs WHERE id = 'syt'") == "Hoàng Văn Em/+84900000005");
  CHECK(raw.One("SELECT '[' || focal_name || focal_email || focal_phone || ']' FROM orgs WHERE id = 'skhdt'") == "[]");
  CHECK(raw.One("PRAGMA foreign_key_check") == "(no row)");
  CHECK(raw.Exec("INSERT INTO users (username, display_name, org_id, roles) VALUES ('x', 'X', 'gone', 'reporter')") ==
        SQLITE_CONSTRAINT);
  CHECK(raw.Exec("DELETE FROM orgs WHERE id = 'stp'") == SQLITE_CONSTRAINT);
}

TEST_CASE("SQLite directory: directory_events is append-only", "[sqlite][directory]") {
  TempDir dir;
  const std::string path = dir.File("d.db");
  auto db = SqliteDatabase::Open(path);
  REQUIRE(db.ok());
  SqliteDirectory d(*db.value());
  DirectoryChange c = DemoDirectoryChange();
  DirectoryEvent e;
  e.type = "org_created";
  e.actor = "admin";
  e.actor_org = "stttt";
  e.at = DemoStart();
  e.subject = "org:stp";
  e.legal_basis = "Art. 18";
  c.events = {e};
  REQUIRE(d.Commit(c).ok());
  Raw raw(path);
  CHECK(raw.Exec("UPDATE directory_events SET payload = '{\"x\":1}' WHERE seq = 1") == SQLITE_CONSTRAINT);
  CHECK(raw.Exec("DELETE FROM directory_events") == SQLITE_CONSTRAINT);
  CHECK(raw.One("SELECT COUNT(*) FROM directory_events") == "1");
  CHECK(VerifyDirectoryChain(d.ListDirectoryEvents(0, 10).value()).ok());
}
