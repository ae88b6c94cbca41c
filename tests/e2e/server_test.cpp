// The server as a process (API.md "Running"): the listening line, exit code 2 with one clear
// error line for a busy port / bad config / unreachable database (on MariaDB also a refused
// login and a missing database, without the password), a clean SIGTERM that lets
// a request in flight finish; and the reference endpoints (health, metrics, workflow,
// calendar, orgs), plus Vietnamese text end to end.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "e2e_fixture.h"
#include "workflow_oracle.h"

using namespace e2e;

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

std::vector<std::string> ErrorLines(const std::string& log) {
  std::vector<std::string> out;
  for (const auto& l : Lines(log)) {
    std::string lower = l;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower.find("error") != std::string::npos) out.push_back(l);
  }
  return out;
}

// Runs incidentd with these options; REQUIREs exit code 2 within 20 s and exactly one error
// line containing `mention`. Returns the log.
std::string ExpectStartupFailure(const incidents::testing::TempDir& dir, ServerOptions o, const std::string& mention) {
  static int n = 0;
  o.log_path = dir.File("failing-" + std::to_string(++n) + ".log");
  std::string log;
  const auto code = RunToExit(o, log);
  INFO("incidentd log:\n" << log);
  REQUIRE(code.has_value());
  CHECK(*code == 2);
  const auto errors = ErrorLines(log);
  CHECK(errors.size() == 1);
  if (!errors.empty()) CHECK_THAT(errors.front(), Catch::Contains(mention));
  CHECK(log.find("listening on") == std::string::npos);
  return log;
}

}  // namespace

TEST_CASE("server: logs 'listening on' with the real port and answers there", "[e2e][server]") {
  incidents::testing::TempDir dir;
  auto server = StartServer(dir);
  REQUIRE(server->port() > 0);
  REQUIRE(server->port() < 65536);
  CHECK_THAT(server->Log(), Catch::Contains("listening on 127.0.0.1:" + std::to_string(server->port())));
  Client c(server->port());
  const Response h = c.Get("/healthz");
  INFO(h.Describe());
  REQUIRE(h.status == 200);
  CHECK_THAT(h.ContentType(), Catch::StartsWith("application/json"));
  CHECK(Canonical(h.Json()) == R"({"status":"ok"})");
  server->Stop();
  CHECK(server->exit_code() == 0);
}

TEST_CASE("server: a busy port exits 2 with one clear error line - the first server is unaffected",
          "[e2e][server]") {
  incidents::testing::TempDir dir;
  auto first = StartServer(dir);
  ServerOptions o;
  o.database = TestDatabaseUrl(dir, "second.db");
  o.listen = "127.0.0.1:" + std::to_string(first->port());
  o.demo = false;
  ExpectStartupFailure(dir, o, std::to_string(first->port()));
  // With --demo too.
  o.demo = true;
  o.database = TestDatabaseUrl(dir, "third.db");
  ExpectStartupFailure(dir, o, std::to_string(first->port()));
  Client c(first->port());
  CHECK(c.Get("/healthz").status == 200);
  CHECK(c.LoginResponse("stp.reporter").status == 201);
  first->Stop();
}

