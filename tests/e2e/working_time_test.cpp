// Working time left (issue 11, part 7), black box: the real incidentd reports
// sla.ack_working_seconds_left / resolve_working_seconds_left on the calendar it is
// configured with, so the web pages need no working periods of their own.
//
// Real time drives the clocks. The server runs with sla.time_unit_seconds = 1 (targets in
// seconds: low = acknowledge in 8 s, resolve in 80 s), every weekday a working day, and
// working periods made for this run around the next minute boundary B (local time):
//   [B - 2 min, B)  working,  [B, B + 1 min)  a break,  [B + 1 min, B + 3 min)  working.
// A ticket filed x seconds before B has, during the break, exactly 8 - x (overdue) and
// 80 - x working seconds left, and those figures stand still while the wall clock runs.
// Neither the default periods (07:00-11:30, 13:30-17:00) nor any other calendar gives
// these figures at every time of day. On a public holiday nothing is working time: the
// test WARNs and stops early, like timers_test.cpp.

#include <time.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>

#include "e2e_fixture.h"
#include "wall_time.h"

using namespace e2e;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kUtcOffset = 7 * 3600;

// "HH:MM" of the local (UTC+07:00) time of an instant on a minute boundary.
std::string LocalHhMm(std::int64_t epoch_seconds) {
  const std::int64_t local = (epoch_seconds + kUtcOffset) % kDay;
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(local / 3600), static_cast<int>(local / 60 % 60));
  return out;
}

struct Left {
  std::optional<long long> ack;
  std::optional<long long> resolve;
};

Left LeftOf(const Poco::JSON::Object::Ptr& ticket) {
  const auto sla = ObjAt(ticket, "sla");
  INFO(Canonical(sla));
  Left out;
  if (!IsNull(sla, "ack_working_seconds_left")) out.ack = Int(sla, "ack_working_seconds_left");
  if (!IsNull(sla, "resolve_working_seconds_left")) out.resolve = Int(sla, "resolve_working_seconds_left");
  return out;
}

}  // namespace

TEST_CASE("working time left: the ticket's figures follow the configured calendar.working_periods",
          "[e2e][sla][working_time][store_agnostic]") {
  // B: a minute boundary 20-80 s away whose periods fit inside one local day.
  std::int64_t now = NowSeconds();
  const std::int64_t local = (now + kUtcOffset) % kDay;
  if (local > kDay - 300 || local < 110) {  // too close to local midnight: wait for 00:01:50
    const std::int64_t midnight = now - local + (local < 110 ? 0 : kDay);
    SleepUntil(midnight + 110);
    now = NowSeconds();
  }
  const std::int64_t boundary = (now + 20 + 59) / 60 * 60;  // 20 to 80 s away, at 00:03 or later
  const std::string periods = "[\"" + LocalHhMm(boundary - 120) + "-" + LocalHhMm(boundary) + "\",\"" +
                              LocalHhMm(boundary + 60) + "-" + LocalHhMm(boundary + 180) + "\"]";
  INFO("calendar.working_periods=" << periods);
  DemoServer s({"--set", "calendar.workdays=[1,2,3,4,5,6,7]",
                "--set", "calendar.working_periods=" + periods,
                "--set", "calendar.compensate_weekend_holidays=false",
                "--set", "sla.time_unit_seconds=1"});

  const auto t = s.CreateTicket("stp.reporter", "Dịch vụ tra cứu hộ tịch chậm", {}, "data_discrepancy", "low");
  const std::string id = Str(t, "id");
  const std::int64_t created = EpochSeconds(Str(t, "created_at"));
  const std::int64_t x = boundary - created;  // working seconds counted by B
  REQUIRE(x > 8);
  REQUIRE(x < 80);
  if (EpochSeconds(Str(ObjAt(t, "sla"), "ack_due")) != created + 8) {
    WARN("ack_due " << Str(ObjAt(t, "sla"), "ack_due") << " is not 8 s after " << Str(t, "created_at")
                    << ": today is a day off in the calendar; skipping");
    return;
  }
  // The resolve due skips the break: 80 - x seconds after it ends.
  CHECK(EpochSeconds(Str(ObjAt(t, "sla"), "resolve_due")) == boundary + 60 + (80 - x));

  // The POST's answer: the whole targets, give or take the second the request took.
  Left left = LeftOf(t);
  REQUIRE(left.ack);
  REQUIRE(left.resolve);
  CHECK(*left.ack >= 7);
  CHECK(*left.ack <= 8);
  CHECK(*left.resolve - *left.ack == 72);

  // Three seconds later, still in the first period: it counts down.
  SleepUntil(created + 3, 300ms);
  REQUIRE(NowSeconds() < boundary);
  left = LeftOf(s.GetTicket("stp.reporter", id).Object());
  REQUIRE(left.ack);
  REQUIRE(left.resolve);
  CHECK(*left.ack >= 4);
  CHECK(*left.ack <= 5);
  CHECK(*left.resolve - *left.ack == 72);

  // In the break: exactly what the configured periods give, overdue ack negative; and it
  // stands still while the wall clock runs on.
  SleepUntil(boundary, 500ms);
  const Left in_break = LeftOf(s.GetTicket("stp.reporter", id).Object());
  CHECK(in_break.ack == 8 - x);
  CHECK(in_break.resolve == 80 - x);
  SleepUntil(boundary + 3, 500ms);
  REQUIRE(NowSeconds() < boundary + 60);
  const auto again = s.GetTicket("stp.reporter", id).Object();
  CHECK(LeftOf(again).ack == 8 - x);
  CHECK(LeftOf(again).resolve == 80 - x);

  // The list carries the same figures.
  const Response list = s.client->Get("/api/v1/tickets", s.Token("stp.reporter"));
  REQUIRE(list.status == 200);
  bool seen = false;
  for (const auto& item : Objects(ArrAt(list.Object(), "items"))) {
    if (Str(item, "id") != id) continue;
    seen = true;
    CHECK(LeftOf(item).ack == 8 - x);
    CHECK(LeftOf(item).resolve == 80 - x);
  }
  CHECK(seen);

  // Acknowledged: the ack clock stops and its figure is null.
  const Response acked = s.PostEvent("stttt.engineer", id, "acknowledge");
  REQUIRE(acked.status == 200);
  CHECK_FALSE(LeftOf(acked.Object()).ack);
  CHECK(LeftOf(acked.Object()).resolve == 80 - x);
  s.server->Stop();
}
