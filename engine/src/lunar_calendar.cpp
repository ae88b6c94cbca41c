// The astronomy behind lunar_calendar.h. Instants are Julian Days (JD, fractional, counted
// from noon UT) or Julian Ephemeris Days (JDE, the same in Terrestrial Time); civil days are
// Julian Day Numbers (JDN: the integer JD at noon of that day).

#include "lunar_calendar.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace incidents::engine {

bool operator==(const LunarDate&, const LunarDate&) = default;
bool operator!=(const LunarDate& a, const LunarDate& b) { return !(a == b); }

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSynodicMonth = 29.530588861;      // mean days between new moons
constexpr double kFirstNewMoonOf2000 = 2451550.09766;  // JDE of lunation k = 0 (2000-01-06)
constexpr double kJ2000 = 2451545.0;
constexpr std::int64_t kJdnOfUnixEpoch = 2440588;   // 1970-01-01

double SinDeg(double degrees) { return std::sin(degrees * kPi / 180.0); }

double Normalize360(double degrees) {
  degrees = std::fmod(degrees, 360.0);
  return degrees < 0 ? degrees + 360.0 : degrees;
}

std::int64_t JdnOf(CivilDate date) { return DayNumber(date) + kJdnOfUnixEpoch; }
CivilDate DateOfJdn(std::int64_t jdn) { return DateFromDayNumber(jdn - kJdnOfUnixEpoch); }

