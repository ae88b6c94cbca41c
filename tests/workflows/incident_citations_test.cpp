// Citations as the incident workflow records them (issue 13): each event records the
// regulation id and version it was decided under and the citation of that version for its
// ticket (scope, category, the reject's grounds); replay holds each event to the version it
// recorded, so histories recorded under version 1 still verify after version 2 corrected
// the citations, and a citation that is not its version's is caught.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/regulation.h"
#include "incidents/engine/ticket_event.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using E = EventType;
using S = State;

const std::string kZeros(64, '0');

std::string FileWith(DemoFixture& f, Scope scope, Category category = Category::kConnectionFailure) {
  ReportCommand report;
  report.category = category;
  report.title = "Không gọi được dịch vụ dữ liệu dân cư";
  report.description = "Dịch vụ trả lỗi 502 từ 8 giờ sáng.";
  report.parties = {"stnmt"};
  report.scope = scope;
  auto t = f.service.Report(DemoActor("stp.reporter"), report);
  REQUIRE(t.ok());
  CHECK(t->scope == scope);
  return t->id;
}

std::vector<TicketEvent> HistoryOf(DemoFixture& f, const std::string& id) {
  auto h = f.store.LoadHistory(id);
  REQUIRE(h.ok());
  return h.value();
}

// report, acknowledge, escalate_chairman, record_chairman_decision (action required: on to
// the parties).
std::string EscalatedAndDecided(DemoFixture& f, Scope scope) {
  const std::string id = FileWith(f, scope);
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Vượt thẩm quyền của Sở"});
  RecordChairmanDecisionCommand decision;
  decision.decision = "Giao Sở Tài nguyên và Môi trường khắc phục trong 5 ngày làm việc.";
  decision.requires_action = true;
  f.Do("chairman", id, decision);
  return id;
}

TEST_CASE("citations: escalations and the Chairman's decision cite by the ticket's scope", "[workflow][citation]") {
  const std::pair<Scope, std::pair<const char*, const char*>> expected[] = {
      {Scope::kIntraProvince, {"Art. 11.2b", "Art. 11.1"}},
      {Scope::kOutsideAgency, {"Art. 12.2", "Art. 12.2"}},
      {Scope::kPersonOrBusiness, {"Art. 13.2b", "Art. 13.2b"}},
  };
  for (const auto& [scope, bases] : expected) {
    INFO(ToString(scope));
    DemoFixture f;
    const auto h = HistoryOf(f, EscalatedAndDecided(f, scope));
    REQUIRE(h.size() == 4);
    CHECK(h[0].payload.at("scope").as_string() == std::string(ToString(scope)));
    CHECK(h[2].type == E::kEscalateChairman);
    CHECK(h[2].legal_basis == bases.first);
    CHECK(h[3].type == E::kRecordChairmanDecision);
    CHECK(h[3].legal_basis == bases.second);
    for (const TicketEvent& e : h) {
      CHECK(e.regulation_id == "qd-57-2020-ubnd-ninhthuan");
      CHECK(e.regulation_version == DemoRegulation()->current_version());
    }
    CHECK(Replay(f.workflow, h).ok());
  }
}

TEST_CASE("citations: reopen cites its category's item of Art. 16, reject its grounds", "[workflow][citation]") {
  DemoFixture f;
  const std::string id = FileWith(f, Scope::kIntraProvince, Category::kSharingDisagreement);
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.Do("stttt.engineer", id, AssignDoictCommand{});
  f.Do("stttt.engineer", id, ResolveCommand{"Đã thống nhất nội dung chia sẻ"});
  f.Do("stp.reporter", id, ReopenCommand{"Bên kia chưa áp dụng"});
  CHECK(HistoryOf(f, id).back().legal_basis == "Art. 16.3");

  const std::string secret = FileWith(f, Scope::kIntraProvince);
  f.Do("stttt.engineer", secret, AcknowledgeCommand{});
  RejectCommand reject{"Dữ liệu thuộc danh mục bí mật Nhà nước", std::nullopt};
  reject.grounds = RejectGrounds::kStateSecret;
  f.Do("stttt.coordinator", secret, reject);
  CHECK(HistoryOf(f, secret).back().legal_basis == "Art. 1.2");
  CHECK(HistoryOf(f, secret).back().payload.at("grounds").as_string() == "state_secret");

  const std::string dup = FileWith(f, Scope::kIntraProvince);
  f.Do("stttt.engineer", dup, AcknowledgeCommand{});
  f.Do("stttt.coordinator", dup, RejectCommand{"Trùng phiếu trước", secret});
  CHECK(HistoryOf(f, dup).back().legal_basis.empty());
  for (const std::string& t : {id, secret, dup}) CHECK(Replay(f.workflow, HistoryOf(f, t)).ok());
}

