#pragma once
// TicketDriver: drives many tickets through two incidentd nodes at once, over HTTP only,
// from several client threads; every request goes to a node picked at random.
//
// Each ticket follows a script (below). Every event is sent with expected_version, so an
// answer that never arrives (the node was killed, a keep-alive connection dropped) is
// resolved without guessing: the driver re-reads the history on a live node and sees
// whether the event is there. A 409 version-conflict caused by a timer's event
// (sla_breach, auto_close, actor `system`) in between is retried at the new version;
// one caused by any other writer is a failure.
//
// Two steps race on purpose, one request to each node at the same moment:
//  - `acknowledge` by two DoICT users with the same expected_version: exactly one may
//    win (the version check across nodes);
//  - two `comment`s without expected_version: both must land, once each.
//
// Thread safety: Run() on one thread; MarkNodeDown, completed() from any other. The
// worker threads use no Catch2 macros (Catch2 2.x assertions are not thread-safe): they
// collect failures as text, which the test checks afterwards.

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cluster {

enum class Script {
  kOpen,       // critical, filed and never touched: all four breaches fire (ack 1 s, 2 s; resolve 8 s, 16 s)
  kAutoClose,  // low: acknowledge, assign_doict, resolve, then left: auto_close fires
  kFull,       // acknowledge (race), assign_doict, comments (race), resolve, confirm
  kPartyFix,   // acknowledge, assign_doict, request_party_fix, request_info, provide_info, resolve, confirm
  kChairman,   // acknowledge, escalate_chairman, record_chairman_decision (no action), confirm
  kReject,     // reject by the coordinator
};
std::string_view Name(Script s);

// The state a script leaves its ticket in (once its timers have fired).
std::string FinalState(Script s);

struct TicketPlan {
  Script script = Script::kFull;
  std::string reporter;      // demo username
  std::string reporter_org;  // its org
  std::string priority;
  std::vector<std::string> parties;  // at report (never the reporter's org, DoICT or the Chairman's office)
  std::string party;                 // kPartyFix: the org asked to fix

  // Filled in by the run.
  std::string id;                     // empty when never filed
  bool done = false;                  // every step of the script applied
  std::vector<std::string> comments;  // bodies of the racing comments
};

// `count` plans: the timer scripts first (their timers then fall due during the run),
// the rest shuffled. Deterministic for a seed.
std::vector<TicketPlan> MakePlans(int count, unsigned seed);

struct DriveStats {
  int requests = 0;
  int ack_races = 0;
  int ack_race_both_won = 0;  // must stay 0
  int comment_races = 0;
  int lost_answers = 0;        // requests whose answer never came (resolved by reading the history)
  int lost_reports = 0;        // reports whose answer never came (re-filed; the lost one may exist)
  int timer_conflicts = 0;     // 409 version-conflict because a timer fired in between
};

struct DriverOptions {
  std::array<int, 2> ports{};
  std::map<std::string, std::string> tokens;  // demo username -> bearer token (the nodes share sessions)
  int threads = 4;
  unsigned seed = 1;
  std::string tag;  // makes idempotency keys and comment bodies unique to the run
};

class TicketDriver {
 public:
  TicketDriver(DriverOptions options, std::vector<TicketPlan> plans);

  // Drives every plan to its end; returns when all threads are done.
  void Run();

  // Number of plans finished (done or failed) so far.
  int completed() const { return completed_.load(); }
  // From now on no request goes to `node` (it was killed).
  void MarkNodeDown(int node) { down_[node] = true; }

  const std::vector<TicketPlan>& plans() const { return plans_; }
  DriveStats stats() const;
  std::vector<std::string> failures() const;

 private:
  class Worker;
  friend class Worker;
  void Fail(std::string what);

  const DriverOptions options_;
  std::vector<TicketPlan> plans_;
  std::array<std::atomic<bool>, 2> down_{};
  std::atomic<int> next_{0};
  std::atomic<int> completed_{0};
  mutable std::mutex mu_;
  DriveStats stats_;
  std::vector<std::string> failures_;
};

}  // namespace cluster
