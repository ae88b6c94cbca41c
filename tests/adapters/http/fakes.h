#pragma once
// Test doubles for the HTTP tests. The session and idempotency stores are the real SQLite
// ones (api_harness.h); what needs a fake is a ticket store that can fail or stall on
// demand, to drive the router into a 5xx answer or keep a request in flight, and an
// idempotency store in front of the real one that can lose the separate Complete step.

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::testing {

// Forwards to another TicketStore. `fail_allocate` makes AllocateTicketNumber answer
// kUnavailable (the handler then answers 503); `HoldCommits` makes Commit wait until
// `ReleaseCommits`, so that a request stays in flight; `FailCommits` makes Commit answer
// a given status, and `ThrowOnCommit` throw, without writing. Thread-safe.
class FlakyTicketStore final : public engine::TicketStore {
 public:
  explicit FlakyTicketStore(engine::TicketStore& inner) : inner_(inner) {}

  void SetFailAllocate(bool fail) {
    std::lock_guard lock(mu_);
    fail_allocate_ = fail;
  }
  void HoldCommits() {
    std::lock_guard lock(mu_);
    hold_ = true;
  }
  // Ok(): commits go through again.
  void FailCommits(engine::Status status) {
    std::lock_guard lock(mu_);
    fail_commit_ = std::move(status);
  }
  void ThrowOnCommit(bool throw_) {
    std::lock_guard lock(mu_);
    throw_commit_ = throw_;
  }
  void ReleaseCommits() {
    std::lock_guard lock(mu_);
    hold_ = false;
    cv_.notify_all();
  }
  // Blocks until `count` Commits are waiting at the gate.
  void WaitForHeldCommit(int count = 1) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return waiting_ >= count; });
  }

  engine::Result<std::int64_t> AllocateTicketNumber() override {
    {
      std::lock_guard lock(mu_);
      if (fail_allocate_) return engine::Status::Unavailable("database is locked (test)");
    }
    return inner_.AllocateTicketNumber();
  }
  engine::Result<engine::Ticket> LoadTicket(const std::string& id) override { return inner_.LoadTicket(id); }
  engine::Status Commit(const engine::TicketCommit& commit) override {
    {
      std::unique_lock lock(mu_);
      ++waiting_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return !hold_; });
      --waiting_;
      if (throw_commit_) throw std::runtime_error("the store threw (test)");
      if (!fail_commit_.ok()) return fail_commit_;
    }
    return inner_.Commit(commit);
  }
  engine::Result<std::vector<engine::TicketEvent>> LoadHistory(const std::string& id) override {
    return inner_.LoadHistory(id);
  }
  engine::Result<std::vector<std::string>> ListTicketIds() override { return inner_.ListTicketIds(); }
  engine::Result<engine::TicketPage> ListTickets(const engine::TicketQuery& query) override {
    return inner_.ListTickets(query);
  }
  engine::Result<std::vector<std::pair<engine::State, std::int64_t>>> CountByState() override {
    return inner_.CountByState();
  }

 private:
  engine::TicketStore& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool fail_allocate_ = false;
  bool hold_ = false;
  engine::Status fail_commit_;
  bool throw_commit_ = false;
  int waiting_ = 0;
};

// Forwards to another IdempotencyStore (set with Wrap before use), except that with
// `DropCompletes` the separate Complete step is lost, as when the process dies between a
// request's commit and that step, with `FailAbandons` Abandon fails as the store does
// when the disk is full or the database down, and with `LoseBegins` Begin claims the key
// but answers unavailable, as when the database dies after committing the claim and before
// its answer arrives. Counts the Complete calls it forwards. Thread-safe.
class LossyIdempotencyStore final : public engine::IdempotencyStore {
 public:
  void Wrap(engine::IdempotencyStore* inner) { inner_ = inner; }
  void DropCompletes(bool drop) {
    std::lock_guard lock(mu_);
    drop_ = drop;
  }
  void FailAbandons(bool fail) {
    std::lock_guard lock(mu_);
    fail_abandons_ = fail;
  }
  void LoseBegins(bool lose) {
    std::lock_guard lock(mu_);
    lose_begins_ = lose;
  }
  int completes() {
    std::lock_guard lock(mu_);
    return completes_;
  }

  engine::Result<std::optional<engine::IdempotencyRecord>> Begin(const std::string& username, const std::string& key,
                                                                  const std::string& request_hash,
                                                                  const std::string& claim, engine::Timestamp now,
                                                                  engine::Timestamp stale_before,
                                                                  engine::Timestamp expired_before,
                                                                  const std::string& node = "") override {
    auto begun = inner_->Begin(username, key, request_hash, claim, now, stale_before, expired_before, node);
    std::lock_guard lock(mu_);
    if (lose_begins_) return engine::Status::Unavailable("lost connection to the database during the claim (test)");
    return begun;
  }
  engine::Status Complete(const std::string& username, const std::string& key, const std::string& claim,
                          const engine::StoredResponse& response) override {
    {
      std::lock_guard lock(mu_);
      if (drop_) return engine::Status::Unavailable("the process died before completing the key (test)");
      ++completes_;
    }
    return inner_->Complete(username, key, claim, response);
  }
  engine::Status Abandon(const std::string& username, const std::string& key, const std::string& claim) override {
    {
      std::lock_guard lock(mu_);
      if (fail_abandons_) return engine::Status::Unavailable("database or disk is full (test)");
    }
    return inner_->Abandon(username, key, claim);
  }
  engine::Result<int> ReleaseInFlight(const std::string& node) override { return inner_->ReleaseInFlight(node); }

 private:
  engine::IdempotencyStore* inner_ = nullptr;
  std::mutex mu_;
  bool drop_ = false;
  bool fail_abandons_ = false;
  bool lose_begins_ = false;
  int completes_ = 0;
};

}  // namespace incidents::testing
