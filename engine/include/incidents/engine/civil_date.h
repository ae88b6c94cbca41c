#pragma once
// CivilDate: a date in the proleptic Gregorian calendar, without a time zone. A value type;
// not synchronised, copy freely. Kept free of std::chrono calendar types so that the header
// is also valid C++17.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace incidents::engine {

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31

  // Chronological order. Defined in civil_date.cpp.
  friend bool operator==(const CivilDate&, const CivilDate&);
  friend bool operator!=(const CivilDate&, const CivilDate&);
  friend bool operator<(const CivilDate&, const CivilDate&);
  friend bool operator<=(const CivilDate&, const CivilDate&);
  friend bool operator>(const CivilDate&, const CivilDate&);
  friend bool operator>=(const CivilDate&, const CivilDate&);
};

// True if the month has that day (29 February only in leap years).
bool IsValidDate(CivilDate date);

// Days since 1970-01-01 (negative before). `date` must be valid.
std::int64_t DayNumber(CivilDate date);

// Inverse of DayNumber.
CivilDate DateFromDayNumber(std::int64_t day_number);

// ISO weekday: 1 = Monday ... 7 = Sunday. `date` must be valid.
int IsoWeekday(CivilDate date);

// `date` moved by `days` (negative: backwards).
CivilDate AddDays(CivilDate date, std::int64_t days);

// "2027-02-06".
std::string ToIsoString(CivilDate date);

// Reads "YYYY-MM-DD"; nullopt unless it is exactly that and a valid date.
std::optional<CivilDate> ParseIsoDate(std::string_view text);

}  // namespace incidents::engine
