#include "calendar_command.h"

#include <algorithm>
#include <ostream>

namespace incidents::apps {

std::string_view WeekdayVi(int iso_weekday) {
  static constexpr std::string_view kNames[] = {"Thứ Hai", "Thứ Ba",  "Thứ Tư",  "Thứ Năm",
                                                "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"};
  return iso_weekday >= 1 && iso_weekday <= 7 ? kNames[iso_weekday - 1] : "?";
}

int PrintCalendarYear(const engine::BusinessCalendar& calendar, int year, std::ostream& out) {
  struct Line {
    engine::CalendarDay day;
    bool working;
  };
  std::vector<Line> lines;
  const auto off = calendar.DaysOff(year);
  const auto extra = calendar.ExtraWorkingDays(year);
  for (const auto& d : off) lines.push_back({d, false});
  for (const auto& d : extra) lines.push_back({d, true});
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.day.date < b.day.date; });
  for (const Line& l : lines)
    out << engine::ToIsoString(l.day.date) << '\t' << WeekdayVi(engine::IsoWeekday(l.day.date)) << '\t'
        << (l.working ? "working day" : "day off") << '\t' << l.day.name << '\t' << l.day.source << '\n';
  out << year << ": " << off.size() << " days off, " << extra.size() << " make-up working days\n";
  return 0;
}

}  // namespace incidents::apps
