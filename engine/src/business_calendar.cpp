#include "incidents/engine/business_calendar.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "lunar_calendar.h"

namespace incidents::engine {

using namespace std::chrono;

bool operator==(const CalendarDay&, const CalendarDay&) = default;
bool operator!=(const CalendarDay& a, const CalendarDay& b) { return !(a == b); }

namespace {

constexpr double kVietnamTz = 7.0;  // hours, for lunar_calendar.h
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr const char* kWeekdayNames[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};
// Labour Code 2019 (Bộ luật Lao động, BLLĐ) Art. 111.3: a weekly rest day that coincides with a
// holiday of Art. 112.1 is taken on the next working day.
constexpr const char* kCompensatoryBasis = "(khoản 3 Điều 111 BLLĐ 2019)";

enum class DayKind : std::uint8_t { kRegular, kDayOff, kMakeUp };

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t LocalDayNumber(Timestamp t) {
  return FloorDiv((t.time_since_epoch() + kVietnamUtcOffset).count(), kSecondsPerDay);
}

Timestamp LocalMidnight(std::int64_t day_number) {
  return Timestamp{seconds{day_number * kSecondsPerDay}} - kVietnamUtcOffset;
}

// 0 = Monday ... 6 = Sunday; day 0 (1970-01-01) was a Thursday.
int WeekdayIndex(std::int64_t day_number) { return int(((day_number + 3) % 7 + 7) % 7); }

std::string DayMonth(int day, int month) { return std::to_string(day) + "/" + std::to_string(month); }

// A day given by a holiday rule; `named` for the holiday's own day, not a day of its span.
struct RuleDay {
  CalendarDay day;
  bool named;
};

// The days of the rule holidays anchored in `anchor_year` (a span may spill into the next or
// previous year), in rule order.
void AppendRuleDays(const CalendarRules& rules, int anchor_year, std::vector<RuleDay>& out) {
  for (const SolarHoliday& h : rules.solar_holidays) {
    const CivilDate anchor{anchor_year, h.month, h.day};
    if (!IsValidDate(anchor)) continue;  // 29/2 outside leap years
    for (int offset = -h.days_before; offset <= h.days_after; ++offset) {
      const CivilDate date = AddDays(anchor, offset);
      out.push_back({{date, h.name, "dương lịch " + DayMonth(int(date.day), int(date.month))}, offset == 0});
    }
  }
  for (const LunarHoliday& h : rules.lunar_holidays) {
    const std::optional<CivilDate> anchor = LunarToSolar(anchor_year, h.month, h.day, false, kVietnamTz);
    if (!anchor) continue;  // e.g. day 30 of a 29-day month
    for (int offset = -h.days_before; offset <= h.days_after; ++offset) {
      const CivilDate date = AddDays(*anchor, offset);
      std::string source;
      if (offset == 0) {
        source = "âm lịch " + DayMonth(h.day, h.month);
      } else {
        const LunarDate lunar = SolarToLunar(date.year, int(date.month), int(date.day), kVietnamTz);
        source = "âm lịch " + DayMonth(lunar.day, lunar.month) + (lunar.leap ? " nhuận" : "");
      }
      out.push_back({{date, h.name, std::move(source)}, offset == 0});
    }
  }
}

// Rule holidays anchored in year - 1 .. year + 1, one per date: named days before span days,
// then rule order.
std::map<std::int64_t, CalendarDay> RuleDaysAround(const CalendarRules& rules, int year) {
  std::vector<RuleDay> all;
  for (int anchor = year - 1; anchor <= year + 1; ++anchor) AppendRuleDays(rules, anchor, all);
  std::map<std::int64_t, CalendarDay> by_day;
  for (bool named : {true, false}) {
    for (const RuleDay& r : all) {
      if (r.named == named) by_day.emplace(DayNumber(r.day.date), r.day);
    }
  }
  return by_day;
}

// Art. 111.3: each rule holiday on a weekly rest day moves to the next day that is a working
// weekday, not a rule holiday and not already taken by an earlier compensation.
std::map<std::int64_t, CalendarDay> CompensatoryDays(const CalendarRules& rules,
                                                     const std::map<std::int64_t, CalendarDay>& holidays) {
  std::map<std::int64_t, CalendarDay> result;
  for (const auto& [day, holiday] : holidays) {
    if (!rules.weekly_periods[std::size_t(WeekdayIndex(day))].empty()) continue;
    std::int64_t c = day + 1;
    while (rules.weekly_periods[std::size_t(WeekdayIndex(c))].empty() || holidays.count(c) != 0 ||
           result.count(c) != 0)
      ++c;
    result.emplace(c, CalendarDay{DateFromDayNumber(c), "Nghỉ bù " + holiday.name,
                                  "bù cho " + holiday.name + " " + ToIsoString(holiday.date) + " " +
                                      kCompensatoryBasis});
  }
  return result;
}

Status CheckPeriods(const std::vector<WorkingPeriod>& periods, const std::string& what) {
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const WorkingPeriod& p = periods[i];
    if (p.start_minute < 0 || p.end_minute > 24 * 60 || p.start_minute >= p.end_minute)
      return Status::InvalidValue("calendar: " + what + ": period " + std::to_string(i + 1) +
                                  " must satisfy 0 <= start < end <= 1440 minutes");
    if (i > 0 && periods[i - 1].end_minute > p.start_minute)
      return Status::InvalidValue("calendar: " + what + ": period " + std::to_string(i + 1) +
                                  " overlaps or precedes the one before it");
  }
  return Status::Ok();
}

bool ValidSpan(int before, int after) { return before >= 0 && before <= 31 && after >= 0 && after <= 31; }

Status CheckRules(const CalendarRules& rules) {
  bool any_working = false;
  for (std::size_t wd = 0; wd < 7; ++wd) {
    if (Status s = CheckPeriods(rules.weekly_periods[wd], std::string("weekly_periods ") + kWeekdayNames[wd]);
        !s.ok())
      return s;
    any_working = any_working || !rules.weekly_periods[wd].empty();
  }
  if (!any_working) return Status::InvalidValue("calendar: no weekday has working periods");
  if (Status s = CheckPeriods(rules.make_up_day_periods, "make_up_day_periods"); !s.ok()) return s;

  for (const SolarHoliday& h : rules.solar_holidays) {
    if (h.name.empty() || !IsValidDate({2000, h.month, h.day}) || !ValidSpan(h.days_before, h.days_after))
      return Status::InvalidValue("calendar: bad solar holiday '" + h.name + "' on " +
                                  DayMonth(int(h.day), int(h.month)));
  }
  for (const LunarHoliday& h : rules.lunar_holidays) {
    if (h.name.empty() || h.month < 1 || h.month > 12 || h.day < 1 || h.day > 30 ||
        !ValidSpan(h.days_before, h.days_after))
      return Status::InvalidValue("calendar: bad lunar holiday '" + h.name + "' on " + DayMonth(h.day, h.month));
  }

  std::set<std::int64_t> seen;
  for (const auto* list : {&rules.extra_days_off, &rules.extra_working_days}) {
    for (const DatedOverride& o : *list) {
      if (!IsValidDate(o.date)) return Status::InvalidValue("calendar: override '" + o.name + "': invalid date");
      if (o.name.empty() || o.document.empty())
        return Status::InvalidValue("calendar: override on " + ToIsoString(o.date) + " needs a name and a document");
      if (!seen.insert(DayNumber(o.date)).second)
        return Status::InvalidValue("calendar: " + ToIsoString(o.date) + " is overridden twice");
    }
  }
  for (const DatedOverride& o : rules.extra_working_days) {
    std::vector<RuleDay> named;
    for (int anchor = o.date.year - 1; anchor <= o.date.year + 1; ++anchor) AppendRuleDays(rules, anchor, named);
    for (const RuleDay& r : named) {
      if (r.named && r.day.date == o.date)
        return Status::InvalidValue("calendar: extra working day " + ToIsoString(o.date) + " (" + o.document +
                                    ") falls on " + r.day.name + " itself");
    }
  }
  return Status::Ok();
}

}  // namespace