TEST_CASE("server: a bad configuration exits 2 with one clear error line", "[e2e][server]") {
  incidents::testing::TempDir dir;
  ServerOptions o;
  o.database = TestDatabaseUrl(dir);
  auto with = [&](std::vector<std::string> args) {
    ServerOptions x = o;
    x.extra_args = std::move(args);
    return x;
  };
  SECTION("--set http.threads=abc") { ExpectStartupFailure(dir, with({"--set", "http.threads=abc"}), "http.threads"); }
  SECTION("--set no.such.key=1") { ExpectStartupFailure(dir, with({"--set", "no.such.key=1"}), "no.such.key"); }
  SECTION("--set http.threads=0") { ExpectStartupFailure(dir, with({"--set", "http.threads=0"}), "http.threads"); }
  SECTION("--set without =") { ExpectStartupFailure(dir, with({"--set", "http.threads"}), "http.threads"); }
  SECTION("--set of an object-valued key to a number") {
    ExpectStartupFailure(dir, with({"--set", "notifications.email=5"}), "notifications.email");
  }
  SECTION("a missing --config file") {
    ExpectStartupFailure(dir, with({"--config", dir.File("missing.json")}), "missing.json");
  }
  SECTION("a --config file that is not JSON") {
    std::ofstream(dir.File("bad.json")) << "{ \"http\": { \"threads\": ";
    ExpectStartupFailure(dir, with({"--config", dir.File("bad.json")}), "bad.json");
  }
  SECTION("a --config file with an unknown key") {
    std::ofstream(dir.File("unknown.json")) << R"({"http": {"threadz": 4}})";
    ExpectStartupFailure(dir, with({"--config", dir.File("unknown.json")}), "threadz");
  }
  SECTION("a bad --listen") {
    ServerOptions x = o;
    x.listen = "127.0.0.1:99999";
    ExpectStartupFailure(dir, x, "99999");
  }
  SECTION("an unknown flag") { ExpectStartupFailure(dir, with({"--frobnicate"}), "--frobnicate"); }
  SECTION("an authority left unset") {
    ExpectStartupFailure(dir, with({"--set", "workflow.ministry_org="}), "'workflow.ministry_org' is not set");
  }
  SECTION("a --config file that names no authority: the binary has none of its own") {
    std::ofstream(dir.File("empty.json")) << "{}";
    ExpectStartupFailure(dir, with({"--config", dir.File("empty.json")}), "'workflow.doict_org' is not set");
  }
}

TEST_CASE("server: an unreachable database exits 2 with one clear error line", "[e2e][server]") {
  incidents::testing::TempDir dir;
  ServerOptions o;
  o.database = "sqlite:/nonexistent/dir/x.db";
  ExpectStartupFailure(dir, o, "/nonexistent/dir/x.db");
  o.database = "postgres://localhost/x";
  ExpectStartupFailure(dir, o, "postgres");
  if (SelectedStore() != Store::kMariadb) return;
  // On MariaDB: a closed port, a refused login and a missing database; the line names the
  // server or the database but never shows the password.
  const std::string good = TestDatabaseUrl(dir);
  const std::string::size_type at = good.rfind('@'), colon = good.find(':', 8);
  REQUIRE(at != std::string::npos);
  REQUIRE(colon < at);
  const std::string user = good.substr(8, colon - 8);
  const std::string host_port_db = good.substr(at + 1);  // HOST:PORT/DB
  const std::string db = host_port_db.substr(host_port_db.find('/') + 1);
  auto expect_failure = [&](const std::string& url, const std::string& mention) {
    ServerOptions x;
    x.database = url;
    return ExpectStartupFailure(dir, x, mention);
  };
  // Made-up passwords: if one leaked, the failure message may show it.
  CHECK(expect_failure("mysql://" + user + ":s3cret-pw@127.0.0.1:1/" + db, "127.0.0.1:1").find("s3cret-pw") ==
        std::string::npos);
  CHECK(expect_failure("mysql://" + user + ":wr0ng-pw@" + host_port_db, db).find("wr0ng-pw") == std::string::npos);
  expect_failure(good + "_missing", db + "_missing");
}

