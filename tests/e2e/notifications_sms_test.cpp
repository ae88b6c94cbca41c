// Notifications end to end, the SMS channel (issue 4; the set-up of notifications_test.cpp):
// the real incidentd and an HTTP SMS gateway stub on 127.0.0.1, which answers as each case
// tells it - failures then success, 4xx, or no gateway configured at all.

#include <catch2/catch.hpp>

#include "notifications_support.h"

using namespace e2e;
using namespace notifications_e2e;
using incidents::testing::FreePort;
using incidents::testing::GatewayStub;
using incidents::testing::SmtpSink;

TEST_CASE("Notifications: a gateway that answers 500 three times, then 200, gets the SMS once",
          "[notifications][integration]") {
  SmtpSink sink;
  GatewayStub gateway({500, 500, 500});
  DemoServer s(NotifyArgs(sink.port(), gateway.url()));
  const std::string a = Str(s.CreateTicket("stp.reporter", "Cổng SMS quá tải"), "id");
  const std::string key = OutboxKey(a, 1, "sms", "org:stttt");
  const auto rows = WaitSettled(s, {a}, 3);

  std::vector<std::string> accepted, statuses;
  for (const auto& r : gateway.requests()) {
    INFO("gateway request " << r.body);
    CHECK(Field(r.body, "id") == key);  // the retries carry the same idempotency key
    CHECK(Field(r.body, "to") == "+84900000001");
    statuses.push_back(std::to_string(r.status));
    if (r.status / 100 == 2) accepted.push_back(Field(r.body, "id"));
  }
  CHECK(statuses == std::vector<std::string>{"500", "500", "500", "200"});
  CHECK(accepted == std::vector<std::string>{key});
  for (const auto& row : rows.at(a)) {
    INFO("row " << Describe(row));
    CHECK(Str(row, "status") == "sent");
    if (Str(row, "channel") == "sms") {
      CHECK(Int(row, "attempts") == 4);
      CHECK(IsNull(row, "last_error"));
      CHECK(Int(row, "segments") == 1);
    }
  }
}

TEST_CASE("Notifications: without an SMS gateway (the default) SMS rows are disabled, visibly, and nothing is dead",
          "[notifications][integration]") {
  SmtpSink sink;
  DemoServer s(NotifyArgs(sink.port(), ""));
  const std::string a = Str(s.CreateTicket("stp.reporter", "Không có cổng SMS"), "id");
  WaitSettled(s, {a}, 3);
  std::this_thread::sleep_for(300ms);  // time enough for a retry, if there were one

  const Response r = s.client->Get(TicketPath(a) + "/notifications", s.Token("stp.reporter"));
  REQUIRE(r.status == 200);
  int disabled = 0;
  for (const auto& row : Objects(ArrAt(r.Object(), "items"))) {
    INFO("row " << Describe(row));
    if (Str(row, "channel") == "email") {
      CHECK(Str(row, "status") == "sent");
      continue;
    }
    ++disabled;
    CHECK(Str(row, "status") == "disabled");
    CHECK(Int(row, "attempts") == 0);
    CHECK(IsNull(row, "sent_at"));
    CHECK_THAT(Str(row, "last_error"), Catch::StartsWith("SMS gateway not configured"));
  }
  CHECK(disabled == 1);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"sms\",status=\"disabled\"}") == 1);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"sms\",status=\"dead\"}") == 0);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"email\",status=\"dead\"}") == 0);
}

TEST_CASE("Notifications: a gateway's 4xx makes the SMS dead, visibly", "[notifications][integration]") {
  SmtpSink sink;
  GatewayStub gateway({}, 0ms, "", /*default_status=*/400);
  DemoServer s(NotifyArgs(sink.port(), gateway.url()));
  const std::string a = Str(s.CreateTicket("stp.reporter", "Số điện thoại không hợp lệ"), "id");
  WaitSettled(s, {a}, 3);
  std::this_thread::sleep_for(500ms);  // time enough for retries, if there were any

  // The reporter sees it too.
  const Response r = s.client->Get(TicketPath(a) + "/notifications", s.Token("stp.reporter"));
  REQUIRE(r.status == 200);
  int dead = 0;
  for (const auto& row : Objects(ArrAt(r.Object(), "items"))) {
    INFO("row " << Describe(row));
    if (Str(row, "channel") == "email") {
      CHECK(Str(row, "status") == "sent");
      continue;
    }
    ++dead;
    CHECK(Str(row, "status") == "dead");
    CHECK(Int(row, "attempts") == 1);
    CHECK(IsNull(row, "sent_at"));
    CHECK_THAT(Str(row, "last_error"), Catch::Contains("400"));
  }
  CHECK(dead == 1);
  CHECK(gateway.requests().size() == 1);  // not retried
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"sms\",status=\"dead\"}") == 1);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"email\",status=\"sent\"}") == 2);
}
