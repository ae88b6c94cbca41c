// The regulation file (engine/include/incidents/engine/regulation.h, issue 13): the machine
// and Vietnamese forms of a citation, what a malformed file is refused for, the shipped
// file's citations written out by hand from the seed's text, and every gloss held against
// that text at its article, clause and point.

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/regulation.h"
#include "incidents/engine/ticket.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using E = EventType;

TEST_CASE("regulation: machine-form citations read as Vietnamese legal form", "[regulation]") {
  CHECK(VietnameseLegalBasis("Art. 16") == "Điều 16");
  CHECK(VietnameseLegalBasis("Art. 17.1") == "khoản 1 Điều 17");
  CHECK(VietnameseLegalBasis("Art. 13.2b") == "điểm b khoản 2 Điều 13");
  CHECK(VietnameseLegalBasis("Art. 11.2b, 12.2") == "điểm b khoản 2 Điều 11, khoản 2 Điều 12");
  CHECK(VietnameseLegalBasis("").empty());
  // What is not machine form is shown as it is, never half-converted.
  CHECK(VietnameseLegalBasis("Điều 16") == "Điều 16");

  auto refs = ParseLegalBasis("Art. 11.2b, 12.2, 16");
  REQUIRE(refs.ok());
  REQUIRE(refs->size() == 3);
  CHECK((*refs)[0] == ArticleRef{11, 2, "b"});
  CHECK((*refs)[1] == ArticleRef{12, 2, ""});
  CHECK((*refs)[2] == ArticleRef{16, 0, ""});
  CHECK((*refs)[0].MachineForm() == "11.2b");
  for (const char* bad : {"Điều 16", "Art.16", "Art. 16.", "Art. 0.1", "Art. 16.0", "Art. 16.1,", "Art. 16.1, ",
                          "Art. 16.1;17", "Art. 16.1bb", "Art. b", "16.1"}) {
    INFO(bad);
    CHECK(ParseLegalBasis(bad).status().code() == ErrorCode::kInvalidValue);
  }
}

// A small valid file: every event cites Art. 16, reject by grounds; `edit` spoils it.
Result<std::shared_ptr<const Regulation>> Parse(const std::function<void(JsonValue::Object&)>& edit = nullptr) {
  JsonValue::Object events;
  for (EventType e : kAllEventTypes) events.emplace(std::string(ToString(e)), JsonValue::Object{{"basis", "Art. 16"}});
  JsonValue::Object grounds;
  for (const char* g : {"out_of_scope", "state_secret", "internal_data"})
    grounds.emplace(g, JsonValue::Object{{"basis", "Art. 1.2"}});
  grounds.emplace("duplicate", JsonValue::Object{{"basis", ""}, {"note_vi", "Quy trình nội bộ."}, {"note_en", "Own."}});
  events["reject"] = JsonValue::Object{{"by", "grounds"}, {"cases", JsonValue(std::move(grounds))}};
  auto labels_of = [](std::initializer_list<const char*> names) {
    JsonValue::Object o;
    for (const char* n : names) o.emplace(n, JsonValue::Object{{"vi", std::string("nhãn ") + n}, {"en", n}});
    return JsonValue(std::move(o));
  };
  JsonValue::Object file{
      {"id", "qd-test"},
      {"glosses", JsonValue::Object{{"16", "Trong những trường hợp sau"}, {"1.2", "Không áp dụng"}}},
      {"labels", JsonValue::Object{{"scope", labels_of({"intra_province", "outside_agency", "person_or_business"})},
                                   {"grounds", labels_of({"out_of_scope", "state_secret", "internal_data",
                                                          "duplicate"})}}},
      {"versions", JsonValue::Array{JsonValue::Object{{"version", std::int64_t{1}}, {"events", JsonValue(events)}}}},
  };
  if (edit) edit(file);
  return Regulation::FromJson(JsonValue(std::move(file)));
}