// ΔT = TT - UT in seconds, from the Espenak-Meeus polynomials (NASA eclipse site).
double DeltaTSeconds(double year) {
  if (year >= 2050 && year < 2150) {
    const double u = (year - 1820) / 100;
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
  }
  if (year >= 2005 && year < 2050) {
    const double t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  if (year >= 1986 && year < 2005) {
    const double t = year - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t +
           0.00002373599 * t * t * t * t * t;
  }
  if (year >= 1961 && year < 1986) {
    const double t = year - 1975;
    return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
  }
  if (year >= 1941 && year < 1961) {
    const double t = year - 1950;
    return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
  }
  if (year >= 1920 && year < 1941) {
    const double t = year - 1920;
    return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
  }
  if (year >= 1900 && year < 1920) {
    const double t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
  }
  if (year >= 1860 && year < 1900) {
    const double t = year - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t - 0.0004473624 * t * t * t * t +
           t * t * t * t * t / 233174;
  }
  const double u = (year - 1820) / 100;  // long-term parabola, outside 1860-2150
  return -20 + 32 * u * u;
}

double DeltaTDays(double jd) { return DeltaTSeconds(2000.0 + (jd - kJ2000) / 365.25) / 86400.0; }

// JDE of the true new moon of lunation k (k = 0: 2000-01-06), Meeus ch. 49.
double TrueNewMoonJde(std::int64_t lunation) {
  const double k = double(lunation);
  const double t = k / 1236.85;
  const double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde = kFirstNewMoonOf2000 + kSynodicMonth * k + 0.00015437 * t2 - 0.000000150 * t3 +
               0.00000000073 * t4;

  const double e = 1 - 0.002516 * t - 0.0000074 * t2;  // eccentricity of the Earth's orbit
  const double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;  // sun's anomaly
  const double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 -
                    0.000000058 * t4;  // moon's anomaly
  const double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 +
                   0.000000011 * t4;  // moon's argument of latitude
  const double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;  // node

  jde += -0.40720 * SinDeg(mp) + 0.17241 * e * SinDeg(m) + 0.01608 * SinDeg(2 * mp) +
         0.01039 * SinDeg(2 * f) + 0.00739 * e * SinDeg(mp - m) - 0.00514 * e * SinDeg(mp + m) +
         0.00208 * e * e * SinDeg(2 * m) - 0.00111 * SinDeg(mp - 2 * f) - 0.00057 * SinDeg(mp + 2 * f) +
         0.00056 * e * SinDeg(2 * mp + m) - 0.00042 * SinDeg(3 * mp) + 0.00042 * e * SinDeg(m + 2 * f) +
         0.00038 * e * SinDeg(m - 2 * f) - 0.00024 * e * SinDeg(2 * mp - m) - 0.00017 * SinDeg(om) -
         0.00007 * SinDeg(mp + 2 * m) + 0.00004 * SinDeg(2 * mp - 2 * f) + 0.00004 * SinDeg(3 * m) +
         0.00003 * SinDeg(mp + m - 2 * f) + 0.00003 * SinDeg(2 * mp + 2 * f) -
         0.00003 * SinDeg(mp + m + 2 * f) + 0.00003 * SinDeg(mp - m + 2 * f) -
         0.00002 * SinDeg(mp - m - 2 * f) - 0.00002 * SinDeg(3 * mp + m) + 0.00002 * SinDeg(4 * mp);

  // Planetary perturbations: {amplitude in days, phase at k = 0, degrees per lunation}.
  struct Term {
    double amplitude, phase, rate;
  };
  static constexpr Term kPlanetary[] = {
      {0.000165, 251.88, 0.016321}, {0.000164, 251.83, 26.651886}, {0.000126, 349.42, 36.412478},
      {0.000110, 84.66, 18.206239}, {0.000062, 141.74, 53.303771}, {0.000060, 207.14, 2.453732},
      {0.000056, 154.84, 7.306860}, {0.000047, 34.52, 27.261239},  {0.000042, 207.19, 0.121824},
      {0.000040, 291.34, 1.844379}, {0.000037, 161.72, 24.198154}, {0.000035, 239.56, 25.513099},
      {0.000023, 331.55, 3.592518},
  };
  jde += 0.000325 * SinDeg(299.77 + 0.107408 * k - 0.009173 * t2);
  for (const Term& term : kPlanetary) jde += term.amplitude * SinDeg(term.phase + term.rate * k);
  return jde;
}

// The sun's apparent geocentric longitude in degrees [0, 360) at JDE, Meeus ch. 25.
double SunApparentLongitude(double jde) {
  const double t = (jde - kJ2000) / 36525;
  const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;  // mean longitude
  const double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;   // mean anomaly
  const double centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * SinDeg(m) +
                        (0.019993 - 0.000101 * t) * SinDeg(2 * m) + 0.000289 * SinDeg(3 * m);
  const double omega = 125.04 - 1934.136 * t;  // for nutation and aberration
  return Normalize360(l0 + centre - 0.00569 - 0.00478 * SinDeg(omega));
}

// The local day on which lunation k's new moon falls.
std::int64_t NewMoonDay(std::int64_t lunation, double tz) {
  const double jde = TrueNewMoonJde(lunation);
  const double jd_ut = jde - DeltaTDays(jde);
  return std::int64_t(std::floor(jd_ut + 0.5 + tz / 24));
}

// The 30° sector (0..11) the sun is in at the local midnight that starts day `jdn`. A month
// contains a principal term iff the sector at its first midnight differs from the sector at
// the first midnight of the next month.
int SunSectorAtStartOf(std::int64_t jdn, double tz) {
  const double jd_ut = double(jdn) - 0.5 - tz / 24;
  return int(SunApparentLongitude(jd_ut + DeltaTDays(jd_ut)) / 30);
}

struct MonthStart {
  std::int64_t jdn;        // first day of the month
  std::int64_t lunation;   // Meeus k of the new moon that starts it
};

// The lunar month 11 of Gregorian year `year`: the month containing the December solstice.
MonthStart Month11(int year, double tz) {
  // The solstice day: the sun enters sector 9 (270°) between its start and the next day's.
  std::int64_t solstice = JdnOf({year, 12, 18});
  while (SunSectorAtStartOf(solstice + 1, tz) < 9) ++solstice;
  std::int64_t k = std::int64_t(std::floor((double(solstice) - kFirstNewMoonOf2000) / kSynodicMonth));
  while (NewMoonDay(k + 1, tz) <= solstice) ++k;
  while (NewMoonDay(k, tz) > solstice) --k;
  return {NewMoonDay(k, tz), k};
}

struct Month {
  std::int64_t first_jdn;
  std::int64_t end_jdn;  // first day of the next month
  LunarDate label;       // year, month and leap; day 1
};

// The 12 or 13 months from month 11 of Gregorian year - 1 up to (not including) month 11 of
// `year`: months 11 and 12 of lunar year - 1, then months 1..10 of lunar year `year`, with
// one leap month among them when there are 13.
std::vector<Month> MonthsBeforeMonth11Of(int year, double tz) {
  const MonthStart from = Month11(year - 1, tz);
  const MonthStart to = Month11(year, tz);
  const std::int64_t count = to.lunation - from.lunation;  // 12 or 13

  std::vector<std::int64_t> starts;
  for (std::int64_t i = 0; i <= count; ++i) starts.push_back(NewMoonDay(from.lunation + i, tz));

  std::int64_t leap_index = -1;
  if (count == 13) {
    int sector = SunSectorAtStartOf(starts[1], tz);
    for (std::int64_t i = 1; i < count; ++i) {
      const int next = SunSectorAtStartOf(starts[i + 1], tz);
      if (next == sector) {
        leap_index = i;
        break;
      }
      sector = next;
    }
  }

  std::vector<Month> months;
  int number = 11;
  for (std::int64_t i = 0; i < count; ++i) {
    bool leap = false;
    if (i > 0) {
      if (i == leap_index) {
        leap = true;
      } else {
        number = number == 12 ? 1 : number + 1;
      }
    }
    const int lunar_year = number >= 11 ? year - 1 : year;
    months.push_back({starts[i], starts[i + 1], LunarDate{lunar_year, number, 1, leap}});
  }
  return months;
}

std::optional<Month> FindMonth(int lunar_year, int lunar_month, bool leap, double tz) {
  if (lunar_month < 1 || lunar_month > 12) return std::nullopt;
  const int window = lunar_month >= 11 ? lunar_year + 1 : lunar_year;
  for (const Month& month : MonthsBeforeMonth11Of(window, tz)) {
    if (month.label.year == lunar_year && month.label.month == lunar_month && month.label.leap == leap)
      return month;
  }
  return std::nullopt;
}

}  // namespace

LunarDate SolarToLunar(int y, int m, int d, double tz) {
  const std::int64_t jdn = JdnOf({y, unsigned(m), unsigned(d)});
  const int window = jdn >= Month11(y, tz).jdn ? y + 1 : y;
  const std::vector<Month> months = MonthsBeforeMonth11Of(window, tz);
  for (const Month& month : months) {
    if (jdn >= month.first_jdn && jdn < month.end_jdn) {
      LunarDate date = month.label;
      date.day = int(jdn - month.first_jdn) + 1;
      return date;
    }
  }
  return months.front().label;  // unreachable: the months cover the window without gaps
}

std::optional<CivilDate> LunarToSolar(int lunar_year, int lunar_month, int lunar_day, bool leap, double tz) {
  const std::optional<Month> month = FindMonth(lunar_year, lunar_month, leap, tz);
  if (!month || lunar_day < 1 || lunar_day > month->end_jdn - month->first_jdn) return std::nullopt;
  return DateOfJdn(month->first_jdn + lunar_day - 1);
}

std::optional<int> LunarMonthLength(int lunar_year, int lunar_month, bool leap, double tz) {
  const std::optional<Month> month = FindMonth(lunar_year, lunar_month, leap, tz);
  if (!month) return std::nullopt;
  return int(month->end_jdn - month->first_jdn);
}

}  // namespace incidents::engine