struct BusinessCalendar::YearTable {
  int year = 0;
  std::int64_t first_day = 0;  // day number of 1 January
  std::vector<DayKind> kinds;  // one per day of the year
  std::vector<CalendarDay> days_off;
  std::vector<CalendarDay> extra_working_days;
};

class BusinessCalendar::YearCache {
 public:
  std::shared_ptr<const YearTable> Find(int year) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = years_.find(year);
    return it == years_.end() ? nullptr : it->second;
  }
  // Keeps the first table stored for a year (two threads may compute the same year).
  std::shared_ptr<const YearTable> Insert(int year, std::shared_ptr<const YearTable> table) {
    std::lock_guard<std::mutex> lock(mu_);
    return years_.emplace(year, std::move(table)).first->second;
  }

 private:
  std::mutex mu_;
  std::map<int, std::shared_ptr<const YearTable>> years_;  // guarded by mu_
};

CivilDate LocalDateOf(Timestamp t) { return DateFromDayNumber(LocalDayNumber(t)); }

Timestamp LocalMidnightOf(CivilDate date) { return LocalMidnight(DayNumber(date)); }

std::array<std::vector<WorkingPeriod>, 7> DefaultWeeklyPeriods() {
  std::array<std::vector<WorkingPeriod>, 7> week;
  for (std::size_t wd = 0; wd < 5; ++wd) week[wd] = DefaultWorkdayPeriods();
  return week;
}