JsonValue::Object& EventsOf(JsonValue::Object& file, std::size_t version = 0) {
  return file["versions"].as_array()[version].as_object()["events"].as_object();
}

TEST_CASE("regulation: a malformed file is refused, naming what is wrong", "[regulation]") {
  REQUIRE(Parse().ok());
  CHECK(Parse().value()->id() == "qd-test");
  CHECK(Parse().value()->current_version() == 1);

  struct Case {
    const char* what;
    std::function<void(JsonValue::Object&)> edit;
    const char* message;
  };
  const Case cases[] = {
      {"no id", [](auto& f) { f.erase("id"); }, "'id'"},
      {"an event without a citation", [](auto& f) { EventsOf(f).erase("reopen"); }, "no citation for reopen"},
      {"an unknown event", [](auto& f) { EventsOf(f).emplace("approve", JsonValue::Object{{"basis", "Art. 16"}}); },
       "'versions[0].events.approve' is not an event type"},
      {"a citation not in machine form",
       [](auto& f) { EventsOf(f)["comment"] = JsonValue::Object{{"basis", "Điều 16"}}; }, "events.comment.basis"},
      {"an article without a gloss",
       [](auto& f) { EventsOf(f)["comment"] = JsonValue::Object{{"basis", "Art. 20.1"}}; }, "20.1, which has no gloss"},
      {"no article and no note", [](auto& f) { EventsOf(f)["confirm"] = JsonValue::Object{{"basis", ""}}; },
       "needs note_vi and note_en"},
      {"a case missing",
       [](auto& f) { EventsOf(f)["reject"].as_object()["cases"].as_object().erase("duplicate"); },
       "has no case for duplicate"},
      {"a case that is no value",
       [](auto& f) {
         EventsOf(f)["reject"].as_object()["cases"].as_object().emplace("rude", JsonValue::Object{{"basis", "Art. 16"}});
       },
       "cases.rude' is not a value of grounds"},
      {"an unknown dimension", [](auto& f) { EventsOf(f)["reject"].as_object()["by"] = JsonValue("mood"); },
       "must be scope, category, grounds or workflow"},
      {"a gloss key not a reference",
       [](auto& f) { f["glosses"].as_object().emplace("Điều 17", JsonValue("x")); }, "'glosses.Điều 17'"},
      {"a scope without labels",
       [](auto& f) { f["labels"].as_object()["scope"].as_object().erase("outside_agency"); },
       "labels.scope.outside_agency"},
      {"versions not numbered from 1",
       [](auto& f) { f["versions"].as_array()[0].as_object()["version"] = JsonValue(std::int64_t{2}); },
       "must be 1 (versions are numbered"},
      {"no versions", [](auto& f) { f["versions"] = JsonValue(JsonValue::Array{}); }, "'versions'"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    auto r = Parse(c.edit);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kInvalidValue);
    CHECK_THAT(r.status().message(), Contains(c.message));
  }
}

// ---------------------------------------------------------------------------------------
// The shipped file, by hand from the seed's text.

Ticket With(Scope scope, Category category = Category::kDataDiscrepancy) {
  Ticket t;
  t.scope = scope;
  t.category = category;
  return t;
}

std::string BasisOf(int version, EventType e, const Ticket& t, const Payload& payload = {}) {
  auto c = DemoRegulation()->Cite(version, e, t, payload);
  REQUIRE(c.ok());
  return c->basis;
}

