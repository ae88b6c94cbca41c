// The directory's pieces of the HTTP adapter that need no server: the JSON shapes of orgs,
// terms and the list (representations.h), the portal sheet (focal_point_sheet.h), request
// bodies (body_reader.h), query parameters (query_params.h), the search folding
// (text_search.h), and the set-password mail (password_reset.h).

#include <catch2/catch.hpp>

#include "api_types.h"
#include "body_reader.h"
#include "focal_point_sheet.h"
#include "incidents/engine/canonical_json.h"
#include "json_body.h"
#include "password_reset.h"
#include "query_params.h"
#include "representations.h"
#include "text_search.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;

CivilDate Day(const char* iso) { return *ParseIsoDate(iso); }

Org Stp() { return {"stp", "Sở Tư pháp", "STP", "department", true, ""}; }

User Person(const std::string& username, const std::string& name, const std::string& email) {
  User u;
  u.username = username;
  u.display_name = name;
  u.org = "stp";
  u.roles = {Role::kFocalPoint};
  u.email = email;
  u.phone = "+84900000002";
  u.password_hash = "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==";
  return u;
}

FocalPoint Term(std::int64_t id, const std::string& username, FocalPointRole role, const char* since,
                std::optional<CivilDate> until = std::nullopt) {
  FocalPoint t;
  t.id = id;
  t.org = "stp";
  t.role = role;
  t.username = username;
  t.position = "Phó Chánh Văn phòng";
  t.since = Day(since);
  t.until = until;
  t.decision_ref = "12/QĐ-STP";
  t.decision_date = Day("2026-01-02");
  return t;
}

http::UsersByName People() {
  return {{"stp.an", Person("stp.an", "Trần Văn An", "an@stp.example")},
          {"stp.binh", Person("stp.binh", "Lê Thị Bình", "binh@stp.example")}};
}

TEST_CASE("shape: OrgJson shows the focal point and deputy in force on the day, null when none") {
  const std::vector<FocalPoint> terms = {
      Term(1, "stp.an", FocalPointRole::kFocal, "2026-01-05", Day("2026-06-01")),
      Term(2, "stp.binh", FocalPointRole::kFocal, "2026-06-01"),
      Term(3, "stp.an", FocalPointRole::kDeputy, "2026-06-01"),
  };
  const JsonValue j = http::OrgJson(Stp(), terms, People(), Day("2026-07-01"));
  CHECK(*j.Find("id") == JsonValue("stp"));
  CHECK(*j.Find("short_name") == JsonValue("STP"));
  CHECK(*j.Find("active") == JsonValue(true));
  CHECK(j.Find("successor")->is_null());
  const JsonValue expected_focal = JsonValue::Object{{"username", "stp.binh"},         {"name", "Lê Thị Bình"},
                                                     {"position", "Phó Chánh Văn phòng"}, {"email", "binh@stp.example"},
                                                     {"phone", "+84900000002"},      {"since", "2026-06-01"},
                                                     {"absent", false}};
  CHECK(*j.Find("focal_point") == expected_focal);
  CHECK(*j.Find("deputy")->Find("username") == JsonValue("stp.an"));

  // In March: the first term, no deputy yet.
  const JsonValue march = http::OrgJson(Stp(), terms, People(), Day("2026-03-01"));
  CHECK(*march.Find("focal_point")->Find("username") == JsonValue("stp.an"));
  CHECK(march.Find("deputy")->is_null());
  // Before any term.
  CHECK(http::OrgJson(Stp(), terms, People(), Day("2026-01-04")).Find("focal_point")->is_null());
  // Another org's terms are not this org's.
  Org other = Stp();
  other.id = "syt";
  other.successor = "stp";
  const JsonValue o = http::OrgJson(other, terms, People(), Day("2026-07-01"));
  CHECK(o.Find("focal_point")->is_null());
  CHECK(*o.Find("successor") == JsonValue("stp"));
}

TEST_CASE("shape: TermJson names the org and the person, dates as YYYY-MM-DD, null until while in force") {
  const Org org = Stp();
  const JsonValue j = http::TermJson(Term(7, "stp.an", FocalPointRole::kDeputy, "2026-01-05"), &org, People());
  const JsonValue expected = JsonValue::Object{
      {"id", 7},           {"org", "stp"},      {"org_name", "Sở Tư pháp"},    {"role", "deputy"},
      {"username", "stp.an"}, {"name", "Trần Văn An"}, {"position", "Phó Chánh Văn phòng"},
      {"email", "an@stp.example"}, {"phone", "+84900000002"}, {"since", "2026-01-05"}, {"until", JsonValue()},
      {"decision_ref", "12/QĐ-STP"}, {"decision_date", "2026-01-02"}, {"absent", false}};
  CHECK(j == expected);
  CHECK(ToCanonicalJson(j).find("pbkdf2") == std::string::npos);
  // Unknown person or org: empty names, not a failure.
  const JsonValue bare = http::TermJson(Term(8, "nobody", FocalPointRole::kFocal, "2026-01-05", Day("2026-02-01")),
                                        nullptr, {});
  CHECK(*bare.Find("name") == JsonValue(""));
  CHECK(*bare.Find("org_name") == JsonValue(""));
  CHECK(*bare.Find("until") == JsonValue("2026-02-01"));
}

