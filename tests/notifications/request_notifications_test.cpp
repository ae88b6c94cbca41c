// Notifications of data-sharing requests (issue 15.3): the routing rules name their
// workflow, the `requester`, `consulted` and `owners` roles, the request's message
// variables, the "<event>.<workflow>" templates, the links, and the requester's contact
// kept out of the logs. Driven on real requests of the demo directory (DemoFixture, whose
// TicketService runs both workflows) with the default routing rules.

#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "catch_string_makers.h"
#include "demo_fixture.h"
#include "in_memory_outbox_store.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/notifications/dispatcher.h"
#include "incidents/notifications/message_link.h"
#include "incidents/notifications/notification_router.h"
#include "incidents/notifications/routing_rules.h"
#include "incidents/notifications/templates.h"
#include "incidents/workflows/incident_workflow.h"
#include "manual_millis_clock.h"
#include "recording_channel.h"

namespace {

using namespace incidents::engine;
using incidents::notifications::DefaultNotificationRules;
using incidents::notifications::MessageVars;
using incidents::notifications::NotificationRouter;
using incidents::notifications::NotificationRule;
using incidents::notifications::RecipientRole;
using incidents::notifications::RulesFromJson;
using incidents::notifications::RulesToJson;
using incidents::notifications::TemplateSet;
using incidents::testing::DemoActor;
using incidents::testing::DemoFixture;

constexpr char kRequesterEmail[] = "lienhe@vinhhy.example";
constexpr char kRequesterPhone[] = "0912345678";
const std::string kTemplates = std::string(INCIDENTS_SOURCE_DIR) + "/config/templates";

SubmitCommand PersonRequest() {
  SubmitCommand c;
  c.scope = Scope::kPersonOrBusiness;
  c.title = "Dữ liệu quy hoạch sử dụng đất huyện Ninh Hải";
  c.data_wanted = "Bản đồ quy hoạch sử dụng đất đến năm 2030, định dạng shapefile.";
  c.purpose = "Lập dự án đầu tư khu du lịch sinh thái.";
  c.legal_basis = "Luật Đất đai 2024, Điều 76.";
  c.requester_name = "Nguyễn Văn An";
  c.organisation = "Công ty TNHH Du lịch Vĩnh Hy";
  c.email = kRequesterEmail;
  c.phone = kRequesterPhone;
  return c;
}

SubmitCommand AgencyRequest(std::vector<std::string> owners) {
  SubmitCommand c;
  c.scope = Scope::kOutsideAgency;
  c.title = "Dữ liệu đăng ký doanh nghiệp tỉnh Ninh Thuận";
  c.data_wanted = "Danh sách doanh nghiệp đăng ký mới năm 2026.";
  c.purpose = "Đối soát dữ liệu với cơ sở dữ liệu quốc gia.";
  c.legal_basis = "Nghị định 47/2020/NĐ-CP.";
  c.requester_name = "Cục Thống kê";
  c.email = "vanthu@gso.example";
  c.portal_reference = "CDLQG-2026-000123";
  c.owners = std::move(owners);
  return c;
}

DecideCommand Grant() {
  DecideCommand d;
  d.outcome = DecisionOutcome::kGrant;
  d.datasets = {"Quy hoạch sử dụng đất 2030 (shapefile)", "Bản đồ hành chính"};
  d.conditions = "Chỉ dùng cho mục đích đã nêu.";
  d.valid_until = CivilDate{2027, 12, 31};
  return d;
}

ConsultCommand AskUnits(std::vector<std::string> units) {
  ConsultCommand c;
  c.units = std::move(units);
  c.question = "Đề nghị cho ý kiến về việc chia sẻ dữ liệu.";
  c.due = CivilDate{2026, 3, 13};
  return c;
}

struct RequestFixture : DemoFixture {
  std::string Submit(const SubmitCommand& c) {
    auto t = service.Submit(DemoActor("stttt.engineer"), c);
    INFO(t.status().ToString());
    REQUIRE(t.ok());
    return t->id;
  }
  void Do(const std::string& username, const std::string& id, const Command& command) {
    auto t = service.Apply(DemoActor(username), id, command);
    INFO(username << " " << ToString(TypeOf(command)) << ": " << t.status().ToString());
    REQUIRE(t.ok());
  }
  // The router of incidentd: both workflows' catalogs.
  NotificationRouter Router(std::vector<NotificationRule> rules = DefaultNotificationRules(),
                            const std::string& locale = "vi") {
    return NotificationRouter(std::move(rules), workflow.settings(), {&workflow.Catalog(), &data_requests.Catalog()},
                              directory, locale);
  }
  // The rows of the newest event of ticket `id`.
  std::vector<OutboxRow> Rows(const NotificationRouter& router, const std::string& id) {
    auto ticket = store.LoadTicket(id);
    auto history = store.LoadHistory(id);
    REQUIRE(ticket.ok());
    REQUIRE(history.ok());
    auto rows = router.Plan(ticket.value(), history->back());
    INFO(rows.status().ToString());
    REQUIRE(rows.ok());
    return rows.value();
  }
  static std::set<std::string> Targets(const std::vector<OutboxRow>& rows) {
    std::set<std::string> out;
    for (const auto& r : rows) out.insert(r.recipient_ref + " " + std::string(ToString(r.channel)));
    return out;
  }
  static const OutboxRow& RowTo(const std::vector<OutboxRow>& rows, const std::string& ref,
                                NotificationChannel ch = NotificationChannel::kEmail) {
    for (const auto& r : rows)
      if (r.recipient_ref == ref && r.channel == ch) return r;
    FAIL("no row to " << ref);
    return rows.front();
  }
  static MessageVars Vars(const OutboxRow& row) {
    auto v = MessageVars::FromJson(row.vars);
    REQUIRE(v.ok());
    return v.value();
  }
};

std::vector<NotificationRule> RulesOf(const std::string& workflow) {
  std::vector<NotificationRule> out;
  for (auto& r : DefaultNotificationRules())
    if (r.workflow == workflow) out.push_back(std::move(r));
  return out;
}

}  // namespace

