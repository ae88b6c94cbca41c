// NotificationRouter (notification_router.h): which rows an event produces, to whom, on
// which channel, with which variables; driven on real tickets of the demo directory
// (tests/support DemoFixture) with the default routing rules.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "demo_fixture.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/notifications/notification_router.h"
#include "incidents/notifications/templates.h"

namespace {

using namespace incidents::engine;
using incidents::notifications::DefaultNotificationRules;
using incidents::notifications::CitationSentence;
using incidents::notifications::MessageVars;
using incidents::notifications::NotificationRouter;
using incidents::testing::DemoFixture;

struct RouterFixture : DemoFixture {
  explicit RouterFixture(WorkflowSettings settings = incidents::testing::DemoWorkflowSettings())
      : DemoFixture(std::move(settings)) {
    User minh;
    minh.username = "stttt.minh";
    minh.display_name = "Nguyễn Văn Minh";
    minh.org = "stttt";
    minh.roles = {Role::kEngineer};
    minh.email = "minh@stttt.ninhthuan.example";
    minh.phone = "+84900000099";
    directory.AddUser(minh);
  }
  // The rows of the newest event of ticket `id`, as the router plans them.
  std::vector<OutboxRow> Rows(const NotificationRouter& router, const std::string& id) {
    auto ticket = store.LoadTicket(id);
    auto history = store.LoadHistory(id);
    REQUIRE(ticket.ok());
    REQUIRE(history.ok());
    auto rows = router.Plan(ticket.value(), history->back());
    REQUIRE(rows.ok());
    return rows.value();
  }
  static std::set<std::string> Targets(const std::vector<OutboxRow>& rows) {
    std::set<std::string> out;
    for (const auto& r : rows) out.insert(r.recipient_ref + " " + std::string(ToString(r.channel)));
    return out;
  }
  static MessageVars Vars(const OutboxRow& row) {
    auto v = MessageVars::FromJson(row.vars);
    REQUIRE(v.ok());
    return v.value();
  }
};

TEST_CASE("router: a report reaches DoICT by email and SMS and the reporting org by email", "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File(Priority::kCritical);
  const auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "org:stttt sms", "org:stp email"});
  for (const auto& row : rows) {
    CAPTURE(row.recipient_ref, ToString(row.channel));
    CHECK(row.ticket_id == id);
    CHECK(row.event_seq == 1);
    CHECK(row.event_type == EventType::kReport);
    CHECK(row.locale == "vi");
    CHECK(row.idempotency_key == id + ":1:" + std::string(ToString(row.channel)) + ":" + row.recipient_ref);
    const MessageVars v = f.Vars(row);
    CHECK(v.ticket_id == id);
    CHECK(v.state == "reported");
    CHECK(v.state_label == "Chờ tiếp nhận");
    CHECK(v.category_label == "Sai lệch dữ liệu");
    CHECK(v.priority == "Khẩn cấp");
    CHECK(v.legal_basis == "Điều 16");  // the Vietnamese legal form, not "Art. 16"
    CHECK_THAT(v.citation, Catch::Contains("Căn cứ: Điều 16"));
    CHECK(v.actor == "stp.reporter");
    CHECK(v.actor_org == "Sở Tư pháp");
    // The addressee's organisation differs per row; everything else is the event's.
    CHECK(v.org_name == (row.recipient_ref == "org:stp" ? "Sở Tư pháp" : "Sở Thông tin và Truyền thông"));
  }
  const auto sms = std::find_if(rows.begin(), rows.end(), [](const OutboxRow& r) {
    return r.channel == NotificationChannel::kSms;
  });
  REQUIRE(sms != rows.end());
  CHECK(sms->recipient == "+84900000001");  // DoICT's focal point phone (first demo org)
}

