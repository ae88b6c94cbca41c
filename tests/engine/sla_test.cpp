// SLA clocks with a manual clock (issue 5): breach at exactly the target, level 2 at twice
// the target, pauses moving resolve_due by exactly the paused working time, auto-close
// after 5 working days in resolved, and confirm/reopen cancelling it.

#include <catch2/catch.hpp>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/sla.h"

using namespace incidents::engine;
using namespace incidents::testing;
using namespace std::chrono;

namespace {

Timestamp At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

struct SlaFixture : DemoFixture {
  SlaFixture() : policy(calendar, DefaultSlaTargets()) { service.SetSlaPolicy(&policy, nullptr); }
  BusinessCalendar calendar;
  SlaPolicy policy;

  std::vector<TicketEvent> Breaches(const std::string& id) {
    std::vector<TicketEvent> out;
    const auto history = store.LoadHistory(id);  // keep the Result alive while iterating
    for (const auto& e : history.value())
      if (e.type == EventType::kSlaBreach) out.push_back(e);
    return out;
  }
  Timestamp Due(const std::string& id, TimerKind kind) {
    for (const auto& t : policy.PendingTimers(store.LoadTicket(id).value()))
      if (t.kind == kind) return t.due;
    FAIL("no timer " << ToString(kind));
    return {};
  }
  bool HasTimer(const std::string& id, TimerKind kind) {
    for (const auto& t : policy.PendingTimers(store.LoadTicket(id).value()))
      if (t.kind == kind) return true;
    return false;
  }
};

}  // namespace

