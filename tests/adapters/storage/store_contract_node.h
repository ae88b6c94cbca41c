#pragma once
// What the store contract's cases share (store_contract_test.cpp,
// store_contract_data_request_test.cpp): a node on the case's database.

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "demo_fixture.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/storage/storage.h"
#include "store_contract.h"

namespace incidents::testing {

// One node: a Storage on the case's database with the demo directory and a TicketService.
struct Node {
  explicit Node(const std::string& url) : storage(OpenForTest(url)) {
    if (storage->directory().ListOrgs().value().empty())
      REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
    service.AddWorkflow(data_requests);
  }
  std::unique_ptr<incidents::storage::Storage> storage;
  engine::TicketStore& store() { return storage->tickets(); }
  ManualClock clock{DemoStart()};
  workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  workflows::DataRequestWorkflow data_requests{DemoWorkflowSettings()};
  engine::TicketService service{storage->tickets(), storage->directory(), workflow, clock, workflow.settings()};

  std::string File(const std::string& title = "Mất kết nối LGSP với CSDL đất đai") {
    engine::ReportCommand r;
    r.category = engine::Category::kConnectionFailure;
    r.title = title;
    r.description = "Từ 8 giờ sáng không gọi được dịch vụ tra cứu thửa đất.";
    r.priority = engine::Priority::kHigh;
    r.parties = {"stnmt"};
    r.service = "lgsp.datdai.tracuu";
    auto t = service.Report(DemoActor("stp.reporter"), r);
    INFO(t.status().ToString());
    REQUIRE(t.ok());
    return t->id;
  }
};

}  // namespace incidents::testing