TEST_CASE("router: English messages take the catalog's English labels and the recorded citation", "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory,
                            "en");
  const std::string id = f.File();
  const auto rows = f.Rows(router, id);
  REQUIRE_FALSE(rows.empty());
  const MessageVars v = f.Vars(rows.front());
  CHECK(rows.front().locale == "en");
  CHECK(v.state_label == "Awaiting intake");
  CHECK(v.priority == "Normal");
  CHECK(v.legal_basis == "Art. 16");
  CHECK_THAT(v.citation, Catch::StartsWith("Legal basis: Art. 16 of "));
}

TEST_CASE("router: a citation's note reaches the message, and a step no article governs says so", "[router][citation]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File();
  REQUIRE(f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 1}).ok());
  MessageVars v = f.Vars(f.Rows(router, id).front());
  // Issue 13: the deadlines are the province's own service levels under Art. 11.2b.
  CHECK(v.legal_basis == "điểm b khoản 2 Điều 11");
  CHECK_THAT(v.citation, Catch::StartsWith("Căn cứ: điểm b khoản 2 Điều 11 ") &&
                             Catch::Contains("mức dịch vụ nội bộ của tỉnh"));
  const std::string other = f.File();
  f.Do("stttt.engineer", other, AcknowledgeCommand{});
  f.Do("stttt.coordinator", other, RejectCommand{"Trùng phiếu trước", id});
  auto rows = f.Rows(router, other);
  REQUIRE_FALSE(rows.empty());
  v = f.Vars(rows.front());
  CHECK(v.legal_basis.empty());
  CHECK_THAT(v.citation, Catch::StartsWith("Căn cứ: Phiếu trùng với một phiếu khác") && !Catch::Contains("Điều"));
}

TEST_CASE("router: the assignee is named and reached on their own address, and texts come from the catalog's message field",
          "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File();
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.Do("stttt.engineer", id, AssignDoictCommand{std::string("stttt.minh")});
  auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"user:stttt.minh email", "org:stp email"});
  for (const auto& row : rows) {
    const MessageVars v = f.Vars(row);
    CHECK(v.payload_text == "Nguyễn Văn Minh");  // assignee: a DoICT user, shown by name
    CHECK(v.legal_basis == "khoản 2 Điều 17");
    if (row.recipient_ref == "user:stttt.minh") {
      CHECK(row.recipient == "minh@stttt.ninhthuan.example");
      CHECK(v.org_name == "Sở Thông tin và Truyền thông");
    }
  }
  f.Do("stttt.engineer", id, RequestPartyFixCommand{"stnmt", "Đề nghị rà soát dữ liệu đất đai"});
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) ==
        std::set<std::string>{"org:stnmt email", "org:stnmt sms", "org:stp email"});
  for (const auto& row : rows) CHECK(f.Vars(row).payload_text == "Đề nghị rà soát dữ liệu đất đai");
}

TEST_CASE("router: SLA breaches of level 2 also reach the Chairman's office, each recipient once per channel",
          "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File();
  REQUIRE(f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 1}).ok());
  auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "org:stttt sms"});
  CHECK(f.Vars(rows.front()).payload_text == "Quá hạn tiếp nhận (mức 1)");
  CHECK(f.Vars(rows.front()).actor == "Hệ thống");
  CHECK(f.Vars(rows.front()).actor_org == "Hệ thống");
  REQUIRE(f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 2}).ok());
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "org:stttt sms", "org:vp-ubnd email"});
  CHECK(f.Vars(rows.front()).payload_text == "Quá hạn tiếp nhận (mức 2, đã quá gấp đôi thời hạn)");
}

