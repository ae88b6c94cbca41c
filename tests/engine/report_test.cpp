// Reports (issue 16; engine/include/incidents/engine/report.h): the tally the events fold
// into, the figures row each commit writes, the report built from the rows, and who may
// see which figures.

#include <catch2/catch.hpp>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/report_service.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/ticket_codec.h"

using namespace incidents::engine;
using namespace incidents::testing;
using namespace std::chrono;

namespace {

Timestamp At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

struct ReportFixture : DemoFixture {
  ReportFixture() : policy(calendar, DefaultSlaTargets()) { service.SetSlaPolicy(&policy, nullptr); }
  BusinessCalendar calendar;
  SlaPolicy policy;

  TicketFigures Row(const std::string& id) {
    std::optional<TicketFigures> found;
    REQUIRE(store.ScanFigures({"incident", Timestamp{}, At("2100-01-01T00:00:00Z"), std::nullopt}, [&](const TicketFigures& f) {
      if (f.ticket_id == id) found = f;
    }).ok());
    REQUIRE(found.has_value());
    return *found;
  }
};

ReportQuery JanuaryOf2026() {
  ReportQuery q;
  q.from = {2026, 1, 1};
  q.to = {2026, 1, 31};
  return q;
}

TicketFigures RowAt(const std::string& id, const char* created) {
  TicketFigures f;
  f.ticket_id = id;
  f.workflow = "incident";
  f.reporter_org = "stp";
  f.parties = {"stnmt"};
  f.state = State::kTriage;
  f.created_at = At(created);
  return f;
}

}  // namespace

