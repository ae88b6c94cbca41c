#pragma once
// InMemoryOutboxStore: an OutboxStore fake with the contract of the real stores
// (engine/outbox.h; SqliteOutboxStore): a claim takes due, unleased rows in id order,
// skips a row while an earlier row for the same ticket, channel and recipient is pending
// or failed, and leases what it takes until now + lease; every Mark* ends the lease,
// and all but MarkDisabled count an attempt.
//
// For tests it also adds rows directly, shows a row as stored, records each claim's
// arguments, fails the next claims or marks on request, and lets a test thread wait
// (bounded) for a row to reach a status. Thread-safe (one mutex).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/outbox.h"

namespace incidents::testing {

class InMemoryOutboxStore final : public engine::OutboxStore {
 public:
  struct Claim {
    engine::MillisTime now;
    int limit = 0;
    std::chrono::milliseconds lease{0};
    std::vector<std::int64_t> ids;  // what it returned
  };

  // Stores `row` as given (status, attempts, next_attempt_at...) under the next id, which
  // it returns; the id field of `row` is ignored.
  std::int64_t Add(engine::OutboxRow row);
  // The row as stored; throws std::out_of_range when there is none.
  engine::OutboxRow Row(std::int64_t id) const;
  std::vector<Claim> claims() const;

  // The next `n` ClaimDue calls fail with `status`.
  void FailClaims(int n, engine::Status status);
  // The next `n` MarkSent/MarkFailed/Defer/MarkDead/MarkDisabled calls fail with `status` and change nothing.
  void FailMarks(int n, engine::Status status);

  // Waits until row `id` has `status` or `within` passes; true when it has.
  bool WaitForStatus(std::int64_t id, engine::DeliveryStatus status, std::chrono::milliseconds within) const;
  // Waits until at least `n` ClaimDue calls have been made or `within` passes.
  bool WaitForClaims(std::size_t n, std::chrono::milliseconds within) const;

  engine::Result<std::vector<engine::OutboxRow>> ClaimDue(engine::MillisTime now, int limit,
                                                          std::chrono::milliseconds lease) override;
  engine::Status MarkSent(std::int64_t id, engine::Timestamp at, int segments) override;
  engine::Status MarkFailed(std::int64_t id, const std::string& error, engine::MillisTime next_attempt) override;
  engine::Status Defer(std::int64_t id, const std::string& error, engine::MillisTime next_attempt) override;
  engine::Status MarkDead(std::int64_t id, const std::string& error) override;
  engine::Status MarkDisabled(std::int64_t id, const std::string& reason) override;
  engine::Result<int> RequeueDead(engine::Timestamp now) override;
  engine::Result<std::vector<engine::OutboxRow>> ListForTicket(const std::string& ticket_id) override;
  engine::Result<std::vector<engine::OutboxCount>> CountByStatus() override;

 private:
  struct Stored {
    engine::OutboxRow row;
    engine::MillisTime lease_until{};
  };
  // Under mu_: the failure to inject into the next mark, if any; else the row to change.
  engine::Status TakeMarkFailure();
  engine::Status Finish(std::int64_t id, engine::DeliveryStatus status, const std::string& error);

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, Stored> rows_;
  std::vector<Claim> claims_;
  int failing_claims_ = 0;
  engine::Status claim_failure_;
  int failing_marks_ = 0;
  engine::Status mark_failure_;
};

}  // namespace incidents::testing
