#include "incidents/engine/workflow_section.h"

#include <utility>

#include "incidents/engine/config_section.h"

namespace incidents::engine {

namespace {
constexpr std::chrono::hours kDay{24};

const char* SignoffName(EscalationSignoff s) { return s == EscalationSignoff::kDirector ? "director" : "none"; }
}  // namespace

JsonValue DefaultWorkflowSection() {
  const WorkflowSettings defaults;
  return JsonValue::Object{
      {"doict_org", defaults.doict_org},
      {"chairman_office_org", defaults.chairman_office_org},
      {"ministry_org", defaults.ministry_org},
      {"province", defaults.province},
      {"regulation", JsonValue::Object{{"vi", defaults.regulation_vi},
                                       {"en", defaults.regulation_en},
                                       {"file", defaults.regulation_file}}},
      {"reopen_window_days", static_cast<std::int64_t>(defaults.reopen_window / kDay)},
      {"escalation_signoff", SignoffName(defaults.escalation_signoff)},
      {"chairman_may_return", defaults.chairman_may_return}};
}

Result<WorkflowSettings> ParseWorkflowSection(const JsonValue& section) {
  ConfigSection s(section, kWorkflowSection);
  WorkflowSettings settings;
  if (auto v = s.String("doict_org")) settings.doict_org = *v;
  if (auto v = s.String("chairman_office_org")) settings.chairman_office_org = *v;
  if (auto v = s.String("ministry_org")) settings.ministry_org = *v;
  if (auto v = s.String("province")) settings.province = *v;
  if (auto v = s.String("regulation.vi")) settings.regulation_vi = *v;
  if (auto v = s.String("regulation.en")) settings.regulation_en = *v;
  if (auto v = s.String("regulation.file")) settings.regulation_file = *v;
  if (auto v = s.Int("reopen_window_days", 0, 3650)) settings.reopen_window = kDay * *v;
  if (auto v = s.OneOf("escalation_signoff", {"none", "director"}))
    settings.escalation_signoff = *v == "director" ? EscalationSignoff::kDirector : EscalationSignoff::kNone;
  if (auto v = s.Bool("chairman_may_return")) settings.chairman_may_return = *v;
  if (!s.ok()) return s.status();
  return settings;
}

Status CheckAuthorities(const WorkflowSettings& settings) {
  const std::pair<const char*, const std::string*> required[] = {
      {"doict_org", &settings.doict_org},
      {"chairman_office_org", &settings.chairman_office_org},
      {"ministry_org", &settings.ministry_org},
      {"province", &settings.province},
      {"regulation.vi", &settings.regulation_vi},
      {"regulation.en", &settings.regulation_en},
      {"regulation.file", &settings.regulation_file},
  };
  for (const auto& [key, value] : required) {
    if (value->find_first_not_of(" \t") == std::string::npos)
      return Status::InvalidValue(std::string("config: '") + kWorkflowSection + "." + key +
                                  "' is not set: every province names its own authorities (config/README.md)");
  }
  if (!settings.citations)
    return Status::InvalidValue(std::string("config: '") + kWorkflowSection +
                                ".regulation.file' was not loaded: the events cite its articles (config/regulations/)");
  return Status::Ok();
}

}  // namespace incidents::engine
