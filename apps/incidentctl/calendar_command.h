#pragma once
// `incidentctl calendar YEAR`: the days off and make-up working days of a year under the
// working calendar of incidentd's configuration (the same loader, so the same rules and
// announced overrides), one line each, sorted by date:
//
//   2027-02-06<TAB>Thứ Bảy<TAB>day off<TAB>Tết Nguyên Đán<TAB>âm lịch 1/1
//
// (date, weekday in Vietnamese, kind "day off" or "working day", name, source: the rule or
// the announcing document), then a summary line.

#include <iosfwd>
#include <string_view>

#include "incidents/engine/business_calendar.h"

namespace incidents::apps {

// "Thứ Hai" ... "Chủ Nhật" for ISO weekday 1..7.
std::string_view WeekdayVi(int iso_weekday);

// Prints the year; returns the exit code (0).
int PrintCalendarYear(const engine::BusinessCalendar& calendar, int year, std::ostream& out);

}  // namespace incidents::apps
