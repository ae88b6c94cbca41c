// Sheets of typed cells (sheet.h): from tables of text, and cells as text.

#include "incidents/tabular/sheet.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "incidents/engine/business_calendar.h"
#include "local_time.h"

namespace incidents::tabular {

LocalDateTime VietnamTimeOf(engine::Timestamp at) {
  const std::int64_t local = (at + engine::kVietnamUtcOffset).time_since_epoch().count();
  const std::int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  const std::int64_t second_of_day = local - day * 86400;
  return LocalDateTime{engine::DateFromDayNumber(day), static_cast<int>(second_of_day / 3600),
                       static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60)};
}

Sheet SheetOf(const Table& table) {
  Sheet sheet{table.name, {}, /*text_columns=*/true};
  sheet.rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (const auto& text : row) cells.push_back(text.empty() ? Cell() : Cell(text));
    sheet.rows.push_back(std::move(cells));
  }
  return sheet;
}

std::string CellText(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  char buf[64];
  if (const auto* number = std::get_if<Number>(&cell)) {
    if (!std::isfinite(number->value)) return "";
    const int decimals = std::clamp(number->decimals, 0, 6);
    // Halves away from zero, as Excel shows them (printf would round 1.25 to 1.2).
    const double scale = std::pow(10.0, decimals);
    const double shown = std::abs(number->value) < 1e15 ? std::round(number->value * scale) / scale : number->value;
    std::snprintf(buf, sizeof buf, "%.*f", decimals, shown);
    std::string out = buf;
    // A negative value that rounds to zero shows as zero, not "-0.0".
    if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
    return out;
  }
  if (const auto* date = std::get_if<engine::CivilDate>(&cell)) return engine::ToIsoString(*date);
  if (const auto* at = std::get_if<engine::Timestamp>(&cell)) {
    const LocalDateTime local = VietnamTimeOf(*at);
    std::snprintf(buf, sizeof buf, " %02d:%02d", local.hour, local.minute);
    return engine::ToIsoString(local.date) + buf;
  }
  return "";
}

}  // namespace incidents::tabular
