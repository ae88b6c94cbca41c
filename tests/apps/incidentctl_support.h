#pragma once
// What the incidentctl tests share: the real binary run with arguments, and SQLite files
// with the demo directory and tickets written through the real store.

#include <string>
#include <vector>

#include "manual_clock.h"
#include "incidents/engine/ticket_service.h"
#include "run_command.h"

namespace incidents::testing {

// incidentctl (INCIDENTCTL_PATH) with `args`, run through the shell.
CommandRun Incidentctl(const std::string& args);

// Reports a ticket, acknowledges it and comments on it; its id.
std::string ReportOne(engine::TicketService& service, ManualClock& clock, const std::string& title);

// A database at `path` with the demo directory and `n` tickets ("Sai lệch dữ liệu 0", ...);
// their ids.
std::vector<std::string> MakeDatabase(const std::string& path, int n);

}  // namespace incidents::testing
