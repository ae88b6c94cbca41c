// TicketService under concurrent writers: within one service writers to a ticket take
// turns; separate services (standing in for separate processes) race at the store, whose
// version check decides, and commands without expected_version are retried.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/engine/timer_store.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;

std::vector<TicketEvent> HistoryOf(TicketStore& store, const std::string& id) {
  auto h = store.LoadHistory(id);
  REQUIRE(h.ok());
  return h.value();
}

// Lets the first `needed` callers through together: each waits until all have arrived.
// Later callers pass straight through.
class Gate {
 public:
  explicit Gate(int needed) : needed_(needed) {}
  void Pass() {
    std::unique_lock lock(mu_);
    if (arrived_ >= needed_) return;
    if (++arrived_ == needed_) {
      cv_.notify_all();
      return;
    }
    cv_.wait(lock, [&] { return arrived_ >= needed_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  const int needed_;
  int arrived_ = 0;
};

// A store that holds LoadTicket callers at a gate once armed, so that racing writers
// all read the same version before any of them commits.
class GatedStore final : public TicketStore {
 public:
  explicit GatedStore(TicketStore& inner) : inner_(inner) {}
  void Arm(Gate* gate) { gate_.store(gate); }
  // Yields the processor after each LoadTicket, widening the window between a writer's
  // read and its commit so that concurrent writers really overlap.
  void YieldOnLoad(bool on) { yield_.store(on); }

  Result<std::int64_t> AllocateTicketNumber() override { return inner_.AllocateTicketNumber(); }
  Result<Ticket> LoadTicket(const std::string& id) override {
    loads_.fetch_add(1);
    auto t = inner_.LoadTicket(id);
    if (Gate* g = gate_.load()) g->Pass();
    if (yield_.load()) std::this_thread::yield();
    return t;
  }
  Status Commit(const TicketCommit& commit) override {
    commits_.fetch_add(1);
    if (fail_next_commit_.exchange(false)) return Status::Unavailable("the database went away");
    return inner_.Commit(commit);
  }
  // The next commit fails as a lost connection would, storing nothing.
  void FailNextCommit() { fail_next_commit_.store(true); }
  Result<std::vector<TicketEvent>> LoadHistory(const std::string& id) override { return inner_.LoadHistory(id); }
  Result<std::vector<std::string>> ListTicketIds() override { return inner_.ListTicketIds(); }
  Result<TicketPage> ListTickets(const TicketQuery& query) override { return inner_.ListTickets(query); }
  Result<std::vector<std::pair<State, std::int64_t>>> CountByState() override { return inner_.CountByState(); }

  int commits() const { return commits_.load(); }
  int loads() const { return loads_.load(); }

 private:
  TicketStore& inner_;
  std::atomic<Gate*> gate_{nullptr};
  std::atomic<bool> yield_{false};
  std::atomic<bool> fail_next_commit_{false};
  std::atomic<int> commits_{0};
  std::atomic<int> loads_{0};
};

// `n` services over one store, each standing in for a separate process.
std::vector<std::unique_ptr<TicketService>> Services(TicketStore& store, DemoFixture& f, int n) {
  std::vector<std::unique_ptr<TicketService>> out;
  for (int i = 0; i < n; ++i)
    out.push_back(std::make_unique<TicketService>(store, f.directory, f.workflow, f.clock, f.workflow.settings()));
  return out;
}

// Timers as a store holds them: written by each commit (TicketCommit::timers) and by
// TimerStore::ReplaceTimers, in the order the writes happen. `before_replace` runs once,
// just before the next ReplaceTimers writes: a commit that lands in between.
class TimerTable final : public TimerStore {
 public:
  std::function<void()> before_replace;

  Result<std::vector<ScheduledTimer>> ClaimDueTimers(MillisTime, int, std::chrono::milliseconds) override {
    return std::vector<ScheduledTimer>{};
  }
  Result<std::optional<MillisTime>> NextDue() override { return std::optional<MillisTime>{}; }
  Status ReplaceTimers(const std::string& ticket_id, const std::vector<DueTimer>& timers) override {
    if (auto hook = std::exchange(before_replace, nullptr)) hook();
    Set(ticket_id, timers);
    return {};
  }
  Result<std::int64_t> CountTimers() override {
    std::lock_guard lock(mu_);
    std::int64_t n = 0;
    for (const auto& [id, timers] : timers_) n += static_cast<std::int64_t>(timers.size());
    return n;
  }

  void Set(const std::string& ticket_id, const std::vector<DueTimer>& timers) {
    std::lock_guard lock(mu_);
    timers_[ticket_id] = timers;
  }
  std::set<TimerKind> KindsOf(const std::string& ticket_id) {
    std::lock_guard lock(mu_);
    std::set<TimerKind> kinds;
    for (const auto& t : timers_[ticket_id]) kinds.insert(t.kind);
    return kinds;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<DueTimer>> timers_;
};

// A ticket store whose commits also write their timers into a TimerTable, as the real
// stores do in the commit's transaction.
class TimerWritingStore final : public TicketStore {
 public:
  TimerWritingStore(TicketStore& inner, TimerTable& table) : inner_(inner), table_(table) {}

  Result<std::int64_t> AllocateTicketNumber() override { return inner_.AllocateTicketNumber(); }
  Result<Ticket> LoadTicket(const std::string& id) override { return inner_.LoadTicket(id); }
  Status Commit(const TicketCommit& commit) override {
    Status st = inner_.Commit(commit);
    if (st.ok() && commit.timers) table_.Set(commit.snapshot.id, *commit.timers);
    return st;
  }
  Result<std::vector<TicketEvent>> LoadHistory(const std::string& id) override { return inner_.LoadHistory(id); }
  Result<std::vector<std::string>> ListTicketIds() override { return inner_.ListTicketIds(); }
  Result<TicketPage> ListTickets(const TicketQuery& query) override { return inner_.ListTickets(query); }
  Result<std::vector<std::pair<State, std::int64_t>>> CountByState() override { return inner_.CountByState(); }

 private:
  TicketStore& inner_;
  TimerTable& table_;
};

// --------------------------------------------------------------------------------------
// Concurrency

TEST_CASE("two writers racing with expected_version: one wins, the other gets VersionConflict",
          "[engine][service][concurrency]") {
  DemoFixture f;
  GatedStore gated(f.store);
  // One service per writer, as two processes would have: writers within one service take
  // turns on a ticket, so only separate services race at the store.
  auto services = Services(gated, f, 2);
  const std::string id = f.File();

  Gate gate(2);  // both read version 1 before either commits
  gated.Arm(&gate);
  std::vector<Status> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      auto r = services[i]->Apply(DemoActor("stttt.engineer"), id, CommentCommand{"writer " + std::to_string(i)}, 1);
      results[i] = r.ok() ? Status() : r.status();
    });
  for (auto& t : threads) t.join();
  gated.Arm(nullptr);

  int wins = 0, conflicts = 0;
  for (const auto& s : results) {
    if (s.ok()) ++wins;
    else if (s.code() == ErrorCode::kVersionConflict) ++conflicts;
  }
  CHECK(wins == 1);
  CHECK(conflicts == 1);
  CHECK(gated.commits() == 2);  // both reached the store: the store's check decided
  CHECK(HistoryOf(f.store, id).size() == 2);
  CHECK(f.store.LoadTicket(id)->version == 2);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}
TEST_CASE("16 writers racing with expected_version 1 on a fresh ticket: exactly one succeeds",
          "[engine][service][concurrency]") {
  constexpr int kThreads = 16;
  SECTION("all read the same version before any commits") {
    DemoFixture f;
    GatedStore gated(f.store);
    auto services = Services(gated, f, kThreads);
    const std::string id = f.File();
    Gate gate(kThreads);
    gated.Arm(&gate);
    std::atomic<int> wins{0}, conflicts{0}, others{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
      threads.emplace_back([&, i] {
        auto r = services[i]->Apply(DemoActor("stp.reporter"), id, CommentCommand{"c" + std::to_string(i)}, 1);
        if (r.ok()) ++wins;
        else if (r.status().code() == ErrorCode::kVersionConflict) ++conflicts;
        else ++others;
      });
    for (auto& t : threads) t.join();
    CHECK(wins.load() == 1);
    CHECK(conflicts.load() == kThreads - 1);
    CHECK(others.load() == 0);
    CHECK(HistoryOf(f.store, id).size() == 2);
    CHECK(VerifyTicket(f.store, f.workflow, id).ok());
  }
  SECTION("free-running threads, many rounds") {
    DemoFixture f;
    for (int round = 0; round < 25; ++round) {
      INFO("round " << round);
      const std::string id = f.File();
      std::atomic<bool> go{false};
      std::atomic<int> wins{0}, conflicts{0}, others{0};
      std::vector<std::thread> threads;
      for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
          while (!go.load()) std::this_thread::yield();
          auto r = f.service.Apply(DemoActor("stp.reporter"), id, CommentCommand{"c" + std::to_string(i)}, 1);
          if (r.ok()) ++wins;
          else if (r.status().code() == ErrorCode::kVersionConflict) ++conflicts;
          else ++others;
        });
      go.store(true);
      for (auto& t : threads) t.join();
      CHECK(wins.load() == 1);
      CHECK(conflicts.load() == kThreads - 1);
      CHECK(others.load() == 0);
      CHECK(HistoryOf(f.store, id).size() == 2);
    }
  }
}

TEST_CASE("a writer without expected_version that loses a race is retried on the fresh ticket",
          "[engine][service][concurrency]") {
  DemoFixture f;
  GatedStore gated(f.store);
  auto services = Services(gated, f, 2);
  const std::string id = f.File();

  Gate gate(2);
  gated.Arm(&gate);
  std::vector<Status> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      auto r = services[i]->Apply(DemoActor("stp.reporter"), id, CommentCommand{"writer " + std::to_string(i)});
      results[i] = r.ok() ? Status() : r.status();
    });
  for (auto& t : threads) t.join();

  for (const auto& s : results) {
    INFO(s.ToString());
    CHECK(s.ok());
  }
  CHECK(gated.commits() == 3);  // one lost commit, retried once
  const auto events = HistoryOf(f.store, id);
  CHECK(events.size() == 3);
  CHECK(f.store.LoadTicket(id)->version == 3);
  CHECK(VerifyChain(events).ok());
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

