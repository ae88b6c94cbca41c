#pragma once
// IncidentWorkflow: the incident workflow of spec/WORKFLOW.md (Decision 57/2020/QĐ-UBND,
// Chapter V), implemented as a Boost.MSM machine. Immutable after construction; all
// methods are thread-safe (each call runs its own machine instance).

#include <array>

#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::workflows {

inline constexpr const auto& kIncidentWorkflowName = engine::kIncidentWorkflow;

// The states and events of the workflow, in the order of domain.h; its table uses exactly
// these (awaiting_director, approve_escalation, return_escalation and return_to_doict only
// under their settings).
inline constexpr std::array kIncidentStates = {
    engine::State::kReported,         engine::State::kTriage,           engine::State::kDoictFixing,
    engine::State::kPartyFixing,      engine::State::kWaitingReporter,  engine::State::kAwaitingMinistry,
    engine::State::kAwaitingDirector, engine::State::kAwaitingChairman, engine::State::kResolved,
    engine::State::kClosed,           engine::State::kRejected};
inline constexpr std::array kIncidentEventTypes = {
    engine::EventType::kReport,           engine::EventType::kAcknowledge,
    engine::EventType::kAssignDoict,      engine::EventType::kRequestPartyFix,
    engine::EventType::kRequestInfo,      engine::EventType::kProvideInfo,
    engine::EventType::kReferMinistry,    engine::EventType::kRecordMinistryConclusion,
    engine::EventType::kEscalateChairman, engine::EventType::kApproveEscalation,
    engine::EventType::kReturnEscalation, engine::EventType::kRecordChairmanDecision,
    engine::EventType::kReturnToDoict,    engine::EventType::kResolve,
    engine::EventType::kConfirm,          engine::EventType::kReopen,
    engine::EventType::kReject,           engine::EventType::kComment,
    engine::EventType::kSlaBreach,        engine::EventType::kAutoClose};

class IncidentWorkflow final : public engine::Workflow {
 public:
  explicit IncidentWorkflow(engine::WorkflowSettings settings = {});

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
