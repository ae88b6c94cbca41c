#include "incidents/engine/sla_section.h"

#include <algorithm>
#include <string>

#include "incidents/engine/config_section.h"

namespace incidents::engine {

namespace {

using O = JsonValue::Object;
using std::chrono::hours;
using std::chrono::seconds;

// One "hour" of the targets, in seconds: an hour, unless a test shrinks it.
constexpr std::int64_t kHourSeconds = 3600;

std::string TargetKey(Priority p, const char* field) {
  return "targets." + std::string(ToString(p)) + "." + field;
}

}  // namespace

JsonValue DefaultSlaSection() {
  const SlaTargets defaults = DefaultSlaTargets();
  O targets;
  for (Priority p : kAllPriorities) {
    const SlaTarget& t = defaults.by_priority.at(p);
    targets[std::string(ToString(p))] = O{{"ack_hours", static_cast<std::int64_t>(t.acknowledge / hours(1))},
                                          {"resolve_hours", static_cast<std::int64_t>(t.resolve / hours(1))}};
  }
  return O{{"targets", targets},
           {"auto_close_working_days", defaults.auto_close_working_days},
           {"data_request", O{{"decision_working_days", defaults.decision_working_days}}},
           {"time_unit_seconds", kHourSeconds}};
}

Result<SlaTargets> ParseSlaSection(const JsonValue& section, const CalendarRules& calendar) {
  ConfigSection s(section, kSlaSection);
  SlaTargets targets = DefaultSlaTargets();
  const std::int64_t unit = s.Int("time_unit_seconds", 1, kHourSeconds).value_or(kHourSeconds);
  for (Priority p : kAllPriorities) {
    const SlaTarget defaults = targets.by_priority.at(p);
    const std::int64_t ack = s.Int(TargetKey(p, "ack_hours"), 1, 10000).value_or(defaults.acknowledge / hours(1));
    const std::int64_t resolve =
        s.Int(TargetKey(p, "resolve_hours"), 1, 100000).value_or(defaults.resolve / hours(1));
    targets.by_priority[p] = {seconds(ack * unit), seconds(resolve * unit)};
  }
  if (auto v = s.Int("auto_close_working_days", 1, 365)) targets.auto_close_working_days = static_cast<int>(*v);
  if (auto v = s.Int("data_request.decision_working_days", 1, 365))
    targets.decision_working_days = static_cast<int>(*v);
  if (!s.ok()) return s.status();
  if (unit != kHourSeconds) {
    std::int64_t day_minutes = 0;
    for (const auto& p : calendar.make_up_day_periods) day_minutes += p.end_minute - p.start_minute;
    targets.working_day = std::max(seconds(1), seconds(day_minutes * 60 * unit / kHourSeconds));
  }
  return targets;
}

}  // namespace incidents::engine