TEST_CASE("router: a comment reaches nobody by default, and a rule for it is honoured", "[router]") {
  RouterFixture f;
  const std::string id = f.File();
  f.Do("stttt.engineer", id, CommentCommand{"Đang kiểm tra"});
  NotificationRouter defaults(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  CHECK(f.Rows(defaults, id).empty());
  auto rules = DefaultNotificationRules();
  rules.push_back({"comments to the parties", {EventType::kComment}, {}, {}, {}, {},
                   {incidents::notifications::RecipientRole::kParties}, {NotificationChannel::kEmail}});
  NotificationRouter with_comments(rules, f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const auto rows = f.Rows(with_comments, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stnmt email"});
  CHECK(f.Vars(rows.front()).payload_text == "Đang kiểm tra");
  CHECK(f.Vars(rows.front()).legal_basis == "khoản 1 Điều 20");
}

TEST_CASE("router: a rule may name the filer and the actor, each reached at their own address", "[router]") {
  using incidents::notifications::RecipientRole;
  RouterFixture f;
  // The fixture's people other than focal points have no address: give two of them one.
  auto with_email = [&](const std::string& username, const std::string& email) {
    auto user = f.directory.FindUser(username);
    REQUIRE(user.ok());
    REQUIRE(user.value());
    User u = *user.value();
    u.email = email;
    f.directory.AddUser(u);
  };
  with_email("stp.reporter", "reporter@stp.ninhthuan.example");
  with_email("stttt.engineer", "engineer@stttt.ninhthuan.example");
  const std::string id = f.File();
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  auto rules = DefaultNotificationRules();
  rules.push_back({"receipts", {EventType::kAcknowledge}, {}, {}, {}, {},
                   {RecipientRole::kReporter, RecipientRole::kActor}, {NotificationChannel::kEmail}});
  NotificationRouter router(rules, f.workflow.settings(), f.workflow.Catalog(), f.directory);
  auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stp email", "user:stp.reporter email", "user:stttt.engineer email"});
  for (const auto& row : rows) {
    if (row.recipient_ref == "user:stp.reporter") {
      CHECK(row.recipient == "reporter@stp.ninhthuan.example");
      CHECK(f.Vars(row).org_name == "Sở Tư pháp");
    }
    if (row.recipient_ref == "user:stttt.engineer") CHECK(row.recipient == "engineer@stttt.ninhthuan.example");
  }

  // A person reached twice (the filer is also the org's focal point here) gets one
  // message per channel, addressed as the first rule reached them.
  with_email("stp.reporter", "focal@stp.ninhthuan.example");
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stp email", "user:stttt.engineer email"});

  // An inactive account is nobody to write to, and the system is no person.
  auto filer = f.directory.FindUser("stp.reporter");
  REQUIRE(filer.ok());
  User inactive = *filer.value();
  inactive.active = false;
  f.directory.AddUser(inactive);
  REQUIRE(f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kResolve, 1}).ok());
  rules.push_back({"breach receipts", {EventType::kSlaBreach}, {}, {}, {}, {},
                   {RecipientRole::kReporter, RecipientRole::kActor}, {NotificationChannel::kEmail}});
  NotificationRouter with_breaches(rules, f.workflow.settings(), f.workflow.Catalog(), f.directory);
  rows = f.Rows(with_breaches, id);
  for (const auto& row : rows) CHECK(row.recipient_ref.rfind("user:", 0) == std::string::npos);
}

TEST_CASE("router: the recipient names round-trip through the rules' JSON, reporter and actor too", "[router]") {
  using incidents::notifications::RecipientRole;
  for (RecipientRole r : {RecipientRole::kReporterOrg, RecipientRole::kParties, RecipientRole::kParty,
                          RecipientRole::kProvincialFocal, RecipientRole::kAssignee, RecipientRole::kChairmanOffice,
                          RecipientRole::kReporter, RecipientRole::kActor})
    CHECK(incidents::notifications::ParseRecipientRole(incidents::notifications::ToString(r)) == r);
  CHECK_FALSE(incidents::notifications::ParseRecipientRole("filer").has_value());
}

TEST_CASE("MessageVars: the stored form round-trips and a row missing a member is refused", "[router]") {
  MessageVars v;
  for (const auto& [name, member] : MessageVars::kMembers) v.*member = "giá trị " + std::string(name);
  auto back = MessageVars::FromJson(v.ToJson());
  REQUIRE(back.ok());
  for (const auto& [name, member] : MessageVars::kMembers) CHECK((*back).*member == v.*member);
  auto partial = MessageVars::FromJson(R"({"ticket_id":"INC-2026-000001","title":"T"})");
  REQUIRE_FALSE(partial.ok());
  CHECK_THAT(partial.status().message(), Catch::Contains("'category'"));
  CHECK_FALSE(MessageVars::FromJson("[1,2]").ok());
  CHECK_FALSE(MessageVars::FromJson("not json").ok());
  const auto vars = v.ForTemplate("http://127.0.0.1/tickets/X");
  CHECK(vars.size() == MessageVars::kMembers.size() + 1);
  CHECK(vars.at("link") == "http://127.0.0.1/tickets/X");
}

// ---------------------------------------------------------------------------------------
// Issue 12.3: director sign-off, returns, and the decision's signer and document.

WorkflowSettings SignoffSettings() {
  WorkflowSettings s = incidents::testing::DemoWorkflowSettings();
  s.escalation_signoff = EscalationSignoff::kDirector;
  s.chairman_may_return = true;
  return s;
}

TEST_CASE("router: with director sign-off DoICT's focal point is asked first, and the Chairman hears once it is signed off",
          "[router][escalation]") {
  RouterFixture f(SignoffSettings());
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.TicketIn(State::kPartyFixing);
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Vượt thẩm quyền"});
  auto rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "org:stttt sms", "org:stp email"});
  for (const auto& row : rows) CHECK(f.Vars(row).state == "awaiting_director");

  f.Do("stttt.director", id, ReturnEscalationCommand{"Bổ sung ý kiến"});
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email"});
  CHECK(f.Vars(rows.front()).payload_text == "Bổ sung ý kiến");

  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Trình lại"});
  f.Do("stttt.director", id, ApproveEscalationCommand{std::string("Đồng ý")});
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) ==
        std::set<std::string>{"org:vp-ubnd email", "org:vp-ubnd sms", "org:stnmt email", "org:stp email"});
  CHECK(f.Vars(rows.front()).payload_text == "Đồng ý");

  f.Do("chairman", id, ReturnToDoictCommand{"Làm rõ phương án"});
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) == std::set<std::string>{"org:stttt email", "org:stttt sms"});

  // A director's own escalation goes straight to the Chairman's office.
  f.Do("stttt.director", id, EscalateChairmanCommand{"Lãnh đạo Sở trình"});
  rows = f.Rows(router, id);
  CHECK(f.Targets(rows) ==
        std::set<std::string>{"org:vp-ubnd email", "org:vp-ubnd sms", "org:stnmt email", "org:stp email"});
}

