#pragma once
// The "calendar" section of incidentd's configuration (config/README.md), parsed into the
// CalendarRules it describes. The defaults are CalendarRules{}'s (business_calendar.h);
// this file only says how each key maps onto the rules:
//
//   workdays                      ISO weekdays with working time (1 = Monday)
//   working_periods               ["07:00-11:30", ...]: the periods of every workday and of
//                                 a make-up working day (the section cannot give weekdays
//                                 periods of their own)
//   national_day_extra            "day_after" or "day_before": the day that joins 2/9
//   tet_days_before, _after       the span of the Tết holiday (lunar 1/1), 0..10 each
//   compensate_weekend_holidays   Labour Code 2019 Art. 111.3 (khoản 3 Điều 111 BLLĐ 2019)
//   extra_days_off, extra_working_days
//                                 [{"date": "YYYY-MM-DD", "name": ..., "document": ...}]

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

inline constexpr char kCalendarSection[] = "calendar";

// The section with every key at CalendarRules{}'s value.
JsonValue DefaultCalendarSection();

// An absent key keeps CalendarRules{}'s value. The rules returned are accepted by
// BusinessCalendar::Create; otherwise InvalidValue naming the key ("config:
// 'calendar.working_periods' ..."), or the section for a conflict between keys.
Result<CalendarRules> ParseCalendarSection(const JsonValue& section);

}  // namespace incidents::engine
