// The store contract for the second workflow (issue 15): data-sharing requests share the
// tickets table with the incidents, and each workflow is listed, counted and replayed as
// its own. Run per backend like the rest of the suite (store_contract.h).

#include <catch2/catch.hpp>
#include <map>
#include <utility>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "store_contract.h"
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;

TEST_CASE("contract: a data-sharing request and an incident share the store, each listed and replayed by its workflow",
          "[contract]") {
  const std::string url = CurrentStore().FreshDatabase();
  std::string request, incident;
  Ticket before;
  {
    Node w(url);
    incident = w.File();
    SubmitCommand submit;
    submit.scope = Scope::kOutsideAgency;
    submit.title = "Dữ liệu đăng ký doanh nghiệp";
    submit.data_wanted = "Danh sách doanh nghiệp đăng ký mới năm 2026.";
    submit.purpose = "Đối soát với cơ sở dữ liệu quốc gia.";
    submit.legal_basis = "Nghị định 47/2020/NĐ-CP.";
    submit.requester_name = "Cục Thống kê";
    submit.portal_reference = "CDLQG-2026-000123";
    submit.email = "lienhe@thongke.example";
    submit.owners = {"skhdt"};
    auto t = w.service.Submit(DemoActor("stttt.engineer"), submit);
    INFO(t.status().ToString());
    REQUIRE(t.ok());
    request = t->id;
    REQUIRE(w.service.Apply(DemoActor("stttt.engineer"), request, ScreenCommand{}).ok());
    DecideCommand grant;
    grant.outcome = DecisionOutcome::kGrant;
    grant.datasets = {"Đăng ký doanh nghiệp 2026"};
    grant.valid_until = CivilDate{2027, 12, 31};
    auto proposed = w.service.Apply(DemoActor("stttt.coordinator"), request, grant);
    REQUIRE(proposed.ok());
    CHECK(proposed->state == State::kAwaitingAgreement);
    before = w.store().LoadTicket(request).value();
  }
  // Reopened: the facts come back as committed, each list shows its own workflow, and both
  // histories replay through their own machine.
  Node again(url);
  const Ticket after = again.store().LoadTicket(request).value();
  CHECK(after == before);
  CHECK(after.workflow == "data_request");
  REQUIRE(after.request);
  CHECK(after.request->portal_reference == std::optional<std::string>("CDLQG-2026-000123"));
  REQUIRE(after.request->proposal);
  CHECK(after.request->proposal->datasets == std::vector<std::string>{"Đăng ký doanh nghiệp 2026"});
  TicketQuery q;
  q.workflow = "data_request";
  auto requests = again.store().ListTickets(q);
  REQUIRE(requests.ok());
  REQUIRE(requests->items.size() == 1);
  CHECK(requests->items.front().id == request);
  q.workflow = "incident";
  auto incidents = again.store().ListTickets(q);
  REQUIRE(incidents.ok());
  REQUIRE(incidents->items.size() == 1);
  CHECK(incidents->items.front().id == incident);
  q.workflow.reset();
  CHECK(again.store().ListTickets(q)->items.size() == 2);
  const std::vector<const Workflow*> both{&again.workflow, &again.data_requests};
  CHECK(VerifyTicket(again.store(), both, request).ok());
  CHECK(VerifyTicket(again.store(), both, incident).ok());
  // The owner's agreement completes it after the restart.
  auto granted = again.service.Apply(DemoActor("skhdt.focal"), request, AgreeCommand{});
  REQUIRE(granted.ok());
  CHECK(granted->state == State::kGranted);
  CHECK(VerifyTicket(again.store(), both, request).ok());
  // Replayed by the incident workflow alone, the request's history is refused.
  CHECK(VerifyTicket(again.store(), std::vector<const Workflow*>{&again.workflow}, request).code() ==
        ErrorCode::kCorruption);
}

// The workflows share states (waiting_reporter, awaiting_chairman, closed): /metrics counts
// each workflow's tickets apart, in one query (Storage::CountTickets).
TEST_CASE("contract: tickets are counted by workflow and state", "[contract]") {
  Node w(CurrentStore().FreshDatabase());
  const Actor engineer = DemoActor("stttt.engineer");
  const std::string incident = w.File();
  REQUIRE(w.service.Apply(engineer, incident, AcknowledgeCommand{}).ok());
  REQUIRE(w.service.Apply(engineer, incident, RequestInfoCommand{"Lỗi xuất hiện lúc mấy giờ?"}).ok());
  w.File("Sự cố thứ hai");
  SubmitCommand submit;
  submit.scope = Scope::kPersonOrBusiness;
  submit.title = "Dữ liệu hộ tịch";
  submit.data_wanted = "Số liệu khai sinh năm 2026.";
  submit.purpose = "Nghiên cứu.";
  submit.legal_basis = "Luật Dữ liệu 2024.";
  submit.requester_name = "Nguyễn Văn A";
  for (int i = 0; i < 3; ++i) {
    auto request = w.service.Submit(engineer, submit);
    INFO(request.status().ToString());
    REQUIRE(request.ok());
    if (i == 0) continue;
    REQUIRE(w.service.Apply(engineer, request->id, ScreenCommand{}).ok());
    REQUIRE(w.service.Apply(engineer, request->id, RequestInfoCommand{"Xin nêu rõ mục đích"}).ok());
  }
  auto counts = w.storage->CountTickets();
  INFO(counts.status().ToString());
  REQUIRE(counts.ok());
  std::map<std::pair<std::string, State>, std::int64_t> by;
  for (const TicketCount& c : counts.value()) {
    CHECK(c.count > 0);
    CHECK(by.emplace(std::pair{c.workflow, c.state}, c.count).second);  // one row each
  }
  CHECK(by == std::map<std::pair<std::string, State>, std::int64_t>{
                  {{"incident", State::kWaitingReporter}, 1},
                  {{"incident", State::kReported}, 1},
                  {{"data_request", State::kSubmitted}, 1},
                  {{"data_request", State::kWaitingReporter}, 2},
              });
}
