// The API speaks Vietnamese where it speaks to people (issue 13.3-4): every Vietnamese
// member of the workflow, the history's citations, the calendar's sources and the problem
// documents are free of English words and of the "Art." form, and cite in Vietnamese legal
// form ("khoản 1 Điều 17", never "Điều 17.1" or "Điều 17 khoản 1"), against the real server.

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

// What gives English away in a Vietnamese text: words no Vietnamese sentence has, and the
// citation forms that are not Vietnamese legal form. Quoted names ('title', "x") are the
// client's own and are left out.
std::vector<std::string> EnglishIn(const std::string& text) {
  static const std::regex quoted("'[^']*'|\"[^\"]*\"");
  static const std::regex english(
      "\\b(the|of|and|is|are|must|not|found|ticket|tickets|state|unknown|required|invalid|request|"
      "error|please|Reported|Legal|basis|lunar|solar|day|days)\\b",
      std::regex::icase);
  static const std::regex art("\\bArt\\.\\s*\\d");
  static const std::regex dotted("Điều \\d+\\.\\d");        // "Điều 17.1"
  static const std::regex reversed("Điều \\d+ (khoản|điểm)");  // "Điều 16 khoản 1"
  const std::string plain = std::regex_replace(text, quoted, "''");
  std::vector<std::string> found;
  for (const auto* re : {&english, &art, &dotted, &reversed})
    for (auto it = std::sregex_iterator(plain.begin(), plain.end(), *re); it != std::sregex_iterator(); ++it)
      found.push_back(it->str());
  return found;
}

// Every string member named `*_vi` or `vi` anywhere in `v`, with its path.
void VietnameseMembers(const Poco::Dynamic::Var& v, const std::string& path,
                       std::vector<std::pair<std::string, std::string>>& out) {
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto o = v.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [key, value] : *o) {
      const bool vi = key == "vi" || (key.size() > 3 && key.compare(key.size() - 3, 3, "_vi") == 0);
      if (vi && value.isString()) out.emplace_back(path + "." + key, value.toString());
      else VietnameseMembers(value, path + "." + key, out);
    }
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto a = v.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < a->size(); ++i) VietnameseMembers(a->get(i), path + "[" + std::to_string(i) + "]", out);
  }
}

}  // namespace

TEST_CASE("vietnamese: the probe finds English and the foreign citation forms", "[e2e][vietnamese]") {
  CHECK(EnglishIn("Căn cứ: Art. 17.1").size() == 1);
  CHECK(EnglishIn("theo Điều 17.1 của Quy chế").size() == 1);
  CHECK(EnglishIn("Điều 16 khoản 1").size() == 1);
  CHECK(EnglishIn("the ticket is not found").size() == 5);
  CHECK(EnglishIn("Trường 'title' không được để trống; theo khoản 1 Điều 17, điểm b khoản 2 Điều 11").empty());
}

TEST_CASE("vietnamese: the workflow, a history, the calendar and the problems speak Vietnamese",
          "[e2e][vietnamese]") {
  DemoServer s;
  auto body = Obj({{"category", "connection_failure"},
                   {"title", "Không gọi được dịch vụ dữ liệu đất đai"},
                   {"description", "Lỗi 502 từ sáng nay."},
                   {"parties", Arr({"stnmt"})},
                   {"scope", "outside_agency"}});
  const std::string id = Str(s.CreateTicket("stp.reporter", body), "id");
  REQUIRE(s.PostEvent("stttt.engineer", id, "acknowledge").status == 200);
  REQUIRE(s.PostEvent("stttt.coordinator", id, "escalate_chairman", Obj({{"reason", "Vượt thẩm quyền của Sở"}}))
              .status == 200);

  std::vector<std::pair<std::string, std::string>> texts;
  const Response wf = s.client->Get("/api/v1/workflows/incident", s.Token("stp.reporter"));
  REQUIRE(wf.status == 200);
  VietnameseMembers(wf.Json(), "workflow", texts);
  const std::size_t from_workflow = texts.size();
  CHECK(from_workflow > 100);  // states, events, categories, scopes, grounds, citations

  const Response history = s.client->Get(TicketPath(id) + "/history", s.Token("stp.reporter"));
  REQUIRE(history.status == 200);
  const auto citations = ArrAt(history.Object(), "citations");
  REQUIRE(citations->size() == 3);
  // An agency outside the province: the escalation rests on Art. 12.2.
  CHECK(Str(citations->getObject(2), "vi") == "khoản 2 Điều 12");
  CHECK(Str(citations->getObject(1), "vi") == "khoản 1 Điều 17");
  VietnameseMembers(history.Json(), "history", texts);
  CHECK(texts.size() > from_workflow + 3);

  const Response ticket = s.GetTicket("stp.reporter", id);
  REQUIRE(ticket.status == 200);
  CHECK(Str(ticket.Object(), "scope") == "outside_agency");
  CHECK(Str(ticket.Object(), "reporter_name") != "stp.reporter");
  texts.emplace_back("ticket.state_label_vi", Str(ticket.Object(), "state_label_vi"));
  texts.emplace_back("ticket.category_label_vi", Str(ticket.Object(), "category_label_vi"));

  const Response calendar = s.client->Get("/api/v1/calendar?year=2027", s.Token("stp.reporter"));
  REQUIRE(calendar.status == 200);
  const auto days = ArrAt(calendar.Object(), "days_off");
  REQUIRE(days->size() > 5);
  for (std::size_t i = 0; i < days->size(); ++i)
    texts.emplace_back("calendar.days_off[" + std::to_string(i) + "].source", Str(days->getObject(i), "source"));

  // Problems, with no Accept-Language: Vietnamese.
  const std::vector<Response> problems = {
      s.client->Get(TicketPath("INC-2026-999999"), s.Token("stp.reporter")),
      s.PostEvent("stp.reporter", id, "resolve", Obj({{"resolution", "x"}})),
      s.PostEvent("stttt.coordinator", id, "record_chairman_decision", Obj({{"decision", "x"}})),
      s.client->Post("/api/v1/tickets", R"({"category":"nope","title":"t","description":"d"})",
                     s.Token("stp.reporter")),
      s.client->Get("/api/v1/me"),
  };
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const Response& p = problems[i];
    INFO(p.Describe());
    REQUIRE(p.status >= 400);
    CHECK(p.Header("Content-Language") == "vi");
    texts.emplace_back("problem " + std::to_string(i) + " title", Str(p.Object(), "title"));
    texts.emplace_back("problem " + std::to_string(i) + " detail", Str(p.Object(), "detail"));
  }

  for (const auto& [where, text] : texts) {
    INFO(where << ": " << text);
    CHECK(EnglishIn(text).empty());
  }
}