TEST_CASE("regulation file: version 2 cites by the ticket's scope, category and the reject's grounds",
          "[regulation]") {
  const auto& reg = *DemoRegulation();
  CHECK(reg.id() == "qd-57-2020-ubnd-ninhthuan");
  REQUIRE(reg.current_version() >= 2);  // 3 added the data-sharing requests' citations (issue 15)
  const Ticket intra = With(Scope::kIntraProvince), outside = With(Scope::kOutsideAgency),
               person = With(Scope::kPersonOrBusiness);
  // Art. 11.2b: DoICT advises on resolving difficulties inside the province; 12.2 and 13.2b
  // send what exceeds it to the Chairman for outside agencies, persons and businesses.
  for (EventType e : {E::kEscalateChairman, E::kApproveEscalation, E::kReturnEscalation}) {
    INFO(ToString(e));
    CHECK(BasisOf(2, e, intra) == "Art. 11.2b");
    CHECK(BasisOf(2, e, outside) == "Art. 12.2");
    CHECK(BasisOf(2, e, person) == "Art. 13.2b");
  }
  // Art. 11.1: the Chairman directs sharing inside the province.
  for (EventType e : {E::kRecordChairmanDecision, E::kReturnToDoict}) {
    INFO(ToString(e));
    CHECK(BasisOf(2, e, intra) == "Art. 11.1");
    CHECK(BasisOf(2, e, outside) == "Art. 12.2");
    CHECK(BasisOf(2, e, person) == "Art. 13.2b");
  }
  // Reopen: the Art. 16 item of the category.
  const std::map<Category, std::string> items = {{Category::kDataDiscrepancy, "Art. 16.1"},
                                                 {Category::kConnectionFailure, "Art. 16.2"},
                                                 {Category::kSharingDisagreement, "Art. 16.3"},
                                                 {Category::kOperationalIncident, "Art. 16.4"},
                                                 {Category::kOther, "Art. 16.5"}};
  for (const auto& [category, basis] : items) CHECK(BasisOf(2, E::kReopen, With(Scope::kIntraProvince, category)) == basis);
  // Reject: out of scope is Art. 1.1, state secrets and internal data 1.2, a duplicate none.
  CHECK(BasisOf(2, E::kReject, intra, {{"grounds", JsonValue("out_of_scope")}}) == "Art. 1.1");
  CHECK(BasisOf(2, E::kReject, intra, {{"grounds", JsonValue("state_secret")}}) == "Art. 1.2");
  CHECK(BasisOf(2, E::kReject, intra, {{"grounds", JsonValue("internal_data")}}) == "Art. 1.2");
  CHECK(BasisOf(2, E::kReject, intra, {}) == "Art. 1.1");  // recorded before grounds existed
  auto duplicate = reg.Cite(2, E::kReject, intra, {{"duplicate_of", JsonValue("INC-2026-000001")},
                                                   {"grounds", JsonValue("state_secret")}});
  REQUIRE(duplicate.ok());
  CHECK(duplicate->basis.empty());
  CHECK_THAT(duplicate->note_vi, Contains("Phiếu trùng"));
  // The deadlines are the province's own service levels (Art. 11.2b), and say so.
  auto breach = reg.Cite(2, E::kSlaBreach, intra, {});
  REQUIRE(breach.ok());
  CHECK(breach->basis == "Art. 11.2b");
  CHECK_THAT(breach->note_vi, Contains("mức dịch vụ nội bộ"));
  CHECK_THAT(breach->note_en, Contains("internal service levels"));
  // Confirm and auto_close: Art. 17 says nothing of them; the system's own procedure.
  for (EventType e : {E::kConfirm, E::kAutoClose}) {
    auto c = reg.Cite(2, e, intra, {});
    REQUIRE(c.ok());
    CHECK(c->basis.empty());
    CHECK_FALSE(c->note_vi.empty());
  }
  // The rest keeps what version 1 cited.
  const std::map<EventType, std::string> unchanged = {
      {E::kReport, "Art. 16"},           {E::kAcknowledge, "Art. 17.1"},     {E::kAssignDoict, "Art. 17.2"},
      {E::kRequestPartyFix, "Art. 17.2"}, {E::kRequestInfo, "Art. 17.1"},     {E::kProvideInfo, "Art. 17.1"},
      {E::kReferMinistry, "Art. 17.3"},  {E::kRecordMinistryConclusion, "Art. 17.3"}, {E::kResolve, "Art. 17.2"},
      {E::kComment, "Art. 20.1"}};
  for (const auto& [e, basis] : unchanged) {
    CHECK(BasisOf(2, e, person) == basis);
    CHECK(BasisOf(1, e, person) == basis);
  }
}

