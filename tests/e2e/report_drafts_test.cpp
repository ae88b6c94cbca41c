// The scheduled report drafts end to end (issue 16.4): the real incidentd, started on a
// fresh database with the demo directory, drafts the reports of the last month and the
// last quarter at start (before it listens) and mails them, through the outbox, to DoICT's
// director and the Chairman's office staff, at a real SMTP server (postfix's smtp-sink):
// the link to the reports page of each period, no figures. Started again on the same
// database it drafts and mails nothing more. The periods are computed here from the wall
// clock on Vietnam's dates (UTC+07:00), independently of the engine.

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "e2e_fixture.h"
#include "test_servers.h"

using namespace e2e;
using incidents::testing::DecodeMails;
using incidents::testing::FilesIn;
using incidents::testing::SmtpSink;

namespace {

struct Period {
  std::string key, from, to;
};

std::string Two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// The month and the quarter that ended last, by today's date in Vietnam.
std::pair<Period, Period> DueNow() {
  const std::time_t local = std::time(nullptr) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&local, &tm);
  const int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
  const int my = month == 1 ? year - 1 : year, mm = month == 1 ? 12 : month - 1;
  const int q = (month - 1) / 3 + 1;
  const int qy = q == 1 ? year - 1 : year, qq = q == 1 ? 4 : q - 1;
  const int first = 3 * (qq - 1) + 1, last = first + 2;
  return {Period{std::to_string(my) + "-" + Two(mm), std::to_string(my) + "-" + Two(mm) + "-01",
                 std::to_string(my) + "-" + Two(mm) + "-" + Two(DaysIn(my, mm))},
          Period{std::to_string(qy) + "-Q" + std::to_string(qq), std::to_string(qy) + "-" + Two(first) + "-01",
                 std::to_string(qy) + "-" + Two(last) + "-" + Two(DaysIn(qy, last))}};
}

std::vector<std::string> WaitForFiles(const std::string& dir, std::size_t count, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (FilesIn(dir).size() < count && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // and a moment for anything extra
  return FilesIn(dir);
}

std::vector<std::string> MailArgs(int smtp_port) {
  // The harness turns the drafts off (incidentd_process.h): on again, as shipped.
  return {"--set", "notifications.email.smtp_port=" + std::to_string(smtp_port), "--set",
          "public_url=https://dulieu.example.vn", "--set", "reports.drafts.enabled=true"};
}

}  // namespace

TEST_CASE("report drafts: a start drafts and mails the last month and quarter once, a restart nothing",
          "[report_draft]") {
  SmtpSink sink;
  incidents::testing::TempDir dir;
  const auto [month, quarter] = DueNow();
  {
    auto server = StartServer(dir, MailArgs(sink.port()), "drafts.db");
    // Two periods × two recipients (stttt.director, vp-ubnd.office in the demo directory).
    const auto files = WaitForFiles(sink.mail_dir(), 4, std::chrono::seconds(15));
    REQUIRE(files.size() == 4);
    const std::string log = server->Log();
    CHECK_THAT(log, Catch::Contains("drafted the report of " + month.key + " and queued 2 mails"));
    CHECK_THAT(log, Catch::Contains("drafted the report of " + quarter.key + " and queued 2 mails"));
    // The addresses are personal data: never in the log.
    CHECK_THAT(log, !Catch::Contains("director@stttt"));
    std::map<std::string, std::set<std::string>> to_by_ticket;
    for (const auto& mail : DecodeMails(files)) {
      const std::string ticket = mail->getValue<std::string>("x_ticket_id");
      const std::string subject = mail->getValue<std::string>("subject");
      const std::string body = mail->getValue<std::string>("body");
      CAPTURE(ticket, subject);
      to_by_ticket[ticket].insert(mail->getValue<std::string>("to"));
      CHECK_THAT(subject, Catch::Contains("Dự thảo báo cáo"));
      CHECK_THAT(body, Catch::Contains("dự thảo"));
      const Period& p = ticket == "report:" + month.key ? month : quarter;
      CHECK_THAT(body, Catch::Contains("https://dulieu.example.vn/reports?workflow=incident&from=" + p.from +
                                       "&to=" + p.to));
      CHECK_THAT(body, !Catch::Contains("/tickets/"));
    }
    CHECK(to_by_ticket.size() == 2);
    for (const auto& key : {"report:" + month.key, "report:" + quarter.key}) {
      CAPTURE(key);
      REQUIRE(to_by_ticket.count(key));
      CHECK(to_by_ticket[key].size() == 2);
      std::string all;
      for (const auto& to : to_by_ticket[key]) all += to + ";";
      CHECK_THAT(all, Catch::Contains("director@stttt.ninhthuan.example"));
      CHECK_THAT(all, Catch::Contains("office@vp-ubnd.ninhthuan.example"));
    }
    server->Stop();
  }
  // Started again on the same database: the periods are drafted; nothing is mailed again.
  auto again = StartServer(dir, MailArgs(sink.port()), "drafts.db");
  // Something the dispatcher does send, to know it has run since the start.
  Client client(again->port());
  const std::string token = client.Login("stp.reporter");
  const Response r = client.Post("/api/v1/tickets",
                                 Canonical(Obj({{"category", "data_discrepancy"},
                                                {"title", "Sai lệch dữ liệu hộ tịch"},
                                                {"description", "Số liệu khác nhau giữa hai hệ thống."},
                                                {"priority", "normal"},
                                                {"parties", StrArr({"stnmt"})}})),
                                 token);
  REQUIRE(r.status == 201);
  const auto files = WaitForFiles(sink.mail_dir(), 5, std::chrono::seconds(15));
  CHECK(files.size() >= 5);
  std::size_t drafts = 0;
  for (const auto& mail : DecodeMails(files))
    if (mail->getValue<std::string>("x_ticket_id").rfind("report:", 0) == 0) ++drafts;
  CHECK(drafts == 4);
  CHECK_THAT(again->Log(), !Catch::Contains("drafted the report of"));
  again->Stop();
}

TEST_CASE("report drafts: reports.drafts.enabled=false drafts nothing", "[report_draft]") {
  SmtpSink sink;
  incidents::testing::TempDir dir;
  std::vector<std::string> args = MailArgs(sink.port());
  args.insert(args.end(), {"--set", "reports.drafts.enabled=false"});
  auto server = StartServer(dir, args, "off.db");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(FilesIn(sink.mail_dir()).empty());
  CHECK_THAT(server->Log(), !Catch::Contains("drafted the report of"));
  server->Stop();
}
