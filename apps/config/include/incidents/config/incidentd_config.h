#pragma once
// incidentd's configuration (config/README.md), read once at the composition root into
// typed settings, each component getting only its own section (STYLE.md, "Configuration
// is parsed once at the composition root"). incidentd and incidentctl both read it here.
//
// Who parses what: each section belongs to the library that uses it, which defines its
// settings struct (whose initializers are the defaults), the section's default tree and
// its parser:
//
//   storage                           incidents_storage_settings    (storage_settings.h)
//   http, auth                        incidents_http_settings       (http_settings.h)
//   scheduler                         incidents_scheduler_settings  (scheduler_settings.h)
//   notifications                     incidents_notifications_settings (notification_settings.h)
//   calendar, sla, workflow, reports  incidents_engine              (calendar_section.h, ...)
//   listen, database, demo_file,      this library: incidentd's own keys (IncidentdConfig's
//   public_url, shutdown_grace_ms,    initializers; `listen` and `log.format` feed the HTTP
//   log.level, log.format, log.stream settings, `public_url` the dispatcher's)
//
// This library only gathers the defaults into one tree, lays the file and --set over it,
// and hands each section to its parser. config/incidentd.json is DefaultConfigTree()
// (scripts/regenerate-config writes it; a test holds them equal).

#include <string>
#include <vector>

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/report_draft.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/status.h"
#include "incidents/engine/workflow_settings.h"
#include "incidents/http/http_settings.h"
#include "incidents/notifications/notification_settings.h"
#include "incidents/scheduler/scheduler_settings.h"
#include "incidents/storage/storage_settings.h"

namespace incidents::config {

// Read when --config is not given (and then only if it exists): the installed
// /etc/datashare-incidents/incidentd.json, or the source tree's config/incidentd.json
// (install_layout.h), wherever the binary is started from.
std::string DefaultConfigPath();

struct IncidentdConfig {
  // incidentd's own keys.
  std::string listen = http::DefaultListen();  // HOST:PORT, also parsed into http.host and http.port
  std::string database{storage::kDefaultDatabaseUrl};
  std::string demo_file = "config/demo-directory.csv";
  std::string public_url = notifications::DispatcherSettings{}.public_url;  // also in notifications.dispatcher
  std::string log_level = "info";  // trace, debug, info, warn, error; log.format is http.log_format
  std::string log_stream = "stderr";  // log.stream: stderr or stdout (journald reads either)
  int shutdown_grace_ms = 10000;

  // The sections, each parsed by the library that owns it.
  storage::StorageOptions storage;
  http::ApiServerOptions http;  // "http" and "auth", with `listen` and `log.format`
  engine::WorkflowSettings workflow;
  engine::CalendarRules calendar;
  engine::SlaTargets sla = engine::DefaultSlaTargets();
  scheduler::SchedulerSettings scheduler;
  notifications::NotificationSettings notifications;
  engine::ReportDraftSettings report_drafts;  // "reports": the scheduled drafts (issue 16.4)
};

// Every key with its default, gathered from the owners' defaults.
engine::JsonValue DefaultConfigTree();

// DefaultConfigTree() with `path` and `overrides` laid over it (config_tree.h): the
// effective tree, which --print-config shows.
engine::Result<engine::JsonValue> LoadConfigTree(const std::string& path, bool required,
                                                 const std::vector<std::string>& overrides);

// Hands each section of `tree` to its parser. InvalidValue naming the dotted key of the
// first bad value ("config: 'notifications.retry.max_attempts' must be between 1 and
// 1000, not 0"); the message never contains a secret's value. The relative paths of the
// files read at start (http.web_root, notifications.templates_dir,
// workflow.regulation.file, demo_file) come back resolved against the data directory
// (InstallLayout::Here(), install_layout.h).
engine::Result<IncidentdConfig> ParseConfig(const engine::JsonValue& tree);

// LoadConfigTree, then ParseConfig.
engine::Result<IncidentdConfig> LoadConfig(const std::string& path, bool required,
                                           const std::vector<std::string>& overrides);

// `tree` as canonical JSON with every secret that is set shown as "***" (--print-config).
std::string PrintableConfig(const engine::JsonValue& tree);

}  // namespace incidents::config
