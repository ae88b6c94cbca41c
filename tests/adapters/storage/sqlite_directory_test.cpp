#include <catch2/catch.hpp>

#include "demo_fixture.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "temp_dir.h"

using namespace incidents::engine;
using namespace incidents::storage::sqlite;
using namespace incidents::testing;

TEST_CASE("SQLite directory stores orgs with focal points and users with roles", "[sqlite][directory]") {
  TempDir dir;
  auto db = SqliteDatabase::Open(dir.File("d.db"));
  REQUIRE(db.ok());
  SqliteDirectory d(*db.value());
  CHECK(d.IsEmpty().value());
  for (const auto& org : DemoOrgs()) REQUIRE(d.PutOrg(org).ok());
  for (const auto& user : DemoUsers()) REQUIRE(d.PutUser(user).ok());
  CHECK_FALSE(d.IsEmpty().value());

  const auto orgs = d.ListOrgs().value();
  REQUIRE(orgs.size() == DemoOrgs().size());
  CHECK(std::is_sorted(orgs.begin(), orgs.end(), [](const Org& a, const Org& b) { return a.id < b.id; }));
  const auto stnmt = d.FindOrg("stnmt").value();
  REQUIRE(stnmt);
  CHECK(stnmt->name == "Sở Tài nguyên và Môi trường");
  CHECK(stnmt->focal_point.email == "focal@stnmt.ninhthuan.example");
  CHECK_FALSE(d.FindOrg("nope").value());

  const auto coord = d.FindUser("stttt.coordinator").value();
  REQUIRE(coord);
  CHECK(coord->org == "stttt");
  CHECK(coord->roles == std::set<Role>{Role::kCoordinator, Role::kEngineer});
  CHECK(coord->active);
  CHECK_FALSE(d.FindUser("nobody").value());

  User stranger;
  stranger.username = "x";
  stranger.org = "unknown-org";
  stranger.roles = {Role::kReporter};
  CHECK(d.PutUser(stranger).code() == ErrorCode::kInvalidValue);
  User system;
  system.username = "system";
  system.org = "stttt";
  CHECK(d.PutUser(system).code() == ErrorCode::kInvalidValue);

  // Updating replaces.
  Org renamed = *stnmt;
  renamed.name = "Sở Nông nghiệp và Môi trường";
  REQUIRE(d.PutOrg(renamed).ok());
  CHECK(d.FindOrg("stnmt").value()->name == "Sở Nông nghiệp và Môi trường");
}