TEST_CASE("router: without sign-off an escalation reaches the Chairman's office at once, as before",
          "[router][escalation]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.TicketIn(State::kPartyFixing);
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Vượt thẩm quyền"});
  CHECK(f.Targets(f.Rows(router, id)) ==
        std::set<std::string>{"org:vp-ubnd email", "org:vp-ubnd sms", "org:stnmt email", "org:stp email"});
}

TEST_CASE("router: a decision's text names who signed which document", "[router][escalation]") {
  RouterFixture f;
  const std::string id = f.TicketIn(State::kAwaitingChairman);
  f.Do("vp-ubnd.office", id,
       RecordChairmanDecisionCommand{"Giao Sở TN&MT xử lý", true, "vice.chairman", SignedAs::kViceChairman,
                                     "45/QĐ-UBND", CivilDate{2026, 1, 5}});
  NotificationRouter vi(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  auto rows = f.Rows(vi, id);
  REQUIRE_FALSE(rows.empty());
  CHECK(f.Vars(rows.front()).payload_text ==
        "Giao Sở TN&MT xử lý\n\nNgười ký: KT. Chủ tịch / Phó Chủ tịch vice.chairman\nVăn bản số 45/QĐ-UBND ngày 05/01/2026");
  NotificationRouter en(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory, "en");
  rows = f.Rows(en, id);
  REQUIRE_FALSE(rows.empty());
  CHECK(f.Vars(rows.front()).payload_text ==
        "Giao Sở TN&MT xử lý\n\nSigned by: for the Chairman, Vice-Chairman vice.chairman\nDocument No. 45/QĐ-UBND of 2026-01-05");

  // The Chairman's own decision names the Chairman; the Ministry's conclusion its document.
  const std::string own = f.TicketIn(State::kAwaitingChairman);
  f.Do("chairman", own, RecordChairmanDecisionCommand{"Không cần xử lý thêm", false});
  CHECK(f.Vars(f.Rows(vi, own).front()).payload_text == "Không cần xử lý thêm\n\nNgười ký: Chủ tịch chairman");
  const std::string ministry = f.TicketIn(State::kAwaitingMinistry);
  f.Do("stttt.coordinator", ministry,
       RecordMinistryConclusionCommand{"Áp dụng chuẩn LGSP", "123/BTTTT-CĐSQG", CivilDate{2025, 12, 30}});
  CHECK(f.Vars(f.Rows(vi, ministry).front()).payload_text ==
        "Áp dụng chuẩn LGSP\n\nVăn bản số 123/BTTTT-CĐSQG ngày 30/12/2025");
}

}  // namespace