// ---- routing ----------------------------------------------------------------------------

TEST_CASE("request routing: a business's request reaches DoICT, the units consulted and the requester",
          "[router][data_request]") {
  RequestFixture f;
  const NotificationRouter router = f.Router();
  const std::string id = f.Submit(PersonRequest());

  // submit: DoICT's focal point, by email; the requester hears nothing of their own filing.
  auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email"});
  MessageVars v = f.Vars(rows.front());
  CHECK(v.workflow == "data_request");
  CHECK(v.state == "submitted");
  CHECK(v.state_label == "Chờ tiếp nhận");  // the request catalog's label
  CHECK(v.category.empty());
  CHECK(v.category_label.empty());
  CHECK(v.requester_name == "Nguyễn Văn An");
  CHECK(v.payload_text == PersonRequest().data_wanted);
  CHECK_THAT(v.citation, Catch::StartsWith("Căn cứ: khoản 1 Điều 13"));

  f.Do("stttt.engineer", id, ScreenCommand{});
  CHECK(f.Rows(router, id).empty());

  // consult: each unit's focal point, by email and SMS, with the due date.
  f.Do("stttt.engineer", id, AskUnits({"stnmt", "skhdt"}));
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) ==
        std::set<std::string>{"org:stnmt email", "org:stnmt sms", "org:skhdt email", "org:skhdt sms"});
  CHECK(f.RowTo(rows, "org:stnmt").recipient == "focal@stnmt.ninhthuan.example");
  v = f.Vars(f.RowTo(rows, "org:skhdt"));
  CHECK(v.due_date == "13/03/2026");
  CHECK(v.org_name == "Sở Kế hoạch và Đầu tư");
  CHECK(v.state_label == "Đang lấy ý kiến đơn vị liên quan");
  CHECK(v.payload_text == "Đề nghị cho ý kiến về việc chia sẻ dữ liệu.");

  // give_opinion: DoICT.
  f.Do("stnmt.focal", id, GiveOpinionCommand{"Đồng ý chia sẻ.", true});
  CHECK(f.Targets(f.Rows(router, id)) == std::set<std::string>{"org:stttt email"});

  // request_info: the requester, by email only, at the request's own address.
  f.Do("stttt.engineer", id, RequestInfoCommand{"Xin bổ sung phạm vi bản đồ."});
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"requester email"});
  CHECK(rows.front().recipient == kRequesterEmail);
  CHECK(f.Vars(rows.front()).org_name == "Công ty TNHH Du lịch Vĩnh Hy");
  f.Do("stttt.engineer", id, ProvideInfoCommand{"Phạm vi: toàn huyện Ninh Hải."});
  CHECK(f.Targets(f.Rows(router, id)) == std::set<std::string>{"org:stttt email"});

  // decide: DoICT and the requester, with the decision in the variables.
  f.Do("stttt.coordinator", id, Grant());
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "requester email"});
  const OutboxRow& to_requester = f.RowTo(rows, "requester");
  CHECK(to_requester.recipient == kRequesterEmail);
  CHECK(to_requester.idempotency_key == id + ":" + std::to_string(to_requester.event_seq) + ":email:requester");
  v = f.Vars(to_requester);
  CHECK(v.outcome == "grant");
  CHECK(v.outcome_label == "Đồng ý chia sẻ");
  CHECK(v.datasets == "Quy hoạch sử dụng đất 2030 (shapefile); Bản đồ hành chính");
  CHECK(v.valid_until == "31/12/2027");
  CHECK(v.conditions == "Chỉ dùng cho mục đích đã nêu.");
  CHECK_THAT(v.decision_text, Catch::StartsWith("Kết quả: Đồng ý chia sẻ\n") &&
                                  Catch::Contains("Thời hạn khai thác, sử dụng đến ngày: 31/12/2027"));
  // The contact is in the row's recipient only: never in its variables or key.
  for (const auto& row : rows) {
    CHECK_THAT(row.vars, !Catch::Contains(kRequesterEmail) && !Catch::Contains(kRequesterPhone));
    CHECK_THAT(row.idempotency_key, !Catch::Contains("@"));
  }

  // close: the requester.
  f.Do("stttt.engineer", id, CloseCommand{});
  CHECK(f.Targets(f.Rows(router, id)) == std::set<std::string>{"requester email"});
}

