// BusinessCalendar (engine/include/incidents/engine/business_calendar.h): working time in
// Vietnam, holidays from rules and from announced overrides.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {
namespace {

using namespace std::chrono;

// An instant given in Vietnam's local time (UTC+07:00).
Timestamp Local(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return LocalMidnightOf({y, mo, d}) + hours{h} + minutes{mi} + seconds{s};
}

std::string LocalText(Timestamp t) {  // "2026-03-09 10:30:00" local
  const CivilDate date = LocalDateOf(t);
  const seconds in_day = t - LocalMidnightOf(date);
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", int(in_day.count() / 3600), int(in_day.count() / 60 % 60),
                int(in_day.count() % 60));
  return ToIsoString(date) + buf;
}

CivilDate Date(const char* iso) { return *ParseIsoDate(iso); }

std::string Render(const std::vector<CalendarDay>& days) {
  std::string out;
  for (const CalendarDay& d : days) out += ToIsoString(d.date) + " | " + d.name + " | " + d.source + "\n";
  return out;
}

bool Contains(const std::vector<CalendarDay>& days, const CalendarDay& wanted) {
  return std::find(days.begin(), days.end(), wanted) != days.end();
}

bool SortedAndUnique(const std::vector<CalendarDay>& days) {
  for (std::size_t i = 1; i < days.size(); ++i)
    if (!(days[i - 1].date < days[i].date)) return false;
  return true;
}

BusinessCalendar Make(CalendarRules rules) {
  Result<BusinessCalendar> calendar = BusinessCalendar::Create(std::move(rules));
  REQUIRE(calendar.ok());
  return std::move(calendar).value();
}

TEST_CASE("Local time is UTC+07:00", "[engine][calendar]") {
  CHECK(FormatRfc3339(Local(2026, 3, 6, 16, 30)) == "2026-03-06T09:30:00Z");
  CHECK(ToIsoString(LocalDateOf(*ParseRfc3339("2027-02-05T17:00:00Z"))) == "2027-02-06");
  CHECK(ToIsoString(LocalDateOf(*ParseRfc3339("2027-02-05T16:59:59Z"))) == "2027-02-05");
  CHECK(ToIsoString(LocalDateOf(*ParseRfc3339("1969-12-31T17:00:00Z"))) == "1970-01-01");
}

TEST_CASE("Friday 16:30 plus 4 working hours is Monday 10:30", "[engine][calendar]") {
  const BusinessCalendar calendar;
  // 2026-03-06 is an ordinary Friday: 30 minutes on Friday, then 07:00-10:30 on Monday.
  const Timestamp from = Local(2026, 3, 6, 16, 30);
  const Timestamp due = calendar.AddWorkingMinutes(from, 4 * 60);
  CHECK(LocalText(due) == "2026-03-09 10:30:00");
  CHECK(FormatRfc3339(due) == "2026-03-09T03:30:00Z");
  CHECK(calendar.WorkingMinutesBetween(from, due) == 240);
}

TEST_CASE("The lunch break is not working time", "[engine][calendar]") {
  const BusinessCalendar calendar;
  CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 9, 11, 0), 60)) == "2026-03-09 14:00:00");
  CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 9, 11, 0), 30)) == "2026-03-09 11:30:00");
  CHECK(calendar.WorkingMinutesBetween(Local(2026, 3, 9, 11, 0), Local(2026, 3, 9, 14, 0)) == 60);
  CHECK(calendar.WorkingMinutesBetween(Local(2026, 3, 9, 11, 30), Local(2026, 3, 9, 13, 30)) == 0);
  CHECK(calendar.WorkingMinutesBetween(Local(2026, 3, 9, 0, 0), Local(2026, 3, 10, 0, 0)) == 480);
}

TEST_CASE("Counting starts at the next working period", "[engine][calendar]") {
  const BusinessCalendar calendar;
  SECTION("before 07:00") {
    CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 9, 5, 0), 30)) == "2026-03-09 07:30:00");
  }
  SECTION("during lunch") {
    CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 9, 12, 0), 30)) == "2026-03-09 14:00:00");
  }
  SECTION("after 17:00") {
    CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 9, 18, 0), 30)) == "2026-03-10 07:30:00");
    CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 6, 17, 0), 30)) == "2026-03-09 07:30:00");
  }
  SECTION("on a Sunday") {
    CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 8, 10, 0), 1)) == "2026-03-09 07:01:00");
  }
  SECTION("the answer is the earliest instant, so it may be the end of a period") {
    CHECK(LocalText(calendar.AddWorkingMinutes(Local(2026, 3, 6, 16, 30), 30)) == "2026-03-06 17:00:00");
  }
  SECTION("nothing to add") {
    CHECK(calendar.AddWorkingMinutes(Local(2026, 3, 8, 10, 0), 0) == Local(2026, 3, 8, 10, 0));
    CHECK(calendar.AddWorkingMinutes(Local(2026, 3, 8, 10, 0), -5) == Local(2026, 3, 8, 10, 0));
  }
}

