#include <catch2/catch.hpp>

#include "incidents/storage/database_url.h"

using namespace incidents::storage;
using incidents::engine::ErrorCode;

TEST_CASE("Database URLs: sqlite paths and mysql URLs parse and the password never shows", "[storage]") {
  auto s = ParseDatabaseUrl("sqlite:var/incidents.db");
  REQUIRE(s.ok());
  CHECK(s->kind == DatabaseUrl::Kind::kSqlite);
  CHECK(s->path == "var/incidents.db");
  CHECK(ParseDatabaseUrl("sqlite:///tmp/x.db")->path == "/tmp/x.db");

  auto m = ParseDatabaseUrl("mysql://app:s3cr%t@127.0.0.1:13306/appdb");
  REQUIRE(m.ok());
  CHECK(m->kind == DatabaseUrl::Kind::kMysql);
  CHECK(m->user == "app");
  CHECK(m->password == "s3cr%t");
  CHECK(m->host == "127.0.0.1");
  CHECK(m->port == 13306);
  CHECK(m->database == "appdb");
  CHECK(m->Redacted() == "mysql://app:***@127.0.0.1:13306/appdb");
  CHECK(ParseDatabaseUrl("mysql://app@db.local/x")->port == 3306);

  for (const char* bad : {"postgres://a:b@h/d", "sqlite:", "mysql://app:pw@host", "mysql://app:pw@host:99999/db",
                          "mysql://:pw@host:1/db", "incidents.db"}) {
    INFO(bad);
    auto r = ParseDatabaseUrl(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kInvalidValue);
    CHECK(r.status().message().find("pw") == std::string::npos);
  }
}

TEST_CASE("Database URLs: a mysql host list names the nodes of one Galera cluster in order", "[storage]") {
  auto m = ParseDatabaseUrl("mysql://app:pw@127.0.0.1:3301,127.0.0.2:3302,db3/appdb");
  REQUIRE(m.ok());
  CHECK(m->host == "127.0.0.1");
  CHECK(m->port == 3301);
  REQUIRE(m->more_nodes.size() == 2);
  CHECK(m->more_nodes[0].host == "127.0.0.2");
  CHECK(m->more_nodes[0].port == 3302);
  CHECK(m->more_nodes[1].host == "db3");
  CHECK(m->more_nodes[1].port == 3306);
  CHECK(m->Redacted() == "mysql://app:***@127.0.0.1:3301,127.0.0.2:3302,db3:3306/appdb");
  CHECK(ParseDatabaseUrl("mysql://app:pw@h:1/d")->more_nodes.empty());

  for (const char* bad : {"mysql://app:pw@h1:1,/db", "mysql://app:pw@h1:1,h2:0/db", "mysql://app:pw@h1:1,:5/db"}) {
    INFO(bad);
    auto r = ParseDatabaseUrl(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kInvalidValue);
    CHECK(r.status().message().find("pw") == std::string::npos);
  }
}
