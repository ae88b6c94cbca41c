// A data request's clocks on the working calendar (issue 15.3), with a manual clock: the
// decision due 15 working days after submit, paused while the requester has it and stopped
// by the decision; the consultation due at the end of the date the consult set (moved past
// days off, khoản 3 Điều 148 BLDS 2015), breached once only while an opinion is missing;
// both breaches as sla_breach events of the system citing the request's article.

#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "data_request_fixture.h"
#include "demo_fixture.h"
#include "incidents/engine/request_clocks.h"

namespace {

using namespace incidents::engine;
using namespace incidents::testing;
using namespace std::chrono;

Timestamp At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

// DemoStart is Monday 2026-01-05 08:00 in Vietnam (01:00Z); working days are 07:00-11:30
// and 13:30-17:00, 8 h.
struct ClocksFixture : DemoFixture {
  ClocksFixture() : clocks(calendar, DefaultSlaTargets()) {
    service.SetClocks(kDataRequestWorkflow, &clocks, nullptr);
  }
  BusinessCalendar calendar;
  RequestClocks clocks;

  std::vector<TicketEvent> Breaches(const std::string& id) {
    std::vector<TicketEvent> out;
    const auto history = store.LoadHistory(id);
    for (const auto& e : history.value())
      if (e.type == EventType::kSlaBreach) out.push_back(e);
    return out;
  }
  std::optional<Timestamp> Due(const std::string& id, TimerKind kind) {
    for (const auto& t : clocks.PendingTimers(store.LoadTicket(id).value()))
      if (t.kind == kind) return t.due;
    return std::nullopt;
  }
  Ticket Shown(const std::string& id) { return service.Get(DemoActor("stttt.engineer"), id).value(); }
};

}  // namespace

