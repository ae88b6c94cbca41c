#include "incidents/scheduler/scheduler_settings.h"

#include "incidents/engine/config_section.h"

namespace incidents::scheduler {

engine::JsonValue DefaultSchedulerSection() {
  const SchedulerSettings defaults;
  return engine::JsonValue::Object{{"max_sleep_ms", static_cast<std::int64_t>(defaults.max_sleep.count())},
                                   {"lease_ms", static_cast<std::int64_t>(defaults.lease.count())}};
}

engine::Result<SchedulerSettings> ParseSchedulerSection(const engine::JsonValue& section) {
  engine::ConfigSection s(section, kSchedulerSection);
  SchedulerSettings settings;
  if (auto v = s.Int("max_sleep_ms", 10, 3600000)) settings.max_sleep = std::chrono::milliseconds(*v);
  if (auto v = s.Int("lease_ms", 1000, 3600000)) settings.lease = std::chrono::milliseconds(*v);
  if (!s.ok()) return s.status();
  return settings;
}

}  // namespace incidents::scheduler