TEST_CASE("request routing: the owning units are asked to agree, and the requester hears of the decision only once "
          "it is one", "[router][data_request]") {
  RequestFixture f;
  const NotificationRouter router = f.Router();
  const std::string id = f.Submit(AgencyRequest({"stnmt", "skhdt"}));
  f.Do("stttt.engineer", id, ScreenCommand{});
  f.Do("stttt.coordinator", id, Grant());  // a proposal: awaiting_agreement
  auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "org:stnmt email", "org:stnmt sms",
                                                 "org:skhdt email", "org:skhdt sms"});
  CHECK(f.Vars(rows.front()).outcome == "grant");
  f.Do("stnmt.focal", id, AgreeCommand{"Thống nhất."});
  CHECK(f.Targets(f.Rows(router, id)) == std::set<std::string>{"org:stttt email"});
  f.Do("skhdt.focal", id, AgreeCommand{});  // the last owner: now the decision
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "requester email"});
  CHECK(f.RowTo(rows, "requester").recipient == "vanthu@gso.example");
  const MessageVars v = f.Vars(f.RowTo(rows, "requester"));
  CHECK(v.state == "granted");
  CHECK(v.outcome_label == "Đồng ý chia sẻ");  // from the request's decision
  CHECK(v.org_name == "Cục Thống kê");
}

TEST_CASE("request routing: an escalation reaches the Chairman's office only, never by the incident rules",
          "[router][data_request]") {
  RequestFixture f;
  const NotificationRouter router = f.Router();
  const std::string id = f.Submit(AgencyRequest({"stnmt"}));
  f.Do("stttt.engineer", id, ScreenCommand{});
  f.Do("stttt.coordinator", id, Grant());
  f.Do("stnmt.focal", id, DisagreeCommand{"Dữ liệu đang được chỉnh lý."});
  CHECK(f.Targets(f.Rows(router, id)) == std::set<std::string>{"org:stttt email"});
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Sở và đơn vị quản lý dữ liệu không thống nhất."});
  // Not the parties ("escalation to the parties" is an incident rule).
  const auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:vp-ubnd email", "org:vp-ubnd sms"});
  CHECK(f.Vars(rows.front()).state_label == "Chờ Chủ tịch UBND tỉnh quyết định");
}