TEST_CASE("router: the authorities are named as the directory and the configuration name them", "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File();
  const MessageVars v = f.Vars(f.Rows(router, id).front());
  CHECK(v.doict_name == "Sở Thông tin và Truyền thông");
  CHECK(v.ministry_name == "Bộ Thông tin và Truyền thông");
  CHECK(v.chairman_office_name == "Văn phòng UBND tỉnh");
  CHECK(v.province == "Ninh Thuận");
  CHECK(v.regulation == f.workflow.settings().regulation_vi);
  NotificationRouter english(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory,
                             "en");
  CHECK(f.Vars(f.Rows(english, id).front()).regulation == f.workflow.settings().regulation_en);

  // Other ids configured: other orgs named, with no change anywhere else.
  WorkflowSettings moved = f.workflow.settings();
  moved.doict_org = "skhdt";
  moved.province = "Tỉnh Mới";
  NotificationRouter elsewhere(DefaultNotificationRules(), moved, f.workflow.Catalog(), f.directory);
  CHECK(elsewhere.AuthorityVars().doict_name == "Sở Kế hoạch và Đầu tư");
  CHECK(elsewhere.AuthorityVars().province == "Tỉnh Mới");
  CHECK(elsewhere.AuthorityVars().ticket_id.empty());
  // An id the directory does not have is shown as the id, never as a blank.
  moved.ministry_org = "bo-moi";
  CHECK(NotificationRouter(DefaultNotificationRules(), moved, f.workflow.Catalog(), f.directory)
            .AuthorityVars()
            .ministry_name == "bo-moi");
}

