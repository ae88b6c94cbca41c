// A person's or business's request without an account (issue 15.2): held until the email
// address is confirmed, filed once as a data request by Actor::Requester, limited per email
// and per client address, and shown to its requester without the province's internal
// exchanges. The engine's service over the in-memory store (the SQLite and MariaDB stores
// keep the same contract: tests/adapters/storage/store_contract_public_request_test.cpp).

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "data_request_fixture.h"
#include "demo_fixture.h"
#include "incidents/engine/public_request_service.h"

namespace {

using namespace incidents::engine;
using namespace incidents::testing;
using namespace std::chrono;

// Plans the confirmation mail as notifications/ would, keeping the links it was given.
struct RecordingMail final : ConfirmationMailPlanner {
  mutable std::vector<ConfirmationLinks> links;
  Result<OutboxRow> PlanConfirmation(const PublicRequest& request, const SubmitCommand& form,
                                     const ConfirmationLinks& l) const override {
    links.push_back(l);
    OutboxRow row;
    row.ticket_id = "public:" + request.code.substr(0, 4);
    row.recipient = form.email.value_or("");
    row.recipient_ref = "requester";
    row.vars = l.confirm;
    return row;
  }
};

struct PublicFixture : DemoFixture {
  RecordingMail mail;
  PublicRequestService requests{store, service, mail, clock};
  int drawn = 0;

  PublicRequestService::Secrets Secrets() {
    ++drawn;
    return {"code-" + std::to_string(drawn) + "-0123456789abcdef", "token-" + std::to_string(drawn)};
  }
  Result<PublicRequest> Create(const SubmitCommand& form, const std::string& client = "192.0.2.10") {
    const auto s = Secrets();
    return requests.Create(form, s, client, {"confirm:" + s.token, "status:" + s.code});
  }
};

SubmitCommand Form(const std::string& email = "lienhe@vinhhy.example") {
  SubmitCommand c = PersonRequest();
  c.email = email;
  return c;
}

}  // namespace

TEST_CASE("public request: held until confirmed, with its mail, and DoICT sees nothing before") {
  PublicFixture f;
  auto held = f.Create(Form());
  REQUIRE(held.ok());
  CHECK(held->code == "code-1-0123456789abcdef");
  CHECK_FALSE(held->ticket_id);
  CHECK(held->token_hash != "token-1");  // only the hash is kept
  CHECK(held->expires_at == held->created_at + hours(48));
  CHECK(f.store.ListTicketIds()->empty());
  const auto mails = f.store.public_mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].recipient == "lienhe@vinhhy.example");
  CHECK(mails[0].vars == "confirm:token-1");
  auto view = f.requests.View(held->code);
  REQUIRE(view.ok());
  CHECK_FALSE(view->ticket);
}

TEST_CASE("public request: a bad form is refused naming the field, and nothing is held") {
  PublicFixture f;
  SubmitCommand agency = Form();
  agency.scope = Scope::kOutsideAgency;
  auto r = f.Create(agency);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK(r.status().message().find("scope") != std::string::npos);
  SubmitCommand no_email = Form();
  no_email.email.reset();
  r = f.Create(no_email);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK(r.status().message().find("email") != std::string::npos);
  SubmitCommand owners = Form();
  owners.owners = {"stnmt"};
  CHECK(f.Create(owners).status().code() == ErrorCode::kInvalidValue);
  SubmitCommand untitled = Form();
  untitled.title = "  ";
  r = f.Create(untitled);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK(r.status().message().find("title") != std::string::npos);
  CHECK(f.store.public_mails().empty());
}

TEST_CASE("public request: at most 3 a day per email (any case) and 10 an hour per client address") {
  PublicFixture f;
  for (int i = 0; i < 3; ++i) REQUIRE(f.Create(Form("A@Example.vn"), "198.51.100." + std::to_string(i)).ok());
  auto fourth = f.Create(Form("a@example.vn"), "198.51.100.9");
  CHECK(fourth.status().code() == ErrorCode::kRateLimited);
  f.clock.Advance(hours(24) + seconds(1));  // the window has passed
  CHECK(f.Create(Form("a@example.vn"), "198.51.100.9").ok());

  for (int i = 0; i < 10; ++i) REQUIRE(f.Create(Form("p" + std::to_string(i) + "@example.vn"), "203.0.113.5").ok());
  CHECK(f.Create(Form("other@example.vn"), "203.0.113.5").status().code() == ErrorCode::kRateLimited);
  CHECK(f.Create(Form("other@example.vn"), "203.0.113.6").ok());
}