std::vector<WorkingPeriod> DefaultWorkdayPeriods() { return {{7 * 60, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}}; }

std::vector<SolarHoliday> DefaultSolarHolidays(AdjacentDay national_day_extra) {
  const bool before = national_day_extra == AdjacentDay::kDayBefore;
  return {
      {1, 1, "Tết Dương lịch", 0, 0},
      {4, 30, "Ngày Chiến thắng", 0, 0},
      {5, 1, "Ngày Quốc tế Lao động", 0, 0},
      {9, 2, "Quốc khánh", before ? 1 : 0, before ? 0 : 1},
  };
}

std::vector<LunarHoliday> DefaultLunarHolidays() {
  return {
      {1, 1, "Tết Nguyên Đán", 1, 3},
      {3, 10, "Giỗ Tổ Hùng Vương", 0, 0},
  };
}

BusinessCalendar::BusinessCalendar() : BusinessCalendar(std::make_shared<const CalendarRules>()) {}

BusinessCalendar::BusinessCalendar(std::shared_ptr<const CalendarRules> rules)
    : rules_(std::move(rules)), cache_(std::make_shared<YearCache>()) {}

Result<BusinessCalendar> BusinessCalendar::Create(CalendarRules rules) {
  if (Status s = CheckRules(rules); !s.ok()) return s;
  return BusinessCalendar(std::make_shared<const CalendarRules>(std::move(rules)));
}

const CalendarRules& BusinessCalendar::rules() const { return *rules_; }

std::shared_ptr<const BusinessCalendar::YearTable> BusinessCalendar::Year(int year) const {
  if (auto table = cache_->Find(year)) return table;

  const CalendarRules& rules = *rules_;
  const std::map<std::int64_t, CalendarDay> holidays = RuleDaysAround(rules, year);
  std::map<std::int64_t, CalendarDay> compensatory;
  if (rules.compensate_weekend_holidays) compensatory = CompensatoryDays(rules, holidays);

  auto table = std::make_shared<YearTable>();
  table->year = year;
  table->first_day = DayNumber({year, 1, 1});
  const std::int64_t end_day = DayNumber({year + 1, 1, 1});
  const auto in_year = [&](std::int64_t day) { return day >= table->first_day && day < end_day; };

  std::map<std::int64_t, CalendarDay> working;
  for (const DatedOverride& o : rules.extra_working_days) {
    if (o.date.year == year) working.emplace(DayNumber(o.date), CalendarDay{o.date, o.name, o.document});
  }
  // Priority per date: rule holidays (already ordered), extra days off, compensatory days.
  std::map<std::int64_t, CalendarDay> off;
  for (const auto& [day, d] : holidays) {
    if (in_year(day)) off.emplace(day, d);
  }
  for (const DatedOverride& o : rules.extra_days_off) {
    if (o.date.year == year) off.emplace(DayNumber(o.date), CalendarDay{o.date, o.name, o.document});
  }
  for (const auto& [day, d] : compensatory) {
    if (in_year(day)) off.emplace(day, d);
  }
  for (const auto& [day, d] : working) off.erase(day);

  table->kinds.assign(std::size_t(end_day - table->first_day), DayKind::kRegular);
  for (const auto& [day, d] : off) {
    table->kinds[std::size_t(day - table->first_day)] = DayKind::kDayOff;
    table->days_off.push_back(d);
  }
  for (const auto& [day, d] : working) {
    table->kinds[std::size_t(day - table->first_day)] = DayKind::kMakeUp;
    table->extra_working_days.push_back(d);
  }
  return cache_->Insert(year, std::move(table));
}

