#include "incidents/engine/calendar_section.h"

#include "incidents/engine/config_section.h"

namespace incidents::engine {

namespace {

using O = JsonValue::Object;
using A = JsonValue::Array;

constexpr char kOverrideShape[] = R"(entries need {"date": "YYYY-MM-DD", "name": ..., "document": ...})";

// The holiday that tet_days_before and tet_days_after span: lunar 1/1.
LunarHoliday* Tet(CalendarRules& rules) {
  for (auto& h : rules.lunar_holidays)
    if (h.month == 1 && h.day == 1) return &h;
  return nullptr;
}

// Quốc khánh, 2/9: its adjacent day is national_day_extra.
const SolarHoliday* NationalDay(const CalendarRules& rules) {
  for (const auto& h : rules.solar_holidays)
    if (h.month == 9 && h.day == 2) return &h;
  return nullptr;
}

// Minutes after midnight (0..1440) as "HH:MM".
std::string FormatMinute(int minute) {
  const int h = minute / 60, m = minute % 60;
  return {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':', static_cast<char>('0' + m / 10),
          static_cast<char>('0' + m % 10)};
}

std::string FormatPeriod(const WorkingPeriod& p) { return FormatMinute(p.start_minute) + "-" + FormatMinute(p.end_minute); }

// Exactly "HH:MM-HH:MM", nothing before or after; 24:00 ends a day.
bool ParsePeriod(const std::string& s, WorkingPeriod& out) {
  if (s.size() != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':') return false;
  for (std::size_t i : {0, 1, 3, 4, 6, 7, 9, 10})
    if (s[i] < '0' || s[i] > '9') return false;
  const int h1 = (s[0] - '0') * 10 + (s[1] - '0'), m1 = (s[3] - '0') * 10 + (s[4] - '0');
  const int h2 = (s[6] - '0') * 10 + (s[7] - '0'), m2 = (s[9] - '0') * 10 + (s[10] - '0');
  if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) return false;
  out = {h1 * 60 + m1, h2 * 60 + m2};
  return out.start_minute < out.end_minute && out.end_minute <= 24 * 60;
}

A OverridesToJson(const std::vector<DatedOverride>& list) {
  A out;
  for (const auto& o : list) out.push_back(O{{"date", ToIsoString(o.date)}, {"name", o.name}, {"document", o.document}});
  return out;
}

void ReadOverrides(ConfigSection& s, const char* key, std::vector<DatedOverride>& out) {
  const A* list = s.Array(key);
  if (list == nullptr) return;
  out.clear();
  for (const auto& item : *list) {
    const JsonValue* date = item.Find("date");
    const JsonValue* name = item.Find("name");
    const JsonValue* doc = item.Find("document");
    std::optional<CivilDate> d;
    if (date && date->is_string()) d = ParseIsoDate(date->as_string());
    if (!d || !name || !name->is_string() || !doc || !doc->is_string() || doc->as_string().empty()) {
      s.Fail(key, kOverrideShape);
      return;
    }
    out.push_back({*d, name->as_string(), doc->as_string()});
  }
}

}  // namespace

JsonValue DefaultCalendarSection() {
  CalendarRules rules;
  A workdays, periods;
  for (std::size_t d = 0; d < rules.weekly_periods.size(); ++d)
    if (!rules.weekly_periods[d].empty()) workdays.push_back(static_cast<int>(d + 1));
  for (const auto& p : rules.make_up_day_periods) periods.push_back(FormatPeriod(p));
  const SolarHoliday* national_day = NationalDay(rules);
  const LunarHoliday* tet = Tet(rules);
  return O{{"workdays", workdays},
           {"working_periods", periods},
           {"national_day_extra", national_day && national_day->days_before > 0 ? "day_before" : "day_after"},
           {"tet_days_before", tet ? tet->days_before : 0},
           {"tet_days_after", tet ? tet->days_after : 0},
           {"compensate_weekend_holidays", rules.compensate_weekend_holidays},
           {"extra_days_off", OverridesToJson(rules.extra_days_off)},
           {"extra_working_days", OverridesToJson(rules.extra_working_days)}};
}

Result<CalendarRules> ParseCalendarSection(const JsonValue& section) {
  ConfigSection s(section, kCalendarSection);
  CalendarRules rules;

  // The week: every workday gets the same periods, and so does a make-up working day.
  std::vector<WorkingPeriod> periods = rules.make_up_day_periods;
  std::vector<int> workdays;
  for (std::size_t d = 0; d < rules.weekly_periods.size(); ++d)
    if (!rules.weekly_periods[d].empty()) workdays.push_back(static_cast<int>(d + 1));
  const A* period_list = s.Array("working_periods");
  if (period_list) {
    periods.clear();
    for (const auto& p : *period_list) {
      WorkingPeriod wp;
      if (!p.is_string() || !ParsePeriod(p.as_string(), wp)) {
        s.Fail("working_periods", "entries look like \"07:00-11:30\"");
        break;
      }
      periods.push_back(wp);
    }
  }
  const A* workday_list = s.Array("workdays");
  if (workday_list) {
    workdays.clear();
    for (const auto& d : *workday_list) {
      if (!d.is_int() || d.as_int() < 1 || d.as_int() > 7) {
        s.Fail("workdays", "holds ISO weekdays 1 (Monday) to 7 (Sunday)");
        break;
      }
      workdays.push_back(static_cast<int>(d.as_int()));
    }
  }
  if (period_list || workday_list) {
    for (auto& day : rules.weekly_periods) day.clear();
    for (int d : workdays) rules.weekly_periods[static_cast<std::size_t>(d - 1)] = periods;
    rules.make_up_day_periods = periods;
  }

  if (auto extra = s.OneOf("national_day_extra", {"day_after", "day_before"}))
    rules.solar_holidays = DefaultSolarHolidays(*extra == "day_after" ? AdjacentDay::kDayAfter : AdjacentDay::kDayBefore);
  if (LunarHoliday* tet = Tet(rules)) {
    if (auto v = s.Int("tet_days_before", 0, 10)) tet->days_before = static_cast<int>(*v);
    if (auto v = s.Int("tet_days_after", 0, 10)) tet->days_after = static_cast<int>(*v);
  }
  if (auto v = s.Bool("compensate_weekend_holidays")) rules.compensate_weekend_holidays = *v;
  ReadOverrides(s, "extra_days_off", rules.extra_days_off);
  ReadOverrides(s, "extra_working_days", rules.extra_working_days);
  if (!s.ok()) return s.status();

  // What only the keys together can get wrong (no weekday left with working time, a date
  // overridden twice, a make-up day on 2/9): the calendar's own check, which says which.
  auto calendar = BusinessCalendar::Create(rules);
  if (!calendar.ok()) {
    std::string why = calendar.status().message();
    if (why.rfind("calendar: ", 0) == 0) why = why.substr(10);
    return Status::InvalidValue(std::string("config: '") + kCalendarSection + "': " + why);
  }
  return rules;
}

}  // namespace incidents::engine