TEST_CASE("report: a ticket's row measures its clocks in working time and its waits in wall-clock time",
          "[engine][report]") {
  ReportFixture f;
  // Monday 2026-01-05 08:00 local; normal priority: 4 working hours to acknowledge, 40 to resolve.
  const std::string id = f.File(Priority::kNormal);
  f.clock.Advance(hours(1));
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.Do("stttt.engineer", id, AssignDoictCommand{});
  f.clock.Advance(hours(1));  // 10:00
  f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
  f.clock.Set(At("2026-01-06T03:00:00Z"));  // Tuesday 10:00: 24 h waiting for the reporter
  f.Do("stp.reporter", id, ProvideInfoCommand{"Đã gửi"});
  f.clock.Advance(hours(2));  // Tuesday 12:00 (lunch from 11:30)
  f.Do("stttt.engineer", id, ResolveCommand{"Đã sửa"});
  f.clock.Advance(hours(1));
  f.Do("stp.reporter", id, ConfirmCommand{});

  const TicketFigures row = f.Row(id);
  CHECK(row.state == State::kClosed);
  CHECK(row.acknowledged_at == At("2026-01-05T02:00:00Z"));
  CHECK(row.ack_working_s == 3600);
  CHECK(row.ack_late == false);
  CHECK(row.wait_reporter_s == 24 * 3600);
  CHECK(row.wait_ministry_s == 0);
  CHECK(row.resolved_at == At("2026-01-06T05:00:00Z"));
  CHECK(row.closed_at == At("2026-01-06T06:00:00Z"));
  // Resolve clock: Monday 08:00-10:00 (2 h) and Tuesday 10:00-11:30 (1.5 h); the wait in
  // between is paused.
  CHECK(row.resolve_working_s == 3 * 3600 + 1800);
  CHECK(row.resolve_late == false);
  CHECK(row.reopens == 0);
  CHECK(row.escalations == 0);
  // The tally is part of the fold: the stored snapshot is what the history replays to.
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("report: reopens, escalations and the Chairman's decision are counted in the row", "[engine][report]") {
  ReportFixture f;
  const std::string id = f.TicketIn(State::kAwaitingChairman);
  f.clock.Advance(hours(5));
  f.Do("chairman", id, RecordChairmanDecisionCommand{"Giao Sở Tài nguyên và Môi trường cập nhật dữ liệu", true});
  TicketFigures row = f.Row(id);
  CHECK(row.escalations == 1);
  REQUIRE(row.escalated_at.has_value());
  CHECK(row.chairman_decision == std::optional<std::string>("Giao Sở Tài nguyên và Môi trường cập nhật dữ liệu"));
  CHECK(row.chairman_requires_action == true);
  CHECK(row.chairman_decided_at == f.clock.Now());
  CHECK(row.wait_chairman_s == 5 * 3600);

  const std::string other = f.TicketIn(State::kResolved);
  f.Do("stp.reporter", other, ReopenCommand{"Vẫn còn lỗi"});
  row = f.Row(other);
  CHECK(row.reopens == 1);
  CHECK(row.resolved_at.has_value());  // the first resolution stays
  CHECK(!row.closed_at.has_value());
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
  CHECK(VerifyTicket(f.store, f.workflow, other).ok());
}

TEST_CASE("report: a snapshot stored before the tally existed still verifies and still gives a row",
          "[engine][report]") {
  ReportFixture f;
  const std::string id = f.TicketIn(State::kTriage);
  Ticket old = f.store.LoadTicket(id).value();
  old.tally.reset();
  // Its storage form has no "tally" member, and reads back without one.
  const JsonValue stored = TicketToStorageJson(old);
  CHECK(stored.Find("tally") == nullptr);
  auto back = TicketFromStorageJson(stored);
  REQUIRE(back.ok());
  CHECK(!back->tally.has_value());
  const TicketFigures row = FiguresOf(old, &f.policy);
  CHECK(row.created_at == old.created_at);
  CHECK(row.wait_reporter_s == 0);
  CHECK(row.ack_working_s.has_value());
}

TEST_CASE("report: the builder counts what happened in the period, by the definitions of docs/reports.md",
          "[engine][report]") {
  ReportBuilder b(JanuaryOf2026());
  TicketFigures opened = RowAt("A", "2026-01-10T03:00:00Z");
  opened.acknowledged_at = At("2026-01-10T04:00:00Z");
  opened.ack_working_s = 3600;
  opened.ack_late = false;
  b.Add(opened);
  TicketFigures resolved = RowAt("B", "2025-12-20T03:00:00Z");  // carried over from December
  resolved.state = State::kClosed;
  resolved.resolved_at = At("2026-01-03T03:00:00Z");
  resolved.closed_at = At("2026-01-05T03:00:00Z");
  resolved.last_resolved_at = resolved.resolved_at;
  resolved.resolve_working_s = 50 * 3600;
  resolved.resolve_late = true;
  resolved.reopens = 1;
  resolved.service = "LGSP";
  b.Add(resolved);
  TicketFigures rejected = RowAt("C", "2026-01-31T16:59:59Z");  // 23:59:59 local on the 31st
  rejected.state = State::kRejected;
  rejected.closed_at = At("2026-01-31T16:59:59Z");
  b.Add(rejected);
  b.Add(RowAt("D", "2026-01-31T17:00:00Z"));  // 1 February local: after the period
  TicketFigures gone = RowAt("E", "2025-11-01T03:00:00Z");
  gone.state = State::kClosed;
  gone.closed_at = At("2025-12-31T16:59:59Z");  // closed before the period began
  b.Add(gone);
  const Report r = std::move(b).Finish();

  CHECK(r.totals.opened == 2);    // A and C
  CHECK(r.totals.resolved == 1);  // B
  CHECK(r.totals.reopened == 1);
  CHECK(r.totals.closed == 1);    // B
  CHECK(r.totals.rejected == 1);  // C
  CHECK(r.totals.open == 1);      // A
  CHECK(r.totals.acknowledge.count == 1);
  CHECK(r.totals.acknowledge.on_time == 1);
  CHECK(r.totals.acknowledge.median_s == 3600);
  CHECK(r.totals.resolve.late == 1);
  CHECK(r.totals.resolve.p90_s == 50 * 3600);
  REQUIRE(r.months.size() == 1);
  CHECK(r.months[0].month == "2026-01");
  CHECK(r.months[0].opened == 2);
  CHECK(r.months[0].resolve_late == 1);
  REQUIRE(r.backlog.size() == 1);
  CHECK(r.backlog[0] == std::pair<State, std::int64_t>{State::kTriage, 1});
  CHECK(r.top_services.empty());  // B's service was opened in December
}

TEST_CASE("report: percentiles are nearest-rank and groups are largest first", "[engine][report]") {
  ReportQuery q = JanuaryOf2026();
  q.group_by = ReportGrouping::kParty;
  ReportBuilder b(q);
  for (int i = 1; i <= 10; ++i) {
    TicketFigures f = RowAt("T" + std::to_string(i), "2026-01-05T03:00:00Z");
    f.acknowledged_at = At("2026-01-05T04:00:00Z");
    f.ack_working_s = i * 600;
    f.ack_late = i > 8;
    if (i > 7) f.parties = {"stnmt", "syt"};
    b.Add(f);
  }
  const Report r = std::move(b).Finish();
  CHECK(r.totals.acknowledge.median_s == 5 * 600);
  CHECK(r.totals.acknowledge.p90_s == 9 * 600);
  CHECK(r.totals.acknowledge.late == 2);
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].key == "stnmt");
  CHECK(r.groups[0].figures.opened == 10);
  CHECK(r.groups[1].key == "syt");
  CHECK(r.groups[1].figures.opened == 3);
}

