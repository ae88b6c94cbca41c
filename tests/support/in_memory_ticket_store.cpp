#include "in_memory_ticket_store.h"

#include <algorithm>

#include "incidents/engine/ticket_search.h"

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
  } else if (it == tickets_.end() || it->second.version != c.expected_version) {
    return Status::VersionConflict("ticket " + c.snapshot.id + " changed");
  }
  if (c.confirms) {
    auto held = public_requests_.find(*c.confirms);
    if (held == public_requests_.end() || held->second.ticket_id)
      return Status::Conflict("the public request is already filed, or there is none");
  }
  if (c.idempotency) {
    if (!idempotency_) return Status::Internal("a commit carries an Idempotency-Key answer but no store is attached");
    const IdempotencyCompletion& k = *c.idempotency;
    if (Status st = idempotency_->Complete(k.username, k.key, k.claim, k.response); !st.ok()) return st;
  }
  if (c.confirms) public_requests_[*c.confirms].ticket_id = c.snapshot.id;
  if (c.expected_version == 0) order_.push_back(c.snapshot.id);
  tickets_[c.snapshot.id] = c.snapshot;
  if (c.figures) figures_[c.snapshot.id] = *c.figures;
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

Result<TicketPage> InMemoryTicketStore::ListTickets(const TicketQuery& q) {
  std::lock_guard lock(mu_);
  TicketPage page;
  const std::vector<std::string> terms = q.text ? SearchTermsOf(*q.text) : std::vector<std::string>{};
  // Position = index in creation order + 1.
  std::int64_t pos = q.before ? std::min<std::int64_t>(*q.before - 1, std::int64_t(order_.size()))
                              : std::int64_t(order_.size());
  for (; pos >= 1; --pos) {
    const Ticket& t = tickets_.at(order_[std::size_t(pos - 1)]);
    auto involves = [&](const std::string& org) { return t.reporter_org == org || t.HasParty(org); };
    if (q.workflow && t.workflow != *q.workflow) continue;
    if (q.state && t.state != *q.state) continue;
    if (q.category && t.category != *q.category) continue;
    if (q.priority && t.priority != *q.priority) continue;
    if (q.org && !involves(*q.org)) continue;
    if (q.visible_to && !involves(*q.visible_to)) continue;
    if (q.assignee && t.assignee != q.assignee) continue;
    if (q.created_from && t.created_at < *q.created_from) continue;
    if (q.created_to && t.created_at >= *q.created_to) continue;
    if ((q.resolved_from || q.resolved_to) && !t.resolved_at) continue;
    if (q.resolved_from && *t.resolved_at < *q.resolved_from) continue;
    if (q.resolved_to && *t.resolved_at >= *q.resolved_to) continue;
    if (!terms.empty()) {
      std::string text = SearchHeadOf(t);
      for (const TicketEvent& e : events_.at(t.id))
        if (auto comment = SearchTextOf(e)) text += "\n" + *comment;
      if (!MatchesSearchTerms(terms, text)) continue;
    }
    if (static_cast<int>(page.items.size()) == q.limit) {
      page.next = pos + 1;
      break;
    }
    page.items.push_back(t);
  }
  return page;
}

Result<std::vector<std::pair<State, std::int64_t>>> InMemoryTicketStore::CountByState() {
  std::lock_guard lock(mu_);
  std::map<State, std::int64_t> counts;
  for (const auto& [id, t] : tickets_) counts[t.state]++;
  return std::vector<std::pair<State, std::int64_t>>(counts.begin(), counts.end());
}

TicketEvent& InMemoryTicketStore::MutableEvent(const std::string& id, std::size_t index) {
  std::lock_guard lock(mu_);
  return events_.at(id).at(index);
}

Status InMemoryTicketStore::CreatePublicRequest(const PublicRequest& request, const OutboxRow& mail) {
  std::lock_guard lock(mu_);
  if (public_requests_.count(request.code)) return Status::Conflict("public request code exists");
  public_requests_[request.code] = request;
  public_mails_.push_back(mail);
  return {};
}

Result<PublicRequest> InMemoryTicketStore::FindPublicRequest(const std::string& code) {
  std::lock_guard lock(mu_);
  auto it = public_requests_.find(code);
  if (it == public_requests_.end()) return Status::NotFound("no public request");
  return it->second;
}

Result<std::int64_t> InMemoryTicketStore::CountPublicRequestsByEmail(const std::string& email_hash, Timestamp since) {
  std::lock_guard lock(mu_);
  return static_cast<std::int64_t>(std::count_if(public_requests_.begin(), public_requests_.end(), [&](const auto& r) {
    return r.second.email_hash == email_hash && r.second.created_at >= since;
  }));
}

Result<std::int64_t> InMemoryTicketStore::CountPublicRequestsByClient(const std::string& client_hash, Timestamp since) {
  std::lock_guard lock(mu_);
  return static_cast<std::int64_t>(std::count_if(public_requests_.begin(), public_requests_.end(), [&](const auto& r) {
    return r.second.client_hash == client_hash && r.second.created_at >= since;
  }));
}

Result<std::int64_t> InMemoryTicketStore::PurgeExpiredPublicRequests(Timestamp now) {
  std::lock_guard lock(mu_);
  std::int64_t n = 0;
  for (auto it = public_requests_.begin(); it != public_requests_.end();) {
    if (!it->second.ticket_id && it->second.expires_at < now) {
      it = public_requests_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

std::vector<OutboxRow> InMemoryTicketStore::public_mails() {
  std::lock_guard lock(mu_);
  return public_mails_;
}

engine::Status InMemoryTicketStore::ScanFigures(const engine::FiguresScan& scan,
                                               const std::function<void(const engine::TicketFigures&)>& each) {
  const auto visible = [&](const engine::TicketFigures& f) {
    return !scan.visible_to || f.reporter_org == *scan.visible_to ||
           std::find(f.parties.begin(), f.parties.end(), *scan.visible_to) != f.parties.end();
  };
  std::vector<engine::TicketFigures> rows;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, f] : figures_)
      if (f.workflow == scan.workflow && f.created_at < scan.end && (!f.closed_at || *f.closed_at >= scan.begin) &&
          visible(f))
        rows.push_back(f);
  }
  for (const auto& f : rows) each(f);
  return {};
}

engine::Result<std::vector<std::string>> InMemoryTicketStore::TicketsWithoutFigures(int limit) {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (auto it = order_.rbegin(); it != order_.rend() && static_cast<int>(out.size()) < limit; ++it)
    if (!figures_.count(*it)) out.push_back(*it);
  return out;
}

engine::Status InMemoryTicketStore::AddMissingFigures(const engine::TicketFigures& figures) {
  std::lock_guard lock(mu_);
  figures_.emplace(figures.ticket_id, figures);
  return {};
}

void InMemoryTicketStore::MakePreReports(const std::string& id) {
  std::lock_guard lock(mu_);
  figures_.erase(id);
  tickets_.at(id).tally.reset();
}

}  // namespace incidents::testing
