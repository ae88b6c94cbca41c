// Template rendering with hostile variables: the shipped templates (config/templates),
// every event type, filled with whatever a ticket's title, a payload text or a directory
// name may hold. The first byte picks the template (locale and event type, as `command`
// picks its event type: one render per execution); the rest is the values, separated by NUL
// bytes, in MessageVars' member order, then `link`. Invariants: the template renders; the
// subject is one line (a line break in a value must not inject a mail header); the body
// ends with a line break.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "incidents/engine/domain.h"
#include "incidents/notifications/message_vars.h"
#include "incidents/notifications/templates.h"
#include "incidents/workflows/incident_workflow.h"

using namespace incidents;

namespace {

// The events that have templates: the incident workflow's (incidentd requires those).
std::vector<std::string> EventTypes() {
  std::vector<std::string> out;
  for (engine::EventType e : workflows::kIncidentEventTypes) out.emplace_back(engine::ToString(e));
  return out;
}

const notifications::TemplateSet& Templates(const char* locale) {
  static const auto load = [](const char* l) {
    auto set = notifications::TemplateSet::Load(INCIDENTS_SOURCE_DIR "/config/templates", l, EventTypes());
    if (!set.ok()) {
      std::fprintf(stderr, "templates: %s\n", set.status().message().c_str());
      std::abort();
    }
    return set.value();
  };
  static const notifications::TemplateSet vi = load("vi"), en = load("en");
  return std::string_view(locale) == "vi" ? vi : en;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const std::vector<std::string> events = EventTypes();
  const std::size_t pick = data[0] % (2 * events.size());
  const char* locale = pick < events.size() ? "vi" : "en";
  const std::string& event = events[pick % events.size()];
  std::map<std::string, std::string> vars;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto next = [&] {
    const std::size_t nul = rest.find('\0');
    std::string value(rest.substr(0, nul));
    rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
    return value;
  };
  for (const auto& [name, member] : notifications::MessageVars::kMembers) vars[std::string(name)] = next();
  vars["link"] = next();
  auto r = Templates(locale).Render(event, vars);
  FUZZ_CHECK(r.ok());
  FUZZ_CHECK(r->subject.find_first_of("\r\n") == std::string::npos);
  FUZZ_CHECK(!r->body.empty() && r->body.back() == '\n');
  return 0;
}