TEST_CASE("request routing: an incident rule never fires for a request, nor a request rule for an incident",
          "[router][data_request]") {
  RequestFixture f;
  // The same event type, comment, in a rule of each workflow.
  NotificationRule incident_comments{"comments", {EventType::kComment}, {}, {}, {}, {},
                                     {RecipientRole::kProvincialFocal}, {NotificationChannel::kEmail}};
  NotificationRule request_comments = incident_comments;
  request_comments.workflow = "data_request";
  const std::string request = f.Submit(PersonRequest());
  const std::string incident = f.File();
  f.Do("stttt.engineer", request, CommentCommand{"Ghi chú về yêu cầu"});
  f.Do("stttt.engineer", incident, CommentCommand{"Ghi chú về phiếu"});
  CHECK(f.Rows(f.Router({incident_comments}), request).empty());
  CHECK(f.Rows(f.Router({request_comments}), incident).empty());
  CHECK(f.Targets(f.Rows(f.Router({incident_comments}), incident)) == std::set<std::string>{"org:stttt email"});
  CHECK(f.Targets(f.Rows(f.Router({request_comments}), request)) == std::set<std::string>{"org:stttt email"});

  // The whole default sets: the incident rules route no event of a request's life, the
  // request rules no event of an incident's.
  const NotificationRouter incidents_only = f.Router(RulesOf("incident"));
  const NotificationRouter requests_only = f.Router(RulesOf("data_request"));
  const std::string id = f.Submit(AgencyRequest({"stnmt"}));
  CHECK(f.Rows(incidents_only, id).empty());
  f.Do("stttt.engineer", id, ScreenCommand{});
  f.Do("stttt.engineer", id, AskUnits({"skhdt"}));
  CHECK(f.Rows(incidents_only, id).empty());
  f.Do("stttt.coordinator", id, Grant());
  CHECK(f.Rows(incidents_only, id).empty());
  f.Do("stnmt.focal", id, DisagreeCommand{"Chưa thống nhất."});
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Không thống nhất."});
  CHECK(f.Rows(incidents_only, id).empty());
  CHECK_FALSE(f.Rows(requests_only, id).empty());
  const std::string filed = f.File();
  CHECK(f.Rows(requests_only, filed).empty());
  CHECK_FALSE(f.Rows(incidents_only, filed).empty());
  f.Do("stttt.engineer", filed, AcknowledgeCommand{});
  f.Do("stttt.coordinator", filed, EscalateChairmanCommand{"Vượt thẩm quyền"});
  CHECK(f.Rows(requests_only, filed).empty());
  CHECK_FALSE(f.Rows(incidents_only, filed).empty());

  // A router given only the incident catalog speaks for incidents only (as before 15.3).
  const NotificationRouter incident_router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(),
                                           f.directory);
  CHECK(f.Rows(incident_router, id).empty());
}

TEST_CASE("request routing: the requester role reaches nobody when the request gives no contact",
          "[router][data_request]") {
  RequestFixture f;
  SubmitCommand c = AgencyRequest({});
  c.email.reset();
  const std::string id = f.Submit(c);
  f.Do("stttt.engineer", id, ScreenCommand{});
  f.Do("stttt.coordinator", id, RequestInfoCommand{"Xin gửi công văn đề nghị."});
  CHECK(f.Rows(f.Router(), id).empty());
  // With an SMS rule, a phone is reached by SMS.
  NotificationRule sms{"question by SMS", {EventType::kRequestInfo}, {}, {}, {}, {}, {RecipientRole::kRequester},
                       {NotificationChannel::kEmail, NotificationChannel::kSms}};
  sms.workflow = "data_request";
  const std::string person = f.Submit(PersonRequest());
  f.Do("stttt.engineer", person, ScreenCommand{});
  f.Do("stttt.engineer", person, RequestInfoCommand{"Xin bổ sung."});
  const auto rows = f.Rows(f.Router({sms}), person);
  CHECK(f.Targets(rows) == std::set<std::string>{"requester email", "requester sms"});
  CHECK(f.RowTo(rows, "requester", NotificationChannel::kSms).recipient == kRequesterPhone);
}

// ---- rules as data ----------------------------------------------------------------------

