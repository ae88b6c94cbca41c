// The data-sharing request workflow (Art. 12-13, issue 15.1) on the same engine as the
// incident one: its table and catalog, its citations under the shipped regulation, the life
// of a person's request and of an outside agency's (with the owners' agreement and the
// Chairman), who may fire what, the payload rules, and replay of every history.

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "data_request_fixture.h"
#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/ticket_codec.h"
#include "incidents/workflows/data_request_workflow.h"
#include "incidents/workflows/incident_workflow.h"

namespace {

using namespace incidents::engine;
using namespace incidents::testing;
using incidents::workflows::DataRequestWorkflow;
using incidents::workflows::kDataRequestEventTypes;
using incidents::workflows::kDataRequestStates;
using S = State;
using E = EventType;

std::string Basis(const Ticket& t, E type) {
  const auto regulation = incidents::testing::DemoRegulation();
  auto c = regulation->Cite(regulation->current_version(), type, t, ToPayload(BlankCommand(type)));
  REQUIRE(c.ok());
  return c->basis;
}

}  // namespace

TEST_CASE("data_request: the table has exactly the workflow's states and events, and only submit opens a request") {
  const DataRequestWorkflow w(incidents::testing::DemoWorkflowSettings());
  const WorkflowTable& table = w.Table();
  CHECK(table.name == "data_request");
  CHECK(std::set<State>(table.states.begin(), table.states.end()) ==
        std::set<State>(kDataRequestStates.begin(), kDataRequestStates.end()));
  std::set<EventType> events;
  for (const TransitionSpec& t : table.transitions) {
    events.insert(t.event);
    CHECK(t.from.empty() == (t.event == E::kSubmit));
    CHECK_FALSE(t.actors.empty());
    CHECK_FALSE(t.actor_rule.empty());
  }
  CHECK(events == std::set<EventType>(kDataRequestEventTypes.begin(), kDataRequestEventTypes.end()));
  // Every state but the terminal ones leads somewhere by an event that changes it.
  for (State s : kDataRequestStates) {
    bool leaves = false;
    for (const TransitionSpec& t : table.transitions)
      if (t.to && *t.to != s && std::count(t.from.begin(), t.from.end(), s)) leaves = true;
    INFO(ToString(s));
    CHECK(leaves == !IsTerminal(s));
  }
  // The states the issue names are all there, and none of the incident's own.
  for (State s : {S::kReported, S::kTriage, S::kDoictFixing, S::kPartyFixing, S::kAwaitingMinistry,
                  S::kAwaitingDirector, S::kResolved, S::kRejected})
    CHECK(std::count(table.states.begin(), table.states.end(), s) == 0);
}

TEST_CASE("data_request: the catalog labels every state and event in Vietnamese and English, and has no category") {
  const DataRequestWorkflow w(incidents::testing::DemoWorkflowSettings());
  const WorkflowCatalog& catalog = w.Catalog();
  CHECK(catalog.workflow() == "data_request");
  CHECK(catalog.categories().empty());
  std::set<std::string> vi;
  for (State s : kDataRequestStates) {
    CHECK_FALSE(catalog.Of(s).vi.empty());
    CHECK_FALSE(catalog.Of(s).en.empty());
    vi.insert(catalog.Of(s).vi);
  }
  CHECK(vi.size() == kDataRequestStates.size());  // no two states share a label
  CHECK(catalog.events().size() == kDataRequestEventTypes.size());
  for (E e : kDataRequestEventTypes) {
    CHECK_FALSE(catalog.Event(e).name.vi.empty());
    CHECK(catalog.Has(e));
  }
  CHECK_FALSE(catalog.Has(E::kReport));
  CHECK_THROWS_AS(catalog.Event(E::kReport), std::out_of_range);
  // The shared waiting state is the requester's here, the reporter's in the incident workflow.
  CHECK(catalog.Of(S::kWaitingReporter).vi == "Chờ người yêu cầu bổ sung");
}