// --------------------------------------------------------------------------------------
// The snapshot a service keeps of its last commit (issue 17.4): a guess the store's
// version check confirms, never an answer.

// `n` services (processes) over the demo store, counted: what each case below starts from.
struct CountedNodes {
  explicit CountedNodes(int n) : services(Services(counting, f, n)) {}
  DemoFixture f;
  GatedStore counting{f.store};
  std::vector<std::unique_ptr<TicketService>> services;
};

TEST_CASE("a service starts a command from its own last commit of the ticket, without reading it",
          "[engine][service][cache]") {
  CountedNodes nodes(1);
  auto& [f, counting, services] = nodes;
  TicketService& node = *services[0];
  auto filed = node.Report(DemoActor("stp.reporter"), ReportCommand{Category::kDataDiscrepancy, "Dữ liệu sai lệch",
                                                                    "Mã hồ sơ 123 sai", Priority::kNormal, {"stnmt"}});
  REQUIRE(filed.ok());
  const std::string id = filed->id;
  for (int i = 0; i < 3; ++i)
    REQUIRE(node.Apply(DemoActor("stttt.engineer"), id, CommentCommand{"Lần " + std::to_string(i)}).ok());
  CHECK(counting.loads() == 0);
  CHECK(counting.commits() == 4);
  // The caller's version is the kept one: still no read.
  REQUIRE(node.Apply(DemoActor("stttt.engineer"), id, AcknowledgeCommand{}, 4).ok());
  CHECK(counting.loads() == 0);
  // A read is still a read: Get never answers from the kept copy.
  REQUIRE(node.Get(DemoActor("stttt.engineer"), id).ok());
  CHECK(counting.loads() == 1);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("a kept copy another process moved on is refused by the store and the command re-decided on the fresh ticket",
          "[engine][service][cache]") {
  CountedNodes nodes(2);
  auto& [f, counting, services] = nodes;
  TicketService& a = *services[0];
  TicketService& b = *services[1];
  const std::string id = f.File();  // filed by a third service: neither kept it
  REQUIRE(a.Apply(DemoActor("stp.reporter"), id, CommentCommand{"a1"}).ok());  // a keeps version 2
  REQUIRE(b.Apply(DemoActor("stp.reporter"), id, CommentCommand{"b1"}).ok());  // 3, behind a's back

  // Without a version: a's copy (2) is refused at the commit, a reads 3 and comments at once.
  const int commits = counting.commits(), loads = counting.loads();
  auto moved = a.Apply(DemoActor("stttt.engineer"), id, AcknowledgeCommand{});
  REQUIRE(moved.ok());
  CHECK(moved->version == 4);
  CHECK(moved->state == State::kTriage);  // decided on the fresh ticket
  CHECK(counting.commits() == commits + 2);
  CHECK(counting.loads() == loads + 1);

  // a now knows another process writes the ticket: its next command reads it first, though
  // its own commit made the stored version.
  REQUIRE(a.Apply(DemoActor("stp.reporter"), id, CommentCommand{"a2"}).ok());
  CHECK(counting.commits() == commits + 3);
  CHECK(counting.loads() == loads + 2);

  // With the caller's version, newer than the kept copy (b holds 3, the store 5): b reads
  // instead of refusing a version it has not seen.
  REQUIRE(b.Apply(DemoActor("stp.reporter"), id, CommentCommand{"b2"}, 5).ok());
  // And an old version is refused whatever the process kept.
  auto stale = a.Apply(DemoActor("stp.reporter"), id, CommentCommand{"a3"}, 5);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.status().code() == ErrorCode::kVersionConflict);
  auto stale_b = b.Apply(DemoActor("stp.reporter"), id, CommentCommand{"b3"}, 5);  // b kept 6 itself
  REQUIRE_FALSE(stale_b.ok());
  CHECK(stale_b.status().code() == ErrorCode::kVersionConflict);
  CHECK(f.store.LoadTicket(id)->version == 6);
  const auto events = HistoryOf(f.store, id);
  CHECK(events.size() == 6);
  CHECK(VerifyChain(events).ok());
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("a command refused on a stale kept copy is decided again on the stored ticket", "[engine][service][cache]") {
  CountedNodes nodes(2);
  auto& [f, counting, services] = nodes;
  TicketService& a = *services[0];
  TicketService& b = *services[1];
  const std::string id = f.File();
  REQUIRE(a.Apply(DemoActor("stp.reporter"), id, CommentCommand{"a1"}).ok());  // a keeps it reported
  REQUIRE(b.Apply(DemoActor("stttt.engineer"), id, AcknowledgeCommand{}).ok());  // triage, behind a's back
  // Illegal on a's copy (reported), legal on the stored ticket (triage): no commit is tried
  // on the copy, so no version check could have caught it.
  const int commits = counting.commits();
  auto assigned = a.Apply(DemoActor("stttt.engineer"), id, AssignDoictCommand{});
  INFO((assigned.ok() ? std::string() : assigned.status().ToString()));
  REQUIRE(assigned.ok());
  CHECK(assigned->state == State::kDoictFixing);
  CHECK(counting.commits() == commits + 1);
  // A refusal the stored ticket confirms is still a refusal.
  auto again = a.Apply(DemoActor("stttt.engineer"), id, AcknowledgeCommand{});
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == ErrorCode::kIllegalTransition);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("a commit that fails drops the kept copy: the next command reads the ticket", "[engine][service][cache]") {
  CountedNodes nodes(1);
  auto& [f, counting, services] = nodes;
  TicketService& node = *services[0];
  const std::string id = f.File();
  REQUIRE(node.Apply(DemoActor("stp.reporter"), id, CommentCommand{"một"}).ok());
  const int loads = counting.loads();
  counting.FailNextCommit();
  auto failed = node.Apply(DemoActor("stp.reporter"), id, CommentCommand{"hai"});
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == ErrorCode::kUnavailable);
  CHECK(counting.loads() == loads);  // the failed command started from the kept copy
  REQUIRE(node.Apply(DemoActor("stp.reporter"), id, CommentCommand{"ba"}).ok());
  CHECK(counting.loads() == loads + 1);
  CHECK(f.store.LoadTicket(id)->version == 3);
}