TEST_CASE("server: SIGTERM lets a request in flight finish, then exits 0", "[e2e][server]") {
  incidents::testing::TempDir dir;
  auto server = StartServer(dir);
  Client c(server->port());
  const std::string token = c.Login("stp.reporter");

  const std::string body = Canonical(Obj({{"category", "other"},
                                          {"title", "Gửi trong lúc dừng máy chủ"},
                                          {"description", std::string(20000, 'x')}}));
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server->port()));
  session.setTimeout(Poco::Timespan(20, 0));
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/tickets", Poco::Net::HTTPMessage::HTTP_1_1);
  req.setContentType("application/json");
  req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  req.set("Authorization", "Bearer " + token);
  std::ostream& os = session.sendRequest(req);
  // Half the body now: the server is inside the request, reading it.
  os.write(body.data(), static_cast<std::streamsize>(body.size() / 2));
  os.flush();
  std::this_thread::sleep_for(300ms);
  server->Signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  CHECK(server->running());  // it waits for the request
  os.write(body.data() + body.size() / 2, static_cast<std::streamsize>(body.size() - body.size() / 2));
  os.flush();
  Poco::Net::HTTPResponse resp;
  int status = 0;
  std::string answer;
  try {
    std::istream& is = session.receiveResponse(resp);
    status = resp.getStatus();
    std::ostringstream b;
    Poco::StreamCopier::copyStream(is, b);
    answer = b.str();
  } catch (const Poco::Exception& e) {
    answer = e.displayText();
  }
  INFO("response: " << status << " " << answer);
  INFO("log:\n" << server->Log());
  CHECK(status == 201);
  const auto code = server->WaitExit(15s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);

  // The ticket it answered for was stored.
  if (status == 201) {
    auto again = StartServer(dir);
    Client c2(again->port());
    const Response list = c2.Get("/api/v1/tickets", token);
    REQUIRE(list.status == 200);
    CHECK(ArrAt(list.Object(), "items")->size() == 1);
    again->Stop();
  }
}

TEST_CASE("server: SIGTERM with idle keep-alive connections still exits 0 promptly", "[e2e][server]") {
  incidents::testing::TempDir dir;
  auto server = StartServer(dir);
  Client a(server->port()), b(server->port());
  REQUIRE(a.Get("/healthz").status == 200);
  REQUIRE(b.Get("/healthz").status == 200);
  const auto start = std::chrono::steady_clock::now();
  server->Stop();
  CHECK(std::chrono::steady_clock::now() - start < 12s);
}

