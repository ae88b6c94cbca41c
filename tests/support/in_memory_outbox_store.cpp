#include "in_memory_outbox_store.h"

#include <stdexcept>

namespace incidents::testing {

using namespace incidents::engine;

namespace {

bool Unfinished(const OutboxRow& r) { return r.status == DeliveryStatus::kPending || r.status == DeliveryStatus::kFailed; }

}  // namespace

std::int64_t InMemoryOutboxStore::Add(OutboxRow row) {
  std::lock_guard lock(mu_);
  row.id = next_id_++;
  rows_[row.id] = Stored{std::move(row), {}};
  changed_.notify_all();
  return next_id_ - 1;
}

OutboxRow InMemoryOutboxStore::Row(std::int64_t id) const {
  std::lock_guard lock(mu_);
  auto it = rows_.find(id);
  if (it == rows_.end()) throw std::out_of_range("no outbox row " + std::to_string(id));
  return it->second.row;
}

std::vector<InMemoryOutboxStore::Claim> InMemoryOutboxStore::claims() const {
  std::lock_guard lock(mu_);
  return claims_;
}

void InMemoryOutboxStore::FailClaims(int n, Status status) {
  std::lock_guard lock(mu_);
  failing_claims_ = n;
  claim_failure_ = std::move(status);
}

void InMemoryOutboxStore::FailMarks(int n, Status status) {
  std::lock_guard lock(mu_);
  failing_marks_ = n;
  mark_failure_ = std::move(status);
}

bool InMemoryOutboxStore::WaitForStatus(std::int64_t id, DeliveryStatus status, std::chrono::milliseconds within) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, within, [&] {
    auto it = rows_.find(id);
    return it != rows_.end() && it->second.row.status == status;
  });
}

bool InMemoryOutboxStore::WaitForClaims(std::size_t n, std::chrono::milliseconds within) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, within, [&] { return claims_.size() >= n; });
}

Result<std::vector<OutboxRow>> InMemoryOutboxStore::ClaimDue(MillisTime now, int limit, std::chrono::milliseconds lease) {
  std::lock_guard lock(mu_);
  Claim claim{now, limit, lease, {}};
  if (failing_claims_ > 0) {
    --failing_claims_;
    claims_.push_back(claim);
    changed_.notify_all();
    return claim_failure_;
  }
  std::vector<OutboxRow> out;
  for (auto& [id, stored] : rows_) {
    if (static_cast<int>(out.size()) >= limit) break;
    const OutboxRow& r = stored.row;
    if (!Unfinished(r) || r.next_attempt_at > now || stored.lease_until > now) continue;
    bool behind = false;  // an earlier unfinished row for the same recipient goes first
    for (const auto& [earlier_id, earlier] : rows_) {
      if (earlier_id >= id) break;
      const OutboxRow& e = earlier.row;
      if (Unfinished(e) && e.ticket_id == r.ticket_id && e.channel == r.channel && e.recipient == r.recipient) {
        behind = true;
        break;
      }
    }
    if (behind) continue;
    stored.lease_until = now + lease;
    out.push_back(r);
    claim.ids.push_back(id);
  }
  claims_.push_back(std::move(claim));
  changed_.notify_all();
  return out;
}

Status InMemoryOutboxStore::TakeMarkFailure() {
  if (failing_marks_ == 0) return {};
  --failing_marks_;
  return mark_failure_;
}

Status InMemoryOutboxStore::Finish(std::int64_t id, DeliveryStatus status, const std::string& error) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return Status::NotFound("no outbox row " + std::to_string(id));
  it->second.row.status = status;
  it->second.row.attempts += 1;
  it->second.row.last_error = error;
  it->second.lease_until = {};
  changed_.notify_all();
  return {};
}

Status InMemoryOutboxStore::MarkSent(std::int64_t id, Timestamp at, int segments) {
  std::lock_guard lock(mu_);
  if (Status st = TakeMarkFailure(); !st.ok()) return st;
  if (auto it = rows_.find(id); it != rows_.end()) {
    it->second.row.segments = segments;
    it->second.row.sent_at = at;
  }
  return Finish(id, DeliveryStatus::kSent, "");
}

Status InMemoryOutboxStore::MarkFailed(std::int64_t id, const std::string& error, MillisTime next_attempt) {
  std::lock_guard lock(mu_);
  if (Status st = TakeMarkFailure(); !st.ok()) return st;
  if (auto it = rows_.find(id); it != rows_.end()) it->second.row.next_attempt_at = next_attempt;
  return Finish(id, DeliveryStatus::kFailed, error);
}

Status InMemoryOutboxStore::Defer(std::int64_t id, const std::string& error, MillisTime next_attempt) {
  std::lock_guard lock(mu_);
  if (Status st = TakeMarkFailure(); !st.ok()) return st;
  auto it = rows_.find(id);
  if (it == rows_.end()) return Status::NotFound("no outbox row " + std::to_string(id));
  it->second.row.next_attempt_at = next_attempt;
  it->second.row.last_error = error;
  it->second.lease_until = {};
  changed_.notify_all();
  return {};
}

Status InMemoryOutboxStore::MarkDead(std::int64_t id, const std::string& error) {
  std::lock_guard lock(mu_);
  if (Status st = TakeMarkFailure(); !st.ok()) return st;
  return Finish(id, DeliveryStatus::kDead, error);
}

Status InMemoryOutboxStore::MarkDisabled(std::int64_t id, const std::string& reason) {
  std::lock_guard lock(mu_);
  if (Status st = TakeMarkFailure(); !st.ok()) return st;
  auto it = rows_.find(id);
  if (it == rows_.end()) return Status::NotFound("no outbox row " + std::to_string(id));
  it->second.row.status = DeliveryStatus::kDisabled;  // not tried: attempts unchanged
  it->second.row.last_error = reason;
  it->second.lease_until = {};
  changed_.notify_all();
  return {};
}

Result<int> InMemoryOutboxStore::RequeueDead(Timestamp now) {
  std::lock_guard lock(mu_);
  int n = 0;
  for (auto& [id, stored] : rows_) {
    if (stored.row.status != DeliveryStatus::kDead) continue;
    stored.row.status = DeliveryStatus::kPending;
    stored.row.attempts = 0;
    stored.row.next_attempt_at = std::chrono::time_point_cast<std::chrono::milliseconds>(now);
    stored.lease_until = {};
    ++n;
  }
  changed_.notify_all();
  return n;
}

Result<std::vector<OutboxRow>> InMemoryOutboxStore::ListForTicket(const std::string& ticket_id) {
  std::lock_guard lock(mu_);
  std::vector<OutboxRow> out;
  for (const auto& [id, stored] : rows_)
    if (stored.row.ticket_id == ticket_id) out.push_back(stored.row);
  return out;
}

Result<std::vector<OutboxCount>> InMemoryOutboxStore::CountByStatus() {
  std::lock_guard lock(mu_);
  std::map<std::pair<NotificationChannel, DeliveryStatus>, std::int64_t> counts;
  for (const auto& [id, stored] : rows_) ++counts[{stored.row.channel, stored.row.status}];
  std::vector<OutboxCount> out;
  for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
  return out;
}

}  // namespace incidents::testing