// 8 threads x 25 comments, none with expected_version. With `overlap`, each thread has
// its own service (as separate processes would) and yields between its read and its
// commit (as a real database round trip would), so that writers really lose races at the
// store and the service's retry loop is exercised; without it they share one service,
// whose writers take turns.
void CommentStorm(bool overlap) {
  constexpr int kThreads = 8, kEach = 25;
  DemoFixture f;
  GatedStore counting(f.store);  // counts commits, lost races included
  counting.YieldOnLoad(overlap);
  auto services = Services(counting, f, overlap ? kThreads : 1);
  const std::string id = f.File();
  std::atomic<bool> go{false};
  std::atomic<int> successes{0}, failures{0};
  std::mutex first_error_mu;
  std::string first_error;
  const char* who[] = {"stp.reporter", "stp.focal", "stnmt.reporter", "stnmt.focal",
                       "stttt.engineer", "stttt.coordinator", "chairman", "admin"};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < kEach; ++i) {
        auto r = services[overlap ? t : 0]->Apply(DemoActor(who[t]), id,
                               CommentCommand{"Luồng " + std::to_string(t) + " số " + std::to_string(i)});
        if (r.ok()) {
          ++successes;
        } else {
          ++failures;
          std::lock_guard lock(first_error_mu);
          if (first_error.empty()) first_error = r.status().ToString();
        }
      }
    });
  go.store(true);
  for (auto& th : threads) th.join();

  INFO("first error: " << first_error);
  INFO("store commits, lost races included: " << counting.commits());
  const auto events = HistoryOf(f.store, id);
  // Whatever happened, what was committed is consistent...
  CHECK(static_cast<int>(events.size()) == 1 + successes.load());
  Status chain = VerifyChain(events);
  INFO(chain.ToString());
  CHECK(chain.ok());
  Status verified = VerifyTicket(f.store, f.workflow, id);
  INFO(verified.ToString());
  CHECK(verified.ok());
  // ...and every writer succeeded.
  CHECK(failures.load() == 0);
  CHECK(events.size() == 1 + kThreads * kEach);
  CHECK(f.store.LoadTicket(id)->version == 1 + kThreads * kEach);
  std::set<std::string> bodies;
  for (std::size_t i = 1; i < events.size(); ++i) {
    REQUIRE(events[i].type == EventType::kComment);
    bodies.insert(events[i].payload.at("body").as_string());
  }
  CHECK(bodies.size() == static_cast<std::size_t>(kThreads * kEach));
}