TEST_CASE("data_request: each event cites Art. 12 for an outside agency and Art. 13 for a person or business") {
  Ticket agency, person, incident;
  agency.workflow = person.workflow = "data_request";
  agency.scope = Scope::kOutsideAgency;
  person.scope = Scope::kPersonOrBusiness;
  incident.scope = Scope::kOutsideAgency;  // an incident's scope does not move request_info
  CHECK(Basis(agency, E::kSubmit) == "Art. 12.1b");
  CHECK(Basis(person, E::kSubmit) == "Art. 13.1");
  CHECK(Basis(person, E::kConsult) == "Art. 13.2a");
  CHECK(Basis(agency, E::kConsult) == "Art. 12.2");
  CHECK(Basis(person, E::kDecide) == "Art. 13.2b");
  CHECK(Basis(agency, E::kDecide) == "Art. 12.2");
  CHECK(Basis(agency, E::kAgree) == "Art. 12.2");
  CHECK(Basis(person, E::kEscalateChairman) == "Art. 13.2b");
  CHECK(Basis(agency, E::kEscalateChairman) == "Art. 12.2");
  CHECK(Basis(person, E::kRequestInfo) == "Art. 13.1");
  CHECK(Basis(agency, E::kProvideInfo) == "Art. 12.1b");
  CHECK(Basis(incident, E::kRequestInfo) == "Art. 17.1");
  CHECK(Basis(person, E::kWithdraw).empty());  // the system's own procedure, with a note
  // The incident workflow's export keeps citing request_info as one article.
  const auto regulation = incidents::testing::DemoRegulation();
  const auto rule = regulation->RuleOf(regulation->current_version(), E::kRequestInfo, "incident");
  REQUIRE(rule);
  CHECK(rule->by == CitationRule::By::kNothing);
  CHECK(rule->always.basis == "Art. 17.1");
  const auto split = regulation->RuleOf(regulation->current_version(), E::kRequestInfo, "data_request");
  REQUIRE(split);
  CHECK(split->by == CitationRule::By::kScope);
  CHECK(split->cases.size() == 2);
}

TEST_CASE("data_request: a business's request is screened, consulted, granted and closed, and replays") {
  DemoFixture f;
  const std::string id = Submit(f, PersonRequest());
  CHECK(id.rfind("YC-", 0) == 0);
  auto t = f.service.Get(DemoActor("stttt.engineer"), id);
  REQUIRE(t.ok());
  CHECK(t->workflow == "data_request");
  CHECK(t->state == S::kSubmitted);
  REQUIRE(t->request);
  CHECK(t->request->requester_name == "Công ty TNHH Du lịch Vĩnh Hy");
  CHECK(t->request->email == std::optional<std::string>("lienhe@vinhhy.example"));
  CHECK(t->sla.breaches.empty());

  Do(f, "stttt.engineer", id, ScreenCommand{});
  Ticket consulting = Do(f, "stttt.engineer", id, AskUnits({"stnmt", "skhdt"}));
  CHECK(consulting.state == S::kConsulting);
  CHECK(consulting.parties == std::vector<std::string>{"stnmt", "skhdt"});
  CHECK(consulting.request->opinions_due == std::optional<CivilDate>(CivilDate{2026, 3, 13}));
  // The consulted units now see it; an unconcerned agency does not.
  CHECK(f.service.Get(DemoActor("stnmt.focal"), id).ok());
  CHECK(f.service.Get(DemoActor("syt.focal"), id).status().code() == ErrorCode::kNotFound);

  Ticket one = Do(f, "stnmt.focal", id, GiveOpinionCommand{"Đồng ý chia sẻ bản đồ quy hoạch.", true});
  CHECK(one.request->opinions_from == std::vector<std::string>{"stnmt"});
  // Once per unit.
  ExpectRefused(f, DemoActor("stnmt.focal"), id, GiveOpinionCommand{"Ý kiến lần hai", true}, ErrorCode::kForbidden);
  Do(f, "skhdt.focal", id, GiveOpinionCommand{"Không có ý kiến khác.", true});

  // An engineer does not decide; a coordinator does.
  ExpectRefused(f, DemoActor("stttt.engineer"), id, Grant(), ErrorCode::kForbidden);
  Ticket granted = Do(f, "stttt.coordinator", id, Grant());
  CHECK(granted.state == S::kGranted);
  REQUIRE(granted.request->decision);
  CHECK(granted.request->decision->outcome == DecisionOutcome::kGrant);
  CHECK(granted.request->decision->valid_until == std::optional<CivilDate>(CivilDate{2027, 12, 31}));
  CHECK(Do(f, "stttt.engineer", id, CloseCommand{}).state == S::kClosed);

  auto history = f.service.History(DemoActor("stttt.engineer"), id);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 7);
  CHECK(history->front().type == E::kSubmit);
  CHECK(history->front().legal_basis == "Art. 13.1");
  CHECK((*history)[5].legal_basis == "Art. 13.2b");  // decide
  CHECK(VerifyChain(history.value()).ok());
  ExpectVerifies(f, id);
}

