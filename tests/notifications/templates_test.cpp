// TemplateSet (notifications/templates.h), and the
// templates shipped in config/templates.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/notifications/templates.h"
#include "incidents/workflows/incident_workflow.h"
#include "temp_dir.h"

using namespace incidents::notifications;
using incidents::engine::ErrorCode;
using incidents::testing::TempDir;

namespace {

void Write(const TempDir& dir, const std::string& name, const std::string& content) {
  std::filesystem::create_directories(dir.path() / "vi");
  std::ofstream(dir.path() / "vi" / name, std::ios::binary) << content;
}

std::map<std::string, std::string> FullVars() {
  return {{"ticket_id", "INC-2026-000001"},
          {"title", "Dữ liệu hộ tịch bị sai lệch"},
          {"category", "data_discrepancy"},
          {"category_label", "Sai lệch dữ liệu"},
          {"state", "reported"},
          {"state_label", "Chờ tiếp nhận"},
          {"legal_basis", "Điều 16"},
          {"link", "http://127.0.0.1:8080/tickets/INC-2026-000001"},
          {"actor", "Nguyễn Thị Hoa"},
          {"actor_org", "Sở Tư pháp"},
          {"priority", "Cao"},
          {"payload_text", "Số liệu khai sinh của xã Phước Dân lệch 12 hồ sơ."},
          {"org_name", "Sở Thông tin và Truyền thông"},
          {"doict_name", "Sở Thông tin và Truyền thông"},
          {"ministry_name", "Bộ Thông tin và Truyền thông"},
          {"chairman_office_name", "Văn phòng UBND tỉnh"},
          {"province", "Ninh Thuận"},
          {"regulation", "Quy chế ban hành kèm theo Quyết định số 57/2020/QĐ-UBND"},
          {"citation", "Căn cứ: Điều 16 Quy chế ban hành kèm theo Quyết định số 57/2020/QĐ-UBND."}};
}

// The events whose notifications the router addresses: the incident workflow's (a
// data-sharing request's notifications come with their own routing, issue 15.3).
std::vector<std::string> AllEventTypes() {
  std::vector<std::string> out;
  for (auto e : incidents::workflows::kIncidentEventTypes) out.emplace_back(incidents::engine::ToString(e));
  return out;
}

}  // namespace