TEST_CASE("8 threads x 25 comments without expected_version all succeed with a valid chain",
          "[engine][service][concurrency]") {
  CommentStorm(/*overlap=*/false);
}

TEST_CASE("8 threads x 25 overlapping comments without expected_version all succeed with a valid chain",
          "[engine][service][concurrency]") {
  CommentStorm(/*overlap=*/true);
}

TEST_CASE("two services firing the due timer of one ticket at once record the breach once",
          "[engine][service][concurrency][sla]") {
  // Two nodes fire the same ticket when each claimed another of its due timers, or when a
  // claim's lease ran out mid-firing. The loser of the commit race must decide again on
  // the fresh ticket (nothing is due any more), not re-apply the breach it decided on the
  // stale one.
  DemoFixture f;
  BusinessCalendar calendar;
  SlaPolicy policy(calendar, DefaultSlaTargets());
  f.service.SetSlaPolicy(&policy, nullptr);
  GatedStore gated(f.store);
  auto services = Services(gated, f, 2);
  for (auto& s : services) s->SetSlaPolicy(&policy, nullptr);
  const std::string id = f.File(Priority::kNormal);
  // Normal priority, filed Monday 08:00 in Vietnam: acknowledge due at 14:00 (07:00Z).
  f.clock.Set(*ParseRfc3339("2026-01-05T07:00:00Z"));

  Gate gate(2);  // both read version 1 before either commits
  gated.Arm(&gate);
  std::vector<Status> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) threads.emplace_back([&, i] { results[i] = services[i]->FireDueTimers(id); });
  for (auto& t : threads) t.join();
  gated.Arm(nullptr);

  CHECK(results[0].ok());
  CHECK(results[1].ok());
  int breaches = 0;
  for (const auto& e : HistoryOf(f.store, id)) breaches += e.type == EventType::kSlaBreach ? 1 : 0;
  CHECK(breaches == 1);
  CHECK(f.store.LoadTicket(id)->version == 2);
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());
}

