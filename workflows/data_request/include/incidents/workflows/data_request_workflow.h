#pragma once
// DataRequestWorkflow: requests to use the province's shared data (Decision 57/2020/QĐ-UBND,
// Art. 12-13), implemented as a Boost.MSM machine like the incident workflow, on the same
// engine: the same tickets, store, audit chain, outbox and timers.
//
// A person or business asks DoICT (Art. 13.1); an outside agency asks through the National
// Data Portal and DoICT records it with the portal's reference (Art. 12.1b). DoICT screens
// the request, consults the units concerned (13.2a), and decides (13.2b); for an outside
// agency a grant needs the agreement of the units that manage the data (12.2). What exceeds
// DoICT's authority, or where they cannot agree, goes to the Chairman (12.2, 13.2b).
//
// Immutable after construction; all methods are thread-safe (each call runs its own
// machine instance).

#include <array>

#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::workflows {

inline constexpr const auto& kDataRequestWorkflowName = engine::kDataRequestWorkflow;

// The states and events of the workflow; its table uses exactly these (a test holds it to that).
inline constexpr std::array kDataRequestStates = {
    engine::State::kSubmitted,        engine::State::kScreening,         engine::State::kWaitingReporter,
    engine::State::kConsulting,       engine::State::kAwaitingAgreement, engine::State::kAwaitingChairman,
    engine::State::kGranted,          engine::State::kPartiallyGranted,  engine::State::kRefused,
    engine::State::kWithdrawn,        engine::State::kClosed};
inline constexpr std::array kDataRequestEventTypes = {
    engine::EventType::kSubmit,      engine::EventType::kScreen,           engine::EventType::kRequestInfo,
    engine::EventType::kProvideInfo, engine::EventType::kConsult,          engine::EventType::kGiveOpinion,
    engine::EventType::kAgree,       engine::EventType::kDisagree,         engine::EventType::kDecide,
    engine::EventType::kEscalateChairman, engine::EventType::kWithdraw,    engine::EventType::kClose,
    engine::EventType::kComment,     engine::EventType::kSlaBreach};

class DataRequestWorkflow final : public engine::Workflow {
 public:
  explicit DataRequestWorkflow(engine::WorkflowSettings settings = {});

  engine::Result<engine::Decision> Decide(const engine::Ticket& current, const engine::Command& command,
                                          const engine::Actor& actor, engine::Timestamp at) const override;
  engine::Status Check(const engine::Ticket& current, engine::EventType type, const engine::Actor& actor,
                       engine::Timestamp at) const override;
  const engine::WorkflowTable& Table() const override { return table_; }
  const engine::WorkflowCatalog& Catalog() const override;
  const engine::WorkflowSettings& settings() const override { return settings_; }

 private:
  engine::WorkflowSettings settings_;
  engine::WorkflowTable table_;
};

}  // namespace incidents::workflows