TEST_CASE("request rules: a rule names its workflow, 'incident' when it does not, and an unknown one is refused",
          "[router][data_request]") {
  auto parse = [](const std::string& text) {
    auto json = ParseJson(text);
    REQUIRE(json.ok());
    return RulesFromJson(json.value());
  };
  auto old = parse(R"([{"name":"old","events":["report"],"recipients":["provincial_focal"],"channels":["email"]}])");
  REQUIRE(old.ok());
  CHECK(old->front().workflow == "incident");
  auto request = parse(R"([{"name":"r","workflow":"data_request","events":["consult"],"recipients":["consulted"],
                            "channels":["email"]}])");
  REQUIRE(request.ok());
  CHECK(request->front().workflow == "data_request");
  CHECK(request->front().recipients == std::vector<RecipientRole>{RecipientRole::kConsulted});
  for (const char* bad : {R"("bogus")", "1", R"("Incident")"}) {
    CAPTURE(bad);
    auto refused = parse(std::string(R"([{"name":"strange rule","workflow":)") + bad +
                         R"(,"events":["report"],"recipients":["provincial_focal"],"channels":["email"]}])");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == ErrorCode::kInvalidValue);
    CHECK_THAT(refused.status().message(), Catch::Contains("'strange rule'") && Catch::Contains("workflow"));
  }
  CHECK_THAT(parse(R"([{"name":"x","workflow":"bogus","events":["report"],"recipients":["parties"],
                        "channels":["email"]}])").status().message(), Catch::Contains("'bogus'"));
  // The JSON form names every rule's workflow and round-trips it.
  const auto defaults = DefaultNotificationRules();
  const JsonValue json = RulesToJson(defaults);
  auto back = RulesFromJson(json);
  REQUIRE(back.ok());
  REQUIRE(back->size() == defaults.size());
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    CHECK(json.as_array()[i].Find("workflow") != nullptr);
    CHECK((*back)[i].workflow == defaults[i].workflow);
  }
  for (RecipientRole r : {RecipientRole::kRequester, RecipientRole::kConsulted, RecipientRole::kOwners})
    CHECK(incidents::notifications::ParseRecipientRole(incidents::notifications::ToString(r)) == r);
}

// ---- stored variables -------------------------------------------------------------------

TEST_CASE("request vars: a row stored before issue 15.3, without workflow, reads as an incident's",
          "[router][data_request]") {
  MessageVars v;
  for (const auto& [name, member] : MessageVars::kMembers) v.*member = "giá trị " + std::string(name);
  auto json = ParseJson(v.ToJson());
  REQUIRE(json.ok());
  for (const char* key : {"workflow", "requester_name", "due_date", "outcome", "outcome_label", "datasets",
                          "conditions", "valid_until", "reason", "decision_text"})
    json->as_object().erase(key);
  auto old = MessageVars::FromJson(ToCanonicalJson(json.value()));
  REQUIRE(old.ok());
  CHECK(old->workflow == "incident");
  CHECK(old->decision_text.empty());
  CHECK(old->due_date.empty());
  CHECK(old->ticket_id == "giá trị ticket_id");
  CHECK(old->citation == "giá trị citation");
  // A row that has the workflow must have every member that came with it.
  auto full = ParseJson(v.ToJson());
  full->as_object().erase("decision_text");
  auto partial = MessageVars::FromJson(ToCanonicalJson(full.value()));
  REQUIRE_FALSE(partial.ok());
  CHECK_THAT(partial.status().message(), Catch::Contains("'decision_text'"));
  CHECK(MessageVars{}.workflow == "incident");
}

// ---- templates and links ----------------------------------------------------------------

