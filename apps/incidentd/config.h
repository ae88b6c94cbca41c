#pragma once
// incidentd's configuration: defaults in code (every key has one), overridden by the JSON
// file, then by --set KEY=VALUE. Parsed once here into typed structs; each component gets
// only its own section (STYLE.md, "Configuration is parsed once at the composition root").
// Keys are documented in config/README.md.

#include <string>
#include <vector>

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"
#include "incidents/engine/workflow_settings.h"
#include "incidents/http/api_server.h"
#include "incidents/notifications/routing_rules.h"
#include "incidents/storage/storage.h"

namespace incidents::apps {

struct IncidentdConfig {
  std::string listen;        // HOST:PORT
  std::string database;      // URL
  std::string demo_file;
  std::string public_url;
  std::string log_level;     // trace, debug, info, warn, error
  int shutdown_grace_ms = 10000;
  storage::StorageOptions storage;
  http::ApiServerOptions http;  // host/port filled from `listen`
  engine::WorkflowSettings workflow;
  engine::CalendarRules calendar;
  engine::SlaTargets sla;
  std::chrono::milliseconds scheduler_max_sleep{30000};
  std::chrono::milliseconds scheduler_lease{60000};
  std::vector<notifications::NotificationRule> notification_rules;
  engine::JsonValue tree;       // the merged tree (for sections read by later components)
};

// The default tree: every key with its default value.
engine::JsonValue DefaultConfigTree();

// Loads `path` (a missing file is an error only when `required`), applies `overrides`
// ("dotted.key=value"), and checks every value. kInvalidValue naming the key on any
// problem; the message never contains a secret's value.
engine::Result<IncidentdConfig> LoadConfig(const std::string& path, bool required,
                                           const std::vector<std::string>& overrides);

// "HOST:PORT" -> host and port (0..65535).
engine::Status ParseListen(const std::string& listen, std::string& host, int& port);

}  // namespace incidents::apps
