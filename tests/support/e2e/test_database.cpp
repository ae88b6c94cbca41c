#include "test_database.h"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <mutex>

#include "incidents/storage/database_url.h"
#include "incidents/storage/mysql/mysql_database.h"

namespace e2e {

namespace {

std::atomic<Store> g_store{Store::kSqlite};

}  // namespace

Store SelectedStore() { return g_store.load(); }
void SelectStore(Store store) { g_store.store(store); }

std::optional<std::string> MariadbBaseUrl() {
  const char* url = std::getenv("INCIDENTS_TEST_MYSQL_URL");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

std::string FreshMariadbUrl(const std::string& tag) {
  using namespace incidents;
  static std::atomic<int> counter{0};
  const auto base_url = MariadbBaseUrl();
  INFO("the MariaDB tests need INCIDENTS_TEST_MYSQL_URL (scripts/test and .ci/run set it)");
  REQUIRE(base_url.has_value());
  auto parsed = storage::ParseDatabaseUrl(*base_url);
  INFO("INCIDENTS_TEST_MYSQL_URL: " << (parsed.ok() ? std::string("ok") : parsed.status().ToString()));
  REQUIRE(parsed.ok());
  REQUIRE(parsed->kind == storage::DatabaseUrl::Kind::kMysql);
  const storage::DatabaseUrl& base = parsed.value();
  storage::mysql::MysqlOptions o;
  o.host = base.host;
  o.port = base.port;
  o.user = base.user;
  o.password = base.password;
  o.database = base.database + "_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  const engine::Status st = storage::mysql::MysqlDatabase::RecreateDatabase(o);
  INFO("creating database " << o.database << ": " << st.ToString());
  REQUIRE(st.ok());
  return "mysql://" + o.user + ":" + o.password + "@" + o.host + ":" + std::to_string(o.port) + "/" + o.database;
}

std::string TestDatabaseUrl(const incidents::testing::TempDir& dir, const std::string& db_name) {
  const std::string path = dir.File(db_name);
  if (SelectedStore() == Store::kSqlite) return "sqlite:" + path;
  // Keyed by the file the SQLite run would use: unique per folder and name. The folders
  // are fresh per case (and each CTest case is its own process), so no key is reused.
  static std::mutex mu;
  static std::map<std::string, std::string> urls;
  std::lock_guard lock(mu);
  auto it = urls.find(path);
  if (it == urls.end()) it = urls.emplace(path, FreshMariadbUrl("e2e")).first;
  return it->second;
}

}  // namespace e2e