TEST_CASE("request templates: a request's '<event>.<workflow>' template wins over the event's and its state's",
          "[templates][data_request]") {
  for (const char* locale : {"vi", "en"}) {
    CAPTURE(locale);
    auto set = TemplateSet::Load(kTemplates, locale, {});
    REQUIRE(set.ok());
    MessageVars v;
    v.ticket_id = "YC-2026-000001";
    v.title = "TITLE-MARK";
    v.state = "awaiting_chairman";
    auto vars = v.ForTemplate("LINK-MARK");
    vars["workflow"] = "data_request";
    auto request = set->Render("escalate_chairman", vars);
    REQUIRE(request.ok());
    vars["workflow"] = "incident";
    auto incident = set->Render("escalate_chairman", vars);
    REQUIRE(incident.ok());
    const bool vi = std::string(locale) == "vi";
    CHECK_THAT(request->subject, Catch::Contains(vi ? "chia sẻ dữ liệu" : "Request for data"));
    CHECK_THAT(incident->subject, !Catch::Contains(vi ? "chia sẻ dữ liệu" : "Request for data"));
    CHECK(request->subject != incident->subject);
    // The same for request_info, and an incident's state variant stays the incident's.
    vars["workflow"] = "data_request";
    vars["state"] = "waiting_reporter";
    auto question = set->Render("request_info", vars);
    REQUIRE(question.ok());
    CHECK_THAT(question->subject, Catch::Contains(vi ? "yêu cầu khai thác dữ liệu" : "request for data"));
    vars["workflow"] = "incident";
    vars["state"] = "awaiting_director";
    auto signoff = set->Render("escalate_chairman", vars);
    REQUIRE(signoff.ok());
    CHECK(signoff->subject != incident->subject);  // escalate_chairman.awaiting_director
  }
}

TEST_CASE("request templates: every request event a default rule routes has its template in vi and en, and the "
          "requester's messages link to no internal page", "[templates][data_request]") {
  std::vector<std::string> routed;
  std::set<std::string> to_requester;
  for (const auto& rule : DefaultNotificationRules()) {
    if (rule.workflow != "data_request") continue;
    for (EventType e : rule.events) {
      std::string name(ToString(e));
      bool shared = false;
      for (EventType i : incidents::workflows::kIncidentEventTypes) shared = shared || i == e;
      if (shared) name += ".data_request";  // never the incident's wording
      routed.push_back(name);
      for (RecipientRole r : rule.recipients)
        if (r == RecipientRole::kRequester) to_requester.insert(std::string(ToString(e)));
    }
  }
  CHECK(to_requester == std::set<std::string>{"decide", "agree", "request_info", "withdraw", "close"});
  for (const char* locale : {"vi", "en"}) {
    CAPTURE(locale);
    auto set = TemplateSet::Load(kTemplates, locale, routed);
    INFO(set.status().ToString());
    REQUIRE(set.ok());
    for (const char* state : {"submitted", "granted", "partially_granted", "refused", "awaiting_agreement",
                              "waiting_reporter", "awaiting_chairman", "withdrawn", "closed"}) {
      for (const std::string& event : {std::string("submit"), std::string("screen"), std::string("consult"),
                                       std::string("give_opinion"), std::string("agree"), std::string("disagree"),
                                       std::string("decide"), std::string("withdraw"), std::string("close"),
                                       std::string("request_info"), std::string("provide_info"),
                                       std::string("escalate_chairman"), std::string("comment"),
                                       std::string("sla_breach")}) {
        CAPTURE(state, event);
        MessageVars v;
        for (const auto& [name, member] : MessageVars::kMembers) v.*member = "<" + std::string(name) + ">";
        v.workflow = "data_request";
        v.state = state;
        v.ticket_id = "YC-2026-000001";
        auto r = set->Render(event, v.ForTemplate(""));
        REQUIRE(r.ok());
        CHECK_THAT(r->subject, Catch::StartsWith("[YC-2026-000001] ") && Catch::Contains("<title>"));
        CHECK_THAT(r->body, Catch::Contains("<citation>") && Catch::Contains("<requester_name>") &&
                                Catch::Contains("<state_label>") && !Catch::Contains("<category"));
        if (event == "consult") CHECK_THAT(r->subject + r->sms_text, Catch::Contains("<due_date>"));
        if (event == "decide" || (event == "agree" && std::string(state).find("granted") != std::string::npos))
          CHECK_THAT(r->body, Catch::Contains("<decision_text>"));
        // What may reach the requester has no line that waits for a link.
        // (decide into awaiting_agreement is a proposal, for the owning units; agree is the
        // decision once it grants)
        const bool requester_may_get = to_requester.count(event) && std::string(state) != "awaiting_agreement" &&
                                       (event != "agree" || std::string(state).find("granted") != std::string::npos);
        if (requester_may_get) {
          auto linked = set->Render(event, v.ForTemplate("LINK-MARK"));
          REQUIRE(linked.ok());
          CHECK_THAT(linked->body, !Catch::Contains("LINK-MARK"));
        }
      }
    }
  }
}

