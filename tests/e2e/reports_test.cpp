// GET /api/v1/reports/incidents and /data-requests end to end (issue 16): the real
// incidentd counts what its own API filed, by the definitions of docs/reports.md, shows an
// agency only its tickets' figures, and refuses a bad period with a Vietnamese problem.

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <string>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

// Today's date in Vietnam (UTC+07:00), plus `days`, as YYYY-MM-DD.
std::string LocalDate(int days = 0) {
  const std::time_t t = std::time(nullptr) + 7 * 3600 + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Poco::JSON::Object::Ptr Report(DemoServer& s, const std::string& user, const std::string& query,
                               const std::string& path = "/api/v1/reports/incidents") {
  const Response r = s.client->Get(path + "?" + query, s.Token(user));
  INFO("GET " << path << "?" << query << " as " << user << ": " << r.Describe());
  REQUIRE(r.status == 200);
  return r.Object();
}

}  // namespace

TEST_CASE("reports: the report counts what was filed, grouped, and an agency sees only its own", "[e2e]") {
  DemoServer s;
  const std::string a = Str(s.CreateTicket("stp.reporter", "Sai lệch dữ liệu hộ tịch", {"stnmt"}), "id");
  s.CreateTicket("stp.reporter", "Mất kết nối LGSP", {}, "connection_failure", "high");
  s.CreateTicket("syt.reporter", "Sai lệch dữ liệu y tế");
  REQUIRE(s.PostEvent("stttt.engineer", a, "acknowledge").status == 200);

  const std::string period = "from=" + LocalDate(-1) + "&to=" + LocalDate(1);
  auto all = Report(s, "stttt.coordinator", period + "&group_by=category");
  CHECK(Str(all, "scope") == "all");
  CHECK(Str(all, "group_by") == "category");
  auto totals = all->getObject("totals");
  CHECK(Int(totals, "opened") == 3);
  CHECK(Int(totals, "open") == 3);
  CHECK(Int(totals->getObject("acknowledge"), "count") == 1);
  auto groups = Objects(ArrAt(all, "groups"));
  REQUIRE(groups.size() == 2);
  CHECK(Str(groups[0], "key") == "data_discrepancy");  // largest first
  CHECK(Int(groups[0]->getObject("figures"), "opened") == 2);
  CHECK(Str(groups[1], "key") == "connection_failure");
  auto backlog = Objects(ArrAt(all, "backlog"));
  std::int64_t in_backlog = 0;
  for (const auto& b : backlog) in_backlog += Int(b, "count");
  CHECK(in_backlog == 3);

  // stnmt is a party of one ticket; syt reports one; the Chairman's office sees all.
  auto party = Report(s, "stnmt.focal", period);
  CHECK(Str(party, "scope") == "stnmt");
  CHECK(Int(party->getObject("totals"), "opened") == 1);
  CHECK(Int(Report(s, "syt.reporter", period)->getObject("totals"), "opened") == 1);
  CHECK(Int(Report(s, "vp-ubnd.office", period)->getObject("totals"), "opened") == 3);

  // Data-sharing requests have their own report; none were filed.
  auto requests = Report(s, "stttt.coordinator", period, "/api/v1/reports/data-requests");
  CHECK(Str(requests, "workflow") == "data_request");
  CHECK(Int(requests->getObject("totals"), "opened") == 0);
}

TEST_CASE("reports: a bad period or grouping is refused with a Vietnamese problem", "[e2e]") {
  DemoServer s;
  const auto detail = [&](const std::string& query) {
    const Response r = s.client->Get("/api/v1/reports/incidents?" + query, s.Token("stttt.coordinator"));
    INFO(query << ": " << r.Describe());
    CHECK(r.status == 422);
    return Str(r.Object(), "detail");
  };
  CHECK(detail("to=2026-12-31").find("bắt buộc") != std::string::npos);
  CHECK(detail("from=2026-13-01&to=2026-12-31").find("2026-13-01") != std::string::npos);
  CHECK(detail("from=2026-12-31&to=2026-01-01").find("trước ngày bắt đầu") != std::string::npos);
  CHECK(detail("from=2015-01-01&to=2026-12-31").find("tối đa") != std::string::npos);
  CHECK(detail("from=2026-01-01&to=2026-12-31&group_by=colour").find("category") != std::string::npos);
  CHECK(s.client->Get("/api/v1/reports/incidents?from=2026-01-01&to=2026-12-31", "").status == 401);
}
