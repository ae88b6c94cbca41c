#include "incidents/config/incidentd_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "incidents/config/config_tree.h"
#include "incidents/config/install_layout.h"
#include "incidents/engine/calendar_section.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/config_section.h"
#include "incidents/engine/regulation.h"
#include "incidents/engine/report_draft_section.h"
#include "incidents/engine/sla_section.h"
#include "incidents/engine/workflow_section.h"

namespace incidents::config {

using engine::JsonValue;
using engine::Status;

namespace {

using O = JsonValue::Object;

// The section `name` of the tree; absent reads as empty (every key at its default).
const JsonValue& Section(const JsonValue& tree, const char* name) {
  static const JsonValue kAbsent;
  const JsonValue* section = tree.Find(name);
  return section ? *section : kAbsent;
}

template <typename T>
Status Take(engine::Result<T> parsed, T& into) {
  if (!parsed.ok()) return parsed.status();
  into = std::move(parsed.value());
  return {};
}

// incidentd's own keys: the top level and "log".
Status ParseOwnKeys(const JsonValue& tree, IncidentdConfig& c) {
  engine::ConfigSection top(tree, "");
  if (auto v = top.String("listen")) c.listen = *v;
  if (auto v = top.String("database")) c.database = *v;
  if (auto v = top.String("demo_file")) c.demo_file = *v;
  if (auto v = top.String("public_url")) c.public_url = *v;
  if (auto v = top.Int("shutdown_grace_ms", 0, 600000)) c.shutdown_grace_ms = static_cast<int>(*v);
  if (auto v = top.OneOf("log.level", {"trace", "debug", "info", "warn", "error"})) c.log_level = *v;
  if (auto v = top.OneOf("log.format", {"text", "json"})) c.http.log_format = *v;
  if (auto v = top.OneOf("log.stream", {"stderr", "stdout"})) c.log_stream = *v;
  if (top.ok())
    if (Status st = http::ParseListen(c.listen, c.http.host, c.http.port); !st.ok()) top.Fail("listen", st.message());
  return top.status();
}

}  // namespace

JsonValue DefaultConfigTree() {
  const IncidentdConfig d;
  return O{
      {"listen", d.listen},
      {"database", d.database},
      {"demo_file", d.demo_file},
      {"public_url", d.public_url},
      {"shutdown_grace_ms", d.shutdown_grace_ms},
      {"log", O{{"level", d.log_level}, {"format", d.http.log_format}, {"stream", d.log_stream}}},
      {storage::kStorageSection, storage::DefaultStorageSection()},
      {http::kHttpSection, http::DefaultHttpSection()},
      {http::kAuthSection, http::DefaultAuthSection()},
      {engine::kWorkflowSection, engine::DefaultWorkflowSection()},
      {engine::kCalendarSection, engine::DefaultCalendarSection()},
      {engine::kSlaSection, engine::DefaultSlaSection()},
      {scheduler::kSchedulerSection, scheduler::DefaultSchedulerSection()},
      {notifications::kNotificationsSection, notifications::DefaultNotificationsSection()},
      {engine::kReportsSection, engine::DefaultReportsSection()},
  };
}

engine::Result<JsonValue> LoadConfigTree(const std::string& path, bool required,
                                         const std::vector<std::string>& overrides) {
  return ReadConfigTree(DefaultConfigTree(), path, required, overrides);
}

namespace {

// workflow.regulation.file, read and checked (regulation.h); an unset path loads nothing
// (CheckAuthorities refuses that where the workflow runs).
Status LoadRegulation(engine::WorkflowSettings& settings) {
  if (settings.regulation_file.find_first_not_of(" \t") == std::string::npos) return {};
  const std::string& path = settings.regulation_file;
  // A regular file of sensible size: not a device or a FIFO that would never end.
  constexpr std::uintmax_t kMaxBytes = 4 << 20;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) > kMaxBytes || ec)
    return Status::InvalidValue("cannot read the regulation file " + path +
                                " (workflow.regulation.file): not a regular file of at most 4 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidValue("cannot read the regulation file " + path + " (workflow.regulation.file)");
  std::stringstream text;
  text << in.rdbuf();
  auto json = engine::ParseJson(text.str());
  if (!json.ok()) return Status::InvalidValue("regulation file " + path + ": " + json.status().message());
  auto regulation = engine::Regulation::FromJson(json.value());
  if (!regulation.ok()) return Status::InvalidValue(regulation.status().message() + " (in " + path + ")");
  settings.citations = std::move(regulation.value());
  return {};
}

}  // namespace

