#pragma once
// The timer scheduler's settings: SchedulerSettings, whose initializers are the defaults
// of incidentd's "scheduler" section (config/README.md), and the section's parser. In a
// library of its own (incidents_scheduler_settings, the engine only) so that the config
// library links no Boost.Asio.

#include <chrono>
#include <functional>

#include "incidents/engine/json_value.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"

namespace incidents::scheduler {

struct SchedulerSettings {
  std::chrono::milliseconds max_sleep{30000};  // scheduler.max_sleep_ms: re-check at least this often (leases, clock jumps)
  std::chrono::milliseconds lease{60000};      // scheduler.lease_ms: a claimed timer returns to others after this
  int batch_size = 100;                        // not a config key
  // The time timers are claimed at and the wake-up is computed from; empty: the system
  // clock. Tests inject a manual clock for RunOnce(); Start() sleeps on a system_timer,
  // so a running scheduler wants the system clock. Not a config key.
  std::function<engine::MillisTime()> now = nullptr;
};

inline constexpr char kSchedulerSection[] = "scheduler";

// The section with every key at SchedulerSettings{}'s value.
engine::JsonValue DefaultSchedulerSection();

// max_sleep_ms (10..3600000), lease_ms (1000..3600000). An absent key keeps its default;
// InvalidValue naming the key ("config: 'scheduler.lease_ms' ...") otherwise.
engine::Result<SchedulerSettings> ParseSchedulerSection(const engine::JsonValue& section);

}  // namespace incidents::scheduler