TEST_CASE("router: renaming DoICT in the directory renames it in the next message, not in one already planned",
          "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  auto templates = incidents::notifications::TemplateSet::Load(
      std::string(INCIDENTS_SOURCE_DIR) + "/config/templates", "vi", {"acknowledge", "request_info"});
  REQUIRE(templates.ok());
  auto mail_to_reporter = [&](const std::vector<OutboxRow>& rows, const std::string& event) {
    for (const auto& row : rows) {
      if (row.recipient_ref != "org:stp" || row.channel != NotificationChannel::kEmail) continue;
      auto r = templates->Render(event, f.Vars(row).ForTemplate("http://x/tickets/" + row.ticket_id));
      REQUIRE(r.ok());
      return r->subject + "\n" + r->body;
    }
    FAIL("no mail to the reporting org");
    return std::string();
  };
  const std::string id = f.File();
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  const auto before = f.Rows(router, id);
  const std::string old_mail = mail_to_reporter(before, "acknowledge");
  CHECK_THAT(old_mail, Catch::Contains("Sở Thông tin và Truyền thông đã tiếp nhận phiếu sự cố"));
  CHECK_THAT(old_mail, Catch::Contains("dữ liệu tỉnh Ninh Thuận\n"));

  // 2025: the department is merged into the Department of Science and Technology. Same id,
  // new name: a directory change, no code or template change.
  Org doict = *f.directory.FindOrg("stttt").value();
  doict.name = "Sở Khoa học và Công nghệ";
  f.directory.AddOrg(doict);
  f.Do("stttt.engineer", id, RequestInfoCommand{"Đề nghị gửi ảnh chụp màn hình lỗi"});
  const std::string new_mail = mail_to_reporter(f.Rows(router, id), "request_info");
  CHECK_THAT(new_mail, Catch::Contains("Sở Khoa học và Công nghệ đề nghị đơn vị báo cáo bổ sung thông tin"));
  CHECK_THAT(new_mail, !Catch::Contains("Thông tin và Truyền thông"));
  // What was planned before the rename keeps the name it was planned with.
  CHECK(mail_to_reporter(before, "acknowledge") == old_mail);
}

TEST_CASE("router: a row written before the citation sentence was stored composes it from its own members",
          "[router][citation]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File();
  const std::string json = f.Rows(router, id).front().vars;
  auto parsed = ParseJson(json);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->as_object().erase("citation") == 1);
  const std::string old_row = ToCanonicalJson(parsed.value());
  auto read = MessageVars::FromJson(old_row);
  REQUIRE(read.ok());
  // In the row's own words: its legal_basis and regulation, never today's.
  CHECK(read->citation == "Căn cứ: Điều 16 " + read->regulation + ".");
  CHECK(CitationSentence("en", "Art. 16", "R", "") == "Legal basis: Art. 16 of R.");
  CHECK(CitationSentence("vi", "", "R", "Quy trình nội bộ.") == "Căn cứ: Quy trình nội bộ.");
  CHECK(CitationSentence("vi", "điểm b khoản 2 Điều 11", "R", "Ghi chú.") ==
        "Căn cứ: điểm b khoản 2 Điều 11 R. Ghi chú.");
}

TEST_CASE("router: a row written before the authority names were stored takes today's names", "[router]") {
  RouterFixture f;
  NotificationRouter router(DefaultNotificationRules(), f.workflow.settings(), f.workflow.Catalog(), f.directory);
  const std::string id = f.File();
  const std::string json = f.Rows(router, id).front().vars;
  // The row as an earlier version wrote it: without the five authority members.
  auto parsed = ParseJson(json);
  REQUIRE(parsed.ok());
  for (const char* key : {"doict_name", "ministry_name", "chairman_office_name", "province", "regulation"})
    REQUIRE(parsed->as_object().erase(key) == 1);
  const std::string old_row = ToCanonicalJson(parsed.value());
  auto now = [&] { return router.AuthorityVars(); };
  auto read = MessageVars::FromJson(old_row, now);
  REQUIRE(read.ok());
  CHECK(read->doict_name == "Sở Thông tin và Truyền thông");
  CHECK(read->province == "Ninh Thuận");
  CHECK(read->ticket_id == id);  // the row's own members are the row's
  CHECK(read->org_name == f.Vars(f.Rows(router, id).front()).org_name);
  // Without today's names such a row is refused, never sent with blanks.
  CHECK(MessageVars::FromJson(old_row).status().code() == ErrorCode::kCorruption);
  // A row with some of them only is damaged, not old.
  auto partial = ParseJson(json);
  partial->as_object().erase("province");
  CHECK(MessageVars::FromJson(ToCanonicalJson(partial.value()), now).status().code() == ErrorCode::kCorruption);
}