std::string DefaultConfigPath() { return InstallLayout::Here().default_config; }

engine::Result<IncidentdConfig> ParseConfig(const JsonValue& tree) {
  IncidentdConfig c;
  Status st;
  if (!(st = Take(storage::ParseStorageSection(Section(tree, storage::kStorageSection)), c.storage)).ok() ||
      !(st = Take(http::ParseHttpSettings(Section(tree, http::kHttpSection), Section(tree, http::kAuthSection)),
                  c.http)).ok() ||
      !(st = ParseOwnKeys(tree, c)).ok() ||  // after the HTTP sections: fills http.host, .port, .log_format
      !(st = Take(engine::ParseWorkflowSection(Section(tree, engine::kWorkflowSection)), c.workflow)).ok() ||
      !(st = Take(engine::ParseCalendarSection(Section(tree, engine::kCalendarSection)), c.calendar)).ok() ||
      !(st = Take(engine::ParseSlaSection(Section(tree, engine::kSlaSection), c.calendar), c.sla)).ok() ||
      !(st = Take(scheduler::ParseSchedulerSection(Section(tree, scheduler::kSchedulerSection)), c.scheduler)).ok() ||
      !(st = Take(notifications::ParseNotificationsSection(Section(tree, notifications::kNotificationsSection)),
                  c.notifications)).ok() ||
      !(st = Take(engine::ParseReportsSection(Section(tree, engine::kReportsSection)), c.report_drafts)).ok())
    return st;
  // The files read at start are found from the executable, not the working directory.
  const InstallLayout& layout = InstallLayout::Here();
  c.demo_file = layout.Resolve(c.demo_file);
  c.http.web_root = layout.Resolve(c.http.web_root);
  c.notifications.templates_dir = layout.Resolve(c.notifications.templates_dir);
  c.workflow.regulation_file = layout.Resolve(c.workflow.regulation_file);
  if (!(st = LoadRegulation(c.workflow)).ok()) return st;
  c.notifications.dispatcher.public_url = c.public_url;
  c.http.public_url = c.public_url;  // set-password links
  return c;
}

engine::Result<IncidentdConfig> LoadConfig(const std::string& path, bool required,
                                           const std::vector<std::string>& overrides) {
  auto tree = LoadConfigTree(path, required, overrides);
  if (!tree.ok()) return tree.status();
  return ParseConfig(tree.value());
}

std::string PrintableConfig(const JsonValue& tree) {
  JsonValue shown = tree;
  for (std::string_view key : notifications::kNotificationSecretKeys) {
    JsonValue* node = &shown;
    std::string path = std::string(notifications::kNotificationsSection) + "." + std::string(key);
    std::size_t pos = 0;
    while (node != nullptr) {
      const std::size_t dot = path.find('.', pos);
      const std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
      if (!node->is_object()) {
        node = nullptr;
        break;
      }
      auto it = node->as_object().find(part);
      node = it == node->as_object().end() ? nullptr : &it->second;
      if (dot == std::string::npos) break;
      pos = dot + 1;
    }
    if (node != nullptr && node->is_string() && !node->as_string().empty()) *node = JsonValue("***");
  }
  return engine::ToCanonicalJson(shown);
}

}  // namespace incidents::config
