// ReportDraftMail (report_draft_mail.h, issue 16.4): the mails of a scheduled report draft
// go to the users of DoICT and of the Chairman's office with the configured roles, link
// the reports page of the period, and carry no figure and no personal data in their
// variables; the shipped templates render them in Vietnamese and English.

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "demo_fixture.h"
#include "incidents/notifications/message_link.h"
#include "incidents/notifications/notification_router.h"
#include "incidents/notifications/report_draft_mail.h"
#include "incidents/notifications/templates.h"

namespace {

using namespace incidents::engine;
using incidents::notifications::DefaultNotificationRules;
using incidents::notifications::MessageVars;
using incidents::notifications::NotificationRouter;
using incidents::notifications::ReportDraftMail;
using incidents::notifications::TemplateSet;
using incidents::testing::DemoFixture;
using incidents::testing::DemoStart;

const std::string kTemplates = std::string(INCIDENTS_SOURCE_DIR) + "/config/templates";

User Person(const std::string& username, const std::string& org, std::set<Role> roles, const std::string& email,
            bool active = true) {
  User u;
  u.username = username;
  u.display_name = "Người " + username;
  u.org = org;
  u.roles = std::move(roles);
  u.email = email;
  u.phone = "+84900000123";
  u.active = active;
  return u;
}

// The demo directory with addresses for the leadership, and people who must not be mailed.
struct DraftFixture : DemoFixture {
  DraftFixture() {
    directory.AddUser(Person("stttt.director", "stttt", {Role::kDirector}, "director@stttt.example"));
    directory.AddUser(Person("vp-ubnd.office", "vp-ubnd", {Role::kOfficeStaff}, "office@vp-ubnd.example"));
    directory.AddUser(Person("chairman", "vp-ubnd", {Role::kChairman}, "chairman@vp-ubnd.example"));
    directory.AddUser(Person("stttt.coordinator", "stttt", {Role::kCoordinator, Role::kEngineer}, "coord@stttt.example"));
    directory.AddUser(Person("old.director", "stttt", {Role::kDirector}, "old@stttt.example", /*active=*/false));
    directory.AddUser(Person("office.nomail", "vp-ubnd", {Role::kOfficeStaff}, ""));
    // A director of another org is not DoICT's leadership.
    directory.AddUser(Person("stp.director", "stp", {Role::kDirector}, "director@stp.example"));
  }
  NotificationRouter router{DefaultNotificationRules(), workflow.settings(), workflow.Catalog(), directory};
};

std::set<std::string> Refs(const std::vector<OutboxRow>& rows) {
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r.recipient_ref);
  return out;
}

}  // namespace

TEST_CASE("report draft mail: DoICT's directors and the Chairman's office staff, by email", "[report_draft]") {
  DraftFixture f;
  ReportDraftMail mail(f.router, f.directory, f.workflow.settings(), ReportDraftSettings{},
                       "https://dulieu.example.vn/", "vi");
  const Timestamp at = DemoStart();
  auto rows = mail.PlanDraftMails(MonthPeriod(2026, 11), at);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  CHECK(Refs(rows.value()) == std::set<std::string>{"user:stttt.director", "user:vp-ubnd.office"});
  for (const OutboxRow& row : rows.value()) {
    CAPTURE(row.recipient_ref);
    CHECK(row.ticket_id == "report:2026-11");
    CHECK(row.idempotency_key == "report:2026-11:0:email:" + row.recipient_ref);
    CHECK(row.event_seq == 0);
    CHECK(row.event_type == EventType::kReport);
    CHECK(row.channel == NotificationChannel::kEmail);
    CHECK(row.locale == "vi");
    CHECK(row.created_at == at);
    auto v = MessageVars::FromJson(row.vars);
    REQUIRE(v.ok());
    CHECK(v->state == "periodic_draft");
    CHECK(v->workflow.empty());
    CHECK(v->period_label == "tháng 11 năm 2026");
    CHECK(v->period_from == "01/11/2026");
    CHECK(v->period_to == "30/11/2026");
    CHECK(v->report_link == "https://dulieu.example.vn/reports?workflow=incident&from=2026-11-01&to=2026-11-30");
    CHECK(v->legal_basis == "khoản 3 Điều 21");
    // No personal data among the variables: the address is the row's recipient only.
    CHECK(row.vars.find('@') == std::string::npos);
    CHECK(row.vars.find("+849") == std::string::npos);
  }
  CHECK(rows->at(0).recipient == "director@stttt.example");
  CHECK(MessageVars::FromJson(rows->at(0).vars)->org_name == MessageVars::FromJson(rows->at(0).vars)->doict_name);
  CHECK(rows->at(1).recipient == "office@vp-ubnd.example");
  CHECK(MessageVars::FromJson(rows->at(1).vars)->org_name ==
        MessageVars::FromJson(rows->at(1).vars)->chairman_office_name);
}