TEST_CASE("shape: FocalPointListJson") {
  FocalPointList l;
  CHECK(http::FocalPointListJson(l) == JsonValue(JsonValue::Object{{"revision", 1},
                                                                  {"status", "draft"},
                                                                  {"decision_ref", ""},
                                                                  {"decision_date", JsonValue()},
                                                                  {"changed_by", ""},
                                                                  {"changed_at", JsonValue()}}));
  l.status = FocalListStatus::kApproved;
  l.decision_ref = "345/QĐ-UBND";
  l.decision_date = Day("2026-03-01");
  l.changed_at = Timestamp(std::chrono::seconds(1767225600));
  const JsonValue j = http::FocalPointListJson(l);
  CHECK(*j.Find("status") == JsonValue("approved"));
  CHECK(*j.Find("decision_date") == JsonValue("2026-03-01"));
  CHECK(*j.Find("changed_at") == JsonValue("2026-01-01T00:00:00Z"));
}

TEST_CASE("sheet: the portal's columns, one numbered row per term") {
  const std::vector<FocalPoint> terms = {Term(1, "stp.an", FocalPointRole::kFocal, "2026-01-05"),
                                         Term(2, "stp.binh", FocalPointRole::kDeputy, "2026-01-05")};
  const auto rows = http::FocalPointSheet(terms, {Stp()}, People());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"STT", "Mã cơ quan", "Tên cơ quan", "Vai trò", "Họ và tên", "Chức vụ",
                                            "Thư điện tử", "Điện thoại", "Từ ngày", "Số văn bản cử", "Ngày văn bản"});
  CHECK(rows[1] == std::vector<std::string>{"1", "stp", "Sở Tư pháp", "Đầu mối", "Trần Văn An", "Phó Chánh Văn phòng",
                                            "an@stp.example", "+84900000002", "2026-01-05", "12/QĐ-STP", "2026-01-02"});
  CHECK(rows[2][0] == "2");
  CHECK(rows[2][3] == "Đầu mối dự phòng");
}

TEST_CASE("search: case and Vietnamese accents are folded away") {
  CHECK(base::FoldForSearch("Sở Tư pháp") == "so tu phap");
  CHECK(base::FoldForSearch("ĐẶNG VĂN GIANG") == "dang van giang");
  CHECK(base::FoldForSearch("Ủy ban Nhân dân") == "uy ban nhan dan");
  CHECK(base::FoldForSearch("a\xff" "b") == "a\xff" "b");  // a malformed byte is kept as it is
  const std::string q = base::FoldForSearch("tu PHAP");
  CHECK(http::MatchesQuery(q, {"stp", "Sở Tư pháp"}));
  CHECK_FALSE(http::MatchesQuery(q, {"syt", "Sở Y tế"}));
  CHECK(http::MatchesQuery("", {"anything"}));
}

engine::JsonValue::Object Body(const std::string& text) {
  auto parsed = http::ParseJsonObjectBody(text);
  REQUIRE(parsed.ok());
  return parsed.value();
}

