#pragma once
// BusinessCalendar: working time in Vietnam (Asia/Ho_Chi_Minh, a fixed UTC+07:00 with no
// DST) for the SLA clocks: working periods per weekday, public holidays from rules (solar
// dates, lunar dates computed by lunar_calendar.h, the compensatory day of Labour Code 2019
// Art. 111.3 = khoản 3 Điều 111 BLLĐ 2019) and dated overrides from the government's yearly
// announcements.
//
// Thread safety: a BusinessCalendar is immutable after Create(); every method is const and
// may be called from any number of threads. Copies are cheap and share one internal cache.
//
// Cache: the days of a year (holidays, compensatory days, overrides) are worked out the first
// time any method touches that year and kept, behind a mutex, for the calendar's lifetime.
// Lazily rather than at construction because a calendar is built often (tests, config
// reloads) but only ever asked about a few years; each year costs one lunar-year computation.

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

// Vietnam's offset from UTC; the calendar's days are local days at this offset.
inline constexpr std::chrono::seconds kVietnamUtcOffset = std::chrono::hours(7);

// The local (UTC+07:00) date of an instant, and the instant of a local date's midnight.
CivilDate LocalDateOf(Timestamp t);
Timestamp LocalMidnightOf(CivilDate date);

// Working time [start_minute, end_minute) in minutes after local midnight, 0..1440.
struct WorkingPeriod {
  int start_minute = 0;
  int end_minute = 0;
};

// A holiday on a fixed Gregorian day each year (e.g. 30/4), plus `days_before` days before
// and `days_after` days after it (Quốc khánh: 2/9 and one adjacent day).
struct SolarHoliday {
  unsigned month = 1;
  unsigned day = 1;
  std::string name;
  int days_before = 0;  // 0..31
  int days_after = 0;   // 0..31
};

// A holiday on a lunar day (Vietnamese calendar at UTC+7; never a leap month) of each lunar
// year, with a span like SolarHoliday's. Tết: lunar 1/1 with days_before = 1 (the last day of
// the lunar year, 29 or 30 of month 12) and days_after = 3. A lunar year whose month lacks the
// day (day 30 of a 29-day month) has no such holiday.
struct LunarHoliday {
  int month = 1;  // 1..12
  int day = 1;    // 1..30
  std::string name;
  int days_before = 0;  // 0..31
  int days_after = 0;   // 0..31
};

// One announced day: an extra day off or a make-up working day (nghỉ bù / làm bù), with the
// number of the document that announced it, e.g. "Thông báo 6150/TB-LĐTBXH".
struct DatedOverride {
  CivilDate date;
  std::string name;
  std::string document;
};

// Which day joins 2/9 for Quốc khánh (Labour Code 2019 Art. 112.1đ, điểm đ khoản 1 Điều 112
// BLLĐ 2019: "02/9 and one day immediately before or after"); the government picks each
// year, config sets the default.
enum class AdjacentDay { kDayBefore, kDayAfter };

// The defaults of CalendarRules, exposed so that config can start from them.
// Monday-Friday 07:00-11:30 and 13:30-17:00; Saturday and Sunday are rest days.
std::array<std::vector<WorkingPeriod>, 7> DefaultWeeklyPeriods();
// 07:00-11:30 and 13:30-17:00.
std::vector<WorkingPeriod> DefaultWorkdayPeriods();
// Labour Code 2019 Art. 112.1 (khoản 1 Điều 112 BLLĐ 2019): Tết Dương lịch 1/1, Ngày Chiến
// thắng 30/4, Ngày Quốc tế Lao động 1/5, Quốc khánh 2/9 and the adjacent day.
std::vector<SolarHoliday> DefaultSolarHolidays(AdjacentDay national_day_extra = AdjacentDay::kDayAfter);
// Art. 112.1 too: Tết Nguyên Đán, the last day of the lunar year through lunar 4/1 (5 days);
// Giỗ Tổ Hùng Vương on lunar 10/3 (1 day).
std::vector<LunarHoliday> DefaultLunarHolidays();