TEST_CASE("regulation file: version 1 keeps the citations recorded before issue 13, whatever the ticket",
          "[regulation]") {
  const std::map<EventType, std::string> before = {
      {E::kEscalateChairman, "Art. 12.2, 13.2b"},       {E::kApproveEscalation, "Art. 11.2b, 12.2, 13.2b"},
      {E::kReturnEscalation, "Art. 11.2b"},             {E::kRecordChairmanDecision, "Art. 11.1, 12.2, 13.2b"},
      {E::kReturnToDoict, "Art. 11.1, 12.2, 13.2b"},    {E::kConfirm, "Art. 17"},
      {E::kReopen, "Art. 16.1"},                        {E::kReject, "Art. 1.2"},
      {E::kSlaBreach, "Art. 19.1"},                     {E::kAutoClose, "Art. 17"}};
  for (Scope scope : kAllScopes)
    for (const auto& [e, basis] : before) {
      INFO(ToString(e) << " " << ToString(scope));
      CHECK(BasisOf(1, e, With(scope, Category::kOther), {{"duplicate_of", JsonValue("INC-2026-000001")}}) == basis);
    }
  const int unknown = DemoRegulation()->current_version() + 1;
  CHECK(DemoRegulation()->Cite(unknown, E::kReport, Ticket{}, {}).status().code() == ErrorCode::kCorruption);
  // Version 1 was written before data-sharing requests: it cites none of their own events.
  CHECK(DemoRegulation()->Cite(1, E::kSubmit, Ticket{}, {}).status().code() == ErrorCode::kCorruption);
  CHECK(DemoRegulation()->Version(0) == nullptr);
}

TEST_CASE("regulation file: labels of the scopes and grounds, and glosses of several references", "[regulation]") {
  const auto& reg = *DemoRegulation();
  const auto* intra = reg.LabelOf(CitationRule::By::kScope, "intra_province");
  REQUIRE(intra);
  CHECK_THAT(intra->vi, Contains("nội bộ tỉnh"));
  CHECK(reg.LabelOf(CitationRule::By::kCategory, "other") == nullptr);
  CHECK(reg.LabelOf(CitationRule::By::kGrounds, "rude") == nullptr);
  CHECK(reg.Gloss("11.1") == "Chủ tịch Ủy ban nhân dân tỉnh chỉ đạo chia sẻ dữ liệu trong nội bộ tỉnh.");
  CHECK(reg.Gloss("Art. 11.1") == reg.Gloss("11.1"));
  CHECK(reg.Gloss("Art. 11.1, 17.1") == reg.Gloss("11.1") + "; " + reg.Gloss("17.1"));
  CHECK(reg.Gloss("").empty());
  CHECK(reg.Gloss("Art. 99").empty());
}

// ---------------------------------------------------------------------------------------
// Every gloss against the text (config/regulations/qd-57-2020-ubnd-ninhthuan.md, a copy of
// the seed's text of Decision 57/2020/QĐ-UBND).

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

// "**", "#" and runs of white space out: the text as read, without its markup.
std::string Plain(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '*' || s[i] == '#') continue;
    const bool space = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : s[i];
  }
  return out;
}

bool StartsWithNumber(const std::string& line, const std::string& number) { return line.rfind(number, 0) == 0; }

// The lines of article `n`: from its heading ("Điều n. ", after markup, or after "**" in
// the middle of a line where the text's chapters run into it) to the next article's.
std::vector<std::string> ArticleLines(const std::vector<std::string>& lines, int n) {
  auto heading = [](const std::string& line, int k) {
    const std::string mark = "Điều " + std::to_string(k) + ". ";
    const std::size_t at = line.find(mark);
    if (at == std::string::npos) return false;
    return line.find_first_not_of("#* ") == at || (at >= 2 && line.compare(at - 2, 2, "**") == 0);
  };
  std::vector<std::string> out;
  bool in = false;
  for (const std::string& line : lines) {
    if (heading(line, n + 1)) break;
    if (heading(line, n)) in = true;
    if (in) out.push_back(line);
  }
  return out;
}

