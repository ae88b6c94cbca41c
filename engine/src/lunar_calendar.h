#pragma once
// The Vietnamese lunisolar calendar (âm lịch), computed by the astronomical method rather
// than read from a table:
//   - a month begins on the local civil day that contains a true new moon;
//   - month 11 is the month that contains the December solstice (the sun reaching 270°);
//   - when 13 months begin between two consecutive month-11 starts, the first of them after
//     month 11 that contains no principal term (the sun crossing a multiple of 30°) is the
//     leap month and repeats the number of the month before it.
// Days are civil days at the given time zone: UTC+7 for Vietnam; UTC+8 gives the Chinese
// calendar (which is why Tết 1985, 2007 and 2030 differ between the two).
//
// New moons: Meeus, Astronomical Algorithms 2nd ed., ch. 49 (error well under a minute);
// sun longitude: ch. 25, low-accuracy series (about 0.01°, i.e. some 15 minutes); ΔT from the
// Espenak-Meeus polynomials. Meant for 1900-2100 (tested 1965-2050); further out a new moon or
// a principal term close to local midnight may land on the wrong day.
//
// Pure functions of their arguments; safe to call from any thread.

#include <optional>

#include "incidents/engine/civil_date.h"

namespace incidents::engine {

struct LunarDate {
  int year = 0;   // the lunar year: the solar year in which its month 1 begins
  int month = 1;  // 1..12
  int day = 1;    // 1..30
  bool leap = false;  // a leap (nhuận) month, repeating `month`

  friend bool operator==(const LunarDate&, const LunarDate&);  // defined in lunar_calendar.cpp
  friend bool operator!=(const LunarDate&, const LunarDate&);
};

// The lunar date of the Gregorian date y-m-d (which must be valid) at UTC offset `tz` hours.
LunarDate SolarToLunar(int y, int m, int d, double tz = 7.0);

// The Gregorian date of a lunar date at UTC offset `tz` hours; nullopt if that lunar year has
// no such month (e.g. no leap month of that number) or the month has fewer days (29).
std::optional<CivilDate> LunarToSolar(int lunar_year, int lunar_month, int lunar_day, bool leap,
                                      double tz = 7.0);

// The number of days (29 or 30) of a lunar month; nullopt if the month does not exist.
std::optional<int> LunarMonthLength(int lunar_year, int lunar_month, bool leap, double tz = 7.0);

}  // namespace incidents::engine