TEST_CASE("request links: province users get the request's page, the requester none, incidents their ticket's",
          "[data_request]") {
  using incidents::notifications::MessageLink;
  CHECK(MessageLink("https://x.example/", "data_request", "YC-2026-000001", "org:stttt") ==
        "https://x.example/data-requests/YC-2026-000001");
  CHECK(MessageLink("https://x.example", "data_request", "YC-2026-000001", "requester").empty());
  CHECK(MessageLink("https://x.example//", "incident", "INC-2026-000001", "org:stp") ==
        "https://x.example/tickets/INC-2026-000001");
  CHECK(MessageLink("https://x.example", "incident", "INC-2026-000001", "requester") ==
        "https://x.example/tickets/INC-2026-000001");
}

// ---- the dispatcher: personal data --------------------------------------------------------

TEST_CASE("request dispatch: the requester's email is the row's recipient, and no log line has it",
          "[dispatcher][data_request]") {
  RequestFixture f;
  const NotificationRouter router = f.Router();
  const std::string id = f.Submit(PersonRequest());
  f.Do("stttt.engineer", id, ScreenCommand{});
  f.Do("stttt.coordinator", id, Grant());
  const auto rows = f.Rows(router, id);
  REQUIRE(f.Targets(rows) == std::set<std::string>{"org:stttt email", "requester email"});

  incidents::testing::ManualMillisClock clock{incidents::testing::kTestEpoch};
  incidents::testing::InMemoryOutboxStore outbox;
  for (auto row : rows) {
    row.next_attempt_at = clock.Now();
    outbox.Add(std::move(row));
  }
  std::ostringstream out;
  auto log = std::make_shared<spdlog::logger>("incidentd", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  log->set_level(spdlog::level::trace);
  incidents::testing::ChannelRecorder email("email");
  incidents::testing::ChannelRecorder sms("sms");
  std::map<std::string, TemplateSet> templates;
  auto vi = TemplateSet::Load(kTemplates, "vi", {});
  REQUIRE(vi.ok());
  templates.emplace("vi", std::move(vi.value()));
  incidents::notifications::DispatcherSettings settings;
  settings.workers = 1;
  settings.public_url = "https://du-lieu.example.vn";
  settings.now = clock.Fn();
  {
    incidents::notifications::Dispatcher dispatcher(
        outbox, std::move(templates),
        {{NotificationChannel::kEmail, email.Factory()}, {NotificationChannel::kSms, sms.Factory()}}, settings, log);
    // A failure is logged (to retry) and so is the success after it: neither with the address.
    email.FailRecipient(kRequesterEmail, incidents::notifications::DeliveryOutcome::kRetryable,
                        std::string("450 4.2.1 <") + kRequesterEmail + ">: mailbox busy");
    CHECK(dispatcher.RunOnce() == 2);
    email.ClearFailures();
    clock.Advance(std::chrono::hours(1));
    CHECK(dispatcher.RunOnce() == 1);
  }
  const auto attempts = email.attempts();
  REQUIRE(attempts.size() == 3);
  bool requester_reached = false;
  for (const auto& a : attempts) {
    CAPTURE(a.message.recipient);
    CHECK_THAT(a.message.body, !Catch::Contains(kRequesterEmail) && !Catch::Contains(kRequesterPhone));
    CHECK_THAT(a.message.subject, Catch::Contains("Đồng ý chia sẻ"));
    if (a.message.recipient == kRequesterEmail) {
      requester_reached = true;
      CHECK_THAT(a.message.body, !Catch::Contains("https://du-lieu.example.vn") &&
                                     Catch::Contains("Kính gửi: Công ty TNHH Du lịch Vĩnh Hy,"));
    }
  }
  CHECK(requester_reached);
  const std::string logged = out.str();
  INFO(logged);
  CHECK_THAT(logged, Catch::Contains("requester") && Catch::Contains(id));
  CHECK_THAT(logged, !Catch::Contains(kRequesterEmail) && !Catch::Contains(kRequesterPhone) &&
                         !Catch::Contains("lienhe@"));
}
