#include "incidents/engine/report_draft.h"

#include "incidents/engine/business_calendar.h"

namespace incidents::engine {

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysIn(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

std::string TwoDigits(unsigned n) { return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

}  // namespace

bool operator==(const ReportPeriod&, const ReportPeriod&) = default;
bool operator==(const ReportDraft&, const ReportDraft&) = default;

std::string ReportPeriod::Key() const {
  return std::to_string(year) + (kind == ReportPeriodKind::kMonth ? "-" + TwoDigits(number) : "-Q" + std::to_string(number));
}

ReportPeriod MonthPeriod(int year, unsigned month) {
  ReportPeriod p;
  p.kind = ReportPeriodKind::kMonth;
  p.year = year;
  p.number = month;
  p.from = CivilDate{year, month, 1};
  p.to = CivilDate{year, month, DaysIn(year, month)};
  return p;
}

ReportPeriod QuarterPeriod(int year, unsigned quarter) {
  ReportPeriod p;
  p.kind = ReportPeriodKind::kQuarter;
  p.year = year;
  p.number = quarter;
  const unsigned first = 3 * (quarter - 1) + 1, last = first + 2;
  p.from = CivilDate{year, first, 1};
  p.to = CivilDate{year, last, DaysIn(year, last)};
  return p;
}

std::vector<ReportPeriod> DuePeriods(Timestamp now) {
  const CivilDate today = LocalDateOf(now);
  // The month before today's: December of the year before in January.
  const int month_year = today.month == 1 ? today.year - 1 : today.year;
  const unsigned month = today.month == 1 ? 12 : today.month - 1;
  // The quarter before today's: Q4 of the year before in Q1.
  const unsigned this_quarter = (today.month - 1) / 3 + 1;
  const int quarter_year = this_quarter == 1 ? today.year - 1 : today.year;
  const unsigned quarter = this_quarter == 1 ? 4 : this_quarter - 1;
  return {MonthPeriod(month_year, month), QuarterPeriod(quarter_year, quarter)};
}

Timestamp NextPeriodStart(Timestamp now) {
  const CivilDate today = LocalDateOf(now);
  const CivilDate next = today.month == 12 ? CivilDate{today.year + 1, 1, 1} : CivilDate{today.year, today.month + 1, 1};
  return LocalMidnightOf(next);  // after `now`: today's local day ends no later than that
}

ReportDrafts::ReportDrafts(ReportDraftStore& store, const ReportDraftMailPlanner& planner, const Clock& clock)
    : store_(store), planner_(planner), clock_(clock) {}

Result<std::vector<DraftOutcome>> ReportDrafts::RecordDue() const {
  const Timestamp now = clock_.Now();
  std::vector<DraftOutcome> out;
  for (const ReportPeriod& period : DuePeriods(now)) {
    DraftOutcome outcome{period.Key(), false, 0};
    auto found = store_.FindDraft(outcome.period);
    if (!found.ok()) return found.status();
    if (!found.value()) {
      auto mails = planner_.PlanDraftMails(period, now);
      if (!mails.ok()) return mails.status();
      const Status st = store_.RecordDraft(ReportDraft{outcome.period, period.from, period.to, now}, mails.value());
      if (st.ok()) {
        outcome.recorded = true;
        outcome.mails = static_cast<int>(mails->size());
      } else if (st.code() != ErrorCode::kConflict) {  // kConflict: another node was first
        return st;
      }
    }
    out.push_back(std::move(outcome));
  }
  return out;
}

}  // namespace incidents::engine