// The lines from the one starting with `start` to (not including) the next starting with
// `next`, or the end.
std::vector<std::string> Between(const std::vector<std::string>& lines, const std::string& start,
                                 const std::string& next) {
  std::vector<std::string> out;
  bool in = false;
  for (const std::string& line : lines) {
    if (in && StartsWithNumber(line, next)) break;
    if (StartsWithNumber(line, start)) in = true;
    if (in) out.push_back(line);
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TEST_CASE("regulation file: every gloss is the text of the article, clause and point it glosses",
          "[regulation][seed]") {
  const auto json = ParseJson(ReadFile(INCIDENTS_REGULATION_FILE));
  REQUIRE(json.ok());
  const JsonValue* text_member = json->Find("text");
  REQUIRE(text_member);
  const std::string json_path = INCIDENTS_REGULATION_FILE;
  const std::string text_path = json_path.substr(0, json_path.rfind('/') + 1) +
                                text_member->as_string().substr(text_member->as_string().rfind('/') + 1);
  const std::vector<std::string> lines = Lines(ReadFile(text_path));
  REQUIRE(lines.size() > 300);
  CHECK_THAT(Join(lines), Contains("57/2020/QĐ-UBND"));

  const auto& reg = *DemoRegulation();
  REQUIRE(reg.glosses().size() >= 20);
  for (const auto& [ref, gloss] : reg.glosses()) {
    INFO("gloss of " << ref << ": " << gloss);
    auto parsed = ParseLegalBasis("Art. " + ref);
    REQUIRE(parsed.ok());
    const ArticleRef r = parsed->front();
    std::vector<std::string> part = ArticleLines(lines, r.article);
    REQUIRE_FALSE(part.empty());
    if (r.clause > 0) {
      part = Between(part, std::to_string(r.clause) + ". ", std::to_string(r.clause + 1) + ". ");
      REQUIRE_FALSE(part.empty());
    }
    if (!r.point.empty()) {
      const char next = static_cast<char>(r.point[0] + 1);
      part = Between(part, r.point + ") ", std::string(1, next) + ") ");
      REQUIRE_FALSE(part.empty());
    }
    CHECK(gloss.size() >= 10);
    CHECK_THAT(Plain(Join(part)), Contains(Plain(gloss)));
  }
  // The probe can fail: a gloss of the wrong clause is not found.
  const std::vector<std::string> art17 = ArticleLines(lines, 17);
  CHECK_THAT(Plain(Join(Between(art17, "1. ", "2. "))), !Contains(Plain(reg.Gloss("17.2"))));
}

TEST_CASE("regulation file: every citation of every version cites a glossed reference", "[regulation][seed]") {
  // FromJson already refuses a reference without a gloss; this holds the shipped file to
  // it and to citing only articles of the regulation (1-24).
  for (const RegulationVersion& v : DemoRegulation()->versions())
    for (const auto& [type, rule] : v.rules) {
      std::vector<Citation> all;
      if (rule.by == CitationRule::By::kNothing) all.push_back(rule.always);
      for (const auto& [when, c] : rule.cases) all.push_back(c);
      for (const Citation& c : all) {
        INFO("version " << v.version << " " << ToString(type) << " " << c.basis);
        auto refs = ParseLegalBasis(c.basis);
        REQUIRE(refs.ok());
        for (const ArticleRef& r : refs.value()) {
          CHECK(r.article >= 1);
          CHECK(r.article <= 24);
          CHECK_FALSE(DemoRegulation()->Gloss(r.MachineForm()).empty());
        }
        if (c.basis.empty()) CHECK_FALSE(c.note_vi.empty());
      }
    }
}

}  // namespace
}  // namespace incidents::testing