TEST_CASE("public request: the mailed token files it once, as the requester, and a wrong or late one files nothing") {
  PublicFixture f;
  auto held = f.Create(Form());
  REQUIRE(held.ok());
  CHECK(f.requests.Confirm(held->code, "token-2").status().code() == ErrorCode::kNotFound);
  CHECK(f.requests.Confirm("no-such-code", "token-1").status().code() == ErrorCode::kNotFound);
  CHECK(f.store.ListTicketIds()->empty());

  auto filed = f.requests.Confirm(held->code, "token-1");
  REQUIRE(filed.ok());
  CHECK(filed->workflow == "data_request");
  CHECK(filed->state == State::kSubmitted);
  CHECK(filed->reporter == "requester");
  CHECK(filed->reporter_org == f.workflow.settings().doict_org);  // addressed to DoICT (Art. 13.1)
  CHECK(filed->request->email == std::optional<std::string>("lienhe@vinhhy.example"));
  auto history = f.service.History(DemoActor("stttt.engineer"), filed->id);
  REQUIRE(history.ok());
  CHECK(history->front().actor == "requester");
  CHECK(history->front().legal_basis == "Art. 13.1");
  // Again (a second click): the same request, not a second one.
  auto again = f.requests.Confirm(held->code, "token-1");
  REQUIRE(again.ok());
  CHECK(again->id == filed->id);
  CHECK(f.store.ListTicketIds()->size() == 1);
  ExpectVerifies(f, filed->id);

  auto late = f.Create(Form("late@example.vn"));
  REQUIRE(late.ok());
  f.clock.Advance(hours(49));
  CHECK(f.requests.Confirm(late->code, "token-2").status().code() == ErrorCode::kNotFound);
  CHECK(f.requests.View(late->code).status().code() == ErrorCode::kNotFound);
  CHECK(f.store.ListTicketIds()->size() == 1);
  CHECK(f.store.PurgeExpiredPublicRequests(f.clock.Now()).value() == 1);
}

TEST_CASE("public request: its requester sees questions and the decision, not consultations, opinions or comments") {
  PublicFixture f;
  auto held = f.Create(Form());
  REQUIRE(held.ok());
  const std::string id = f.requests.Confirm(held->code, "token-1")->id;
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Do(f, "stttt.engineer", id, AskUnits({"stnmt"}));
  Do(f, "stnmt.focal", id, GiveOpinionCommand{"Không đồng ý chia sẻ toàn bộ.", false});
  Do(f, "stttt.engineer", id, CommentCommand{"Ghi chú nội bộ."});
  Do(f, "stttt.engineer", id, RequestInfoCommand{"Xin nêu rõ phạm vi bản đồ."});

  auto view = f.requests.View(held->code);
  REQUIRE(view.ok());
  REQUIRE(view->ticket);
  std::vector<EventType> seen;
  for (const auto& e : view->events) seen.push_back(e.type);
  CHECK(seen == std::vector<EventType>{EventType::kSubmit, EventType::kRequestInfo});
  CHECK(std::count(view->allowed.begin(), view->allowed.end(), EventType::kProvideInfo) == 1);

  // The requester answers, and is refused anything but answering or withdrawing.
  auto answered = f.requests.Act(held->code, ProvideInfoCommand{"Toàn huyện Ninh Hải."});
  REQUIRE(answered.ok());
  CHECK(answered->state == State::kConsulting);
  CHECK(f.requests.Act(held->code, CommentCommand{"Cảm ơn."}).status().code() == ErrorCode::kInvalidValue);
  Do(f, "stttt.coordinator", id, Refusal());
  view = f.requests.View(held->code);
  REQUIRE(view.ok());
  seen.clear();
  for (const auto& e : view->events) seen.push_back(e.type);
  CHECK(seen == std::vector<EventType>{EventType::kSubmit, EventType::kRequestInfo, EventType::kProvideInfo,
                                       EventType::kDecide});
  CHECK(view->allowed.empty());  // decided: nothing left to withdraw
}

TEST_CASE("public request: withdrawn by its requester, and nothing to do before it is filed") {
  PublicFixture f;
  auto held = f.Create(Form());
  REQUIRE(held.ok());
  CHECK(f.requests.Act(held->code, WithdrawCommand{}).status().code() == ErrorCode::kIllegalTransition);
  REQUIRE(f.requests.Confirm(held->code, "token-1").ok());
  auto withdrawn = f.requests.Act(held->code, WithdrawCommand{"Không còn nhu cầu."});
  REQUIRE(withdrawn.ok());
  CHECK(withdrawn->state == State::kWithdrawn);
  CHECK(f.requests.Act("code-9", WithdrawCommand{}).status().code() == ErrorCode::kNotFound);
}
