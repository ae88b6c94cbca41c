// Dates in a workbook (number_formats.h).

#include "number_formats.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace incidents::tabular {

bool IsDateFormat(int id, std::string_view code) {
  if ((id >= 14 && id <= 17) || id == 22) return true;
  if (id < 164) return false;
  bool quoted = false, bracketed = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (bracketed) {
      bracketed = c != ']';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracketed = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is shown as is (or is padding)
    } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
      return true;
    }
  }
  return false;
}

std::optional<std::string> SerialToIsoDate(std::string_view number, bool date1904) {
  double serial = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), serial);
  if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(serial)) return std::nullopt;
  if (serial < (date1904 ? 0 : 1) || serial >= 2958466) return std::nullopt;  // 2958466: 10000-01-01
  long long seconds = std::llround(serial * 86400.0);
  long long days = seconds / 86400;
  seconds %= 86400;

  using namespace std::chrono;
  sys_days epoch = sys_days{1899y / December / 30};
  if (date1904) {
    epoch = sys_days{1904y / January / 1};
  } else if (days == 60) {
    return std::nullopt;  // 1900-02-29, which Excel counts and the calendar does not have
  } else if (days < 60) {
    epoch = sys_days{1899y / December / 31};  // before Excel's false leap day
  }
  const year_month_day date{epoch + std::chrono::days{days}};
  if (date.year() > 9999y) return std::nullopt;
  char buffer[32];
  if (seconds == 0)
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  else
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02lld:%02lld:%02lld", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), seconds / 3600,
                  seconds / 60 % 60, seconds % 60);
  return std::string(buffer);
}

}  // namespace incidents::tabular