TEST_CASE("sla: the ack clock breaches at exactly its target, once, and level 2 at twice the target",
          "[engine][sla]") {
  SlaFixture f;
  // Monday 2026-01-05 08:00 in Vietnam; normal priority: 4 working hours to acknowledge.
  const std::string id = f.File(Priority::kNormal);
  const Ticket t = f.service.Get(DemoActor("stp.reporter"), id).value();
  // 08:00-11:30 is 3.5 h, then 13:30-14:00: 14:00 local = 07:00Z.
  CHECK(t.sla.ack_due == At("2026-01-05T07:00:00Z"));
  CHECK(f.Due(id, TimerKind::kAckLevel1) == At("2026-01-05T07:00:00Z"));
  // Twice: 8 h = Monday 7 h + Tuesday 07:00-08:00 → 01:00Z Tuesday.
  CHECK(f.Due(id, TimerKind::kAckLevel2) == At("2026-01-06T01:00:00Z"));

  f.clock.Set(At("2026-01-05T06:59:59Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  CHECK(f.Breaches(id).empty());

  f.clock.Set(At("2026-01-05T07:00:00Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  REQUIRE(f.service.FireDueTimers(id).ok());  // a second firing repeats nothing
  auto breaches = f.Breaches(id);
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].payload.at("clock").as_string() == "ack");
  CHECK(breaches[0].payload.at("level").as_int() == 1);
  CHECK(breaches[0].actor == "system");
  CHECK(breaches[0].legal_basis == "Art. 19.1");
  CHECK_FALSE(f.HasTimer(id, TimerKind::kAckLevel1));
  CHECK(f.HasTimer(id, TimerKind::kAckLevel2));

  f.clock.Set(At("2026-01-06T01:00:00Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  breaches = f.Breaches(id);
  REQUIRE(breaches.size() == 2);
  CHECK(breaches[1].payload.at("level").as_int() == 2);
  CHECK(f.service.Get(DemoActor("stp.reporter"), id)->sla.breaches.size() == 2);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("sla: a server that was down catches up level by level when it fires", "[engine][sla]") {
  SlaFixture f;
  const std::string id = f.File(Priority::kCritical);  // ack 1 h, resolve 8 h
  f.clock.Set(At("2026-01-09T10:00:00Z"));             // days later
  REQUIRE(f.service.FireDueTimers(id).ok());
  const auto breaches = f.Breaches(id);
  REQUIRE(breaches.size() == 4);  // ack 1, ack 2, resolve 1, resolve 2, each once, in order of their dues
  CHECK(breaches[0].payload.at("clock").as_string() == "ack");
  CHECK(breaches[0].payload.at("level").as_int() == 1);
  CHECK(breaches[1].payload.at("level").as_int() == 2);
  REQUIRE(f.service.FireDueTimers(id).ok());
  CHECK(f.Breaches(id).size() == 4);
  CHECK(f.policy.PendingTimers(f.store.LoadTicket(id).value()).empty());
}

TEST_CASE("sla: acknowledging stops the ack clock and the resolve clock keeps running", "[engine][sla]") {
  SlaFixture f;
  const std::string id = f.File(Priority::kHigh);
  f.clock.Advance(minutes(30));
  const Ticket t = f.Do("stttt.engineer", id, AcknowledgeCommand{});
  CHECK_FALSE(t.sla.ack_due);
  CHECK(t.sla.resolve_due);
  CHECK_FALSE(f.HasTimer(id, TimerKind::kAckLevel1));
  CHECK(f.HasTimer(id, TimerKind::kResolveLevel1));
  f.clock.Set(At("2026-01-30T00:00:00Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  for (const auto& b : f.Breaches(id)) CHECK(b.payload.at("clock").as_string() == "resolve");
}

TEST_CASE("sla: a pause moves resolve_due by exactly the working time paused", "[engine][sla]") {
  SlaFixture f;
  const std::string id = f.File(Priority::kNormal);  // resolve 40 working hours
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  const Timestamp before = *f.service.Get(DemoActor("stp.reporter"), id)->sla.resolve_due;
  const Timestamp due1 = f.Due(id, TimerKind::kResolveLevel1);
  CHECK(due1 == before);

  f.clock.Set(At("2026-01-05T03:00:00Z"));  // Monday 10:00 local
  f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
  Ticket paused = f.service.Get(DemoActor("stp.reporter"), id).value();
  CHECK(paused.sla.paused);
  CHECK_FALSE(f.HasTimer(id, TimerKind::kResolveLevel1));  // no resolve timer while paused

  f.clock.Set(At("2026-01-06T08:00:00Z"));  // Tuesday 15:00 local
  f.Do("stp.reporter", id, ProvideInfoCommand{"Đã gửi"});
  const Ticket resumed = f.service.Get(DemoActor("stp.reporter"), id).value();
  CHECK_FALSE(resumed.sla.paused);
  const std::int64_t paused_minutes =
      f.calendar.WorkingMinutesBetween(At("2026-01-05T03:00:00Z"), At("2026-01-06T08:00:00Z"));
  // Monday 10:00-11:30 and 13:30-17:00 (90 + 210), Tuesday 07:00-11:30 and 13:30-15:00 (270 + 90).
  CHECK(paused_minutes == 90 + 210 + 270 + 90);
  CHECK(*resumed.sla.resolve_due == f.calendar.AddWorkingMinutes(before, paused_minutes));
  CHECK(f.Due(id, TimerKind::kResolveLevel1) == *resumed.sla.resolve_due);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("sla: auto-close after 5 working days in resolved unless confirm or reopen comes first", "[engine][sla]") {
  SlaFixture f;
  SECTION("nobody answers") {
    const std::string id = f.TicketIn(State::kResolved);
    const Timestamp resolved = *f.store.LoadTicket(id)->resolved_at;
    const Timestamp due = f.Due(id, TimerKind::kAutoClose);
    CHECK(due == f.calendar.AddWorkingMinutes(resolved, 5 * 8 * 60));
    f.clock.Set(due - seconds(1));
    REQUIRE(f.service.FireDueTimers(id).ok());
    CHECK(f.store.LoadTicket(id)->state == State::kResolved);
    f.clock.Set(due);
    REQUIRE(f.service.FireDueTimers(id).ok());
    const Ticket closed = f.store.LoadTicket(id).value();
    CHECK(closed.state == State::kClosed);
    CHECK(f.store.LoadHistory(id)->back().type == EventType::kAutoClose);
    CHECK(f.policy.PendingTimers(closed).empty());
  }
  SECTION("the reporter confirms first") {
    const std::string id = f.TicketIn(State::kResolved);
    f.Do("stp.reporter", id, ConfirmCommand{});
    CHECK(f.policy.PendingTimers(f.store.LoadTicket(id).value()).empty());
    f.clock.Advance(hours(24 * 30));
    REQUIRE(f.service.FireDueTimers(id).ok());
    CHECK(f.store.LoadHistory(id)->back().type == EventType::kConfirm);
  }
  SECTION("the reporter reopens first: a new resolve clock from the reopen instant") {
    const std::string id = f.TicketIn(State::kResolved);
    f.clock.Advance(hours(26));
    const Timestamp reopened_at = f.clock.Now();
    f.Do("stp.reporter", id, ReopenCommand{"Vẫn còn lỗi"});
    CHECK_FALSE(f.HasTimer(id, TimerKind::kAutoClose));
    const Ticket t = f.store.LoadTicket(id).value();
    CHECK(t.sla.resolve_started_at == reopened_at);
    CHECK(f.Due(id, TimerKind::kResolveLevel1) == f.calendar.AddWorkingMinutes(reopened_at, 40 * 60));
  }
}

TEST_CASE("sla: rejected and closed tickets need no timers", "[engine][sla]") {
  SlaFixture f;
  CHECK(f.policy.PendingTimers(f.store.LoadTicket(f.TicketIn(State::kRejected)).value()).empty());
  CHECK(f.policy.PendingTimers(f.store.LoadTicket(f.TicketIn(State::kClosed)).value()).empty());
}

TEST_CASE("sla: targets and pauses count in seconds, and a working_day override sets the auto-close day",
          "[engine][sla]") {
  // What sla.time_unit_seconds = 1 makes of the config: "hours" of seconds.
  SlaTargets targets = DefaultSlaTargets();
  for (auto& [priority, target] : targets.by_priority) {
    target.acknowledge = seconds(target.acknowledge.count() / 3600);
    target.resolve = seconds(target.resolve.count() / 3600);
  }
  targets.auto_close_working_days = 2;
  targets.working_day = seconds(8);
  SlaFixture f;
  SlaPolicy fast(f.calendar, targets);
  f.service.SetSlaPolicy(&fast, nullptr);
  const std::string id = f.File(Priority::kNormal);  // Monday 08:00 local, working time
  const Ticket t = f.store.LoadTicket(id).value();
  Ticket shown = t;
  fast.Annotate(shown, f.clock.Now());
  CHECK(*shown.sla.ack_due == t.created_at + seconds(4));
  CHECK(*shown.sla.resolve_due == t.created_at + seconds(40));

  // A pause of 90 s moves resolve_due by 90 s, not by whole minutes.
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
  f.clock.Advance(seconds(90));
  f.Do("stp.reporter", id, ProvideInfoCommand{"Đã gửi"});
  shown = f.store.LoadTicket(id).value();
  fast.Annotate(shown, f.clock.Now());
  CHECK(*shown.sla.resolve_due == t.created_at + seconds(40 + 90));

  // Auto-close: 2 working days of 8 s after the resolution.
  f.Do("stttt.engineer", id, AssignDoictCommand{});
  const Ticket resolved = f.Do("stttt.engineer", id, ResolveCommand{"Đã sửa"});
  bool found = false;
  for (const auto& timer : fast.PendingTimers(resolved))
    if (timer.kind == TimerKind::kAutoClose) {
      found = true;
      CHECK(timer.due == *resolved.resolved_at + seconds(16));
    }
  CHECK(found);
  f.clock.Set(*resolved.resolved_at + seconds(16));
  REQUIRE(f.service.FireDueTimers(id).ok());
  CHECK(f.store.LoadTicket(id)->state == State::kClosed);
}