TEST_CASE("body: members are read by type, and the first wrong one is named") {
  const auto body = Body(R"({"name":"Sở","short":null,"active":true,"since":"2026-01-05","roles":["admin","reporter"]})");
  http::BodyReader in(body);
  CHECK(in.RequiredString("name") == "Sở");
  CHECK(in.String("short") == std::optional<std::string>(""));      // null clears
  CHECK(in.String("short", false) == std::nullopt);                 // or reads as absent
  CHECK(in.String("missing") == std::nullopt);
  CHECK(in.Bool("active") == std::optional<bool>(true));
  CHECK(in.RequiredDate("since") == Day("2026-01-05"));
  CHECK(in.Roles("roles") == std::optional<std::set<Role>>({Role::kAdmin, Role::kReporter}));
  CHECK(in.ok());

  struct Bad {
    std::string body;
    std::function<void(http::BodyReader&)> read;
    ErrorCode code;
    std::string field;
  };
  const std::vector<Bad> cases = {
      {R"({})", [](auto& r) { r.RequiredString("name"); }, ErrorCode::kInvalidArgument, "'name'"},
      {R"({"name":3})", [](auto& r) { r.String("name"); }, ErrorCode::kInvalidArgument, "'name'"},
      {R"({"active":"yes"})", [](auto& r) { r.Bool("active"); }, ErrorCode::kInvalidArgument, "'active'"},
      {R"({})", [](auto& r) { r.RequiredBool("absent"); }, ErrorCode::kInvalidArgument, "'absent'"},
      {R"({"since":20260105})", [](auto& r) { r.Date("since"); }, ErrorCode::kInvalidArgument, "'since'"},
      {R"({"since":"2026-02-30"})", [](auto& r) { r.Date("since"); }, ErrorCode::kInvalidValue, "'since'"},
      {R"({})", [](auto& r) { r.RequiredDate("since"); }, ErrorCode::kInvalidArgument, "'since'"},
      {R"({"roles":"admin"})", [](auto& r) { r.Roles("roles"); }, ErrorCode::kInvalidArgument, "'roles'"},
      {R"({"roles":[1]})", [](auto& r) { r.Roles("roles"); }, ErrorCode::kInvalidArgument, "'roles'"},
      {R"({"roles":["king"]})", [](auto& r) { r.Roles("roles"); }, ErrorCode::kInvalidValue, "'roles'"},
      {R"({"roles":null})", [](auto& r) { r.RequiredRoles("roles"); }, ErrorCode::kInvalidArgument, "'roles'"},
  };
  for (const Bad& c : cases) {
    INFO(c.body);
    const auto b = Body(c.body);
    http::BodyReader r(b);
    c.read(r);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
    CHECK_THAT(r.status().message(), Contains(c.field));
  }
  // The first error is kept.
  const auto b = Body(R"({"a":1,"b":2})");
  http::BodyReader r(b);
  r.String("a");
  r.String("b");
  CHECK_THAT(r.status().message(), Contains("'a'"));
}

TEST_CASE("query: whole numbers in range, booleans, dates, and absent keeps the default") {
  http::ApiRequest r;
  r.query = {{"limit", "20"}, {"offset", "x"}, {"big", "900"}, {"active", "false"}, {"on", "2026-02-30"},
             {"day", "2026-03-01"}, {"empty", ""}};
  std::int64_t n = 50;
  CHECK(http::QueryInt(r, "limit", 1, 200, n).ok());
  CHECK(n == 20);
  CHECK(http::QueryInt(r, "offset", 0, 10, n).code() == ErrorCode::kInvalidArgument);
  CHECK(http::QueryInt(r, "big", 1, 200, n).code() == ErrorCode::kInvalidValue);
  CHECK(http::QueryInt(r, "empty", 1, 200, n).ok());
  CHECK(http::QueryInt(r, "absent", 1, 200, n).ok());
  CHECK(n == 20);
  std::optional<bool> active;
  CHECK(http::QueryBool(r, "active", active).ok());
  CHECK(active == std::optional<bool>(false));
  r.query["active"] = "no";
  CHECK_THAT(http::QueryBool(r, "active", active).message(), Contains("'active'"));
  CivilDate d = Day("2026-01-01");
  CHECK(http::QueryDate(r, "on", d).code() == ErrorCode::kInvalidArgument);
  CHECK(http::QueryDate(r, "day", d).ok());
  CHECK(d == Day("2026-03-01"));
}

TEST_CASE("mail: the set-password mail is Vietnamese first, then English, both with the link and the expiry") {
  User u = Person("stp.an", "Trần Văn An", "an@stp.example");
  const std::string link = "https://su-co.example.vn/set-password#token=abc";
  // 2026-12-07T10:05:00Z is 17:05 in Vietnam.
  const auto mail = http::ResetLinkMail(u, link, Timestamp(std::chrono::seconds(1796637900)));
  CHECK_THAT(mail.subject, Contains("Đặt mật khẩu"));
  CHECK_THAT(mail.subject, Contains("Set your"));
  const auto vi = mail.body.find("Kính gửi Trần Văn An");
  const auto en = mail.body.find("Dear Trần Văn An");
  REQUIRE(vi != std::string::npos);
  REQUIRE(en != std::string::npos);
  CHECK(vi < en);
  CHECK(mail.body.find(link, vi) < en);
  CHECK(mail.body.find(link, en) != std::string::npos);
  CHECK_THAT(mail.body, Contains("17:05 ngày 07/12/2026"));
  CHECK_THAT(mail.body, Contains("2026-12-07 17:05"));
  CHECK_THAT(mail.body, Contains("\"stp.an\""));
}

}  // namespace
}  // namespace incidents::testing
