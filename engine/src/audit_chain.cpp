#include "incidents/engine/audit_chain.h"

namespace incidents::engine {

Status VerifyChain(const std::vector<TicketEvent>& events) {
  std::string prev = kGenesisHash;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TicketEvent& e = events[i];
    const std::string where = "event " + std::to_string(i + 1);
    if (e.seq != static_cast<std::int64_t>(i + 1))
      return Status::Corruption(where + ": seq is " + std::to_string(e.seq));
    if (e.prev_hash != prev) return Status::Corruption(where + ": prev_hash does not match the event before it");
    if (ComputeEventHash(e) != e.hash) return Status::Corruption(where + ": hash does not match its content");
    prev = e.hash;
  }
  return {};
}

std::string DescribeDifference(const Ticket& a, const Ticket& b) {
  std::string out;
  auto diff = [&](bool differs, const char* name) {
    if (!differs) return;
    if (!out.empty()) out += ", ";
    out += name;
  };
  diff(a.id != b.id, "id");
  diff(a.workflow != b.workflow, "workflow");
  diff(a.category != b.category, "category");
  diff(a.scope != b.scope, "scope");
  diff(a.priority != b.priority, "priority");
  diff(a.title != b.title, "title");
  diff(a.description != b.description, "description");
  diff(a.service != b.service, "service");
  diff(a.state != b.state, "state");
  diff(a.reporter != b.reporter, "reporter");
  diff(a.reporter_org != b.reporter_org, "reporter_org");
  diff(a.parties != b.parties, "parties");
  diff(a.assignee != b.assignee, "assignee");
  diff(a.version != b.version, "version");
  diff(a.created_at != b.created_at, "created_at");
  diff(a.updated_at != b.updated_at, "updated_at");
  diff(a.resume_state != b.resume_state, "resume_state");
  diff(a.resolved_at != b.resolved_at, "resolved_at");
  diff(a.sla != b.sla, "sla");
  diff(a.request != b.request, "request");
  diff(a.tally != b.tally, "tally");
  diff(a.last_hash != b.last_hash, "last_hash");
  // A member added to Ticket and not named above still counts as a difference.
  if (out.empty() && !(a == b)) out = "a member not named here (DescribeDifference needs it)";
  return out;
}

}  // namespace incidents::engine
