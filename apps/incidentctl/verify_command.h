#pragma once
// `incidentctl verify`: checks the directory history's hash chain, and every ticket's hash
// chain and replay against its stored snapshot. Prints one line per bad ticket (the first
// bad event named) and a summary.

#include <iosfwd>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/engine/workflow.h"

namespace incidents::apps {

// Returns the process exit code: 0 all verified, 1 a mismatch, 2 the store failed. Each
// ticket is replayed through the one of `workflows` its history opened.
int RunVerify(engine::TicketStore& store, engine::Directory& directory,
              const std::vector<const engine::Workflow*>& workflows, std::ostream& out, std::ostream& err);

}  // namespace incidents::apps
