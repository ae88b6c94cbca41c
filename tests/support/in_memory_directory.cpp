#include "in_memory_directory.h"

#include <algorithm>
#include <tuple>

#include "incidents/engine/ticket_event.h"  // kGenesisHash

namespace incidents::testing {

using namespace incidents::engine;

void InMemoryDirectory::AddOrg(Org org) {
  std::lock_guard<std::mutex> lock(mu_);
  state_.orgs[org.id] = std::move(org);
}

void InMemoryDirectory::AddUser(User user) {
  std::lock_guard<std::mutex> lock(mu_);
  state_.users[user.username] = std::move(user);
}

std::int64_t InMemoryDirectory::AddFocalPoint(FocalPoint term) {
  std::lock_guard<std::mutex> lock(mu_);
  if (term.id == 0) term.id = state_.next_term_id++;
  state_.next_term_id = std::max(state_.next_term_id, term.id + 1);
  const std::int64_t id = term.id;
  state_.terms[id] = std::move(term);
  return id;
}

Result<std::optional<Org>> InMemoryDirectory::FindOrg(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = state_.orgs.find(id);
  if (it == state_.orgs.end()) return std::optional<Org>();
  return std::optional<Org>(it->second);
}

Result<std::optional<User>> InMemoryDirectory::FindUser(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = state_.users.find(username);
  if (it == state_.users.end()) return std::optional<User>();
  return std::optional<User>(it->second);
}

Result<std::vector<Org>> InMemoryDirectory::ListOrgs() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Org> out;
  for (const auto& [id, org] : state_.orgs) out.push_back(org);
  return out;
}

Result<std::vector<User>> InMemoryDirectory::ListUsers() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<User> out;
  for (const auto& [name, user] : state_.users) out.push_back(user);
  return out;
}

Result<std::vector<FocalPoint>> InMemoryDirectory::ListFocalPoints(const std::string& org) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<FocalPoint> out;
  for (const auto& [id, t] : state_.terms)
    if (org.empty() || t.org == org) out.push_back(t);
  // By org, focal before deputy, then start (as the SQL stores order them).
  std::sort(out.begin(), out.end(), [](const FocalPoint& a, const FocalPoint& b) {
    return std::tie(a.org, a.role, a.since, a.id) < std::tie(b.org, b.role, b.since, b.id);
  });
  return out;
}

Result<FocalPointList> InMemoryDirectory::GetFocalPointList() {
  std::lock_guard<std::mutex> lock(mu_);
  return state_.list;
}

Result<std::vector<DirectoryEvent>> InMemoryDirectory::ListDirectoryEvents(std::int64_t after_seq, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DirectoryEvent> out;
  for (const DirectoryEvent& e : state_.events) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (e.seq > after_seq) out.push_back(e);
  }
  return out;
}

Result<std::int64_t> InMemoryDirectory::DirectoryHead() {
  std::lock_guard<std::mutex> lock(mu_);
  return state_.events.empty() ? std::int64_t{0} : state_.events.back().seq;
}

Result<std::optional<PasswordReset>> InMemoryDirectory::FindPasswordReset(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = state_.resets.find(token_hash);
  if (it == state_.resets.end()) return std::optional<PasswordReset>();
  return std::optional<PasswordReset>(it->second);
}

Status InMemoryDirectory::Apply(State& s, const DirectoryChange& change, std::vector<std::int64_t>& assigned) {
  const std::int64_t head = s.events.empty() ? 0 : s.events.back().seq;
  if (head != change.expected_head)
    return Status::VersionConflict("the directory history is at event " + std::to_string(head) + ", not " +
                                   std::to_string(change.expected_head));
  for (const Org& o : change.orgs) s.orgs[o.id] = o;
  for (const User& u : change.users) {
    if (u.username == "system") return Status::InvalidValue("the username 'system' is reserved for the engine");
    if (!s.orgs.count(u.org)) return Status::InvalidValue("user " + u.username + ": unknown org '" + u.org + "'");
    s.users[u.username] = u;
  }
  for (FocalPoint t : change.focal_points) {
    const std::string what = "focal point term of org " + t.org;
    if (!s.orgs.count(t.org)) return Status::InvalidValue(what + ": unknown org");
    if (!s.users.count(t.username)) return Status::InvalidValue(what + ": unknown user '" + t.username + "'");
    if (t.id == 0) assigned.push_back(t.id = s.next_term_id++);
    else if (!s.terms.count(t.id))
      return Status::InvalidValue("focal point term " + std::to_string(t.id) + " does not exist");
    s.terms[t.id] = t;
  }
  if (change.list) s.list = *change.list;
  for (const std::string& used : change.used_resets) s.resets.erase(used);
  for (const PasswordReset& r : change.new_resets) {
    if (!s.users.count(r.username))
      return Status::InvalidValue("set-password link: unknown user '" + r.username + "'");
    for (auto it = s.resets.begin(); it != s.resets.end();)  // one live link a user
      it = it->second.username == r.username ? s.resets.erase(it) : std::next(it);
    if (!s.resets.emplace(r.token_hash, r).second) return Status::Conflict("set-password link exists");
  }
  for (const auto& r : change.revoke_sessions) s.revoked.push_back(r);
  std::string prev = s.events.empty() ? std::string(kGenesisHash) : s.events.back().hash;
  std::int64_t seq = head;
  for (DirectoryEvent e : change.events) {
    e.seq = ++seq;
    e.prev_hash = prev;
    e.hash = ComputeDirectoryEventHash(e);
    prev = e.hash;
    s.events.push_back(std::move(e));
  }
  ++s.commits;
  return {};
}

Status InMemoryDirectory::Commit(const DirectoryChange& change) {
  std::lock_guard<std::mutex> lock(mu_);
  State next = state_;  // all or nothing
  std::vector<std::int64_t> assigned;
  if (Status st = Apply(next, change, assigned); !st.ok()) return st;
  if (change.answer) {
    if (!idempotency_) return Status::Internal("a commit carries an Idempotency-Key answer but no store is attached");
    const IdempotencyCompletion done = change.answer->Rendered(assigned);
    if (Status st = idempotency_->Complete(done.username, done.key, done.claim, done.response); !st.ok()) return st;
  }
  state_ = std::move(next);
  return {};
}

std::vector<DirectoryChange::Revoke> InMemoryDirectory::revoked_sessions() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_.revoked;
}

int InMemoryDirectory::commits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_.commits;
}

}  // namespace incidents::testing