const std::vector<WorkingPeriod>& BusinessCalendar::PeriodsOnDay(std::int64_t day_number,
                                                                 std::shared_ptr<const YearTable>& table) const {
  static const std::vector<WorkingPeriod> kNone;
  if (!table || day_number < table->first_day ||
      day_number >= table->first_day + std::int64_t(table->kinds.size()))
    table = Year(DateFromDayNumber(day_number).year);
  switch (table->kinds[std::size_t(day_number - table->first_day)]) {
    case DayKind::kDayOff:
      return kNone;
    case DayKind::kMakeUp:
      return rules_->make_up_day_periods;
    case DayKind::kRegular:
      break;
  }
  return rules_->weekly_periods[std::size_t(WeekdayIndex(day_number))];
}

bool BusinessCalendar::IsWorkingDay(CivilDate date) const { return !WorkingPeriodsOn(date).empty(); }

std::vector<WorkingPeriod> BusinessCalendar::WorkingPeriodsOn(CivilDate date) const {
  std::shared_ptr<const YearTable> table;
  return PeriodsOnDay(DayNumber(date), table);
}

Timestamp BusinessCalendar::AddWorkingTime(Timestamp from, seconds amount) const {
  if (amount <= seconds::zero()) return from;
  seconds remaining = amount;
  std::shared_ptr<const YearTable> table;
  for (std::int64_t day = LocalDayNumber(from);; ++day) {
    const Timestamp midnight = LocalMidnight(day);
    for (const WorkingPeriod& p : PeriodsOnDay(day, table)) {
      const Timestamp start = std::max(from, midnight + minutes{p.start_minute});
      const Timestamp end = midnight + minutes{p.end_minute};
      if (start >= end) continue;
      if (end - start >= remaining) return start + remaining;
      remaining -= end - start;
    }
  }
}

Timestamp BusinessCalendar::AddWorkingMinutes(Timestamp from, std::int64_t minutes) const {
  return AddWorkingTime(from, std::chrono::minutes{minutes});
}

seconds BusinessCalendar::WorkingTimeBetween(Timestamp a, Timestamp b) const {
  seconds total{0};
  if (b <= a) return total;
  std::shared_ptr<const YearTable> table;
  const std::int64_t last_day = LocalDayNumber(b);
  for (std::int64_t day = LocalDayNumber(a); day <= last_day; ++day) {
    const Timestamp midnight = LocalMidnight(day);
    for (const WorkingPeriod& p : PeriodsOnDay(day, table)) {
      const Timestamp start = std::max(a, midnight + minutes{p.start_minute});
      const Timestamp end = std::min(b, midnight + minutes{p.end_minute});
      if (start < end) total += end - start;
    }
  }
  return total;
}

std::int64_t BusinessCalendar::WorkingMinutesBetween(Timestamp a, Timestamp b) const {
  return duration_cast<minutes>(WorkingTimeBetween(a, b)).count();
}

std::vector<CalendarDay> BusinessCalendar::DaysOff(int year) const { return Year(year)->days_off; }

std::vector<CalendarDay> BusinessCalendar::ExtraWorkingDays(int year) const { return Year(year)->extra_working_days; }

}  // namespace incidents::engine