TEST_CASE("data_request clocks: the decision is due 15 working days after submit, breached there and at twice") {
  ClocksFixture f;
  const std::string id = Submit(f, PersonRequest());
  // Monday 7 h, then 14 full days (the 19th-23rd included) is 119 h; the 120th hour ends
  // Monday 2026-01-26 at 08:00 local.
  CHECK(f.Shown(id).sla.resolve_due == std::optional<Timestamp>(At("2026-01-26T01:00:00Z")));
  CHECK_FALSE(f.Shown(id).sla.ack_due);  // a request has no acknowledgement
  CHECK(f.Due(id, TimerKind::kDecisionLevel1) == std::optional<Timestamp>(At("2026-01-26T01:00:00Z")));
  const auto level2 = f.Due(id, TimerKind::kDecisionLevel2);
  REQUIRE(level2);
  CHECK(*level2 > At("2026-02-13T00:00:00Z"));  // 30 working days, past Tết's days off
  CHECK_FALSE(f.Due(id, TimerKind::kConsultation));

  Do(f, "stttt.engineer", id, ScreenCommand{});
  f.clock.Set(At("2026-01-26T00:59:59Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  CHECK(f.Breaches(id).empty());
  f.clock.Set(At("2026-01-26T01:00:00Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  REQUIRE(f.service.FireDueTimers(id).ok());  // a second firing repeats nothing
  const auto breaches = f.Breaches(id);
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].payload.at("clock").as_string() == "decision");
  CHECK(breaches[0].payload.at("level").as_int() == 1);
  CHECK(breaches[0].actor == "system");
  CHECK(breaches[0].legal_basis == "Art. 13.2b");  // a person's or business's request
  CHECK_FALSE(f.Due(id, TimerKind::kDecisionLevel1));
  CHECK(f.Due(id, TimerKind::kDecisionLevel2));

  // The decision stops the clock: no timers, no due.
  f.clock.Set(At("2026-01-27T02:00:00Z"));
  Do(f, "stttt.coordinator", id, Refusal());
  CHECK(f.clocks.PendingTimers(f.store.LoadTicket(id).value()).empty());
  CHECK_FALSE(f.Shown(id).sla.resolve_due);
  ExpectVerifies(f, id);
}

TEST_CASE("data_request clocks: waiting for the requester pauses the decision clock by exactly that working time") {
  ClocksFixture f;
  const std::string id = Submit(f, PersonRequest());
  Do(f, "stttt.engineer", id, ScreenCommand{});
  // Monday 10:00 local: asked; answered Tuesday 10:00 local = 8 working hours later.
  f.clock.Set(At("2026-01-05T03:00:00Z"));
  Do(f, "stttt.engineer", id, RequestInfoCommand{"Xin bổ sung mục đích sử dụng."});
  CHECK(f.clocks.PendingTimers(f.store.LoadTicket(id).value()).empty());  // paused: nothing armed
  f.clock.Set(At("2026-01-06T03:00:00Z"));
  auto answered = f.service.Apply(Actor::Requester(id), id, ProvideInfoCommand{"Phục vụ lập dự án đầu tư."});
  REQUIRE(answered.ok());
  // The due moves by one working day: Tuesday 2026-01-27 08:00 local.
  CHECK(f.Shown(id).sla.resolve_due == std::optional<Timestamp>(At("2026-01-27T01:00:00Z")));
  CHECK(f.Due(id, TimerKind::kDecisionLevel1) == std::optional<Timestamp>(At("2026-01-27T01:00:00Z")));
  ExpectVerifies(f, id);
}

TEST_CASE("data_request clocks: opinions are late at the end of their due date, moved past days off, once") {
  ClocksFixture f;
  const std::string id = Submit(f, AgencyRequest({"stnmt"}));
  Do(f, "stttt.engineer", id, ScreenCommand{});
  ConsultCommand ask = AskUnits({"stnmt", "skhdt"});
  ask.due = CivilDate{2026, 1, 10};  // a Saturday: due at the end of Monday the 12th
  Do(f, "stttt.engineer", id, ask);
  CHECK(f.clocks.EndOfDueDate(CivilDate{2026, 1, 7}) == At("2026-01-07T17:00:00Z"));  // 24:00 local
  CHECK(f.Due(id, TimerKind::kConsultation) == std::optional<Timestamp>(At("2026-01-12T17:00:00Z")));

  Do(f, "stnmt.focal", id, GiveOpinionCommand{"Đồng ý.", true});
  CHECK(f.Due(id, TimerKind::kConsultation));  // skhdt has not answered
  f.clock.Set(At("2026-01-12T16:59:59Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  CHECK(f.Breaches(id).empty());
  f.clock.Set(At("2026-01-12T17:00:00Z"));
  REQUIRE(f.service.FireDueTimers(id).ok());
  REQUIRE(f.service.FireDueTimers(id).ok());
  auto breaches = f.Breaches(id);
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].payload.at("clock").as_string() == "consultation");
  CHECK(breaches[0].legal_basis == "Art. 12.1b");  // an outside agency's request
  CHECK_FALSE(f.Due(id, TimerKind::kConsultation));

  // A new consultation with a later date is due again; once every unit has answered, nothing is.
  ConsultCommand again = AskUnits({"skhdt"});
  again.due = CivilDate{2026, 1, 15};
  Do(f, "stttt.engineer", id, again);
  CHECK(f.Due(id, TimerKind::kConsultation) == std::optional<Timestamp>(At("2026-01-15T17:00:00Z")));
  Do(f, "skhdt.focal", id, GiveOpinionCommand{"Đồng ý có điều kiện.", true});
  CHECK_FALSE(f.Due(id, TimerKind::kConsultation));
  ExpectVerifies(f, id);
}

TEST_CASE("data_request clocks: an incident's SLA is unchanged by the request clocks beside it") {
  ClocksFixture f;
  BusinessCalendar calendar;
  SlaPolicy policy(calendar, DefaultSlaTargets());
  f.service.SetSlaPolicy(&policy, nullptr);
  const std::string incident = f.File(Priority::kNormal);
  const Ticket t = f.service.Get(DemoActor("stp.reporter"), incident).value();
  CHECK(t.sla.ack_due == std::optional<Timestamp>(At("2026-01-05T07:00:00Z")));  // as sla_test has it
  const std::string request = Submit(f, PersonRequest());
  // Each ticket gets its own workflow's clocks: the request has no ack timer.
  const auto timers = f.clocks.PendingTimers(f.store.LoadTicket(request).value());
  REQUIRE(timers.size() == 2);
  for (const DueTimer& timer : timers)
    CHECK((timer.kind == TimerKind::kDecisionLevel1 || timer.kind == TimerKind::kDecisionLevel2));
  CHECK_FALSE(f.Shown(request).sla.ack_due);
}

TEST_CASE("data_request clocks: a withdrawal while paused, and the last owner's agreement, stop the decision clock") {
  ClocksFixture f;
  const std::string waiting = Submit(f, PersonRequest());
  Do(f, "stttt.engineer", waiting, ScreenCommand{});
  Do(f, "stttt.engineer", waiting, RequestInfoCommand{"Xin bổ sung."});
  f.clock.Advance(hours(2));
  auto withdrawn = f.service.Apply(Actor::Requester(waiting), waiting, WithdrawCommand{});
  REQUIRE(withdrawn.ok());
  const Ticket w = f.store.LoadTicket(waiting).value();
  CHECK(w.sla.resolve_stopped_at == std::optional<Timestamp>(f.clock.Now()));
  CHECK_FALSE(w.sla.paused);
  CHECK(w.sla.pauses.size() == 1);  // the pause was closed, then the clock stopped
  CHECK(f.clocks.PendingTimers(w).empty());

  const std::string agreed = Submit(f, AgencyRequest({"stnmt"}));
  Do(f, "stttt.engineer", agreed, ScreenCommand{});
  Do(f, "stttt.coordinator", agreed, Grant());
  CHECK(f.store.LoadTicket(agreed)->sla.paused);  // the owners have it
  CHECK(f.clocks.PendingTimers(f.store.LoadTicket(agreed).value()).empty());
  f.clock.Advance(hours(1));
  Do(f, "stnmt.focal", agreed, AgreeCommand{});
  const Ticket a = f.store.LoadTicket(agreed).value();
  CHECK(a.state == State::kGranted);
  CHECK(a.sla.resolve_stopped_at == std::optional<Timestamp>(f.clock.Now()));
  CHECK(f.clocks.PendingTimers(a).empty());
  ExpectVerifies(f, waiting);
  ExpectVerifies(f, agreed);
}
