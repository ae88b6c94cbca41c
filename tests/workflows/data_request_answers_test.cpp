// Who answers a data-sharing request, and for whom: a focal point answers for a unit the
// event records (so that a replay does not depend on whom they act for today); only the
// units that manage the data are asked to agree (Art. 12.2), not every unit consulted for an
// opinion (13.2a); the Chairman's decision names who signed it and, recorded by the office,
// the signed document.

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "data_request_fixture.h"
#include "demo_fixture.h"

namespace {

using namespace incidents::engine;
using namespace incidents::testing;
using S = State;

std::string PayloadText(const TicketEvent& e, const std::string& key) {
  auto it = e.payload.find(key);
  return it != e.payload.end() && it->second.is_string() ? it->second.as_string() : std::string();
}

TicketEvent LastEvent(DemoFixture& f, const std::string& id) {
  auto history = f.service.History(DemoActor("stttt.engineer"), id);
  REQUIRE(history.ok());
  REQUIRE_FALSE(history->empty());
  return history->back();
}

}  // namespace

TEST_CASE("data_request: an answer records its unit, so a focal point acting for a successor's unit replays") {
  DemoFixture f;
  const std::string id = Submit(f, AgencyRequest({"stnmt", "skhdt"}));
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Do(f, "stttt.engineer", id, AskUnits({"stnmt"}));
  // skhdt's focal point also acts for stnmt (Chapter VI: a unit merged into another).
  Actor successor = DemoActor("skhdt.focal");
  successor.acting_for.insert("stnmt");
  auto opinion = f.service.Apply(successor, id, GiveOpinionCommand{"Đồng ý chia sẻ.", true});
  REQUIRE(opinion.ok());
  CHECK(opinion->request->opinions_from == std::vector<std::string>{"stnmt"});
  CHECK(PayloadText(LastEvent(f, id), "unit") == "stnmt");  // picked, and recorded
  CHECK(LastEvent(f, id).actor_org == "skhdt");

  Do(f, "stttt.coordinator", id, Grant());
  // Named explicitly: skhdt's own answer first, then stnmt's, by the same person.
  AgreeCommand own;
  own.unit = "skhdt";
  auto half = f.service.Apply(successor, id, own);
  REQUIRE(half.ok());
  CHECK(half->request->agreed_by == std::vector<std::string>{"skhdt"});
  CHECK(half->state == S::kAwaitingAgreement);
  // A unit they do not answer for, or one that has answered, is refused.
  AgreeCommand foreign;
  foreign.unit = "syt";
  ExpectRefused(f, successor, id, foreign, ErrorCode::kForbidden);
  ExpectRefused(f, successor, id, own, ErrorCode::kForbidden);
  auto done = f.service.Apply(successor, id, AgreeCommand{});
  REQUIRE(done.ok());
  CHECK(done->state == S::kGranted);
  CHECK(PayloadText(LastEvent(f, id), "unit") == "stnmt");
  // Replay reads each unit from its event, not from the actor's org (skhdt for all three).
  ExpectVerifies(f, id);
}

TEST_CASE("data_request: a unit consulted for its opinion is not asked to agree, only the owners are (Art. 12.2)") {
  DemoFixture f;
  const std::string id = Submit(f, AgencyRequest({"stnmt"}));
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Ticket consulting = Do(f, "stttt.engineer", id, AskUnits({"skhdt"}));
  CHECK(consulting.request->owners == std::vector<std::string>{"stnmt"});
  CHECK(consulting.parties == std::vector<std::string>{"stnmt", "skhdt"});  // both see it
  Do(f, "skhdt.focal", id, GiveOpinionCommand{"Không có ý kiến khác.", true});
  Ticket proposed = Do(f, "stttt.coordinator", id, Grant());
  CHECK(proposed.state == S::kAwaitingAgreement);
  // skhdt gave an opinion; it does not manage the data, so it neither agrees nor blocks.
  ExpectRefused(f, DemoActor("skhdt.focal"), id, AgreeCommand{}, ErrorCode::kForbidden);
  ExpectRefused(f, DemoActor("skhdt.focal"), id, DisagreeCommand{"Không đồng ý."}, ErrorCode::kForbidden);
  // The one owner's agreement completes it.
  CHECK(Do(f, "stnmt.focal", id, AgreeCommand{}).state == S::kGranted);
  ExpectVerifies(f, id);

  // A consultation alone never makes an outside agency's grant wait: DoICT's own data.
  const std::string own = Submit(f, AgencyRequest({}));
  Do(f, "stttt.engineer", own, ScreenCommand{});
  Do(f, "stttt.engineer", own, AskUnits({"stnmt"}));
  CHECK(Do(f, "stttt.coordinator", own, Grant()).state == S::kGranted);
  ExpectVerifies(f, own);
}

