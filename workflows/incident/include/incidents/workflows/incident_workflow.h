#pragma once
// IncidentWorkflow: the incident workflow of spec/WORKFLOW.md (Decision 57/2020/QĐ-UBND,
// Chapter V), implemented as a Boost.MSM machine. Immutable after construction; all
// methods are thread-safe (each call runs its own machine instance).

#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::workflows {

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