TEST_CASE("report: escalations list the Chairman's decision on that escalation only", "[engine][report]") {
  ReportBuilder b(JanuaryOf2026());
  TicketFigures decided = RowAt("A", "2026-01-05T03:00:00Z");
  decided.escalations = 1;
  decided.escalated_at = At("2026-01-06T03:00:00Z");
  decided.chairman_decision = "Đồng ý";
  decided.chairman_decided_at = At("2026-01-08T03:00:00Z");
  decided.chairman_requires_action = false;
  b.Add(decided);
  TicketFigures again = RowAt("B", "2026-01-05T03:00:00Z");
  again.escalations = 2;
  again.escalated_at = At("2026-01-20T03:00:00Z");
  again.chairman_decision = "Trả lại";
  again.chairman_decided_at = At("2026-01-10T03:00:00Z");  // on the first escalation
  b.Add(again);
  const Report r = std::move(b).Finish();
  CHECK(r.totals.escalated == 2);
  REQUIRE(r.escalations.size() == 2);
  CHECK(r.escalations[0].ticket_id == "B");  // the newest first
  CHECK(!r.escalations[0].decision.has_value());
  CHECK(r.escalations[1].ticket_id == "A");
  CHECK(r.escalations[1].decision == std::optional<std::string>("Đồng ý"));
}

TEST_CASE("report: an agency sees only its tickets' figures, and a period is checked", "[engine][report]") {
  ReportFixture f;
  f.File();  // stp reports, stnmt is a party
  ReportCommand other;
  other.category = Category::kOther;
  other.title = "Sự cố khác";
  other.description = "Mô tả";
  REQUIRE(f.service.Report(DemoActor("syt.reporter"), other).ok());
  ReportService reports(f.store, f.workflow.settings());
  ReportQuery q = JanuaryOf2026();

  auto all = reports.Run(DemoActor("stttt.coordinator"), q);
  REQUIRE(all.ok());
  CHECK(all->totals.opened == 2);
  CHECK(!all->query.visible_to.has_value());
  auto party = reports.Run(DemoActor("stnmt.focal"), q);
  REQUIRE(party.ok());
  CHECK(party->totals.opened == 1);
  CHECK(party->query.visible_to == std::optional<std::string>("stnmt"));
  q.visible_to = "syt";  // never taken from the caller
  auto forged = reports.Run(DemoActor("stp.reporter"), q);
  REQUIRE(forged.ok());
  CHECK(forged->totals.opened == 1);
  CHECK(forged->query.visible_to == std::optional<std::string>("stp"));

  ReportQuery backwards = JanuaryOf2026();
  backwards.to = {2025, 12, 31};
  CHECK(reports.Run(DemoActor("stttt.coordinator"), backwards).status().code() == ErrorCode::kInvalidValue);
  ReportQuery too_long = JanuaryOf2026();
  too_long.from = {2020, 1, 1};
  CHECK(reports.Run(DemoActor("stttt.coordinator"), too_long).status().code() == ErrorCode::kInvalidValue);
}