TEST_CASE("data_request: the Chairman's decision names its signer, and the office's names the signed document") {
  DemoFixture f;
  auto escalated = [&] {
    const std::string id = Submit(f, AgencyRequest({"stnmt"}));
    Do(f, "stttt.engineer", id, ScreenCommand{});
    Do(f, "stttt.coordinator", id, Grant());
    Do(f, "stnmt.focal", id, DisagreeCommand{"Dữ liệu đang được chỉnh lý."});
    Do(f, "stttt.coordinator", id, EscalateChairmanCommand{"Không thống nhất được với đơn vị quản lý dữ liệu."});
    return id;
  };

  SECTION("the Chairman deciding is the signer") {
    const std::string id = escalated();
    Ticket t = Do(f, "chairman", id, Refusal());
    REQUIRE(t.request->decision);
    CHECK(t.request->decision->signer == std::optional<std::string>("chairman"));
    CHECK(t.request->decision->signed_as == std::optional<SignedAs>(SignedAs::kChairman));
    CHECK(PayloadText(LastEvent(f, id), "signer") == "chairman");
    ExpectVerifies(f, id);
  }
  SECTION("the office names the Vice-Chairman who signed, and the document") {
    const std::string id = escalated();
    const Actor office = DemoActor("vp-ubnd.office");
    // The office is offered the decision (its form asks for the signer).
    const auto allowed = f.service.AllowedActions(office, f.service.Get(office, id).value());
    CHECK(std::count(allowed.begin(), allowed.end(), EventType::kDecide) == 1);
    // Without a signer: 422, nothing changes.
    ExpectRefused(f, office, id, Refusal(), ErrorCode::kInvalidValue);
    DecideCommand signed_decision = Grant(DecisionOutcome::kPartial);
    signed_decision.signer = "vice.chairman";
    signed_decision.signed_as = SignedAs::kViceChairman;
    // ... nor without the document it signed.
    ExpectRefused(f, office, id, signed_decision, ErrorCode::kInvalidValue);
    // ... nor naming someone who is not the Chairman or a Vice-Chairman.
    DecideCommand wrong_signer = signed_decision;
    wrong_signer.signer = "stttt.coordinator";
    wrong_signer.document_number = "12/QĐ-UBND";
    wrong_signer.document_date = CivilDate{2026, 4, 2};
    ExpectRefused(f, office, id, wrong_signer, ErrorCode::kInvalidValue);
    signed_decision.document_number = "12/QĐ-UBND";
    signed_decision.document_date = CivilDate{2026, 4, 2};
    Ticket t = Do(f, "vp-ubnd.office", id, signed_decision);
    CHECK(t.state == S::kPartiallyGranted);
    CHECK(t.request->decision->signer == std::optional<std::string>("vice.chairman"));
    CHECK(t.request->decision->signed_as == std::optional<SignedAs>(SignedAs::kViceChairman));
    CHECK(t.request->decision->document_number == std::optional<std::string>("12/QĐ-UBND"));
    ExpectVerifies(f, id);
  }
  SECTION("DoICT's own decision names no signer") {
    const std::string id = Submit(f, PersonRequest());
    Do(f, "stttt.engineer", id, ScreenCommand{});
    DecideCommand signed_by_doict = Refusal();
    signed_by_doict.signer = "chairman";
    ExpectRefused(f, DemoActor("stttt.coordinator"), id, signed_by_doict, ErrorCode::kInvalidValue);
    Ticket t = Do(f, "stttt.coordinator", id, Refusal());
    CHECK_FALSE(t.request->decision->signer);
    CHECK_FALSE(t.request->decision->signed_as);
    // ... in its record either: no signature is claimed for it.
    CHECK(LastEvent(f, id).payload.at("signed_as").is_null());
    CHECK(LastEvent(f, id).payload.at("signer").is_null());
  }
}
