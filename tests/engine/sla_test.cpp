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
  // Issue 13: the deadlines are the province's own service levels, under Art. 11.2b.
  CHECK(breaches[0].legal_basis == "Art. 11.2b");
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

// ---------------------------------------------------------------------------------------
// Working time left (issue 11, part 7): sla.ack_working_left / resolve_working_left are the
// working time from the annotation instant to the due on the calendar, so that the pages
// show the server's figure instead of recomputing it with their own working periods.

namespace {

// The ticket as GET shows it when the clock reads `now` (local time = now + 7 h).
Ticket ShownAt(SlaFixture& f, const std::string& id, const char* now) {
  f.clock.Set(At(now));
  return f.service.Get(DemoActor("stp.reporter"), id).value();
}

}  // namespace

TEST_CASE("sla: working time left counts working time only: lunch break, evening, overdue", "[engine][sla]") {
  SlaFixture f;
  // Monday 2026-01-05 08:00 local; normal: acknowledge 4 h (due 14:00 local), resolve 40 h.
  const std::string id = f.File(Priority::kNormal);
  Ticket t = ShownAt(f, id, "2026-01-05T01:00:00Z");  // 08:00, at filing
  CHECK(t.sla.ack_working_left == hours(4));
  CHECK(t.sla.resolve_working_left == hours(40));

  t = ShownAt(f, id, "2026-01-05T04:00:00Z");  // 11:00: 3 h counted
  CHECK(t.sla.ack_working_left == hours(1));
  CHECK(t.sla.resolve_working_left == hours(37));

  // Across the lunch break (11:30-13:30) nothing is counted: 30 min left at 12:00, 13:00
  // and 13:30; then it counts again.
  for (const char* lunch : {"2026-01-05T04:30:00Z", "2026-01-05T05:00:00Z", "2026-01-05T06:00:00Z",
                            "2026-01-05T06:30:00Z"}) {
    INFO(lunch);
    t = ShownAt(f, id, lunch);
    CHECK(t.sla.ack_working_left == minutes(30));
    CHECK(t.sla.resolve_working_left == hours(36) + minutes(30));
  }
  t = ShownAt(f, id, "2026-01-05T06:45:00Z");  // 13:45
  CHECK(t.sla.ack_working_left == minutes(15));
  t = ShownAt(f, id, "2026-01-05T06:59:59Z");
  CHECK(t.sla.ack_working_left == seconds(1));
  t = ShownAt(f, id, "2026-01-05T07:00:00Z");  // 14:00, exactly the due
  CHECK(t.sla.ack_working_left == seconds(0));

  // Overdue: negative, the working time past the due; the evening and the night add nothing.
  t = ShownAt(f, id, "2026-01-05T08:00:00Z");  // 15:00
  CHECK(t.sla.ack_working_left == -hours(1));
  for (const char* night : {"2026-01-05T10:00:00Z", "2026-01-05T15:00:00Z", "2026-01-05T23:59:00Z"}) {
    INFO(night);  // 17:00, 22:00, Tuesday 06:59
    t = ShownAt(f, id, night);
    CHECK(t.sla.ack_working_left == -hours(3));
    CHECK(t.sla.resolve_working_left == hours(40 - 7));
  }
  t = ShownAt(f, id, "2026-01-06T00:30:00Z");  // Tuesday 07:30
  CHECK(t.sla.ack_working_left == -(hours(3) + minutes(30)));
  // Always the signed working time between now and the due the ticket carries.
  CHECK(*t.sla.ack_working_left == -f.calendar.WorkingTimeBetween(*t.sla.ack_due, At("2026-01-06T00:30:00Z")));
  CHECK(*t.sla.resolve_working_left == f.calendar.WorkingTimeBetween(At("2026-01-06T00:30:00Z"), *t.sla.resolve_due));
}

TEST_CASE("sla: working time left skips a weekend and a public holiday", "[engine][sla]") {
  SECTION("weekend") {
    SlaFixture f;
    // Friday 2026-01-09 16:00 local: 1 h on Friday, then Monday 07:00-10:00.
    f.clock.Set(At("2026-01-09T09:00:00Z"));
    const std::string id = f.File(Priority::kNormal);
    Ticket t = ShownAt(f, id, "2026-01-09T09:30:00Z");  // Friday 16:30
    CHECK(t.sla.ack_working_left == hours(3) + minutes(30));
    CHECK(t.sla.ack_due == At("2026-01-12T03:00:00Z"));  // Monday 10:00
    for (const char* weekend : {"2026-01-09T10:00:00Z", "2026-01-10T03:00:00Z", "2026-01-11T08:00:00Z",
                                "2026-01-12T00:00:00Z"}) {
      INFO(weekend);  // Friday 17:00, Saturday 10:00, Sunday 15:00, Monday 07:00
      t = ShownAt(f, id, weekend);
      CHECK(t.sla.ack_working_left == hours(3));
    }
    t = ShownAt(f, id, "2026-01-12T02:00:00Z");  // Monday 09:00
    CHECK(t.sla.ack_working_left == hours(1));
  }
  SECTION("holiday") {
    SlaFixture f;
    REQUIRE_FALSE(f.calendar.IsWorkingDay(CivilDate{2026, 1, 1}));  // Tết Dương lịch, a Thursday
    // Wednesday 2025-12-31 16:00 local: 1 h on Wednesday, none on Thursday 1/1, Friday 07:00-10:00.
    f.clock.Set(At("2025-12-31T09:00:00Z"));
    const std::string id = f.File(Priority::kNormal);
    Ticket t = ShownAt(f, id, "2026-01-01T03:00:00Z");  // the holiday, 10:00
    CHECK(t.sla.ack_working_left == hours(3));
    CHECK(t.sla.ack_due == At("2026-01-02T03:00:00Z"));
    t = ShownAt(f, id, "2026-01-02T03:30:00Z");  // Friday 10:30: overdue by 30 working minutes
    CHECK(t.sla.ack_working_left == -minutes(30));
  }
}