TEST_CASE("Templates load and render with Vietnamese text intact", "[templates]") {
  TempDir dir;
  Write(dir, "report.txt",
        "Subject: [{{ticket_id}}] Phiếu sự cố mới: {{title}}\n\nKính gửi: {{org_name}},\n\n{{ payload_text }}\n"
        "Căn cứ: {{legal_basis}} Quyết định số 57/2020/QĐ-UBND.\n{{link}}\n\n\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {"report"});
  REQUIRE(set.ok());
  CHECK(set->locale() == "vi");
  CHECK(set->EventTypes() == std::vector<std::string>{"report"});
  auto r = set->Render("report", FullVars());
  REQUIRE(r.ok());
  CHECK(r->subject == "[INC-2026-000001] Phiếu sự cố mới: Dữ liệu hộ tịch bị sai lệch");
  CHECK(r->body ==
        "Kính gửi: Sở Thông tin và Truyền thông,\n\nSố liệu khai sinh của xã Phước Dân lệch 12 hồ sơ.\n"
        "Căn cứ: Điều 16 Quyết định số 57/2020/QĐ-UBND.\nhttp://127.0.0.1:8080/tickets/INC-2026-000001\n");
  // No .sms.txt: the SMS text is the subject and the link.
  CHECK(r->sms_text ==
        "[INC-2026-000001] Phiếu sự cố mới: Dữ liệu hộ tịch bị sai lệch http://127.0.0.1:8080/tickets/INC-2026-000001");
}

TEST_CASE("Templates accept a BOM, CRLF line ends and literal single braces", "[templates]") {
  TempDir dir;
  Write(dir, "comment.txt", "\xEF\xBB\xBFSubject: {{title}}\r\n\r\nJSON {\"a\": 1} and {{actor}}\r\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {});
  REQUIRE(set.ok());
  auto r = set->Render("comment", FullVars());
  REQUIRE(r.ok());
  CHECK(r->subject == "Dữ liệu hộ tịch bị sai lệch");
  CHECK(r->body == "JSON {\"a\": 1} and Nguyễn Thị Hoa\n");
}

TEST_CASE("An SMS template replaces the default short form and may use {{subject}}", "[templates]") {
  TempDir dir;
  Write(dir, "sla_breach.txt", "Subject: [{{ticket_id}}] Quá hạn: {{title}}\n\nNội dung.\n");
  Write(dir, "sla_breach.sms.txt", "{{subject}} - {{payload_text}} {{link}}\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {"sla_breach"});
  REQUIRE(set.ok());
  auto vars = FullVars();
  vars["payload_text"] = "Quá hạn tiếp nhận (mức 1).";
  auto r = set->Render("sla_breach", vars);
  REQUIRE(r.ok());
  CHECK(r->sms_text ==
        "[INC-2026-000001] Quá hạn: Dữ liệu hộ tịch bị sai lệch - Quá hạn tiếp nhận (mức 1). "
        "http://127.0.0.1:8080/tickets/INC-2026-000001");
}

TEST_CASE("A variable missing at Render is an error, never a blank", "[templates]") {
  TempDir dir;
  Write(dir, "report.txt", "Subject: {{ticket_id}}\n\nTiêu đề: {{title}}\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {"report"});
  REQUIRE(set.ok());
  auto vars = FullVars();
  vars.erase("title");
  auto r = set->Render("report", vars);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kInvalidValue);
  CHECK_THAT(r.status().message(), Catch::Contains("{{title}}") && Catch::Contains("report.txt"));
  // The default SMS form needs {{link}}.
  vars = FullVars();
  vars.erase("link");
  r = set->Render("report", vars);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("{{link}}"));
  // An empty value is a value.
  vars = FullVars();
  vars["title"] = "";
  CHECK(set->Render("report", vars).ok());
  // An event type without a template.
  auto none = set->Render("comment", FullVars());
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == ErrorCode::kNotFound);
}

TEST_CASE("Line breaks in a value do not break the subject", "[templates]") {
  TempDir dir;
  Write(dir, "report.txt", "Subject: [{{ticket_id}}] {{title}}\n\n{{title}}\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {});
  REQUIRE(set.ok());
  auto vars = FullVars();
  vars["title"] = "Dòng một\r\nDòng hai";
  auto r = set->Render("report", vars);
  REQUIRE(r.ok());
  CHECK(r->subject == "[INC-2026-000001] Dòng một  Dòng hai");
  CHECK(r->body == "Dòng một\r\nDòng hai\n");
}

TEST_CASE("Template errors at Load name the file and the problem", "[templates]") {
  struct Case {
    const char* what;
    const char* file;
    const char* content;
    const char* expected;
  };
  const Case cases[] = {
      {"unknown variable", "report.txt", "Subject: {{ticket_id}}\n\nXin chào {{titel}}\n",
       "report.txt: line 3: unknown variable {{titel}}"},
      {"unknown variable in the subject", "report.txt", "Subject: {{ticket}}\n\nBody\n",
       "report.txt: line 1: unknown variable {{ticket}}"},
      {"{{subject}} outside an SMS template", "report.txt", "Subject: x\n\n{{subject}}\n",
       "unknown variable {{subject}}"},
      {"missing Subject line", "report.txt", "Tiêu đề: {{title}}\n\nBody\n",
       "report.txt: line 1: the first line must be 'Subject: ...'"},
      {"empty Subject", "report.txt", "Subject:   \n\nBody\n", "the Subject is empty"},
      {"no blank line", "report.txt", "Subject: x\nBody\n", "line 2: must be blank"},
      {"no body", "report.txt", "Subject: x\n\n\n", "the body is empty"},
      {"opening braces without closing", "report.txt", "Subject: x\n\nline\nXin chào {{title\n",
       "report.txt: line 4: unbalanced braces: '{{' without '}}'"},
      {"closing braces without opening", "report.txt", "Subject: x\n\nXin chào title}}\n",
       "report.txt: line 3: unbalanced braces: '}}' without '{{'"},
      {"nested braces", "report.txt", "Subject: x\n\n{{{title}}\n", "unbalanced braces in {{{title}}"},
      {"empty placeholder", "report.txt", "Subject: x\n\n{{ }}\n", "unknown variable {{}}"},
      {"not UTF-8", "report.txt", "Subject: x\n\nPhi\xE1u\n", "report.txt: not valid UTF-8"},
      {"SMS template without a mail template", "comment.sms.txt", "{{subject}}\n",
       "comment.sms.txt: an SMS template without a mail template comment.txt"},
      {"unknown variable in an SMS template", "report.sms.txt", "{{subjekt}}\n",
       "report.sms.txt: line 1: unknown variable {{subjekt}}"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    TempDir dir;
    if (std::string(c.file) == "report.sms.txt") Write(dir, "report.txt", "Subject: x\n\nBody\n");
    Write(dir, c.file, c.content);
    auto set = TemplateSet::Load(dir.path().string(), "vi", {});
    REQUIRE_FALSE(set.ok());
    CHECK(set.status().code() == ErrorCode::kInvalidValue);
    CHECK_THAT(set.status().message(), Catch::Contains(c.expected));
  }
}

TEST_CASE("A required event type without a template fails Load", "[templates]") {
  TempDir dir;
  Write(dir, "report.txt", "Subject: x\n\nBody\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {"report", "acknowledge"});
  REQUIRE_FALSE(set.ok());
  CHECK(set.status().code() == ErrorCode::kInvalidValue);
  CHECK_THAT(set.status().message(),
             Catch::Contains("no template for event type 'acknowledge'") && Catch::Contains("acknowledge.txt"));
  // A missing locale folder.
  auto en = TemplateSet::Load(dir.path().string(), "en", {});
  REQUIRE_FALSE(en.ok());
  CHECK_THAT(en.status().message(), Catch::Contains("no templates folder"));
}

TEST_CASE("Other files in a locale folder are ignored", "[templates]") {
  TempDir dir;
  Write(dir, "report.txt", "Subject: x\n\nBody\n");
  Write(dir, "README.md", "{{not a template}}");
  Write(dir, "report.txt~", "garbage");
  Write(dir, "Notes.txt", "not an event type name");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {"report"});
  REQUIRE(set.ok());
  CHECK(set->EventTypes() == std::vector<std::string>{"report"});
}

TEST_CASE("A template for the state an event led to is used instead of the event's", "[templates]") {
  TempDir dir;
  Write(dir, "escalate_chairman.txt", "Subject: To the Chairman\n\nSent to the Chairman.\n");
  Write(dir, "escalate_chairman.awaiting_director.txt", "Subject: For sign-off\n\nAwaits the director.\n");
  Write(dir, "escalate_chairman.awaiting_director.sms.txt", "Sign-off needed: {{title}}\n");
  auto set = TemplateSet::Load(dir.path().string(), "vi", {"escalate_chairman"});
  REQUIRE(set.ok());
  CHECK(set->EventTypes() == std::vector<std::string>{"escalate_chairman", "escalate_chairman.awaiting_director"});
  auto vars = FullVars();
  vars["state"] = "awaiting_director";
  auto r = set->Render("escalate_chairman", vars);
  REQUIRE(r.ok());
  CHECK(r->subject == "For sign-off");
  CHECK(r->body == "Awaits the director.\n");
  CHECK(r->sms_text == "Sign-off needed: Dữ liệu hộ tịch bị sai lệch");
  vars["state"] = "awaiting_chairman";
  r = set->Render("escalate_chairman", vars);
  REQUIRE(r.ok());
  CHECK(r->subject == "To the Chairman");
  // A variant alone does not stand for its event type.
  TempDir only;
  Write(only, "escalate_chairman.awaiting_director.txt", "Subject: x\n\nBody\n");
  auto missing = TemplateSet::Load(only.path().string(), "vi", {"escalate_chairman"});
  CHECK(missing.status().code() == ErrorCode::kInvalidValue);
}

TEST_CASE("The shipped templates load for vi and en with all 20 event types", "[templates]") {
  const std::string dir = std::string(INCIDENTS_SOURCE_DIR) + "/config/templates";
  const auto events = AllEventTypes();
  REQUIRE(events.size() == 20);
  for (const char* locale : {"vi", "en"}) {
    INFO("locale " << locale);
    auto set = TemplateSet::Load(dir, locale, events);
    REQUIRE(set.ok());
    // One per event type, and escalate_chairman's while it awaits the director's sign-off;
    // and the data-sharing requests' (request_notifications_test.cpp): one per event of
    // their own (9), decide's proposal and agree's decisions (3), and the wording of the
    // five events they share with incidents (5); and the mail that asks a public requester
    // to confirm the address (1, confirmation_mail_test.cpp); and the mail of a scheduled
    // report draft (1, report_draft_mail_test.cpp).
    CHECK(set->EventTypes().size() == 21 + 9 + 3 + 5 + 1 + 1);
    std::vector<std::pair<std::string, std::string>> renders;  // event, state
    for (const auto& event : events) renders.emplace_back(event, "reported");
    renders.emplace_back("escalate_chairman", "awaiting_director");
    for (const auto& [event, state] : renders) {
      INFO("event " << event << ", state " << state);
      auto vars = FullVars();
      vars["state"] = state;
      // The router composes the citation sentence in the locale's words (MessageVars).
      vars["citation"] = "CITATION-MARK";
      vars["title"] = "TITLE-MARK";
      vars["state_label"] = "STATE-MARK";
      // The authorities are variables (config/README.md, "Authorities").
      vars["doict_name"] = "DOICT-MARK";
      vars["ministry_name"] = "MINISTRY-MARK";
      vars["chairman_office_name"] = "OFFICE-MARK";
      vars["province"] = "PROVINCE-MARK";
      vars["regulation"] = "REGULATION-MARK";
      auto r = set->Render(event, vars);
      REQUIRE(r.ok());
      // Every template names the ticket, the title, the state, the citation and the link.
      CHECK_THAT(r->subject, Catch::StartsWith("[INC-2026-000001] ") && Catch::Contains("TITLE-MARK"));
      CHECK_THAT(r->body, Catch::Contains("INC-2026-000001") && Catch::Contains("TITLE-MARK") &&
                              Catch::Contains("STATE-MARK") && Catch::Contains("\nCITATION-MARK\n") &&
                              Catch::Contains("http://127.0.0.1:8080/tickets/INC-2026-000001"));
      // The signature names the configured province.
      if (std::string(locale) == "vi") {
        CHECK_THAT(r->body, Catch::Contains("dữ liệu tỉnh PROVINCE-MARK\n") && Catch::Contains("Kính gửi:"));
      } else {
        CHECK_THAT(r->body, Catch::Contains("of PROVINCE-MARK province\n"));
      }
      // Where a message names the coordinating department, the ministry or the office, it
      // is by its variable.
      const std::string text = r->subject + "\n" + r->body + "\n" + r->sms_text;
      if (event == "acknowledge" || event == "assign_doict" || event == "request_info" || event == "reject")
        CHECK_THAT(text, Catch::Contains("DOICT-MARK"));
      if (event == "refer_ministry" || event == "record_ministry_conclusion")
        CHECK_THAT(text, Catch::Contains("MINISTRY-MARK"));
      if (event == "escalate_chairman")
        CHECK_THAT(text, Catch::Contains("OFFICE-MARK") && Catch::Contains("DOICT-MARK") &&
                             Catch::Contains(std::string(locale) == "vi" ? "Ủy ban nhân dân tỉnh PROVINCE-MARK"
                                                                         : "PROVINCE-MARK Provincial People"));
      if (event == "request_info") CHECK_THAT(r->sms_text, Catch::Contains("DOICT-MARK"));
      CHECK_THAT(r->sms_text, Catch::Contains("INC-2026-000001") && Catch::Contains("http://127.0.0.1:8080/"));
      CHECK(r->body.back() == '\n');
    }
  }
}