TEST_CASE("data_request: an outside agency's grant waits for every owning unit to agree, then is the decision") {
  DemoFixture f;
  const std::string id = Submit(f, AgencyRequest({"stnmt", "skhdt"}));
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Ticket proposed = Do(f, "stttt.coordinator", id, Grant());
  CHECK(proposed.state == S::kAwaitingAgreement);
  REQUIRE(proposed.request->proposal);
  CHECK_FALSE(proposed.request->decision);
  // Not a unit that manages the data.
  ExpectRefused(f, DemoActor("syt.focal"), id, AgreeCommand{}, ErrorCode::kNotFound);
  ExpectRefused(f, DemoActor("stp.focal"), id, AgreeCommand{}, ErrorCode::kNotFound);
  Ticket half = Do(f, "stnmt.focal", id, AgreeCommand{"Thống nhất."});
  CHECK(half.state == S::kAwaitingAgreement);
  CHECK(half.request->agreed_by == std::vector<std::string>{"stnmt"});
  ExpectRefused(f, DemoActor("stnmt.focal"), id, AgreeCommand{}, ErrorCode::kForbidden);  // answered already
  Ticket done = Do(f, "skhdt.focal", id, AgreeCommand{});
  CHECK(done.state == S::kGranted);
  REQUIRE(done.request->decision);
  CHECK(done.request->decision->datasets == Grant().datasets);
  CHECK_FALSE(done.request->proposal);
  auto history = f.service.History(DemoActor("stttt.engineer"), id);
  REQUIRE(history.ok());
  CHECK(history->front().legal_basis == "Art. 12.1b");
  CHECK(history->back().legal_basis == "Art. 12.2");
  ExpectVerifies(f, id);
}

TEST_CASE("data_request: where an owning unit disagrees, the Chairman decides (Art. 12.2)") {
  DemoFixture f;
  const std::string id = Submit(f, AgencyRequest({"stnmt"}));
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Do(f, "stttt.coordinator", id, Grant());
  Ticket disagreed = Do(f, "stnmt.focal", id, DisagreeCommand{"Dữ liệu đang được chỉnh lý."});
  CHECK(disagreed.state == S::kAwaitingAgreement);
  CHECK(disagreed.request->disagreed_by == std::vector<std::string>{"stnmt"});
  ExpectRefused(f, DemoActor("stnmt.focal"), id, AgreeCommand{}, ErrorCode::kForbidden);
  CHECK(Do(f, "stttt.coordinator", id, EscalateChairmanCommand{"Sở và đơn vị quản lý dữ liệu không thống nhất."})
            .state == S::kAwaitingChairman);
  // DoICT does not decide while the Chairman holds it.
  ExpectRefused(f, DemoActor("stttt.coordinator"), id, Grant(), ErrorCode::kForbidden);
  Ticket decided = Do(f, "chairman", id, Grant(DecisionOutcome::kPartial));
  CHECK(decided.state == S::kPartiallyGranted);
  CHECK(decided.request->decision->outcome == DecisionOutcome::kPartial);
  ExpectVerifies(f, id);
}

