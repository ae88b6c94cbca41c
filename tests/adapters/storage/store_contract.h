#pragma once
// The store contract suite: one set of cases (store_contract_test.cpp, and by subject
// store_contract_data_request_test.cpp, store_contract_public_request_test.cpp and
// store_contract_directory_test.cpp; their shared node is store_contract_node.h) that
// every storage backend must pass, run against the backend the binary was started for
// (store_contract_main.cpp: --store=sqlite or --store=mariadb).

#include <functional>
#include <memory>
#include <string>

#include "incidents/storage/storage.h"

namespace incidents::testing {

// A backend under test. Each contract case calls FreshDatabase() once and then opens it
// as many times as it needs ("nodes" sharing one database).
class StoreUnderTest {
 public:
  virtual ~StoreUnderTest() = default;
  virtual std::string name() const = 0;
  // Creates an empty database and returns its URL.
  virtual std::string FreshDatabase() = 0;
  // Whether several processes (nodes) may share the database (MySQL: yes, SQLite: one
  // node, though two openers on one file still serialise correctly).
  virtual bool multi_node() const = 0;
};

// The backend chosen on the command line; set by main before any case runs.
StoreUnderTest& CurrentStore();
void SetCurrentStore(std::unique_ptr<StoreUnderTest> store);

// Opens a URL from FreshDatabase(); fails the current case if it cannot.
std::unique_ptr<storage::Storage> OpenForTest(const std::string& url, int pool_size = 4);

}  // namespace incidents::testing