struct CalendarRules {
  // Working periods of each weekday, [0] = Monday ... [6] = Sunday; each list sorted and
  // non-overlapping. A weekday with no periods is a weekly rest day.
  std::array<std::vector<WorkingPeriod>, 7> weekly_periods = DefaultWeeklyPeriods();
  // The periods of a make-up working day (làm bù), whatever its weekday: a make-up Saturday
  // is worked like a normal Monday-Friday day.
  std::vector<WorkingPeriod> make_up_day_periods = DefaultWorkdayPeriods();
  std::vector<SolarHoliday> solar_holidays = DefaultSolarHolidays();
  std::vector<LunarHoliday> lunar_holidays = DefaultLunarHolidays();
  // Labour Code 2019 Art. 111.3 (khoản 3 Điều 111 BLLĐ 2019): a weekly rest day that falls
  // on a holiday gives a day off on the next working day. Computed from the rules alone (not from the overrides), so an
  // announcement that restates the compensatory day as an extra day off does not double it.
  bool compensate_weekend_holidays = true;
  // Announced extra days off and make-up working days. Overrides win over the rules: an extra
  // working day may cancel a span day, an adjacent day or a compensatory day (not the named
  // day of a holiday itself, e.g. lunar 1/1 or 2/9: Create() rejects that).
  std::vector<DatedOverride> extra_days_off;
  std::vector<DatedOverride> extra_working_days;
};

// A listed day and why it is listed. `source` is the rule or the document, in Vietnamese (it
// is shown as it is, e.g. by GET /api/v1/calendar): "dương lịch 30/4", "dương lịch 3/9",
// "âm lịch 1/1", "âm lịch 30/12", "âm lịch 10/3" (day/month, the day's own solar or lunar
// date under the rule; "âm lịch 1/4 nhuận" for a day of a leap month), "bù cho Quốc khánh
// 2029-09-02 (khoản 3 Điều 111 BLLĐ 2019)" for a compensatory day, or an override's
// document, e.g. "Thông báo 6150/TB-LĐTBXH".
struct CalendarDay {
  CivilDate date;
  std::string name;
  std::string source;

  friend bool operator==(const CalendarDay&, const CalendarDay&);  // defined in business_calendar.cpp
  friend bool operator!=(const CalendarDay&, const CalendarDay&);
};

class BusinessCalendar {
 public:
  // The default rules (no overrides).
  BusinessCalendar();

  // Checks the rules: periods within 0..1440, sorted and non-overlapping; at least one
  // weekday with working time; valid holiday days and spans; overrides on valid dates, each
  // with a name and a document, no date listed twice, no extra working day on the named day
  // of a rule holiday. InvalidValue otherwise.
  static Result<BusinessCalendar> Create(CalendarRules rules);

  const CalendarRules& rules() const;

  // A day with working time: a weekday with periods that is not a day off, or a make-up
  // working day.
  bool IsWorkingDay(CivilDate date) const;

  // The working periods of a local date (empty on a day off or a rest day).
  std::vector<WorkingPeriod> WorkingPeriodsOn(CivilDate date) const;

  // The earliest instant at which `amount` of working time has elapsed since `from`: if `from`
  // is outside working time, counting starts with the next working period, and the answer is
  // always inside or at the end of a working period (Friday 16:30 + 30 min = Friday 17:00).
  // An amount <= 0 gives `from`. O(days spanned).
  Timestamp AddWorkingTime(Timestamp from, std::chrono::seconds amount) const;
  Timestamp AddWorkingMinutes(Timestamp from, std::int64_t minutes) const;

  // The working time inside [a, b); zero if b <= a. O(days spanned).
  // WorkingTimeBetween(a, AddWorkingTime(a, x)) == x for every x >= 0.
  std::chrono::seconds WorkingTimeBetween(Timestamp a, Timestamp b) const;
  // The same in whole minutes, rounded down.
  std::int64_t WorkingMinutesBetween(Timestamp a, Timestamp b) const;

  // The days off of a Gregorian year, sorted by date, each date once: rule holidays (also
  // those on a weekend), extra days off, compensatory days; without the days that an extra
  // working day cancels. When rules and overrides give the same date, a rule holiday's named
  // day comes first, then its span days, then the override, then a compensatory day.
  std::vector<CalendarDay> DaysOff(int year) const;

  // The make-up working days of a Gregorian year, sorted by date; source = the document.
  std::vector<CalendarDay> ExtraWorkingDays(int year) const;

 private:
  struct YearTable;  // the days of one year; defined in business_calendar.cpp
  class YearCache;   // year -> YearTable, behind a mutex

  explicit BusinessCalendar(std::shared_ptr<const CalendarRules> rules);

  std::shared_ptr<const YearTable> Year(int year) const;
  const std::vector<WorkingPeriod>& PeriodsOnDay(std::int64_t day_number,
                                                 std::shared_ptr<const YearTable>& table) const;

  std::shared_ptr<const CalendarRules> rules_;
  std::shared_ptr<YearCache> cache_;  // shared by copies; internally synchronised
};

}  // namespace incidents::engine
