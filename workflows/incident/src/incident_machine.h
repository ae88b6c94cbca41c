#pragma once
// The narrow interface to the Boost.MSM machine, so that only incident_machine.cpp pays
// MSM's compile cost.

#include "incidents/engine/actor.h"
#include "incidents/engine/command.h"
#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::workflows::detail {

struct MachineInput {
  const engine::Ticket& current;
  const engine::Command& command;
  const engine::Actor& actor;
  engine::Timestamp at;
  const engine::WorkflowSettings& settings;
};

// Restores a machine to current.state, fires the command, and reports the outcome.
engine::Result<engine::Decision> RunIncidentMachine(const MachineInput& input);

// The transition table, read from the machine's own rows.
engine::WorkflowTable ExportIncidentTable(const engine::WorkflowSettings& settings);

// The article of Decision 57/2020/QĐ-UBND that authorises an event.
const char* LegalBasis(engine::EventType type);

}  // namespace incidents::workflows::detail
