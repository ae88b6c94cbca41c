#include "incidents/engine/workflow_section.h"

#include "incidents/engine/config_section.h"

namespace incidents::engine {

namespace {
constexpr std::chrono::hours kDay{24};

const char* SignoffName(EscalationSignoff s) { return s == EscalationSignoff::kDirector ? "director" : "none"; }
}  // namespace

JsonValue DefaultWorkflowSection() {
  const WorkflowSettings defaults;
  return JsonValue::Object{{"doict_org", defaults.doict_org},
                           {"chairman_office_org", defaults.chairman_office_org},
                           {"reopen_window_days", static_cast<std::int64_t>(defaults.reopen_window / kDay)},
                           {"escalation_signoff", SignoffName(defaults.escalation_signoff)},
                           {"chairman_may_return", defaults.chairman_may_return}};
}

Result<WorkflowSettings> ParseWorkflowSection(const JsonValue& section) {
  ConfigSection s(section, kWorkflowSection);
  WorkflowSettings settings;
  if (auto v = s.NonEmptyString("doict_org")) settings.doict_org = *v;
  if (auto v = s.NonEmptyString("chairman_office_org")) settings.chairman_office_org = *v;
  if (auto v = s.Int("reopen_window_days", 0, 3650)) settings.reopen_window = kDay * *v;
  if (auto v = s.OneOf("escalation_signoff", {"none", "director"}))
    settings.escalation_signoff = *v == "director" ? EscalationSignoff::kDirector : EscalationSignoff::kNone;
  if (auto v = s.Bool("chairman_may_return")) settings.chairman_may_return = *v;
  if (!s.ok()) return s.status();
  return settings;
}

}  // namespace incidents::engine