TEST_CASE("WorkingMinutesBetween rounds down and is zero for an empty interval", "[engine][calendar]") {
  const BusinessCalendar calendar;
  CHECK(calendar.WorkingTimeBetween(Local(2026, 3, 9, 7, 0), Local(2026, 3, 9, 7, 0, 59)) == seconds{59});
  CHECK(calendar.WorkingMinutesBetween(Local(2026, 3, 9, 7, 0), Local(2026, 3, 9, 7, 0, 59)) == 0);
  CHECK(calendar.WorkingMinutesBetween(Local(2026, 3, 9, 10, 0), Local(2026, 3, 9, 9, 0)) == 0);
  CHECK(calendar.WorkingMinutesBetween(Local(2026, 3, 6, 16, 0), Local(2026, 3, 9, 8, 0)) == 120);
}

TEST_CASE("A span across Tết 2027", "[engine][calendar]") {
  const BusinessCalendar calendar;
  // Tết Đinh Mùi: lunar 1/1 is Saturday 2027-02-06. Off: Friday 5 (29/12, the last day of
  // the lunar year) through Tuesday 9 (4/1), and Wednesday 10 and Thursday 11 for Saturday 6
  // and Sunday 7 (Art. 111.3). Back to work on Friday 12.
  for (const char* off : {"2027-02-05", "2027-02-06", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"})
    CHECK_FALSE(calendar.IsWorkingDay(Date(off)));
  CHECK(calendar.IsWorkingDay(Date("2027-02-04")));
  CHECK(calendar.IsWorkingDay(Date("2027-02-12")));

  const Timestamp from = Local(2027, 2, 4, 16, 0);
  CHECK(LocalText(calendar.AddWorkingMinutes(from, 120)) == "2027-02-12 08:00:00");
  CHECK(calendar.WorkingMinutesBetween(Local(2027, 2, 4, 0, 0), Local(2027, 2, 15, 0, 0)) == 2 * 480);

  SECTION("without the compensatory rule the Wednesday is worked") {
    CalendarRules rules;
    rules.compensate_weekend_holidays = false;
    const BusinessCalendar plain = Make(rules);
    CHECK(LocalText(plain.AddWorkingMinutes(from, 120)) == "2027-02-10 08:00:00");
  }
  SECTION("the span is configurable: through lunar 5/1") {
    CalendarRules rules;
    rules.lunar_holidays = {{1, 1, "Tết Nguyên Đán", 1, 4}, {3, 10, "Giỗ Tổ Hùng Vương", 0, 0}};
    const BusinessCalendar longer = Make(rules);
    CHECK(Contains(longer.DaysOff(2027), {Date("2027-02-10"), "Tết Nguyên Đán", "âm lịch 5/1"}));
    CHECK(LocalText(longer.AddWorkingMinutes(from, 120)) == "2027-02-15 08:00:00");
  }
}

TEST_CASE("DaysOff(2027) lists every holiday with its source, sorted", "[engine][calendar]") {
  const BusinessCalendar calendar;
  const std::vector<CalendarDay> days = calendar.DaysOff(2027);
  CHECK(Contains(days, {Date("2027-02-06"), "Tết Nguyên Đán", "âm lịch 1/1"}));
  CHECK(SortedAndUnique(days));
  CHECK(Render(days) ==
        "2027-01-01 | Tết Dương lịch | dương lịch 1/1\n"
        "2027-02-05 | Tết Nguyên Đán | âm lịch 29/12\n"
        "2027-02-06 | Tết Nguyên Đán | âm lịch 1/1\n"
        "2027-02-07 | Tết Nguyên Đán | âm lịch 2/1\n"
        "2027-02-08 | Tết Nguyên Đán | âm lịch 3/1\n"
        "2027-02-09 | Tết Nguyên Đán | âm lịch 4/1\n"
        "2027-02-10 | Nghỉ bù Tết Nguyên Đán | bù cho Tết Nguyên Đán 2027-02-06 (khoản 3 Điều 111 BLLĐ 2019)\n"
        "2027-02-11 | Nghỉ bù Tết Nguyên Đán | bù cho Tết Nguyên Đán 2027-02-07 (khoản 3 Điều 111 BLLĐ 2019)\n"
        "2027-04-16 | Giỗ Tổ Hùng Vương | âm lịch 10/3\n"
        "2027-04-30 | Ngày Chiến thắng | dương lịch 30/4\n"
        "2027-05-01 | Ngày Quốc tế Lao động | dương lịch 1/5\n"
        "2027-05-03 | Nghỉ bù Ngày Quốc tế Lao động | bù cho Ngày Quốc tế Lao động 2027-05-01 (khoản 3 Điều 111 BLLĐ 2019)\n"
        "2027-09-02 | Quốc khánh | dương lịch 2/9\n"
        "2027-09-03 | Quốc khánh | dương lịch 3/9\n");
  CHECK(calendar.ExtraWorkingDays(2027).empty());
}

// Issue 13: the sources are shown as they are (GET /api/v1/calendar, incidentctl calendar),
// so they are Vietnamese, and a compensatory day cites the clause that grants it: Labour
// Code 2019 Art. 111.3 (khoản 3 Điều 111), not Art. 112.3.
TEST_CASE("Every source of a day off is Vietnamese and cites khoản 3 Điều 111 BLLĐ 2019", "[engine][calendar]") {
  const BusinessCalendar calendar;
  const std::string compensatory_basis = " (khoản 3 Điều 111 BLLĐ 2019)";
  int compensatory = 0;
  for (int year = 2020; year <= 2040; ++year) {
    for (const CalendarDay& d : calendar.DaysOff(year)) {
      INFO(ToIsoString(d.date) << " | " << d.name << " | " << d.source);
      const bool solar = d.source.rfind("dương lịch ", 0) == 0;
      const bool lunar = d.source.rfind("âm lịch ", 0) == 0;
      const bool moved = d.source.rfind("bù cho ", 0) == 0;
      CHECK((solar || lunar || moved));
      if (moved) {
        ++compensatory;
        CHECK(d.name.rfind("Nghỉ bù ", 0) == 0);
        REQUIRE(d.source.size() > compensatory_basis.size());
        CHECK(d.source.compare(d.source.size() - compensatory_basis.size(), std::string::npos, compensatory_basis) ==
              0);
      }
      for (const char* english : {"solar", "lunar", "Art.", "112"}) CHECK(d.source.find(english) == std::string::npos);
    }
  }
  CHECK(compensatory > 10);  // 21 years give many weekend holidays

  SECTION("a day of a leap lunar month says so") {
    // 2023 (Quý Mão) has a leap second month from 2023-03-22; lunar 30/2 is 2023-03-21.
    CalendarRules rules;
    rules.lunar_holidays = {{2, 30, "Ngày thử", 0, 1}};
    const BusinessCalendar leap = Make(rules);
    CHECK(Contains(leap.DaysOff(2023), {Date("2023-03-21"), "Ngày thử", "âm lịch 30/2"}));
    CHECK(Contains(leap.DaysOff(2023), {Date("2023-03-22"), "Ngày thử", "âm lịch 1/2 nhuận"}));
  }
}

TEST_CASE("A holiday on a weekend is listed and gives the next working day off", "[engine][calendar]") {
  const BusinessCalendar calendar;
  // 2028: 30/4 is a Sunday; Monday 1/5 is itself a holiday, so the day off moves to Tuesday.
  const std::vector<CalendarDay> days = calendar.DaysOff(2028);
  CHECK(Contains(days, {Date("2028-04-30"), "Ngày Chiến thắng", "dương lịch 30/4"}));
  CHECK(Contains(days, {Date("2028-05-01"), "Ngày Quốc tế Lao động", "dương lịch 1/5"}));
  CHECK(Contains(days, {Date("2028-05-02"), "Nghỉ bù Ngày Chiến thắng",
                        "bù cho Ngày Chiến thắng 2028-04-30 (khoản 3 Điều 111 BLLĐ 2019)"}));
  CHECK_FALSE(calendar.IsWorkingDay(Date("2028-04-30")));
  CHECK_FALSE(calendar.IsWorkingDay(Date("2028-05-02")));
  CHECK(calendar.IsWorkingDay(Date("2028-05-03")));
  CHECK(LocalText(calendar.AddWorkingMinutes(Local(2028, 4, 28, 17, 0), 1)) == "2028-05-03 07:01:00");

  // 2022 as announced: Giỗ Tổ on Sunday 10/4 (off Monday 11/4); 30/4 and 1/5 on the weekend
  // (off Monday 2/5 and Tuesday 3/5).
  const std::vector<CalendarDay> days_2022 = calendar.DaysOff(2022);
  for (const char* off : {"2022-04-11", "2022-05-02", "2022-05-03"}) {
    INFO(off);
    CHECK_FALSE(calendar.IsWorkingDay(Date(off)));
  }
  CHECK(calendar.IsWorkingDay(Date("2022-05-04")));

  SECTION("switched off, the holiday is still listed but nothing moves") {
    CalendarRules rules;
    rules.compensate_weekend_holidays = false;
    const BusinessCalendar plain = Make(rules);
    CHECK(Contains(plain.DaysOff(2028), {Date("2028-04-30"), "Ngày Chiến thắng", "dương lịch 30/4"}));
    CHECK(plain.IsWorkingDay(Date("2028-05-02")));
  }
  SECTION("an announcement that restates the compensatory day does not double it") {
    CalendarRules rules;
    rules.extra_days_off = {{Date("2028-05-02"), "Nghỉ bù 30/4", "Thông báo 1/TB-TEST"}};
    const BusinessCalendar announced = Make(rules);
    CHECK(Contains(announced.DaysOff(2028), {Date("2028-05-02"), "Nghỉ bù 30/4", "Thông báo 1/TB-TEST"}));
    CHECK(announced.IsWorkingDay(Date("2028-05-03")));
    CHECK(SortedAndUnique(announced.DaysOff(2028)));
  }
}

TEST_CASE("A make-up Saturday counts as working", "[engine][calendar]") {
  CalendarRules rules;
  rules.extra_days_off = {{Date("2027-02-15"), "Nghỉ Tết (hoán đổi)", "Thông báo 2/TB-TEST"}};
  rules.extra_working_days = {{Date("2027-02-20"), "Làm bù cho 15/2", "Thông báo 2/TB-TEST"}};
  const BusinessCalendar calendar = Make(rules);

  CHECK(calendar.IsWorkingDay(Date("2027-02-20")));  // a Saturday
  CHECK_FALSE(calendar.IsWorkingDay(Date("2027-02-21")));
  CHECK_FALSE(calendar.IsWorkingDay(Date("2027-02-15")));  // a Monday
  CHECK(calendar.WorkingPeriodsOn(Date("2027-02-20")).size() == 2);  // worked like a weekday

  // Friday 16:00 + 2 h: one hour on Friday, one on the make-up Saturday.
  CHECK(LocalText(calendar.AddWorkingMinutes(Local(2027, 2, 19, 16, 0), 120)) == "2027-02-20 08:00:00");
  CHECK(calendar.WorkingMinutesBetween(Local(2027, 2, 19, 0, 0), Local(2027, 2, 22, 0, 0)) == 2 * 480);

  CHECK(Render(calendar.ExtraWorkingDays(2027)) == "2027-02-20 | Làm bù cho 15/2 | Thông báo 2/TB-TEST\n");
  CHECK(Contains(calendar.DaysOff(2027), {Date("2027-02-15"), "Nghỉ Tết (hoán đổi)", "Thông báo 2/TB-TEST"}));
  CHECK(calendar.ExtraWorkingDays(2026).empty());
}

TEST_CASE("Quốc khánh's adjacent day: a default, and overridden by an announcement", "[engine][calendar]") {
  SECTION("day before") {
    CalendarRules rules;
    rules.solar_holidays = DefaultSolarHolidays(AdjacentDay::kDayBefore);
    const BusinessCalendar calendar = Make(rules);
    CHECK(Contains(calendar.DaysOff(2027), {Date("2027-09-01"), "Quốc khánh", "dương lịch 1/9"}));
    CHECK(calendar.IsWorkingDay(Date("2027-09-03")));
  }
  SECTION("an extra working day cancels the rule's adjacent day") {
    // 2025: 2/9 is a Tuesday; suppose the announcement picks Monday 1/9 instead of 3/9.
    CalendarRules rules;
    rules.extra_days_off = {{Date("2025-09-01"), "Quốc khánh", "Thông báo 3/TB-TEST"}};
    rules.extra_working_days = {{Date("2025-09-03"), "Làm việc (đổi ngày nghỉ)", "Thông báo 3/TB-TEST"}};
    const BusinessCalendar calendar = Make(rules);
    CHECK_FALSE(calendar.IsWorkingDay(Date("2025-09-01")));
    CHECK_FALSE(calendar.IsWorkingDay(Date("2025-09-02")));
    CHECK(calendar.IsWorkingDay(Date("2025-09-03")));
    const std::vector<CalendarDay> days = calendar.DaysOff(2025);
    CHECK(std::none_of(days.begin(), days.end(), [](const CalendarDay& d) { return d.date == CivilDate{2025, 9, 3}; }));
  }
}

TEST_CASE("Create rejects inconsistent rules", "[engine][calendar]") {
  const auto rejected = [](CalendarRules rules) {
    Result<BusinessCalendar> r = BusinessCalendar::Create(std::move(rules));
    return !r.ok() && r.status().code() == ErrorCode::kInvalidValue;
  };
  CalendarRules overlap;
  overlap.weekly_periods[0] = {{420, 720}, {700, 1000}};
  CHECK(rejected(overlap));
  CalendarRules out_of_day;
  out_of_day.make_up_day_periods = {{420, 1500}};
  CHECK(rejected(out_of_day));
  CalendarRules no_work;
  no_work.weekly_periods = {};
  CHECK(rejected(no_work));
  CalendarRules bad_holiday;
  bad_holiday.solar_holidays.push_back({2, 30, "Không có", 0, 0});
  CHECK(rejected(bad_holiday));
  CalendarRules no_document;
  no_document.extra_days_off = {{Date("2027-03-01"), "Nghỉ", ""}};
  CHECK(rejected(no_document));
  CalendarRules twice;
  twice.extra_days_off = {{Date("2027-03-01"), "Nghỉ", "Thông báo 4/TB-TEST"}};
  twice.extra_working_days = {{Date("2027-03-01"), "Làm", "Thông báo 4/TB-TEST"}};
  CHECK(rejected(twice));
  CalendarRules work_on_tet;
  work_on_tet.extra_working_days = {{Date("2027-02-06"), "Làm", "Thông báo 5/TB-TEST"}};
  CHECK(rejected(work_on_tet));
  CalendarRules work_on_national_day;
  work_on_national_day.extra_working_days = {{Date("2025-09-02"), "Làm", "Thông báo 5/TB-TEST"}};
  CHECK(rejected(work_on_national_day));

  CHECK(BusinessCalendar::Create(CalendarRules{}).ok());
}

TEST_CASE("AddWorkingTime and WorkingTimeBetween are inverse on random instants", "[engine][calendar]") {
  const BusinessCalendar calendar;
  std::mt19937_64 random(20270206);
  const std::int64_t first = Local(2025, 12, 1, 0, 0).time_since_epoch().count();
  const std::int64_t last = Local(2028, 12, 31, 0, 0).time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> instant(first, last);
  std::uniform_int_distribution<std::int64_t> amount(0, 60 * 60 * 200);  // up to 200 working hours

  for (int i = 0; i < 2000; ++i) {
    const Timestamp a{seconds{instant(random)}};
    const seconds x{amount(random)};
    const Timestamp b = calendar.AddWorkingTime(a, x);
    INFO(FormatRfc3339(a) << " + " << x.count() << " s = " << FormatRfc3339(b));
    REQUIRE(calendar.WorkingTimeBetween(a, b) == x);
    if (x > seconds::zero()) REQUIRE(calendar.WorkingTimeBetween(a, b - seconds{1}) == x - seconds{1});

    // The other way round: from a random end point back to the earliest instant with the
    // same working time, which is never later than it.
    const Timestamp c{seconds{instant(random)}};
    const seconds between = calendar.WorkingTimeBetween(a, c);
    const Timestamp earliest = calendar.AddWorkingTime(a, between);
    REQUIRE(calendar.WorkingTimeBetween(a, earliest) == between);
    if (c > a) {
      REQUIRE(earliest <= c);
      REQUIRE(calendar.WorkingTimeBetween(earliest, c) == seconds::zero());
      const Timestamp mid = a + (c - a) / 2;
      REQUIRE(calendar.WorkingTimeBetween(a, mid) + calendar.WorkingTimeBetween(mid, c) == between);
    }
    REQUIRE(calendar.AddWorkingMinutes(a, x.count() / 60) == calendar.AddWorkingTime(a, minutes{x.count() / 60}));
  }
}

TEST_CASE("A calendar may be used from several threads at once", "[engine][calendar]") {
  const BusinessCalendar calendar;
  const BusinessCalendar reference;
  std::vector<std::string> expected;
  for (int year = 2030; year < 2038; ++year) expected.push_back(Render(reference.DaysOff(year)));

  std::vector<std::string> seen(8 * 4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const BusinessCalendar copy = calendar;  // copies share the cache
      for (int year = 2030; year < 2038; ++year) {
        seen[std::size_t(t * 8 + year - 2030)] = Render(copy.DaysOff(year));
        (void)copy.AddWorkingMinutes(Local(year, 1, 20, 9, 0), 60 * 40);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == expected[i % 8]);
}

}  // namespace
}  // namespace incidents::engine
