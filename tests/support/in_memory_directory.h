#pragma once
// InMemoryDirectory: a DirectoryStore fake for tests, with the semantics of the SQL stores
// (adapters/storage): Commit checks expected_head, refuses a user of an unknown org and a
// term of an unknown org or user, assigns term ids, chains the events, and applies all or
// nothing. Sessions live in a SessionStore elsewhere, so revocations are recorded here for
// tests to read (revoked_sessions()).
//
// The Add* fillers write directly, without history, for setting up a test. Thread-safe:
// every method takes one mutex.

#include <map>
#include <mutex>
#include <vector>

#include "incidents/engine/directory_store.h"
#include "incidents/engine/idempotency_store.h"

namespace incidents::testing {

class InMemoryDirectory final : public engine::DirectoryStore {
 public:
  // Inserts or replaces (no checks, no history).
  void AddOrg(engine::Org org);
  void AddUser(engine::User user);
  // Inserts (id 0: the next id) or replaces a term; returns its id.
  std::int64_t AddFocalPoint(engine::FocalPoint term);

  engine::Result<std::optional<engine::Org>> FindOrg(const std::string& id) override;
  engine::Result<std::optional<engine::User>> FindUser(const std::string& username) override;
  engine::Result<std::vector<engine::Org>> ListOrgs() override;
  engine::Result<std::vector<engine::User>> ListUsers() override;
  engine::Result<std::vector<engine::FocalPoint>> ListFocalPoints(const std::string& org) override;
  engine::Result<engine::FocalPointList> GetFocalPointList() override;
  engine::Result<std::vector<engine::DirectoryEvent>> ListDirectoryEvents(std::int64_t after_seq, int limit) override;

  engine::Result<std::int64_t> DirectoryHead() override;
  engine::Result<std::optional<engine::PasswordReset>> FindPasswordReset(const std::string& token_hash) override;
  engine::Status Commit(const engine::DirectoryChange& change) override;

  // Where a commit's answer (DirectoryChange::answer) goes; set before use, must outlive
  // this store. The key is completed with IdempotencyStore::Complete under this store's
  // lock, after the change is applied to a copy and before the copy is kept, so a refused
  // completion (kClaimLost) writes nothing. Without one, a commit carrying an answer is
  // kInternal.
  void AttachIdempotency(engine::IdempotencyStore* idempotency) { idempotency_ = idempotency; }

  // Every revocation committed so far, in order.
  std::vector<engine::DirectoryChange::Revoke> revoked_sessions() const;
  // How many commits succeeded (a test's way to see that a refused one wrote nothing).
  int commits() const;

 private:
  struct State {
    std::map<std::string, engine::Org> orgs;
    std::map<std::string, engine::User> users;
    std::map<std::int64_t, engine::FocalPoint> terms;
    std::int64_t next_term_id = 1;
    engine::FocalPointList list;
    std::map<std::string, engine::PasswordReset> resets;
    std::vector<engine::DirectoryEvent> events;
    std::vector<engine::DirectoryChange::Revoke> revoked;
    int commits = 0;
  };
  // Appends to `assigned` the id given to each new term, in order.
  static engine::Status Apply(State& s, const engine::DirectoryChange& change, std::vector<std::int64_t>& assigned);

  mutable std::mutex mu_;
  State state_;
  engine::IdempotencyStore* idempotency_ = nullptr;
};

}  // namespace incidents::testing
