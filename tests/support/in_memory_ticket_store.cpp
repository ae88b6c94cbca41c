#include "in_memory_ticket_store.h"

namespace incidents::testing {

using namespace incidents::engine;

Result<std::int64_t> InMemoryTicketStore::AllocateTicketNumber() {
  std::lock_guard lock(mu_);
  return next_number_++;
}

Result<Ticket> InMemoryTicketStore::LoadTicket(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = tickets_.find(id);
  if (it == tickets_.end()) return Status::NotFound("no ticket '" + id + "'");
  return it->second;
}

Status InMemoryTicketStore::Commit(const TicketCommit& c) {
  std::lock_guard lock(mu_);
  auto it = tickets_.find(c.snapshot.id);
  if (c.expected_version == 0) {
    if (it != tickets_.end()) return Status::VersionConflict("ticket " + c.snapshot.id + " exists");
    order_.push_back(c.snapshot.id);
  } else if (it == tickets_.end() || it->second.version != c.expected_version) {
    return Status::VersionConflict("ticket " + c.snapshot.id + " changed");
  }
  tickets_[c.snapshot.id] = c.snapshot;
  events_[c.snapshot.id].push_back(c.event);
  return {};
}

Result<std::vector<TicketEvent>> InMemoryTicketStore::LoadHistory(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = events_.find(id);
  if (it == events_.end()) return Status::NotFound("no ticket '" + id + "'");
  return it->second;
}

Result<std::vector<std::string>> InMemoryTicketStore::ListTicketIds() {
  std::lock_guard lock(mu_);
  return order_;
}

TicketEvent& InMemoryTicketStore::MutableEvent(const std::string& id, std::size_t index) {
  std::lock_guard lock(mu_);
  return events_.at(id).at(index);
}

}  // namespace incidents::testing