TEST_CASE("a firing that finds nothing due does not put back timers a concurrent commit replaced",
          "[engine][service][concurrency][sla]") {
  // A node fires a ticket whose timer is not due after all (the other node just recorded
  // it, or a holiday moved it) and rewrites the ticket's timers from the snapshot it read.
  // If an event commits in between, its timers must survive: here `resolve` swaps the
  // resolve-clock breaches for the auto-close.
  DemoFixture f;
  BusinessCalendar calendar;
  SlaPolicy policy(calendar, DefaultSlaTargets());
  f.service.SetSlaPolicy(&policy, nullptr);
  TimerTable table;
  TimerWritingStore store(f.store, table);
  auto services = Services(store, f, 2);
  for (auto& s : services) s->SetSlaPolicy(&policy, &table);
  const std::string id = f.TicketIn(State::kDoictFixing);
  REQUIRE(f.store.LoadTicket(id)->assignee.has_value());

  table.before_replace = [&] {
    REQUIRE(services[1]->Apply(DemoActor("stttt.engineer"), id, ResolveCommand{"Đã khắc phục."}).ok());
  };
  REQUIRE(services[0]->FireDueTimers(id).ok());  // nothing is due on Monday morning
  REQUIRE_FALSE(table.before_replace);           // the resolve did land in between

  const Ticket now = f.store.LoadTicket(id).value();
  REQUIRE(now.state == State::kResolved);
  std::set<TimerKind> expected;
  for (const auto& t : policy.PendingTimers(now)) expected.insert(t.kind);
  CHECK(expected == std::set<TimerKind>{TimerKind::kAutoClose});
  CHECK(table.KindsOf(id) == expected);
}

}  // namespace
}  // namespace incidents::testing
