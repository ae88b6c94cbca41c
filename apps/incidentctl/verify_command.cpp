#include "verify_command.h"

#include <ostream>

#include "incidents/engine/audit_chain.h"

namespace incidents::apps {

int RunVerify(engine::TicketStore& store, const engine::Workflow& workflow, std::ostream& out, std::ostream& err) {
  auto ids = store.ListTicketIds();
  if (!ids.ok()) {
    err << "incidentctl: cannot list tickets: " << ids.status().ToString() << "\n";
    return 2;
  }
  int bad = 0;
  for (const auto& id : ids.value()) {
    engine::Status st = engine::VerifyTicket(store, workflow, id);
    if (st.ok()) continue;
    if (st.code() != engine::ErrorCode::kCorruption) {
      err << "incidentctl: cannot read ticket " << id << ": " << st.ToString() << "\n";
      return 2;
    }
    out << "FAIL ticket " << id << ": " << st.message() << "\n";
    ++bad;
  }
  if (bad > 0) {
    out << bad << " of " << ids->size() << " tickets failed verification\n";
    return 1;
  }
  out << "OK: " << ids->size() << " tickets verified (hash chains and replay)\n";
  return 0;
}

}  // namespace incidents::apps
