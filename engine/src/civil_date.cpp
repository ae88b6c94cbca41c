#include "incidents/engine/civil_date.h"

#include <chrono>
#include <compare>
#include <cstdio>

namespace incidents::engine {

namespace {

std::chrono::year_month_day ToChrono(CivilDate d) {
  return std::chrono::year{d.year} / std::chrono::month{d.month} / std::chrono::day{d.day};
}

std::strong_ordering Compare(const CivilDate& a, const CivilDate& b) {
  if (auto c = a.year <=> b.year; c != 0) return c;
  if (auto c = a.month <=> b.month; c != 0) return c;
  return a.day <=> b.day;
}

}  // namespace

bool operator==(const CivilDate&, const CivilDate&) = default;
bool operator!=(const CivilDate& a, const CivilDate& b) { return !(a == b); }
bool operator<(const CivilDate& a, const CivilDate& b) { return Compare(a, b) < 0; }
bool operator<=(const CivilDate& a, const CivilDate& b) { return Compare(a, b) <= 0; }
bool operator>(const CivilDate& a, const CivilDate& b) { return Compare(a, b) > 0; }
bool operator>=(const CivilDate& a, const CivilDate& b) { return Compare(a, b) >= 0; }

bool IsValidDate(CivilDate date) { return ToChrono(date).ok(); }

std::int64_t DayNumber(CivilDate date) {
  return std::chrono::sys_days{ToChrono(date)}.time_since_epoch().count();
}

CivilDate DateFromDayNumber(std::int64_t day_number) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day_number}}};
  return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

int IsoWeekday(CivilDate date) {
  return int(std::chrono::weekday{std::chrono::sys_days{ToChrono(date)}}.iso_encoding());
}

CivilDate AddDays(CivilDate date, std::int64_t days) { return DateFromDayNumber(DayNumber(date) + days); }

std::string ToIsoString(CivilDate date) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", date.year, date.month, date.day);
  return buf;
}

std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }
  const CivilDate date{fields[0], unsigned(fields[1]), unsigned(fields[2])};
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

}  // namespace incidents::engine