TEST_CASE("report: data requests grouped by scope give the yearly summary of the sharing with people and businesses",
          "[engine][report]") {
  ReportQuery q = JanuaryOf2026();
  q.workflow = "data_request";
  q.group_by = ReportGrouping::kScope;
  ReportBuilder b(q);
  for (int i = 0; i < 3; ++i) {
    TicketFigures f = RowAt("YC" + std::to_string(i), "2026-01-05T03:00:00Z");
    f.workflow = "data_request";
    f.scope = i == 0 ? Scope::kOutsideAgency : Scope::kPersonOrBusiness;
    f.state = i == 2 ? State::kRefused : State::kGranted;
    f.decision = i == 2 ? DecisionOutcome::kRefuse : DecisionOutcome::kGrant;
    f.closed_at = At("2026-01-20T03:00:00Z");
    f.decision_working_s = 3600 * (10 + i);
    f.decision_late = false;
    b.Add(f);
  }
  b.Add(RowAt("INC", "2026-01-05T03:00:00Z"));  // an incident: not in a data-request report
  const Report r = std::move(b).Finish();
  CHECK(r.totals.opened == 3);
  CHECK(r.totals.decisions.at(DecisionOutcome::kGrant) == 2);
  CHECK(r.totals.decision.count == 3);
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].key == "person_or_business");
  CHECK(r.groups[0].figures.opened == 2);
  CHECK(r.groups[0].figures.decisions.at(DecisionOutcome::kRefuse) == 1);
  CHECK(r.groups[1].key == "outside_agency");
}

TEST_CASE("report: a ticket reopened and resolved again is resolved in the first period and measured in the last",
          "[engine][report]") {
  TicketFigures row = RowAt("A", "2026-01-05T03:00:00Z");
  row.state = State::kResolved;
  row.resolved_at = At("2026-01-10T03:00:00Z");
  row.last_resolved_at = At("2026-03-10T03:00:00Z");
  row.reopens = 1;
  row.resolve_working_s = 60 * 3600;
  row.resolve_late = true;
  ReportBuilder january(JanuaryOf2026());
  january.Add(row);
  const Report jan = std::move(january).Finish();
  CHECK(jan.totals.resolved == 1);
  CHECK(jan.totals.reopened == 1);
  CHECK(jan.totals.resolve.count == 0);
  CHECK(jan.months[0].resolve_late == 0);
  ReportQuery q = JanuaryOf2026();
  q.from = {2026, 3, 1};
  q.to = {2026, 3, 31};
  ReportBuilder march(q);
  march.Add(row);
  const Report mar = std::move(march).Finish();
  CHECK(mar.totals.resolved == 0);
  CHECK(mar.totals.resolve.count == 1);
  CHECK(mar.totals.resolve.late == 1);
  CHECK(mar.months[0].resolve_late == 1);
}

