#pragma once
// The narrow interface to the data-request Boost.MSM machine, so that only
// data_request_machine.cpp pays MSM's compile cost.

#include "incidents/engine/actor.h"
#include "incidents/engine/command.h"
#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::workflows::detail {

struct DataRequestInput {
  const engine::Ticket& current;
  const engine::Command& command;
  const engine::Actor& actor;
  engine::Timestamp at;
  const engine::WorkflowSettings& settings;
  bool check_only = false;  // the caller needs only ok or the error, not the next ticket
};

// Restores a machine to current.state, fires the command, and reports the outcome.
engine::Result<engine::Decision> RunDataRequestMachine(const DataRequestInput& input);

// The transition table, read from the machine's own rows.
engine::WorkflowTable ExportDataRequestTable();

}  // namespace incidents::workflows::detail