TEST_CASE("data_request: DoICT's own data needs no other agreement, and a refusal needs none") {
  DemoFixture f;
  const std::string own = Submit(f, AgencyRequest({}));
  Do(f, "stttt.engineer", own, ScreenCommand{});
  CHECK(Do(f, "stttt.coordinator", own, Grant()).state == S::kGranted);
  const std::string refused = Submit(f, AgencyRequest({"stnmt"}));
  Do(f, "stttt.engineer", refused, ScreenCommand{});
  Ticket r = Do(f, "stttt.coordinator", refused, Refusal());
  CHECK(r.state == S::kRefused);
  CHECK(r.request->decision->reason == std::optional<std::string>("Dữ liệu thuộc phạm vi bí mật nhà nước."));
  ExpectVerifies(f, own);
  ExpectVerifies(f, refused);
}

TEST_CASE("data_request: asking the requester pauses where it was asked, and a withdrawn request is over") {
  DemoFixture f;
  const std::string id = Submit(f, PersonRequest());
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Do(f, "stttt.engineer", id, AskUnits({"stnmt"}));
  CHECK(Do(f, "stttt.engineer", id, RequestInfoCommand{"Xin bổ sung phạm vi bản đồ."}).state == S::kWaitingReporter);
  // The requester answers through the public page (an Actor::Requester of this request).
  auto answered = f.service.Apply(Actor::Requester(id), id, ProvideInfoCommand{"Toàn huyện Ninh Hải."});
  REQUIRE(answered.ok());
  CHECK(answered->state == S::kConsulting);
  // Another request's requester does not see this one.
  CHECK(f.service.Apply(Actor::Requester("YC-2026-999999"), id, WithdrawCommand{}).status().code() ==
        ErrorCode::kNotFound);
  // The requester does not comment (comments are among the province's units).
  ExpectRefused(f, Actor::Requester(id), id, CommentCommand{"Xin cảm ơn"}, ErrorCode::kForbidden);
  auto withdrawn = f.service.Apply(Actor::Requester(id), id, WithdrawCommand{"Không còn nhu cầu."});
  REQUIRE(withdrawn.ok());
  CHECK(withdrawn->state == S::kWithdrawn);
  CHECK(IsTerminal(S::kWithdrawn));
  ExpectRefused(f, DemoActor("stttt.coordinator"), id, Grant(), ErrorCode::kIllegalTransition);
  ExpectRefused(f, DemoActor("stttt.engineer"), id, CloseCommand{}, ErrorCode::kIllegalTransition);
  auto history = f.service.History(DemoActor("stttt.engineer"), id);
  REQUIRE(history.ok());
  CHECK(history->back().actor == "requester");
  ExpectVerifies(f, id);
}

