// main() of store_contract_tests: picks the backend from --store=NAME (removed before
// Catch2 sees the arguments).
//   --store=sqlite   (default) a fresh file in a temporary folder per case
//   --store=mariadb  a fresh database per case on the server at $INCIDENTS_TEST_MYSQL_URL;
//                    without that variable the run exits 77, which CTest reports as
//                    skipped (SKIP_RETURN_CODE), never as passed.

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "catch_session.h"
#include "incidents/storage/mysql/mysql_database.h"
#include "store_contract.h"
#include "temp_dir.h"

namespace incidents::testing {
namespace {

std::unique_ptr<StoreUnderTest>& Current() {
  static std::unique_ptr<StoreUnderTest> store;
  return store;
}

class SqliteUnderTest final : public StoreUnderTest {
 public:
  std::string name() const override { return "sqlite"; }
  bool multi_node() const override { return false; }
  std::string FreshDatabase() override {
    dirs_.push_back(std::make_unique<TempDir>());
    return "sqlite:" + dirs_.back()->File("incidents.db");
  }

 private:
  std::vector<std::unique_ptr<TempDir>> dirs_;
};

class MariadbUnderTest final : public StoreUnderTest {
 public:
  explicit MariadbUnderTest(storage::DatabaseUrl base) : base_(std::move(base)) {}
  std::string name() const override { return "mariadb"; }
  bool multi_node() const override { return true; }
  std::string FreshDatabase() override {
    static std::atomic<int> counter{0};
    storage::mysql::MysqlOptions o;
    o.host = base_.host;
    o.port = base_.port;
    o.user = base_.user;
    o.password = base_.password;
    o.database = base_.database + "_c" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    const engine::Status st = storage::mysql::MysqlDatabase::RecreateDatabase(o);
    INFO(st.ToString());
    REQUIRE(st.ok());
    return "mysql://" + o.user + ":" + o.password + "@" + o.host + ":" + std::to_string(o.port) + "/" + o.database;
  }

 private:
  storage::DatabaseUrl base_;
};

}  // namespace

StoreUnderTest& CurrentStore() { return *Current(); }
void SetCurrentStore(std::unique_ptr<StoreUnderTest> store) { Current() = std::move(store); }

std::unique_ptr<storage::Storage> OpenForTest(const std::string& url, int pool_size) {
  auto parsed = storage::ParseDatabaseUrl(url);
  REQUIRE(parsed.ok());
  storage::StorageOptions options;
  options.pool_size = pool_size;
  auto opened = storage::OpenStorage(parsed.value(), options);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  return std::move(opened.value());
}

}  // namespace incidents::testing

int main(int argc, char** argv) {
  using namespace incidents;
  std::string store = "sqlite";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--store=", 0) == 0) store = a.substr(8);
    else args.push_back(argv[i]);
  }
  if (store == "sqlite") {
    testing::SetCurrentStore(std::make_unique<testing::SqliteUnderTest>());
  } else if (store == "mariadb") {
    const char* url = std::getenv("INCIDENTS_TEST_MYSQL_URL");
    if (!url || !*url) {
      std::cerr << "SKIPPED: the MariaDB contract cases need INCIDENTS_TEST_MYSQL_URL "
                   "(scripts/test and .ci/run start a server and set it)\n";
      return 77;
    }
    auto parsed = storage::ParseDatabaseUrl(url);
    if (!parsed.ok() || parsed->kind != storage::DatabaseUrl::Kind::kMysql) {
      std::cerr << "INCIDENTS_TEST_MYSQL_URL is not a mysql:// URL: " << parsed.status().ToString() << "\n";
      return 2;
    }
    testing::SetCurrentStore(std::make_unique<testing::MariadbUnderTest>(parsed.value()));
  } else {
    std::cerr << "unknown --store=" << store << " (sqlite or mariadb)\n";
    return 2;
  }
  return testing::RunCatchSession(static_cast<int>(args.size()), args.data());
}
