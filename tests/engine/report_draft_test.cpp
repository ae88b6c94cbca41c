// The scheduled report drafts (engine/report_draft.h, issue 16.4): which periods are due at
// an instant, on Vietnam's local dates, and the service that records each once.

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/report_draft.h"
#include "incidents/engine/report_draft_section.h"
#include "manual_clock.h"

namespace incidents::engine {
namespace {

using namespace std::chrono_literals;

// A local (UTC+07:00) wall-clock instant, written as Vietnam reads it.
Timestamp Local(const char* rfc3339_local) {
  auto t = ParseRfc3339(std::string(rfc3339_local) + "+07:00");
  REQUIRE(t.has_value());
  return *t;
}

std::vector<std::string> Keys(const std::vector<ReportPeriod>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(p.Key());
  return out;
}

TEST_CASE("report drafts: the periods are calendar months and quarters of local dates", "[engine][report_draft]") {
  const ReportPeriod nov = MonthPeriod(2026, 11);
  CHECK(nov.Key() == "2026-11");
  CHECK(ToIsoString(nov.from) == "2026-11-01");
  CHECK(ToIsoString(nov.to) == "2026-11-30");
  CHECK(MonthPeriod(2026, 3).Key() == "2026-03");
  CHECK(ToIsoString(MonthPeriod(2028, 2).to) == "2028-02-29");  // a leap year
  CHECK(ToIsoString(MonthPeriod(2027, 2).to) == "2027-02-28");
  CHECK(ToIsoString(MonthPeriod(2100, 2).to) == "2100-02-28");  // a century, not a leap year
  const ReportPeriod q4 = QuarterPeriod(2026, 4);
  CHECK(q4.Key() == "2026-Q4");
  CHECK(ToIsoString(q4.from) == "2026-10-01");
  CHECK(ToIsoString(q4.to) == "2026-12-31");
  CHECK(ToIsoString(QuarterPeriod(2027, 1).to) == "2027-03-31");
  CHECK(ToIsoString(QuarterPeriod(2027, 2).from) == "2027-04-01");
  CHECK(ToIsoString(QuarterPeriod(2027, 3).to) == "2027-09-30");
}

TEST_CASE("report drafts: due are the month and the quarter that ended last", "[engine][report_draft]") {
  CHECK(Keys(DuePeriods(Local("2026-12-06T12:00:00"))) == std::vector<std::string>{"2026-11", "2026-Q3"});
  CHECK(Keys(DuePeriods(Local("2026-11-15T08:00:00"))) == std::vector<std::string>{"2026-10", "2026-Q3"});
  CHECK(Keys(DuePeriods(Local("2026-10-01T00:00:00"))) == std::vector<std::string>{"2026-09", "2026-Q3"});
  CHECK(Keys(DuePeriods(Local("2026-09-30T23:59:59"))) == std::vector<std::string>{"2026-08", "2026-Q2"});
  CHECK(Keys(DuePeriods(Local("2026-04-01T00:00:00"))) == std::vector<std::string>{"2026-03", "2026-Q1"});
  CHECK(Keys(DuePeriods(Local("2026-07-01T00:00:00"))) == std::vector<std::string>{"2026-06", "2026-Q2"});
}

TEST_CASE("report drafts: in January the due ones are December and Q4 of the year before",
          "[engine][report_draft]") {
  const auto due = DuePeriods(Local("2027-01-01T00:00:00"));
  CHECK(Keys(due) == std::vector<std::string>{"2026-12", "2026-Q4"});
  CHECK(ToIsoString(due[0].from) == "2026-12-01");
  CHECK(ToIsoString(due[0].to) == "2026-12-31");
  CHECK(ToIsoString(due[1].from) == "2026-10-01");
  CHECK(ToIsoString(due[1].to) == "2026-12-31");
  CHECK(Keys(DuePeriods(Local("2027-01-31T23:59:59"))) == std::vector<std::string>{"2026-12", "2026-Q4"});
  CHECK(Keys(DuePeriods(Local("2027-02-01T00:00:00"))) == std::vector<std::string>{"2027-01", "2026-Q4"});
  CHECK(Keys(DuePeriods(Local("2027-03-31T23:59:59"))) == std::vector<std::string>{"2027-02", "2026-Q4"});
}

TEST_CASE("report drafts: a month turns at Vietnam's midnight, not UTC's", "[engine][report_draft]") {
  // 2026-12-31T17:00:00Z is midnight of 1 January 2027 in Vietnam.
  const Timestamp turn = *ParseRfc3339("2026-12-31T17:00:00Z");
  CHECK(Keys(DuePeriods(turn - 1s)) == std::vector<std::string>{"2026-11", "2026-Q3"});
  CHECK(Keys(DuePeriods(turn)) == std::vector<std::string>{"2026-12", "2026-Q4"});
  // Still 31 December in UTC, already January in Vietnam.
  CHECK(Keys(DuePeriods(*ParseRfc3339("2026-12-31T20:00:00Z"))) == std::vector<std::string>{"2026-12", "2026-Q4"});
}

TEST_CASE("report drafts: the next run is at the next local midnight of a 1st", "[engine][report_draft]") {
  CHECK(NextPeriodStart(Local("2026-12-06T12:00:00")) == Local("2027-01-01T00:00:00"));
  CHECK(NextPeriodStart(Local("2026-12-31T23:59:59")) == Local("2027-01-01T00:00:00"));
  CHECK(NextPeriodStart(Local("2027-01-01T00:00:00")) == Local("2027-02-01T00:00:00"));  // strictly after
  CHECK(NextPeriodStart(Local("2028-02-29T10:00:00")) == Local("2028-03-01T00:00:00"));
  CHECK(NextPeriodStart(Local("2027-01-01T00:00:00")) == *ParseRfc3339("2027-01-31T17:00:00Z"));
}

// ---- the service ---------------------------------------------------------------------------

class FakeStore final : public ReportDraftStore {
 public:
  Status RecordDraft(const ReportDraft& draft, const std::vector<OutboxRow>& mails) override {
    if (fail) return Status::Unavailable("the database is away");
    if (drafts.count(draft.period)) return Status::Conflict("drafted already");
    drafts[draft.period] = draft;
    outbox.insert(outbox.end(), mails.begin(), mails.end());
    return {};
  }
  Result<std::optional<ReportDraft>> FindDraft(const std::string& period) override {
    if (fail) return Status::Unavailable("the database is away");
    // Another node's draft is found only by RecordDraft's conflict when `hide` is set.
    if (hide) return std::optional<ReportDraft>();
    auto it = drafts.find(period);
    if (it == drafts.end()) return std::optional<ReportDraft>();
    return std::optional<ReportDraft>(it->second);
  }
  std::map<std::string, ReportDraft> drafts;
  std::vector<OutboxRow> outbox;
  bool fail = false;
  bool hide = false;
};

class FakePlanner final : public ReportDraftMailPlanner {
 public:
  Result<std::vector<OutboxRow>> PlanDraftMails(const ReportPeriod& period, Timestamp at) const override {
    ++calls;
    OutboxRow row;
    row.ticket_id = "report:" + period.Key();
    row.idempotency_key = row.ticket_id + ":0:email:user:director";
    row.created_at = at;
    return std::vector<OutboxRow>{row, row};
  }
  mutable int calls = 0;
};

TEST_CASE("report drafts: the service records each due period once, with its mails", "[engine][report_draft]") {
  FakeStore store;
  FakePlanner planner;
  testing::ManualClock clock(Local("2027-01-01T00:00:05"));
  ReportDrafts drafts(store, planner, clock);

  auto first = drafts.RecordDue();
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  CHECK((*first)[0].period == "2026-12");
  CHECK((*first)[0].recorded);
  CHECK((*first)[0].mails == 2);
  CHECK((*first)[1].period == "2026-Q4");
  CHECK((*first)[1].recorded);
  CHECK(store.outbox.size() == 4);
  CHECK(store.drafts.at("2026-Q4").from == CivilDate{2026, 10, 1});
  CHECK(store.drafts.at("2026-Q4").to == CivilDate{2026, 12, 31});
  CHECK(store.drafts.at("2026-12").created_at == clock.Now());

  // Later the same month: nothing more, and no mail planned.
  clock.Advance(std::chrono::hours(24 * 10));
  auto again = drafts.RecordDue();
  REQUIRE(again.ok());
  CHECK_FALSE((*again)[0].recorded);
  CHECK_FALSE((*again)[1].recorded);
  CHECK(store.outbox.size() == 4);
  CHECK(planner.calls == 2);

  // February: January is due; Q4 is drafted already.
  clock.Set(Local("2027-02-01T00:00:00"));
  auto feb = drafts.RecordDue();
  REQUIRE(feb.ok());
  CHECK((*feb)[0].period == "2027-01");
  CHECK((*feb)[0].recorded);
  CHECK_FALSE((*feb)[1].recorded);
  CHECK(store.drafts.size() == 3);
  CHECK(store.outbox.size() == 6);
}

TEST_CASE("report drafts: another node's draft of the period is no error, and no mail", "[engine][report_draft]") {
  FakeStore store;
  FakePlanner planner;
  testing::ManualClock clock(Local("2026-12-06T12:00:00"));
  store.drafts["2026-11"] = ReportDraft{"2026-11", {2026, 11, 1}, {2026, 11, 30}, clock.Now()};
  store.hide = true;  // written after this node looked
  auto out = ReportDrafts(store, planner, clock).RecordDue();
  REQUIRE(out.ok());
  CHECK_FALSE((*out)[0].recorded);
  CHECK((*out)[0].mails == 0);
  CHECK((*out)[1].recorded);
  CHECK(store.outbox.size() == 2);  // Q3's only
}

TEST_CASE("report drafts: a store error is returned, for the scheduler to try again", "[engine][report_draft]") {
  FakeStore store;
  FakePlanner planner;
  testing::ManualClock clock(Local("2026-12-06T12:00:00"));
  store.fail = true;
  auto out = ReportDrafts(store, planner, clock).RecordDue();
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == ErrorCode::kUnavailable);
  store.fail = false;
  auto retry = ReportDrafts(store, planner, clock).RecordDue();
  REQUIRE(retry.ok());
  CHECK(store.drafts.size() == 2);
}

TEST_CASE("report drafts: the reports section has defaults and refuses a bad role", "[engine][report_draft]") {
  auto defaults = ParseReportsSection(DefaultReportsSection());
  REQUIRE(defaults.ok());
  CHECK(defaults->enabled);
  CHECK(defaults->doict_roles == std::vector<Role>{Role::kDirector});
  CHECK(defaults->chairman_office_roles == std::vector<Role>{Role::kOfficeStaff});
  CHECK(defaults->retry_minutes == 60);
  auto off = ParseReportsSection(*ParseJson(R"({"drafts":{"enabled":false,"doict_roles":["director","coordinator"]}})"));
  REQUIRE(off.ok());
  CHECK_FALSE(off->enabled);
  CHECK(off->doict_roles == std::vector<Role>{Role::kDirector, Role::kCoordinator});
  auto bad = ParseReportsSection(*ParseJson(R"({"drafts":{"chairman_office_roles":["boss"]}})"));
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("reports.drafts.chairman_office_roles"));
  CHECK_FALSE(ParseReportsSection(*ParseJson(R"({"drafts":{"retry_minutes":0}})")).ok());
}

}  // namespace
}  // namespace incidents::engine