TEST_CASE("report: with the director's sign-off an escalation counts once it reaches the Chairman",
          "[engine][report]") {
  WorkflowSettings signoff = DemoWorkflowSettings();
  signoff.escalation_signoff = EscalationSignoff::kDirector;
  DemoFixture f(signoff);
  const std::string id = f.TicketIn(State::kAwaitingDirector);
  f.Do("stttt.director", id, ReturnEscalationCommand{"Bổ sung hồ sơ"});
  CHECK(f.store.LoadTicket(id).value().tally->escalations == 0);  // returned: never reached the Chairman
  f.Do("stttt.coordinator", id, EscalateChairmanCommand{"Vượt thẩm quyền của Sở"});
  f.clock.Advance(std::chrono::hours(2));
  f.Do("stttt.director", id, ApproveEscalationCommand{});
  const Ticket t = f.store.LoadTicket(id).value();
  CHECK(t.tally->escalations == 1);
  CHECK(t.tally->escalated_at == f.clock.Now());
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("report: a ticket stored before the tally folds on from its whole history and still verifies",
          "[engine][report]") {
  ReportFixture f;
  const std::string id = f.TicketIn(State::kDoictFixing);
  f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
  f.clock.Advance(hours(5));
  f.Do("stp.reporter", id, ProvideInfoCommand{"Đã gửi"});
  f.store.MakePreReports(id);
  // The snapshot is read as a process started after the upgrade reads it (f.service kept
  // its own last commit of the ticket, with the tally).
  TicketService restarted(f.store, f.directory, f.workflow, f.clock, f.workflow.settings());
  restarted.SetSlaPolicy(&f.policy, nullptr);
  // A comment changes no state; the tally it folds on must still be the history's.
  REQUIRE(restarted.Apply(DemoActor("stttt.engineer"), id, CommentCommand{"Đang xử lý"}).ok());
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
  CHECK(f.Row(id).wait_reporter_s == 5 * 3600);
}

TEST_CASE("report: the backfill writes the rows of tickets stored before the figures, once", "[engine][report]") {
  ReportFixture f;
  const std::string closed = f.TicketIn(State::kResolved);
  f.Do("stp.reporter", closed, ConfirmCommand{});
  const std::string open = f.TicketIn(State::kTriage);
  const TicketFigures before = f.Row(closed);
  f.store.MakePreReports(closed);
  f.store.MakePreReports(open);
  auto written = f.service.BackfillFigures(f.store, 1);
  REQUIRE(written.ok());
  CHECK(written.value() == 1);  // one a batch
  written = f.service.BackfillFigures(f.store, 10);
  REQUIRE(written.ok());
  CHECK(written.value() == 1);
  CHECK(f.service.BackfillFigures(f.store, 10).value() == 0);
  // The same row as the commits wrote: the tally replayed, the clocks measured.
  CHECK(f.Row(closed) == before);
  CHECK(f.Row(closed).closed_at.has_value());
  CHECK(f.Row(open).state == State::kTriage);
}

// The row is written when an event changes it, and left when it does not: a comment
// commits no figures (one write less per comment), a state change does; so does a comment
// in a wait, whose open spell counts up to the comment.
TEST_CASE("report: a comment leaves the ticket's row, a state change replaces it", "[engine][report]") {
  ReportFixture f;
  struct Seen : CommitListener {
    std::vector<bool> with_figures;
    void OnCommitted(const TicketCommit& commit) override { with_figures.push_back(commit.figures.has_value()); }
  } seen;
  f.service.AddCommitListener(&seen);
  const std::string id = f.File();
  seen.with_figures.clear();
  const TicketFigures before = f.Row(id);

  f.clock.Advance(minutes(10));
  f.Do("stp.reporter", id, CommentCommand{"Bổ sung nhật ký lỗi"});
  REQUIRE(seen.with_figures == std::vector<bool>{false});
  CHECK(f.Row(id) == before);

  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  REQUIRE(seen.with_figures == std::vector<bool>{false, true});
  CHECK(f.Row(id).acknowledged_at == f.clock.Now());
  CHECK(f.Row(id).state != before.state);

  f.Do("stttt.engineer", id, AssignDoictCommand{});
  f.Do("stttt.engineer", id, RequestInfoCommand{"Xin gửi thêm nhật ký"});
  REQUIRE(f.Row(id).state == State::kWaitingReporter);
  const std::int64_t waited = f.Row(id).wait_reporter_s;
  seen.with_figures.clear();
  f.clock.Advance(minutes(5));
  f.Do("stp.reporter", id, CommentCommand{"Đang tìm nhật ký"});
  REQUIRE(seen.with_figures == std::vector<bool>{true});
  CHECK(f.Row(id).wait_reporter_s == waited + 300);
}
