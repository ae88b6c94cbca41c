// The directory administered over HTTP (issue 12.1, Chapter VI): orgs, users and their
// set-password links, password changes, focal points by term with a deputy, the list's
// submission and approval, the CSV for the portal, and the hash-chained history. The real
// incidentd on a fresh database with the demo directory; the demo's admin, a reporter, the
// DoICT coordinator and the Chairman act. Orgs and users the tests need are created here,
// so that the demo's own focal points do not matter.

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Parser.h>

#include "e2e_fixture.h"
#include "test_servers.h"

using namespace e2e;
using incidents::testing::DecodeMails;
using incidents::testing::FilesIn;
using incidents::testing::SmtpSink;

namespace {

const std::string kPassword = "Mật khẩu mới của tôi 2027";

Headers Bearer(const std::string& token) {
  return token.empty() ? Headers{} : Headers{{"Authorization", "Bearer " + token}};
}

Response Call(DemoServer& s, const std::string& method, const std::string& path, const std::string& token,
              const Poco::JSON::Object::Ptr& body = nullptr) {
  return s.client->Send(method, path, body ? Canonical(body) : "", Bearer(token));
}

// The local (UTC+7) date `days` from today, YYYY-MM-DD.
std::string LocalDate(int days = 0) {
  const std::time_t t = std::time(nullptr) + 7 * 3600 + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

// REQUIREs the status; shows the answer otherwise.
Poco::JSON::Object::Ptr Expect(const Response& r, int status) {
  INFO(r.Describe());
  REQUIRE(r.status == status);
  return r.body.empty() ? Poco::JSON::Object::Ptr() : r.Object();
}

Poco::JSON::Object::Ptr CreateOrg(DemoServer& s, const std::string& id, const std::string& name) {
  return Expect(Call(s, "POST", "/api/v1/orgs", s.Token("admin"),
                     Obj({{"id", id}, {"name", name}, {"kind", "department"}})),
                201);
}

// POST /api/v1/users as admin; returns the answer (the user and its password_reset).
Poco::JSON::Object::Ptr CreateUser(DemoServer& s, const std::string& username, const std::string& org,
                                   const std::string& email = "", const std::vector<std::string>& roles = {"reporter"}) {
  auto body = Obj({{"username", username}, {"display_name", "Người dùng " + username}, {"org", org},
                   {"roles", StrArr(roles)}});
  if (!email.empty()) body->set("email", email);
  return Expect(Call(s, "POST", "/api/v1/users", s.Token("admin"), body), 201);
}

// The token of a set-password link (what follows "#token=").
std::string TokenOf(const std::string& link) {
  const auto at = link.find("#token=");
  REQUIRE(at != std::string::npos);
  return link.substr(at + 7);
}

// A new user of `org` with password kPassword set through its link; returns a session.
std::string UserWithPassword(DemoServer& s, const std::string& username, const std::string& org) {
  const auto created = CreateUser(s, username, org);
  const std::string token = TokenOf(Str(ObjAt(created, "password_reset"), "link"));
  Expect(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", token}, {"new", kPassword}}))), 204);
  return s.client->Login(username, kPassword);
}

Poco::JSON::Array::Ptr History(DemoServer& s) {
  return ArrAt(Expect(Call(s, "GET", "/api/v1/directory/history?limit=1000", s.Token("admin")), 200), "items");
}

Poco::JSON::Object::Ptr Appoint(DemoServer& s, const std::string& org, const std::string& username,
                                const std::string& since, const std::string& role = "focal") {
  return Expect(Call(s, "POST", "/api/v1/orgs/" + org + "/focal-points", s.Token("stttt.coordinator"),
                     Obj({{"username", username}, {"position", "Chuyên viên"}, {"since", since},
                          {"decision_ref", "12/QĐ-" + org}, {"role", role}})),
                201);
}

// The usernames of the focal points in force on `on` (every org), as "org/role/username".
std::set<std::string> OnDuty(DemoServer& s, const std::string& on) {
  std::set<std::string> out;
  const auto day = Expect(Call(s, "GET", "/api/v1/focal-points?on=" + on, s.Token("stp.reporter")), 200);
  CHECK(Str(day, "on") == on);
  for (const auto& t : Objects(ArrAt(day, "items")))
    out.insert(Str(t, "org") + "/" + Str(t, "role") + "/" + Str(t, "username"));
  return out;
}

}  // namespace

TEST_CASE("directory: admin creates an org and a user, who sets a password with the mailed link once and signs in",
          "[e2e][directory]") {
  SmtpSink sink;
  DemoServer s({"--set", "notifications.email.smtp_port=" + std::to_string(sink.port())});
  const auto org = CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  CHECK(Str(org, "id") == "so-thu");
  CHECK(Bool(org, "active"));
  CHECK(IsNull(org, "successor"));
  CHECK(IsNull(org, "focal_point"));
  CHECK(Str(Expect(Call(s, "GET", "/api/v1/orgs/so-thu", s.Token("stp.reporter")), 200), "name") == "Sở Thử nghiệm");

  const auto created = CreateUser(s, "so-thu.an", "so-thu", "an@so-thu.example");
  CHECK(Str(created, "username") == "so-thu.an");
  CHECK_FALSE(Bool(created, "has_password"));
  CHECK_FALSE(created->has("password_hash"));
  const auto reset = ObjAt(created, "password_reset");
  const std::string link = Str(reset, "link");
  CHECK_THAT(link, Catch::StartsWith("http://127.0.0.1:8080/set-password#token="));  // public_url's default
  const std::string token = TokenOf(link);
  CHECK(token.size() == 43);
  CHECK(Bool(reset, "mailed"));

  // The mail arrived, Vietnamese first, with the link.
  std::vector<std::string> files;
  for (int i = 0; i < 100 && files.empty(); ++i) {
    files = FilesIn(sink.mail_dir());
    if (files.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(files.size() == 1);
  const auto mail = DecodeMails(files).front();
  CHECK(mail->getValue<std::string>("to").find("an@so-thu.example") != std::string::npos);
  const std::string body = mail->getValue<std::string>("body");
  CHECK_THAT(body, Catch::Contains(link));
  CHECK(body.find("Kính gửi") < body.find("Dear"));

  // Not signed in yet: no password.
  CHECK(s.client->LoginResponse("so-thu.an", "").status == 401);
  // The policy names the field, and the link survives a refused try.
  CHECK_THAT(RequireProblem(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", token}, {"new", "ngắn"}}))),
                            422, "invalid-value"),
             Catch::Contains("'new'"));
  // (In English: the rule's wording is the point here, not the language.)
  CHECK_THAT(RequireProblem(s.client->Send("POST", "/api/v1/set-password",
                                           Canonical(Obj({{"token", token}, {"new", "so-thu.an-2027-abc"}})),
                                           {{"Accept-Language", "en"}}),
                            422),
             Catch::Contains("username"));
  Expect(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", token}, {"new", kPassword}}))), 204);
  // Once only.
  RequireProblem(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", token}, {"new", kPassword + "!"}}))),
                 404, "not-found");
  RequireProblem(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", "x"}, {"new", kPassword}}))), 404);

  const std::string session = s.client->Login("so-thu.an", kPassword);
  const auto me = Expect(s.client->Get("/api/v1/me", session), 200);
  CHECK(Str(me, "org") == "so-thu");
  CHECK(Bool(me, "has_password"));

  // Using a (new) link signs the user out everywhere.
  const auto again = Expect(Call(s, "POST", "/api/v1/users/so-thu.an/password-reset", s.Token("admin"), Obj({})), 201);
  Expect(s.client->Post("/api/v1/set-password",
                        Canonical(Obj({{"token", TokenOf(Str(again, "link"))}, {"new", kPassword + " hai"}}))),
         204);
  RequireProblem(s.client->Get("/api/v1/me", session), 401);
  s.client->Login("so-thu.an", kPassword + " hai");

  // Neither a token nor a link reached the log.
  const std::string log = s.server->Log();
  for (const std::string& secret : {token, TokenOf(Str(again, "link")), kPassword}) {
    INFO("secret " << secret);
    CHECK(log.find(secret) == std::string::npos);
  }
  CHECK(log.find("set-password#") == std::string::npos);
}

TEST_CASE("directory: a new set-password link supersedes the unused one before it", "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  const auto created = CreateUser(s, "so-thu.an", "so-thu");
  const std::string first = TokenOf(Str(ObjAt(created, "password_reset"), "link"));
  const auto second = Expect(Call(s, "POST", "/api/v1/users/so-thu.an/password-reset", s.Token("admin"), Obj({})), 201);
  RequireProblem(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", first}, {"new", kPassword}}))), 404);
  Expect(s.client->Post("/api/v1/set-password",
                        Canonical(Obj({{"token", TokenOf(Str(second, "link"))}, {"new", kPassword}}))),
         204);
}

TEST_CASE("directory: without a mail server the link is still answered, mailed false", "[e2e][directory]") {
  DemoServer s({"--set", "notifications.email.smtp_port=" + std::to_string(incidents::testing::FreePort())});
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  const auto created = CreateUser(s, "so-thu.an", "so-thu", "an@so-thu.example");
  CHECK_FALSE(Bool(ObjAt(created, "password_reset"), "mailed"));
  // No email: nothing to mail.
  const auto quiet = CreateUser(s, "so-thu.binh", "so-thu");
  CHECK_FALSE(Bool(ObjAt(quiet, "password_reset"), "mailed"));
  CHECK(s.server->Log().find(TokenOf(Str(ObjAt(created, "password_reset"), "link"))) == std::string::npos);
}

TEST_CASE("directory: PUT /me/password keeps this session, revokes the others, and names the bad field",
          "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  const std::string here = UserWithPassword(s, "so-thu.an", "so-thu");
  const std::string there = s.client->Login("so-thu.an", kPassword);
  const std::string path = "/api/v1/me/password";

  CHECK_THAT(RequireProblem(Call(s, "PUT", path, here, Obj({{"current", "sai"}, {"new", kPassword + " mới"}})), 422,
                            "invalid-value"),
             Catch::Contains("'current'"));
  CHECK_THAT(RequireProblem(Call(s, "PUT", path, here, Obj({{"current", kPassword}, {"new", "ngắn quá"}})), 422),
             Catch::Contains("'new'"));
  Headers english = Bearer(here);
  english.emplace_back("Accept-Language", "en");  // the rule's wording is the point, not the language
  CHECK_THAT(RequireProblem(s.client->Send("PUT", path, Canonical(Obj({{"current", kPassword}, {"new", "password1234"}})),
                                           english),
                            422),
             Catch::Contains("common"));
  CHECK_THAT(RequireProblem(Call(s, "PUT", path, here, Obj({{"current", kPassword}})), 400), Catch::Contains("'new'"));
  RequireProblem(s.client->Send("PUT", path, "{}", Bearer(here), "text/plain"), 415);
  // Nothing changed so far: both sessions work, the old password signs in.
  CHECK(s.client->Get("/api/v1/me", there).status == 200);

  Expect(Call(s, "PUT", path, here, Obj({{"current", kPassword}, {"new", kPassword + " mới"}})), 204);
  CHECK(s.client->Get("/api/v1/me", here).status == 200);
  RequireProblem(s.client->Get("/api/v1/me", there), 401);
  CHECK(s.client->LoginResponse("so-thu.an", kPassword).status == 401);
  s.client->Login("so-thu.an", kPassword + " mới");

  // A wrong current password counts as a failed sign-in: the throttle stops guessing.
  int status = 0;
  for (int i = 0; i < 12 && status != 429; ++i)
    status = Call(s, "PUT", path, here, Obj({{"current", "đoán " + std::to_string(i)}, {"new", kPassword}})).status;
  CHECK(status == 429);
}

TEST_CASE("directory: a non-admin gets 403 on every admin route, and nothing changes", "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  CreateUser(s, "so-thu.an", "so-thu");
  const std::size_t before = History(s)->size();
  const auto org = Obj({{"id", "so-moi"}, {"name", "Sở Mới"}, {"kind", "department"}});
  const auto user = Obj({{"username", "so-thu.moi"}, {"display_name", "Mới"}, {"org", "so-thu"},
                         {"roles", StrArr({"reporter"})}});
  const auto term = Obj({{"username", "so-thu.an"}, {"position", "Chuyên viên"}, {"since", LocalDate()},
                         {"decision_ref", "1/QĐ"}});
  struct Route {
    std::string method, path;
    Poco::JSON::Object::Ptr body;
  };
  const std::vector<Route> admin_only = {
      {"POST", "/api/v1/orgs", org},
      {"PATCH", "/api/v1/orgs/so-thu", Obj({{"name", "Đổi tên"}})},
      {"GET", "/api/v1/users", nullptr},
      {"POST", "/api/v1/users", user},
      {"GET", "/api/v1/users/so-thu.an", nullptr},
      {"PATCH", "/api/v1/users/so-thu.an", Obj({{"active", false}})},
      {"POST", "/api/v1/users/so-thu.an/password-reset", Obj({})},
      {"POST", "/api/v1/orgs/so-thu/focal-points", term},
      {"PATCH", "/api/v1/orgs/so-thu/focal-points/current", Obj({{"absent", true}})},
      {"POST", "/api/v1/focal-points/list/submit", Obj({})},
      {"POST", "/api/v1/focal-points/list/approve", Obj({{"decision_ref", "1/QĐ"}, {"decision_date", LocalDate()}})},
      {"GET", "/api/v1/directory/history", nullptr},
  };
  for (const std::string who : {"stp.reporter", "stp.focal", "stttt.engineer"}) {
    for (const Route& r : admin_only) {
      INFO(who << " " << r.method << " " << r.path);
      RequireProblem(Call(s, r.method, r.path, s.Token(who), r.body), 403, "forbidden");
    }
  }
  // The DoICT coordinator manages focal points and reads users, but administers nothing else.
  for (std::size_t i : {0u, 1u, 3u, 5u, 6u, 11u}) {
    INFO("stttt.coordinator " << admin_only[i].method << " " << admin_only[i].path);
    RequireProblem(Call(s, admin_only[i].method, admin_only[i].path, s.Token("stttt.coordinator"), admin_only[i].body),
                   403);
  }
  CHECK(History(s)->size() == before);
  RequireProblem(Call(s, "GET", "/api/v1/orgs/so-moi", s.Token("admin")), 404);
  CHECK(Bool(Expect(Call(s, "GET", "/api/v1/users/so-thu.an", s.Token("admin")), 200), "active"));
  // Anyone may read themselves.
  CHECK(Expect(Call(s, "GET", "/api/v1/users/stp.reporter", s.Token("stp.reporter")), 200)->has("email"));
}

TEST_CASE("directory: bad input gets a problem naming the field and changes nothing", "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  CreateUser(s, "so-thu.an", "so-thu");
  const std::size_t before = History(s)->size();
  const std::string admin = s.Token("admin");
  struct Case {
    std::string method, path, body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/orgs", R"({"id":"so-moi","name":"Sở Mới"})", 400, "'kind'"},
      {"POST", "/api/v1/orgs", R"({"id":"so-moi","name":"Sở Mới","kind":"planet"})", 422, "'kind'"},
      {"POST", "/api/v1/orgs", R"({"id":"Sở Mới","name":"Sở Mới","kind":"department"})", 422, "'id'"},
      {"POST", "/api/v1/orgs", R"({"id":"so-moi","name":"Sở Mới","kind":"department","successor":"x"})", 422,
       "'successor'"},
      {"POST", "/api/v1/orgs", R"({"id":"so-moi","name":"Sở Mới","kind":"department","active":"yes"})", 400,
       "'active'"},
      {"POST", "/api/v1/orgs", R"({"id":"so-thu","name":"Trùng","kind":"department"})", 409, "so-thu"},
      {"PATCH", "/api/v1/orgs/so-thu", R"({"successor":"so-thu"})", 422, "'successor'"},
      {"PATCH", "/api/v1/orgs/so-thu", R"({"name":""})", 422, "'name'"},
      {"PATCH", "/api/v1/orgs/so-khong", R"({"name":"X"})", 404, "so-khong"},
      {"POST", "/api/v1/users", R"({"username":"so-thu.b","display_name":"B","org":"so-thu","roles":["king"]})", 422,
       "'roles'"},
      {"POST", "/api/v1/users", R"({"username":"so-thu.b","display_name":"B","org":"so-khong","roles":["reporter"]})",
       422, "'org'"},
      {"POST", "/api/v1/users",
       R"({"username":"so-thu.b","display_name":"B","org":"so-thu","roles":["reporter"],"email":"khong-phai-email"})",
       422, "'email'"},
      {"POST", "/api/v1/users", R"({"username":"so-thu.b","display_name":"B","org":"so-thu","roles":"reporter"})", 400,
       "'roles'"},
      {"POST", "/api/v1/users", R"({"username":"so-thu.b","org":"so-thu","roles":["reporter"]})", 400,
       "'display_name'"},
      {"PATCH", "/api/v1/users/so-thu.an", R"({"phone":"12"})", 422, "'phone'"},
      {"PATCH", "/api/v1/users/so-thu.an", R"({"roles":[]})", 422, "'roles'"},
      {"PATCH", "/api/v1/users/so-khong", R"({"phone":""})", 404, "so-khong"},
      {"POST", "/api/v1/orgs/so-thu/focal-points", R"({"username":"so-thu.an","position":"CV","decision_ref":"1"})",
       400, "'since'"},
      {"POST", "/api/v1/orgs/so-thu/focal-points",
       R"({"username":"so-thu.an","position":"CV","since":"2027-02-30","decision_ref":"1"})", 422, "'since'"},
      {"POST", "/api/v1/orgs/so-thu/focal-points",
       R"({"username":"stp.reporter","position":"CV","since":"2026-01-05","decision_ref":"1"})", 422, "'username'"},
      {"POST", "/api/v1/orgs/so-thu/focal-points",
       R"({"username":"so-thu.an","position":"CV","since":"2026-01-05","decision_ref":"1","role":"boss"})", 422,
       "'role'"},
      {"PATCH", "/api/v1/orgs/so-thu/focal-points/current", R"({"absent":"yes"})", 400, "'absent'"},
      {"POST", "/api/v1/focal-points/list/approve", R"({"decision_ref":"1/QĐ"})", 400, "'decision_date'"},
      {"GET", "/api/v1/users?limit=500", "", 422, "'limit'"},
      {"GET", "/api/v1/orgs?kind=planet", "", 422, "'kind'"},
      {"GET", "/api/v1/focal-points?on=today", "", 400, "'on'"},
  };
  for (const Case& c : cases) {
    INFO(c.method << " " << c.path << " " << c.body);
    const Response r = s.client->Send(c.method, c.path, c.body, Bearer(admin));
    CHECK_THAT(RequireProblem(r, c.status), Catch::Contains(c.field));
  }
  RequireProblem(s.client->Send("PATCH", "/api/v1/orgs/so-thu", R"({"name":"X"})", Bearer(admin), "text/plain"), 415);
  CHECK(History(s)->size() == before);
  const auto org = Expect(Call(s, "GET", "/api/v1/orgs/so-thu", admin), 200);
  CHECK(Str(org, "name") == "Sở Thử nghiệm");
  CHECK(IsNull(org, "focal_point"));
  RequireProblem(Call(s, "GET", "/api/v1/orgs/so-moi", admin), 404);
  RequireProblem(Call(s, "GET", "/api/v1/users/so-thu.b", admin), 404);
}

TEST_CASE("directory: deactivating a user revokes its sessions, and the user cannot sign in", "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  const std::string session = UserWithPassword(s, "so-thu.an", "so-thu");
  CHECK(s.client->Get("/api/v1/me", session).status == 200);
  const auto off = Expect(Call(s, "PATCH", "/api/v1/users/so-thu.an", s.Token("admin"), Obj({{"active", false}})), 200);
  CHECK_FALSE(Bool(off, "active"));
  RequireProblem(s.client->Get("/api/v1/me", session), 401, "unauthenticated");
  CHECK(s.client->LoginResponse("so-thu.an", kPassword).status == 401);
  // No new link for a deactivated user; back on, the old password works again.
  RequireProblem(Call(s, "POST", "/api/v1/users/so-thu.an/password-reset", s.Token("admin"), Obj({})), 422);
  Expect(Call(s, "PATCH", "/api/v1/users/so-thu.an", s.Token("admin"), Obj({{"active", true}})), 200);
  RequireProblem(s.client->Get("/api/v1/me", session), 401);  // revoked for good
  s.client->Login("so-thu.an", kPassword);

  // The user list pages and filters.
  const auto page = Expect(Call(s, "GET", "/api/v1/users?org=so-thu&limit=1", s.Token("stttt.coordinator")), 200);
  CHECK(Int(page, "total") == 1);
  CHECK(Objects(ArrAt(page, "items")).size() == 1);
  const auto found = Expect(Call(s, "GET", "/api/v1/users?q=NGUOI%20DUNG%20SO-THU&active=true", s.Token("admin")), 200);
  REQUIRE(Objects(ArrAt(found, "items")).size() == 1);
  CHECK(Str(Objects(ArrAt(found, "items"))[0], "username") == "so-thu.an");
}

TEST_CASE("directory: appointing a focal point ends the previous term, and ?on= an earlier day shows the earlier one",
          "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  CreateUser(s, "so-thu.an", "so-thu", "an@so-thu.example");
  CreateUser(s, "so-thu.binh", "so-thu", "binh@so-thu.example");
  const std::string earlier = LocalDate(-30), today = LocalDate();
  const auto first = Appoint(s, "so-thu", "so-thu.an", earlier);
  CHECK(Str(first, "org_name") == "Sở Thử nghiệm");
  CHECK(Str(first, "email") == "an@so-thu.example");
  CHECK(IsNull(first, "until"));
  const auto second = Appoint(s, "so-thu", "so-thu.binh", today);

  CHECK(OnDuty(s, LocalDate(-10)).count("so-thu/focal/so-thu.an"));
  CHECK_FALSE(OnDuty(s, LocalDate(-10)).count("so-thu/focal/so-thu.binh"));
  CHECK(OnDuty(s, today).count("so-thu/focal/so-thu.binh"));
  CHECK_FALSE(OnDuty(s, today).count("so-thu/focal/so-thu.an"));
  CHECK(OnDuty(s, LocalDate(-31)).count("so-thu/focal/so-thu.an") == 0);

  const auto terms = Objects(ArrAt(Expect(Call(s, "GET", "/api/v1/orgs/so-thu/focal-points", s.Token("stp.reporter")), 200),
                                   "items"));
  REQUIRE(terms.size() == 2);
  CHECK(Str(terms[0], "username") == "so-thu.binh");  // newest first
  CHECK(IsNull(terms[0], "until"));
  CHECK(Str(terms[1], "username") == "so-thu.an");
  CHECK(Str(terms[1], "until") == today);

  const auto org = Expect(Call(s, "GET", "/api/v1/orgs/so-thu", s.Token("stp.reporter")), 200);
  CHECK(Str(ObjAt(org, "focal_point"), "username") == "so-thu.binh");
  CHECK(Str(ObjAt(org, "focal_point"), "email") == "binh@so-thu.example");
  CHECK(IsNull(org, "deputy"));
  // Starting before the latest term is refused, naming the field.
  CHECK_THAT(RequireProblem(Call(s, "POST", "/api/v1/orgs/so-thu/focal-points", s.Token("admin"),
                                 Obj({{"username", "so-thu.an"}, {"position", "CV"}, {"since", earlier},
                                      {"decision_ref", "2/QĐ"}})),
                            422),
             Catch::Contains("'since'"));
}

TEST_CASE("directory: while the focal point is absent, its deputy receives the org's notifications",
          "[e2e][directory]") {
  DemoServer s;
  CreateUser(s, "stp.deputy", "stp", "deputy@stp.example");
  Appoint(s, "stp", "stp.focal", LocalDate());
  Appoint(s, "stp", "stp.deputy", LocalDate(), "deputy");
  const auto org = Expect(Call(s, "GET", "/api/v1/orgs/stp", s.Token("stp.reporter")), 200);
  CHECK(Str(ObjAt(org, "focal_point"), "username") == "stp.focal");
  CHECK(Str(ObjAt(org, "deputy"), "username") == "stp.deputy");
  const std::string focal_email = Str(ObjAt(org, "focal_point"), "email");

  // "new report to the reporting org": to whoever is on duty for stp when it happens.
  auto recipients = [&](const std::string& id) {
    std::set<std::string> out;
    const auto rows = Expect(s.client->Get(TicketPath(id) + "/notifications", s.Token("stp.reporter")), 200);
    for (const auto& row : Objects(ArrAt(rows, "items")))
      if (Str(row, "channel") == "email") out.insert(Str(row, "recipient"));
    return out;
  };
  const std::string present = Str(s.CreateTicket("stp.reporter", "Khi đầu mối có mặt"), "id");
  CHECK(recipients(present).count(focal_email));
  CHECK_FALSE(recipients(present).count("deputy@stp.example"));

  const auto absent = Expect(Call(s, "PATCH", "/api/v1/orgs/stp/focal-points/current", s.Token("stttt.coordinator"),
                                  Obj({{"absent", true}})),
                             200);
  CHECK(Bool(absent, "absent"));
  CHECK(Str(absent, "username") == "stp.focal");
  const std::string away = Str(s.CreateTicket("stp.reporter", "Khi đầu mối vắng"), "id");
  CHECK(recipients(away).count("deputy@stp.example"));
  CHECK_FALSE(recipients(away).count(focal_email));

  Expect(Call(s, "PATCH", "/api/v1/orgs/stp/focal-points/current", s.Token("admin"), Obj({{"absent", false}})), 200);
  const std::string back = Str(s.CreateTicket("stp.reporter", "Khi đầu mối trở lại"), "id");
  CHECK(recipients(back).count(focal_email));
  // Earlier tickets keep who was notified then.
  CHECK(recipients(away).count("deputy@stp.example"));
}

TEST_CASE("directory: the focal-point list is submitted, approved, and a later appointment starts a new draft",
          "[e2e][directory]") {
  DemoServer s;
  const std::string coordinator = s.Token("stttt.coordinator");
  auto list = [&] { return ObjAt(Expect(Call(s, "GET", "/api/v1/focal-points", s.Token("stp.reporter")), 200), "list"); };
  CHECK(Str(list(), "status") == "draft");
  const long long revision = Int(list(), "revision");
  RequireProblem(Call(s, "POST", "/api/v1/focal-points/list/approve", s.Token("chairman"),
                      Obj({{"decision_ref", "345/QĐ-UBND"}, {"decision_date", LocalDate(-1)}})),
                 409, "illegal-transition");
  const auto submitted = Expect(Call(s, "POST", "/api/v1/focal-points/list/submit", coordinator, Obj({})), 200);
  CHECK(Str(submitted, "status") == "submitted");
  CHECK(Str(submitted, "changed_by") == "stttt.coordinator");
  RequireProblem(Call(s, "POST", "/api/v1/focal-points/list/submit", coordinator, Obj({})), 409);
  CHECK_THAT(RequireProblem(Call(s, "POST", "/api/v1/focal-points/list/approve", s.Token("chairman"),
                                 Obj({{"decision_ref", "345/QĐ-UBND"}, {"decision_date", LocalDate(2)}})),
                            422),
             Catch::Contains("'decision_date'"));
  const auto approved = Expect(Call(s, "POST", "/api/v1/focal-points/list/approve", s.Token("chairman"),
                                    Obj({{"decision_ref", "345/QĐ-UBND"}, {"decision_date", LocalDate(-1)}})),
                               200);
  CHECK(Str(approved, "status") == "approved");
  CHECK(Str(approved, "decision_ref") == "345/QĐ-UBND");
  CHECK(Str(approved, "decision_date") == LocalDate(-1));
  CHECK(Str(list(), "status") == "approved");

  CreateUser(s, "stp.deputy", "stp");
  Appoint(s, "stp", "stp.deputy", LocalDate(), "deputy");
  CHECK(Str(list(), "status") == "draft");
  CHECK(Int(list(), "revision") == revision + 1);
}

TEST_CASE("directory: the focal points as CSV and XLSX for the portal: the portal's header, a row per term",
          "[e2e][directory]") {
  DemoServer s;
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");
  CreateUser(s, "so-thu.an", "so-thu", "an@so-thu.example");
  Appoint(s, "so-thu", "so-thu.an", LocalDate(-3));
  const Response r = Call(s, "GET", "/api/v1/focal-points?format=csv", s.Token("stp.reporter"));
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  CHECK_THAT(r.ContentType(), Catch::StartsWith("text/csv"));
  CHECK(r.Header("Content-Disposition") == "attachment; filename=\"dau-moi-" + LocalDate() + ".csv\"");
  const std::string header =
      "\xEF\xBB\xBFSTT,Mã cơ quan,Tên cơ quan,Vai trò,Họ và tên,Chức vụ,Thư điện tử,Điện thoại,Từ ngày,Số văn bản cử,"
      "Ngày văn bản\r\n";
  REQUIRE(r.body.rfind(header, 0) == 0);
  CHECK_THAT(r.body, Catch::Contains(",so-thu,Sở Thử nghiệm,Đầu mối,Người dùng so-thu.an,Chuyên viên,an@so-thu.example,,"
                                     + LocalDate(-3) + ",12/QĐ-so-thu,\r\n"));
  // A day before the term: not listed.
  const Response before = Call(s, "GET", "/api/v1/focal-points?format=csv&on=" + LocalDate(-4), s.Token("stp.reporter"));
  REQUIRE(before.status == 200);
  CHECK(before.body.find("so-thu") == std::string::npos);
  CHECK_THAT(RequireProblem(Call(s, "GET", "/api/v1/focal-points?format=pdf", s.Token("stp.reporter")), 422),
             Catch::Contains("'format'"));

  // The same as a workbook, read back by openpyxl (an independent reader).
  const Response x = Call(s, "GET", "/api/v1/focal-points?format=xlsx", s.Token("stp.reporter"));
  INFO(x.status << " " << x.ContentType());
  REQUIRE(x.status == 200);
  CHECK(x.ContentType() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(x.Header("Content-Disposition") == "attachment; filename=\"dau-moi-" + LocalDate() + ".xlsx\"");
  const std::string file = s.dir.File("list.xlsx");
  std::ofstream(file, std::ios::binary) << x.body;
  const RunResult read = RunCommand(
      {"/usr/bin/python3", "-c",
       "import json, sys, openpyxl\n"
       "wb = openpyxl.load_workbook(sys.argv[1])\n"
       "ws = wb.worksheets[0]\n"
       "print(json.dumps({'sheet': ws.title, 'rows': [[c if c is not None else '' for c in r] "
       "for r in ws.iter_rows(values_only=True)]}, ensure_ascii=False))\n",
       file});
  INFO(read.output);
  REQUIRE(read.exit_code == 0);
  const auto book = Poco::JSON::Parser().parse(read.output).extract<Poco::JSON::Object::Ptr>();
  CHECK(Str(book, "sheet") == "dau-moi-" + LocalDate());
  const auto rows = ArrAt(book, "rows");
  REQUIRE(rows->size() >= 2);
  CHECK(Strings(rows->getArray(0)).front() == "STT");
  CHECK(Strings(rows->getArray(0)).back() == "Ngày văn bản");
  bool found = false;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto row = Strings(rows->getArray(static_cast<unsigned>(i)));
    if (row.size() == 11 && row[1] == "so-thu") {
      found = true;
      CHECK(row[0] == std::to_string(i));
      CHECK(row[3] == "Đầu mối");
      CHECK(row[6] == "an@so-thu.example");
      CHECK(row[8] == LocalDate(-3));
    }
  }
  CHECK(found);
}

TEST_CASE("directory: the history has one chained event per write and no secret in it", "[e2e][directory]") {
  DemoServer s;
  const std::size_t before = History(s)->size();
  const std::string admin = s.Token("admin");
  CreateOrg(s, "so-thu", "Sở Thử nghiệm");                                             // org_created
  Expect(Call(s, "PATCH", "/api/v1/orgs/so-thu", admin, Obj({{"short_name", "STN"}})), 200);  // org_updated
  Expect(Call(s, "PATCH", "/api/v1/orgs/so-thu", admin, Obj({{"short_name", "STN"}})), 200);  // no change: no event
  const auto created = CreateUser(s, "so-thu.an", "so-thu", "an@so-thu.example");  // user_created + link issued
  const std::string token = TokenOf(Str(ObjAt(created, "password_reset"), "link"));
  Expect(s.client->Post("/api/v1/set-password", Canonical(Obj({{"token", token}, {"new", kPassword}}))),
         204);                                                                              // password_set
  const std::string session = s.client->Login("so-thu.an", kPassword);
  Expect(Call(s, "PUT", "/api/v1/me/password", session, Obj({{"current", kPassword}, {"new", kPassword + "!"}})),
         204);                                                                              // password_set
  Appoint(s, "so-thu", "so-thu.an", LocalDate());                                           // focal_point_appointed
  Expect(Call(s, "PATCH", "/api/v1/orgs/so-thu/focal-points/current", admin, Obj({{"absent", true}})),
         200);                                                                              // focal_point_absent

  const auto items = History(s);
  const auto events = Objects(items);
  REQUIRE(events.size() == before + 8);
  std::vector<std::string> types;
  for (std::size_t i = before; i < events.size(); ++i) types.push_back(Str(events[i], "type"));
  CHECK(types == std::vector<std::string>{"org_created", "org_updated", "user_created", "password_reset_issued",
                                          "password_set", "password_set", "focal_point_appointed",
                                          "focal_point_absent"});
  // Chained: seq 1.., each prev_hash the hash before, each hash SHA-256(prev_hash + canonical JSON without hash).
  std::string prev = kZeroHash;
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO("event " << i);
    CHECK(Int(events[i], "seq") == static_cast<long long>(i + 1));
    CHECK(Str(events[i], "prev_hash") == prev);
    const std::string hash = Str(events[i], "hash");
    CHECK(Sha256Hex(prev + Canonical(CopyWithout(events[i], "hash"))) == hash);
    prev = hash;
  }
  const std::string text = Canonical(Poco::Dynamic::Var(items));
  CHECK(text.find(token) == std::string::npos);
  CHECK(text.find(kPassword) == std::string::npos);
  CHECK(text.find("pbkdf2") == std::string::npos);
  CHECK(text.find(Sha256Hex(token)) == std::string::npos);
  CHECK(Str(events[before], "actor") == "admin");
  // Paging.
  const auto page = ArrAt(Expect(Call(s, "GET", "/api/v1/directory/history?after=" + std::to_string(before) + "&limit=2",
                                      admin),
                                 200),
                          "items");
  REQUIRE(page->size() == 2);
  CHECK(Int(Objects(page)[0], "seq") == static_cast<long long>(before + 1));
}