TEST_CASE("sla: while paused the resolve time left is what would be left if it resumed now", "[engine][sla]") {
  SECTION("on time") {
    SlaFixture f;
    const std::string id = f.File(Priority::kNormal);  // Monday 08:00 local; resolve 40 h
    f.Do("stttt.engineer", id, AcknowledgeCommand{});
    f.clock.Set(At("2026-01-05T03:00:00Z"));  // Monday 10:00: 2 h counted
    f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
    for (const char* paused : {"2026-01-05T03:00:00Z", "2026-01-05T08:00:00Z", "2026-01-07T04:00:00Z"}) {
      INFO(paused);
      Ticket t = ShownAt(f, id, paused);
      CHECK(t.sla.paused);
      CHECK_FALSE(t.sla.ack_working_left);  // acknowledged: the ack clock has stopped
      CHECK(t.sla.resolve_working_left == hours(38));
      // Consistent with resolve_due, which moves with the pause.
      CHECK(*t.sla.resolve_working_left == f.calendar.WorkingTimeBetween(At(paused), *t.sla.resolve_due));
    }
    // Resumed on Wednesday 11:00 local: 38 h left, and it counts down again.
    f.clock.Set(At("2026-01-07T04:00:00Z"));
    f.Do("stp.reporter", id, ProvideInfoCommand{"Đã gửi"});
    Ticket t = ShownAt(f, id, "2026-01-07T07:00:00Z");  // 14:00: 30 min before lunch + 30 min after
    CHECK_FALSE(t.sla.paused);
    CHECK(t.sla.resolve_working_left == hours(37));
  }
  SECTION("overdue when paused: the overdue time stays as it was") {
    SlaFixture f;
    const std::string id = f.File(Priority::kCritical);  // Monday 08:00 local; resolve 8 h
    f.Do("stttt.engineer", id, AcknowledgeCommand{});
    f.clock.Set(At("2026-01-06T02:00:00Z"));  // Tuesday 09:00: 7 h Monday + 2 h = 9 h counted
    f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
    for (const char* paused : {"2026-01-06T02:00:00Z", "2026-01-07T04:00:00Z", "2026-01-12T09:00:00Z"}) {
      INFO(paused);
      Ticket t = ShownAt(f, id, paused);
      CHECK(t.sla.paused);
      CHECK(t.sla.resolve_working_left == -hours(1));
    }
  }
}

TEST_CASE("sla: no working time left on a clock that is not running", "[engine][sla]") {
  SlaFixture f;
  const std::string id = f.File(Priority::kNormal);
  f.clock.Set(At("2026-01-05T02:00:00Z"));
  Ticket t = f.Do("stttt.engineer", id, AcknowledgeCommand{});  // a POST's answer is annotated too
  CHECK_FALSE(t.sla.ack_due);
  CHECK_FALSE(t.sla.ack_working_left);
  CHECK(t.sla.resolve_working_left == hours(39));
  f.Do("stttt.engineer", id, AssignDoictCommand{});
  t = f.Do("stttt.engineer", id, ResolveCommand{"Đã sửa"});
  CHECK_FALSE(t.sla.ack_working_left);
  CHECK_FALSE(t.sla.resolve_due);
  CHECK_FALSE(t.sla.resolve_working_left);

  // Rejected: both clocks stopped.
  Ticket rejected = f.service.Get(DemoActor("stttt.coordinator"), f.TicketIn(State::kRejected)).value();
  CHECK_FALSE(rejected.sla.ack_working_left);
  CHECK_FALSE(rejected.sla.resolve_working_left);

  // Lists carry the figures as well.
  auto page = f.service.List(DemoActor("stttt.coordinator"), TicketQuery{});
  REQUIRE(page.ok());
  bool seen = false;
  for (const Ticket& item : page->items) {
    CHECK(item.sla.ack_working_left.has_value() == item.sla.ack_due.has_value());
    CHECK(item.sla.resolve_working_left.has_value() == item.sla.resolve_due.has_value());
    if (item.id == id) seen = true;
  }
  CHECK(seen);

  // Stored snapshots never hold them (derived on display only).
  const Ticket stored = f.store.LoadTicket(id).value();
  CHECK_FALSE(stored.sla.ack_working_left);
  CHECK_FALSE(stored.sla.resolve_working_left);
}