TEST_CASE("data_request: bad payloads are refused with the field named, and change nothing") {
  DemoFixture f;
  SubmitCommand intra = PersonRequest();
  intra.scope = Scope::kIntraProvince;
  auto r = f.service.Submit(DemoActor("stttt.engineer"), intra);
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK(r.status().message().find("scope") != std::string::npos);
  SubmitCommand backwards = PersonRequest();
  backwards.period_from = CivilDate{2027, 1, 1};
  backwards.period_to = CivilDate{2026, 1, 1};
  CHECK(f.service.Submit(DemoActor("stttt.engineer"), backwards).status().code() == ErrorCode::kInvalidValue);
  SubmitCommand doict_owner = AgencyRequest({"stttt"});
  CHECK(f.service.Submit(DemoActor("stttt.engineer"), doict_owner).status().code() == ErrorCode::kInvalidValue);
  SubmitCommand unknown_owner = AgencyRequest({"no-such-org"});
  CHECK(f.service.Submit(DemoActor("stttt.engineer"), unknown_owner).status().code() == ErrorCode::kInvalidValue);
  // An agency's staff cannot file one (they share through the platform, Art. 11).
  CHECK(f.service.Submit(DemoActor("stp.reporter"), PersonRequest()).status().code() == ErrorCode::kForbidden);
  CHECK(f.store.ListTicketIds()->empty());

  const std::string id = Submit(f, PersonRequest());
  Do(f, "stttt.engineer", id, ScreenCommand{});
  ConsultCommand nobody = AskUnits({});
  ExpectRefused(f, DemoActor("stttt.engineer"), id, nobody, ErrorCode::kInvalidValue);
  ConsultCommand undated = AskUnits({"stnmt"});
  undated.due.reset();
  ExpectRefused(f, DemoActor("stttt.engineer"), id, undated, ErrorCode::kInvalidValue);
  DecideCommand no_reason = Refusal();
  no_reason.reason.reset();
  ExpectRefused(f, DemoActor("stttt.coordinator"), id, no_reason, ErrorCode::kInvalidValue);
  DecideCommand nothing_granted = Grant();
  nothing_granted.datasets.clear();
  ExpectRefused(f, DemoActor("stttt.coordinator"), id, nothing_granted, ErrorCode::kInvalidValue);
  DecideCommand open_ended = Grant();
  open_ended.valid_until.reset();
  ExpectRefused(f, DemoActor("stttt.coordinator"), id, open_ended, ErrorCode::kInvalidValue);
  DecideCommand partial_without_reason = Grant(DecisionOutcome::kPartial);
  partial_without_reason.reason.reset();
  ExpectRefused(f, DemoActor("stttt.coordinator"), id, partial_without_reason, ErrorCode::kInvalidValue);
  // A submit is never an event on an existing ticket.
  CHECK(f.service.Apply(DemoActor("stttt.engineer"), id, PersonRequest()).status().code() ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("data_request: requests and incidents share the store but each workflow sees its own") {
  DemoFixture f;
  const std::string incident = f.File();
  const std::string request = Submit(f, PersonRequest());
  const Actor doict = DemoActor("stttt.engineer");
  CHECK(f.service.Get(doict, request, "incident").status().code() == ErrorCode::kNotFound);
  CHECK(f.service.Get(doict, incident, "data_request").status().code() == ErrorCode::kNotFound);
  CHECK(f.service.Get(doict, request, "data_request").ok());
  CHECK(f.service.Apply(doict, request, ScreenCommand{}, std::nullopt, nullptr, "incident").status().code() ==
        ErrorCode::kNotFound);
  TicketQuery only_requests;
  only_requests.workflow = "data_request";
  auto page = f.service.List(doict, only_requests);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 1);
  CHECK(page->items.front().id == request);
  TicketQuery only_incidents;
  only_incidents.workflow = "incident";
  page = f.service.List(doict, only_incidents);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 1);
  CHECK(page->items.front().id == incident);
  // An incident event on a request is not a transition of its workflow.
  CHECK(f.service.Apply(doict, request, AcknowledgeCommand{}).status().code() == ErrorCode::kIllegalTransition);
  // allowed_actions asks the request's own workflow.
  auto submitted = f.service.Get(doict, request);
  REQUIRE(submitted.ok());
  const auto allowed = f.service.AllowedActions(doict, submitted.value());
  CHECK(std::count(allowed.begin(), allowed.end(), E::kScreen) == 1);
  CHECK(std::count(allowed.begin(), allowed.end(), E::kAcknowledge) == 0);
}

TEST_CASE("data_request: a request's facts survive the storage form") {
  DemoFixture f;
  const std::string id = Submit(f, AgencyRequest({"stnmt"}));
  Do(f, "stttt.engineer", id, ScreenCommand{});
  Do(f, "stttt.engineer", id, AskUnits({"stnmt"}));
  Do(f, "stnmt.focal", id, GiveOpinionCommand{"Đồng ý.", true});
  const Ticket t = Do(f, "stttt.coordinator", id, Grant());  // no SLA dues: requests have no clocks yet
  auto round = TicketFromStorageJson(TicketToStorageJson(t));
  REQUIRE(round.ok());
  CHECK(round.value() == t);
  // An incident's storage form has no "request" member.
  const std::string incident = f.File();
  auto inc = f.service.Get(DemoActor("stttt.engineer"), incident);
  REQUIRE(inc.ok());
  CHECK(TicketToStorageJson(inc.value()).Find("request") == nullptr);
}
