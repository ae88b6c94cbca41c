#include "incidents/engine/case_clocks.h"

#include <utility>

namespace incidents::engine {

namespace {

constexpr std::pair<TimerKind, std::string_view> kTimerNames[] = {
    {TimerKind::kAckLevel1, "ack_1"},
    {TimerKind::kAckLevel2, "ack_2"},
    {TimerKind::kResolveLevel1, "resolve_1"},
    {TimerKind::kResolveLevel2, "resolve_2"},
    {TimerKind::kAutoClose, "auto_close"},
    {TimerKind::kDecisionLevel1, "decision_1"},
    {TimerKind::kDecisionLevel2, "decision_2"},
    {TimerKind::kConsultation, "consultation"},
};

}  // namespace

std::string_view ToString(TimerKind k) {
  for (const auto& [kind, name] : kTimerNames)
    if (kind == k) return name;
  return "?";
}

std::optional<TimerKind> ParseTimerKind(std::string_view s) {
  for (const auto& [kind, name] : kTimerNames)
    if (name == s) return kind;
  return std::nullopt;
}

const DueTimer* EarliestDue(const std::vector<DueTimer>& timers, Timestamp now) {
  const DueTimer* best = nullptr;
  for (const DueTimer& timer : timers)
    if (timer.due <= now && (!best || timer.due < best->due)) best = &timer;
  return best;
}

}  // namespace incidents::engine