TEST_CASE("server: /healthz and /metrics need no token - metrics are Prometheus text", "[e2e][server]") {
  DemoServer s;
  Client& c = *s.client;
  s.CreateTicket("stp.reporter", "Một phiếu");
  const std::string id = Str(s.CreateTicket("stp.reporter", "Hai phiếu"), "id");
  REQUIRE(s.PostEvent("stttt.engineer", id, "acknowledge").status == 200);
  const Response request = c.Post("/api/v1/data-requests",
                                  R"({"scope":"person_or_business","title":"Dữ liệu hộ tịch","data_wanted":"Số liệu khai sinh",)"
                                  R"("purpose":"Nghiên cứu","legal_basis":"Luật Dữ liệu 2024","requester_name":"Nguyễn Văn A"})",
                                  c.Login("stttt.engineer"));
  INFO(request.Describe());
  REQUIRE(request.status == 201);
  REQUIRE(c.Get("/healthz").status == 200);
  const Response m = c.Get("/metrics");
  INFO(m.Describe());
  REQUIRE(m.status == 200);
  CHECK_THAT(m.ContentType(), Catch::StartsWith("text/plain"));
  CHECK_THAT(m.body, Catch::Contains("incidentd_http_requests_total"));
  CHECK_THAT(m.body, Catch::Contains("# TYPE incidentd_http_requests_total counter"));
  // Tickets and events by workflow, counted in the database (the workflows share states).
  auto has = [&](const std::string& series) {
    return std::regex_search(m.body, std::regex("(^|\n)" + series + "(\n|$)"));
  };
  CHECK(has(R"(incidentd_tickets\{workflow="incident",state="reported"\} 1)"));
  CHECK(has(R"(incidentd_tickets\{workflow="incident",state="triage"\} 1)"));
  CHECK(has(R"(incidentd_tickets\{workflow="incident",state="closed"\} 0)"));
  CHECK(has(R"(incidentd_tickets\{workflow="data_request",state="submitted"\} 1)"));
  CHECK(has(R"(incidentd_tickets\{workflow="data_request",state="closed"\} 0)"));
  CHECK(has(R"(incidentd_events_applied_total\{workflow="incident",type="report"\} 2)"));
  CHECK(has(R"(incidentd_events_applied_total\{workflow="data_request",type="submit"\} 1)"));
  // Every sample line is "name{labels} value" or "name value".
  for (const auto& line : Lines(m.body)) {
    if (line[0] == '#') continue;
    INFO(line);
    CHECK(std::regex_match(line, std::regex(R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? ([-+0-9.eE]+|\+Inf|-Inf|NaN))")));
  }
}

TEST_CASE("server: GET /api/v1/workflows/incident matches WORKFLOW.md", "[e2e][server]") {
  DemoServer s;
  const Response r = s.client->Get("/api/v1/workflows/incident", s.Token("stp.reporter"));
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  const auto w = r.Object();
  CHECK(Str(w, "name") == "incident");
  // The authorities config/incidentd.json names, as config/demo.json names them.
  const auto authorities = ObjAt(w, "authorities");
  CHECK(Str(ObjAt(authorities, "doict"), "id") == "stttt");
  CHECK(Str(ObjAt(authorities, "doict"), "name") == "Sở Thông tin và Truyền thông");
  CHECK(Str(ObjAt(authorities, "chairman_office"), "id") == "vp-ubnd");
  CHECK(Str(ObjAt(authorities, "ministry"), "name") == "Bộ Thông tin và Truyền thông");
  CHECK(Str(authorities, "province") == "Ninh Thuận");
  CHECK_THAT(Str(ObjAt(w, "regulation"), "vi"), Catch::Contains("Quyết định số 57/2020/QĐ-UBND"));
  const auto states = Objects(ArrAt(w, "states"));
  REQUIRE(states.size() == States().size());
  for (const auto& spec : States()) {
    INFO("state " << spec.id);
    bool found = false;
    for (const auto& st : states) {
      if (Str(st, "id") != spec.id) continue;
      found = true;
      CHECK(Str(st, "label_vi") == spec.label_vi);
      CHECK(!Str(st, "label_en").empty());
      CHECK(Bool(st, "terminal") == spec.terminal);
    }
    CHECK(found);
  }
  const std::set<std::string> all_states{"reported",          "triage",  "doict_fixing",      "party_fixing",
                                         "waiting_reporter",  "awaiting_ministry", "awaiting_chairman",
                                         "resolved",          "closed",  "rejected"};
  std::set<std::string> open_states = all_states;
  open_states.erase("closed");
  open_states.erase("rejected");
  const std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> spec{
      // event: {from states, to states}
      {"report", {{}, {"reported"}}},
      {"acknowledge", {{"reported"}, {"triage"}}},
      {"assign_doict", {{"triage"}, {"doict_fixing"}}},
      {"request_party_fix", {{"triage", "doict_fixing"}, {"party_fixing"}}},
      {"request_info", {{"triage", "doict_fixing", "party_fixing"}, {"waiting_reporter"}}},
      {"provide_info", {{"waiting_reporter"}, {"triage", "doict_fixing", "party_fixing"}}},
      {"refer_ministry", {{"triage", "doict_fixing", "party_fixing"}, {"awaiting_ministry"}}},
      {"record_ministry_conclusion", {{"awaiting_ministry"}, {"party_fixing"}}},
      {"escalate_chairman", {{"triage", "doict_fixing", "party_fixing", "awaiting_ministry"}, {"awaiting_chairman"}}},
      {"record_chairman_decision", {{"awaiting_chairman"}, {"party_fixing", "resolved"}}},
      {"resolve", {{"doict_fixing", "party_fixing"}, {"resolved"}}},
      {"confirm", {{"resolved"}, {"closed"}}},
      {"reopen", {{"resolved", "closed"}, {"triage"}}},
      {"reject", {{"reported", "triage"}, {"rejected"}}},
      {"comment", {all_states, {}}},
      {"sla_breach", {open_states, {}}},
      {"auto_close", {{"resolved"}, {"closed"}}},
  };
  std::map<std::string, std::set<std::string>> from, to;
  for (const auto& t : Objects(ArrAt(w, "transitions"))) {
    const std::string event = Str(t, "event");
    INFO("transition " << Canonical(t));
    REQUIRE(spec.count(event));
    CHECK(Str(t, "legal_basis") == WorkflowLegalBasis(event));
    CHECK(!Strings(ArrAt(t, "actors")).empty());
    for (const auto& f : Strings(ArrAt(t, "from"))) from[event].insert(f);
    if (t->has("to") && !IsNull(t, "to")) to[event].insert(Str(t, "to"));
  }
  for (const auto& [event, want] : spec) {
    INFO("event " << event);
    CHECK(from[event] == want.first);
    if (!want.second.empty()) CHECK(to[event] == want.second);
  }
}

TEST_CASE("server: GET /api/v1/calendar?year=2027 lists Tết from the lunar calendar, sorted", "[e2e][server]") {
  DemoServer s;
  const Response r = s.client->Get("/api/v1/calendar?year=2027", s.Token("stp.reporter"));
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  const auto cal = r.Object();
  CHECK(Int(cal, "year") == 2027);
  const auto days = Objects(ArrAt(cal, "days_off"));
  bool tet = false;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    INFO(Canonical(d));
    CHECK(std::regex_match(Str(d, "date"), std::regex(R"(2027-\d{2}-\d{2})")));
    CHECK(!Str(d, "name").empty());
    CHECK(!Str(d, "source").empty());
    if (i > 0) CHECK(Str(days[i - 1], "date") <= Str(d, "date"));
    if (Str(d, "date") == "2027-02-06" && Str(d, "name") == "Tết Nguyên Đán" && Str(d, "source") == "âm lịch 1/1")
      tet = true;
  }
  CHECK(tet);
  CHECK_THAT(r.body, Catch::Contains(R"({"date":"2027-02-06","name":"Tết Nguyên Đán","source":"âm lịch 1/1"})"));
  const auto extra = Objects(ArrAt(cal, "extra_working_days"));
  for (std::size_t i = 1; i < extra.size(); ++i) CHECK(Str(extra[i - 1], "date") <= Str(extra[i], "date"));
}

TEST_CASE("server: GET /api/v1/orgs lists the demo orgs with their focal points", "[e2e][server]") {
  DemoServer s;
  const Response r = s.client->Get("/api/v1/orgs", s.Token("syt.reporter"));
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  const auto items = Objects(ArrAt(r.Object(), "items"));
  const std::map<std::string, std::string> names{
      {"stttt", "Sở Thông tin và Truyền thông"}, {"stp", "Sở Tư pháp"},
      {"stnmt", "Sở Tài nguyên và Môi trường"},  {"skhdt", "Sở Kế hoạch và Đầu tư"},
      {"syt", "Sở Y tế"},                        {"ubnd-prtc", "UBND thành phố Phan Rang - Tháp Chàm"},
      {"vp-ubnd", "Văn phòng UBND tỉnh"},                {"btttt", "Bộ Thông tin và Truyền thông"}};
  REQUIRE(items.size() == 8);
  std::set<std::string> ids;
  for (const auto& o : items) {
    INFO(Canonical(o));
    const std::string id = Str(o, "id");
    ids.insert(id);
    REQUIRE(names.count(id));
    CHECK(Str(o, "name") == names.at(id));
    CHECK(!Str(o, "kind").empty());
    // The ministry is outside the province: no focal point in its list.
    if (id == "btttt") {
      CHECK(IsNull(o, "focal_point"));
      continue;
    }
    const auto fp = ObjAt(o, "focal_point");
    CHECK(!Str(fp, "name").empty());
    CHECK(Str(fp, "email") == "focal@" + id + ".ninhthuan.example");
    CHECK(std::regex_match(Str(fp, "phone"), std::regex(R"(\+8490000000\d)")));
  }
  CHECK(ids.size() == 8);
}

TEST_CASE("server: Vietnamese text round-trips without mojibake", "[e2e][server]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string title = "Sai lệch dữ liệu đất đai — Phan Rang–Tháp Chàm “Đắk Lắk” ✓ 😀";
  const std::string description =
      "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự; "
      "tổ hợp: e\xCC\x81; ký tự đặc biệt: \"trích dẫn\" \\ gạch chéo\ndòng mới\ttab"
      " điều khiển: \x01\x1f\x7f, phân dòng: \xE2\x80\xA8.";
  const auto t = s.CreateTicket(
      "stp.reporter", Obj({{"category", "other"}, {"title", title}, {"description", description},
                           {"service", "Dịch vụ công trực tuyến"}}));
  const std::string id = Str(t, "id");
  CHECK(Str(t, "title") == title);
  CHECK(Str(t, "description") == description);
  // As read back, and in the history.
  const auto got = s.GetTicket("stttt.coordinator", id).Object();
  CHECK(Str(got, "title") == title);
  CHECK(Str(got, "description") == description);
  CHECK(Str(got, "service") == "Dịch vụ công trực tuyến");
  const auto report = Objects(s.History("stp.reporter", id)).front();
  CHECK(Str(ObjAt(report, "payload"), "title") == title);
  // \u escapes in the request (including a surrogate pair) decode to the same UTF-8.
  const std::string escaped =
      R"({"type":"comment","body":"B\u00ecnh lu\u1eadn c\u00f3 d\u1ea5u \ud83d\ude00"})";
  const Response r = c.Post(TicketPath(id) + "/events", escaped, s.Token("stp.reporter"));
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  const auto history = s.History("stttt.coordinator", id);
  const auto items = Objects(history);
  REQUIRE(items.size() == 2);
  CHECK(Str(ObjAt(items[1], "payload"), "body") == "Bình luận có dấu 😀");
  VerifyHashChain(history, id);
  // Invalid UTF-8 is refused, not stored.
  const Response bad = c.Post("/api/v1/tickets",
                              "{\"category\":\"other\",\"title\":\"h\xC3\x28ng\",\"description\":\"x\"}",
                              s.Token("stp.reporter"));
  INFO(bad.Describe());
  CHECK((bad.status == 400 || bad.status == 422));
  const Response list = c.Get("/api/v1/tickets", s.Token("stttt.coordinator"));
  CHECK(ArrAt(list.Object(), "items")->size() == 1);
}

TEST_CASE("server: an unknown path answers 404 as a problem", "[e2e][server]") {
  DemoServer s;
  RequireProblem(s.client->Get("/api/v1/nothing-here", s.Token("stp.reporter")), 404);
  RequireProblem(s.client->Get("/nothing"), 404);
}

TEST_CASE("server: idle keep-alive connections do not lock other clients out", "[e2e][server][robustness]") {
  // A browser keeps connections open between requests; a handful of idle clients must not
  // make the server unreachable for everyone else until their keep-alive expires.
  DemoServer s;
  std::vector<std::unique_ptr<Client>> idle;
  int served = 0;
  for (int i = 0; i < 20; ++i) {
    idle.push_back(std::make_unique<Client>(s.server->port()));
    idle.back()->SetTimeout(3s);
    const Response r = idle.back()->Get("/healthz");
    INFO("idle client " << i << ": " << r.Describe());
    if (r.status != 200) break;  // already locked out: the check below shows it
    ++served;
  }
  INFO(served << " idle keep-alive clients were served before the server stopped answering");
  Client fresh(s.server->port());
  fresh.SetTimeout(5s);
  const auto start = std::chrono::steady_clock::now();
  const Response r = fresh.Get("/healthz");
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  INFO("GET /healthz with 20 idle keep-alive connections open: " << r.Describe() << " after " << took.count()
                                                                  << " ms");
  CHECK(r.status == 200);
  CHECK(took < 2s);
}

TEST_CASE("server: a client idle past the keep-alive timeout gets its next answer", "[e2e][server][robustness][store_agnostic]") {
  // incidentd closes a connection idle for http.keep_alive_timeout_ms (5 s by default). A
  // client that reuses it after that gets no answer at all, which the black-box tests'
  // Client met under TSan (a slow loop of ticket-list GETs): it must reconnect before the
  // server's limit instead. 5.5 s: past the server's limit, inside Poco's default of 8 s.
  DemoServer s;
  Client c(s.server->port());
  REQUIRE(c.Get("/healthz").status == 200);
  std::this_thread::sleep_for(5500ms);
  const Response r = c.Get("/healthz");
  INFO(r.Describe() << " " << r.error);
  CHECK(r.status == 200);
}

TEST_CASE("server: SIGHUP is logged and ignored - the server keeps answering, then SIGTERM exits 0", "[e2e][server]") {
  incidents::testing::TempDir dir;
  auto server = StartServer(dir);
  Client c(server->port());
  REQUIRE(c.Get("/healthz").status == 200);
  server->Signal(SIGHUP);
  std::this_thread::sleep_for(300ms);
  INFO("log:\n" << server->Log());
  CHECK(server->running());
  CHECK(c.Get("/healthz").status == 200);
  CHECK_THAT(server->Log(), Catch::Contains("received SIGHUP: nothing is reloaded"));
  server->Signal(SIGTERM);
  const auto code = server->WaitExit(15s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);
}

TEST_CASE("server: both binaries print their version, and --help lists every flag", "[e2e][server]") {
  for (const char* binary : {INCIDENTD_PATH, INCIDENTCTL_PATH}) {
    const RunResult r = RunCommand({binary, "--version"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(std::regex_search(r.output, std::regex("^incident(d|ctl) [0-9]+\\.[0-9]+\\.[0-9]+\\n$")));
  }
  const RunResult help = RunCommand({INCIDENTD_PATH, "--help"});
  INFO(help.output);
  CHECK(help.exit_code == 0);
  for (const char* flag : {"--config", "--listen", "--database", "--demo", "--set", "--print-config", "--version",
                           "--help"})
    CHECK_THAT(help.output, Catch::Contains(flag));
}

// Issue 17.1: the server runs in the test's own folder (incidentd_process.h), finds its files
// from its executable, says where, and warns while public_url is a loopback address (the
// default), which no one else can open from a mail's link.
TEST_CASE("server: started outside the repository it names where its files come from, and warns of a loopback "
          "public_url",
          "[e2e][server]") {
  incidents::testing::TempDir dir;
  auto loopback = StartServer(dir);
  INFO("log:\n" << loopback->Log());
  CHECK_THAT(loopback->Log(), Catch::Contains("files from " REPO_ROOT " (the source tree: not installed)"));
  CHECK_THAT(loopback->Log(),
             Catch::Contains("public_url is http://127.0.0.1:8080, which only this machine can open"));
  Client c(loopback->port());
  CHECK(c.Get("/").status == 200);  // the pages, from the source tree's web/
  loopback->Stop();

  auto real = StartServer(dir, {"--set", "public_url=https://suco.ninhthuan.gov.vn"}, "y.db");
  INFO("log:\n" << real->Log());
  CHECK_THAT(real->Log(), !Catch::Contains("public_url is"));
  real->Stop();
}