// The history as the product recorded it before issue 13: no regulation recorded, the
// citations of version 1, the hashes those fields make.
std::vector<TicketEvent> AsRecordedBeforeVersions(std::vector<TicketEvent> events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    TicketEvent& e = events[i];
    e.regulation_id.clear();
    e.regulation_version = 0;
    auto c = DemoRegulation()->Cite(1, e.type, Ticket{}, e.payload);
    REQUIRE(c.ok());
    e.legal_basis = c->basis;
    e.prev_hash = i == 0 ? kZeros : events[i - 1].hash;
    e.hash = ComputeEventHash(e);
  }
  return events;
}

TEST_CASE("citations: a history recorded under version 1 still verifies, and is held to version 1",
          "[workflow][citation][replay]") {
  DemoFixture f;
  const std::string id = EscalatedAndDecided(f, Scope::kIntraProvince);
  f.Do("stnmt.focal", id, ResolveCommand{"Đã khắc phục"});
  f.Do("stp.reporter", id, ConfirmCommand{});
  const auto legacy = AsRecordedBeforeVersions(HistoryOf(f, id));
  REQUIRE(legacy.size() == 6);
  CHECK(legacy[2].legal_basis == "Art. 12.2, 13.2b");  // what version 1 cited for every ticket
  CHECK(legacy[5].legal_basis == "Art. 17");
  REQUIRE(VerifyChain(legacy).ok());
  auto replayed = Replay(f.workflow, legacy);
  INFO(replayed.status().ToString());
  REQUIRE(replayed.ok());
  CHECK(replayed->state == S::kClosed);

  SECTION("a legacy event carrying the corrected citation is caught") {
    auto forged = legacy;
    forged[2].legal_basis = "Art. 11.2b";
    auto r = Replay(f.workflow, forged);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 3") && Contains("version 1"));
  }
  SECTION("an event claiming the current version with version 1's citation is caught") {
    auto forged = HistoryOf(f, id);
    forged[2].legal_basis = "Art. 12.2, 13.2b";
    auto r = Replay(f.workflow, forged);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Contains("version " + std::to_string(DemoRegulation()->current_version())));
  }
  SECTION("an event recorded under a version the file does not have is caught") {
    auto forged = HistoryOf(f, id);
    forged[1].regulation_version = DemoRegulation()->current_version() + 1;
    auto r = Replay(f.workflow, forged);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 2"));
  }
  SECTION("an event recorded under version 0 is caught, not taken for the current version") {
    auto forged = HistoryOf(f, id);
    forged[1].regulation_version = 0;
    auto r = Replay(f.workflow, forged);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Contains("event 2") && Contains("regulation version 0"));
  }
  SECTION("an event recorded under another regulation is caught") {
    auto forged = HistoryOf(f, id);
    forged[0].regulation_id = "qd-99-2030-ubnd-khanhhoa";
    auto r = Replay(f.workflow, forged);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Contains("qd-99-2030-ubnd-khanhhoa"));
  }
  SECTION("the regulation recorded is part of the hash") {
    auto forged = HistoryOf(f, id);
    const std::string before = ComputeEventHash(forged[1]);
    forged[1].regulation_version = 1;
    CHECK(ComputeEventHash(forged[1]) != before);
    CHECK_FALSE(VerifyChain(forged).ok());
  }
}

}  // namespace
}  // namespace incidents::testing