TEST_CASE("report draft mail: the roles mailed are configurable", "[report_draft]") {
  DraftFixture f;
  ReportDraftSettings settings;
  settings.doict_roles = {Role::kCoordinator};
  settings.chairman_office_roles = {Role::kChairman, Role::kOfficeStaff};
  ReportDraftMail mail(f.router, f.directory, f.workflow.settings(), settings, "http://127.0.0.1:8080", "vi");
  auto rows = mail.PlanDraftMails(QuarterPeriod(2026, 4), DemoStart());
  REQUIRE(rows.ok());
  CHECK(Refs(rows.value()) ==
        std::set<std::string>{"user:stttt.coordinator", "user:chairman", "user:vp-ubnd.office"});
  settings.doict_roles = {};
  settings.chairman_office_roles = {};
  ReportDraftMail none(f.router, f.directory, f.workflow.settings(), settings, "http://127.0.0.1:8080", "vi");
  CHECK(none.PlanDraftMails(QuarterPeriod(2026, 4), DemoStart()).value().empty());
}

TEST_CASE("report draft mail: the period's words and link, in Vietnamese and English", "[report_draft]") {
  CHECK(ReportDraftMail::PeriodLabel(QuarterPeriod(2026, 4), "vi") == "quý IV năm 2026");
  CHECK(ReportDraftMail::PeriodLabel(QuarterPeriod(2027, 1), "vi") == "quý I năm 2027");
  CHECK(ReportDraftMail::PeriodLabel(MonthPeriod(2027, 1), "vi") == "tháng 1 năm 2027");
  CHECK(ReportDraftMail::PeriodLabel(QuarterPeriod(2026, 4), "en") == "Q4 2026");
  CHECK(ReportDraftMail::PeriodLabel(MonthPeriod(2026, 11), "en") == "November 2026");
  CHECK(ReportDraftMail::ReportLink("http://h:8080", QuarterPeriod(2026, 4)) ==
        "http://h:8080/reports?workflow=incident&from=2026-10-01&to=2026-12-31");
}

TEST_CASE("report draft mail: the shipped templates render it with the link and no figures", "[report_draft][templates]") {
  DraftFixture f;
  for (const char* locale : {"vi", "en"}) {
    CAPTURE(locale);
    ReportDraftMail mail(f.router, f.directory, f.workflow.settings(), ReportDraftSettings{},
                         "https://dulieu.example.vn", locale);
    auto rows = mail.PlanDraftMails(QuarterPeriod(2026, 4), DemoStart());
    REQUIRE(rows.ok());
    REQUIRE_FALSE(rows->empty());
    auto set = TemplateSet::Load(kTemplates, locale, {"report.periodic_draft"});
    INFO(set.status().ToString());
    REQUIRE(set.ok());
    // As the dispatcher renders a row: its stored variables, its link, its event type.
    auto vars = MessageVars::FromJson(rows->front().vars);
    REQUIRE(vars.ok());
    const auto link = incidents::notifications::MessageLink("https://dulieu.example.vn", vars->workflow,
                                                            rows->front().ticket_id, rows->front().recipient_ref);
    auto rendered = set->Render("report", vars->ForTemplate(link));
    INFO(rendered.status().ToString());
    REQUIRE(rendered.ok());
    const bool vi = std::string(locale) == "vi";
    CHECK_THAT(rendered->subject, Catch::Contains(vi ? "Dự thảo báo cáo quý IV năm 2026" : "Draft report for Q4 2026"));
    CHECK_THAT(rendered->body, Catch::Contains("https://dulieu.example.vn/reports?workflow=incident&from=2026-10-01&to=2026-12-31"));
    CHECK_THAT(rendered->body, Catch::Contains(vi ? "dự thảo" : "draft"));
    CHECK_THAT(rendered->body, Catch::Contains(vi ? "01/10/2026" : "2026-10-01"));
    CHECK_THAT(rendered->body, Catch::Contains(vi ? "khoản 3 Điều 21" : "Art. 21.3"));
    // Not an incident's message: no ticket link, no ticket wording.
    CHECK_THAT(rendered->body, !Catch::Contains("/tickets/"));
    CHECK_THAT(rendered->subject, !Catch::Contains("report:"));
    // No figures: the only digits are the period's dates, the year, the article and the link.
    std::string body = rendered->body;
    for (const std::string& allowed : {std::string("https://dulieu.example.vn/reports?workflow=incident&from=2026-10-01&to=2026-12-31"),
                                       std::string("01/10/2026"), std::string("31/12/2026"), std::string("2026-10-01"),
                                       std::string("2026-12-31"), std::string("2026"), std::string("21.3"),
                                       std::string("Điều 21"), std::string("57/2020"), std::string("29/12/2020"),
                                       std::string("Q4"), std::string("khoản 3"), std::string("2020")}) {
      for (std::size_t pos; (pos = body.find(allowed)) != std::string::npos;) body.erase(pos, allowed.size());
    }
    CHECK(body.find_first_of("0123456789") == std::string::npos);
    // And an incident's `report` event still gets its own template.
    MessageVars incident;
    incident.state = "reported";
    auto plain = set->Render("report", incident.ForTemplate("x"));
    REQUIRE(plain.ok());
    CHECK_THAT(plain->subject, !Catch::Contains(vi ? "Dự thảo báo cáo" : "Draft report"));
  }
}
