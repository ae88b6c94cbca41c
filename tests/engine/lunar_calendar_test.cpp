// SolarToLunar / LunarToSolar (engine/src/lunar_calendar.h, private to the engine) against
// published dates. Dates are compared as ISO strings so that failures print readably.

#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "incidents/engine/civil_date.h"
#include "lunar_calendar.h"

namespace incidents::engine {
namespace {

constexpr double kVietnam = 7.0;
constexpr double kChina = 8.0;

std::string Iso(const std::optional<CivilDate>& date) { return date ? ToIsoString(*date) : "<none>"; }

std::string TetIn(int year, double tz) { return Iso(LunarToSolar(year, 1, 1, false, tz)); }

// Tết Nguyên Đán (lunar 1/1) in Vietnam as published (lịch vạn niên, Hồ Ngọc Đức's tables).
struct TetDate {
  int year;
  const char* vietnam;
};
constexpr TetDate kPublishedTet[] = {
    {2000, "2000-02-05"}, {2001, "2001-01-24"}, {2002, "2002-02-12"}, {2003, "2003-02-01"},
    {2004, "2004-01-22"}, {2005, "2005-02-09"}, {2006, "2006-01-29"}, {2007, "2007-02-17"},
    {2008, "2008-02-07"}, {2009, "2009-01-26"}, {2010, "2010-02-14"}, {2011, "2011-02-03"},
    {2012, "2012-01-23"}, {2013, "2013-02-10"}, {2014, "2014-01-31"}, {2015, "2015-02-19"},
    {2016, "2016-02-08"}, {2017, "2017-01-28"}, {2018, "2018-02-16"}, {2019, "2019-02-05"},
    {2020, "2020-01-25"}, {2021, "2021-02-12"}, {2022, "2022-02-01"}, {2023, "2023-01-22"},
    {2024, "2024-02-10"}, {2025, "2025-01-29"}, {2026, "2026-02-17"}, {2027, "2027-02-06"},
    {2028, "2028-01-26"}, {2029, "2029-02-13"}, {2030, "2030-02-02"}, {2031, "2031-01-23"},
    {2032, "2032-02-11"}, {2033, "2033-01-31"}, {2034, "2034-02-19"}, {2035, "2035-02-08"},
    {2036, "2036-01-28"}, {2037, "2037-02-15"}, {2038, "2038-02-04"}, {2039, "2039-01-24"},
    {2040, "2040-02-12"},
};

TEST_CASE("Tết in Vietnam matches the published dates 2000-2040", "[engine][lunar]") {
  for (const TetDate& tet : kPublishedTet) {
    INFO("lunar year " << tet.year);
    CHECK(TetIn(tet.year, kVietnam) == tet.vietnam);
    const LunarDate lunar = SolarToLunar(tet.year, std::stoi(std::string(tet.vietnam + 5, 2)),
                                         std::stoi(std::string(tet.vietnam + 8, 2)), kVietnam);
    CHECK(lunar == LunarDate{tet.year, 1, 1, false});
  }
}

TEST_CASE("At UTC+8 the same method gives the Chinese New Year, which differs in some years",
          "[engine][lunar]") {
  // Both calendars follow the same rules; only the meridian differs. A new moon between
  // 16:00 and 17:00 UTC falls on different civil days, and once (1985) the winter solstice
  // did, which moved month 11 and with it the whole year.
  CHECK(TetIn(1968, kVietnam) == "1968-01-29");  // the Tết Offensive began on the night of the 30th
  CHECK(TetIn(1968, kChina) == "1968-01-30");
  CHECK(TetIn(1985, kVietnam) == "1985-01-21");
  CHECK(TetIn(1985, kChina) == "1985-02-20");
  CHECK(TetIn(2007, kVietnam) == "2007-02-17");
  CHECK(TetIn(2007, kChina) == "2007-02-18");
  CHECK(TetIn(2030, kVietnam) == "2030-02-02");  // new moon 2030-02-02 16:07 UTC
  CHECK(TetIn(2030, kChina) == "2030-02-03");

  // In every other year of 2000-2040 the two agree.
  for (const TetDate& tet : kPublishedTet) {
    if (tet.year == 2007 || tet.year == 2030) continue;
    INFO("lunar year " << tet.year);
    CHECK(TetIn(tet.year, kChina) == tet.vietnam);
  }
}

TEST_CASE("Giỗ Tổ Hùng Vương (lunar 10/3) falls on the published dates", "[engine][lunar]") {
  CHECK(Iso(LunarToSolar(2019, 3, 10, false)) == "2019-04-14");
  CHECK(Iso(LunarToSolar(2020, 3, 10, false)) == "2020-04-02");
  CHECK(Iso(LunarToSolar(2021, 3, 10, false)) == "2021-04-21");
  CHECK(Iso(LunarToSolar(2022, 3, 10, false)) == "2022-04-10");
  CHECK(Iso(LunarToSolar(2023, 3, 10, false)) == "2023-04-29");  // after a leap 2nd month
  CHECK(Iso(LunarToSolar(2024, 3, 10, false)) == "2024-04-18");
  CHECK(Iso(LunarToSolar(2025, 3, 10, false)) == "2025-04-07");
  CHECK(Iso(LunarToSolar(2026, 3, 10, false)) == "2026-04-26");
}

TEST_CASE("Leap months are placed by the principal-term rule", "[engine][lunar]") {
  CHECK(Iso(LunarToSolar(2020, 4, 1, true)) == "2020-05-23");
  CHECK(Iso(LunarToSolar(2023, 2, 1, true)) == "2023-03-22");
  CHECK(Iso(LunarToSolar(2025, 6, 1, true)) == "2025-07-25");
  // The "2033 problem": the leap month follows month 11, in both calendars.
  CHECK(Iso(LunarToSolar(2033, 11, 1, false)) == "2033-11-22");
  CHECK(Iso(LunarToSolar(2033, 11, 1, true)) == "2033-12-22");
  CHECK(Iso(LunarToSolar(2033, 11, 1, true, kChina)) == "2033-12-22");
  CHECK(SolarToLunar(2033, 12, 25) == LunarDate{2033, 11, 4, true});
  // Chinese calendar: 1984 had a leap 10th month, 1987 a leap 6th.
  CHECK(Iso(LunarToSolar(1984, 10, 1, true, kChina)) == "1984-11-23");
  CHECK(Iso(LunarToSolar(1987, 6, 1, true, kChina)) == "1987-07-26");

  // A year without a leap month has none of any number.
  for (int month = 1; month <= 12; ++month) CHECK_FALSE(LunarToSolar(2024, month, 1, true).has_value());
}

TEST_CASE("The last day of the lunar year is the 29th or the 30th", "[engine][lunar]") {
  // 2024-02-09 was 30 Tết; Tết Ất Tỵ (2025) had no 30th.
  CHECK(SolarToLunar(2024, 2, 9) == LunarDate{2023, 12, 30, false});
  CHECK(LunarMonthLength(2023, 12, false) == 30);
  CHECK(SolarToLunar(2025, 1, 28) == LunarDate{2024, 12, 29, false});
  CHECK(LunarMonthLength(2024, 12, false) == 29);
  CHECK_FALSE(LunarToSolar(2024, 12, 30, false).has_value());
}

TEST_CASE("LunarToSolar rejects lunar dates that do not exist", "[engine][lunar]") {
  CHECK_FALSE(LunarToSolar(2027, 0, 1, false).has_value());
  CHECK_FALSE(LunarToSolar(2027, 13, 1, false).has_value());
  CHECK_FALSE(LunarToSolar(2027, 1, 0, false).has_value());
  CHECK_FALSE(LunarToSolar(2027, 1, 31, false).has_value());
  CHECK_FALSE(LunarMonthLength(2027, 5, true).has_value());
}

TEST_CASE("Lunar dates run day by day without gaps, and convert back, 1990-2050", "[engine][lunar]") {
  CivilDate date{1990, 1, 1};
  LunarDate previous = SolarToLunar(date.year, int(date.month), int(date.day));
  int checked = 0;
  for (date = AddDays(date, 1); date.year <= 2050; date = AddDays(date, 1)) {
    const LunarDate lunar = SolarToLunar(date.year, int(date.month), int(date.day));
    INFO(ToIsoString(date));
    if (lunar.day != 1) {
      REQUIRE(lunar == LunarDate{previous.year, previous.month, previous.day + 1, previous.leap});
    } else {
      REQUIRE((previous.day == 29 || previous.day == 30));
      if (lunar.leap) {
        REQUIRE(lunar.month == previous.month);
      } else {
        REQUIRE(lunar.month == previous.month % 12 + 1);
        REQUIRE(lunar.year == (lunar.month == 1 ? previous.year + 1 : previous.year));
      }
    }
    if (date.day % 5 == 0) {  // the reverse conversion on a sample, to keep the test quick
      REQUIRE(Iso(LunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap)) == ToIsoString(date));
      ++checked;
    }
    previous = lunar;
  }
  CHECK(checked > 4000);
}

}  // namespace
}  // namespace incidents::engine
