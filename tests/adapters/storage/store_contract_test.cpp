// The store contract: what every storage backend (SQLite, MySQL/MariaDB) must do, written
// once against the engine's ports and run per backend (store_contract.h). Each case starts
// from a fresh, empty database.

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/directory_service.h"
#include "store_contract.h"
#include "store_contract_commits.h"
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;
using namespace std::chrono_literals;


TEST_CASE("contract: tickets and histories survive reopening and numbers keep counting", "[contract]") {
  const std::string url = CurrentStore().FreshDatabase();
  std::string id;
  Ticket before;
  std::vector<TicketEvent> history_before;
  {
    Node w(url);
    id = w.File();
    const Actor eng = DemoActor("stttt.engineer");
    REQUIRE(w.service.Apply(eng, id, AcknowledgeCommand{}).ok());
    REQUIRE(w.service.Apply(eng, id, RequestPartyFixCommand{"skhdt", "Đề nghị kiểm tra cổng kết nối"}).ok());
    REQUIRE(w.service.Apply(eng, id, RequestInfoCommand{"Lỗi xuất hiện lúc mấy giờ?"}).ok());
    REQUIRE(w.service.Apply(DemoActor("stp.focal"), id, ProvideInfoCommand{"Khoảng 8 giờ 05"}).ok());
    before = w.store().LoadTicket(id).value();
    history_before = w.store().LoadHistory(id).value();
  }
  Node again(url);
  const Ticket after = again.store().LoadTicket(id).value();
  CHECK(DescribeDifference(before, after).empty());
  CHECK(after == before);
  CHECK(after.state == State::kPartyFixing);
  CHECK(after.parties == std::vector<std::string>{"stnmt", "skhdt"});
  CHECK(after.service == std::optional<std::string>("lgsp.datdai.tracuu"));
  CHECK(after.version == 5);
  const auto history_after = again.store().LoadHistory(id).value();
  REQUIRE(history_after.size() == 5);
  CHECK(history_after == history_before);
  CHECK(history_after[4].payload.at("answer").as_string() == "Khoảng 8 giờ 05");
  // Each event keeps the regulation its citation was decided under (migration 6).
  CHECK(history_after[0].regulation_id == "qd-57-2020-ubnd-ninhthuan");
  CHECK(history_after[0].regulation_version == 3);  // the shipped file's current version
  CHECK(VerifyTicket(again.store(), again.workflow, id).ok());
  // An event as committed before citations were versioned keeps none, and still verifies.
  REQUIRE(again.store().Commit(CommentCommit(again.store(), id, "ghi chú cũ")).ok());
  const TicketEvent legacy = again.store().LoadHistory(id).value().back();
  CHECK(legacy.regulation_id.empty());
  CHECK(legacy.regulation_version == 0);
  CHECK(legacy.hash == ComputeEventHash(legacy));
  CHECK(VerifyTicket(again.store(), again.workflow, id).ok());
  const std::string second = again.File();
  CHECK(second != id);
  CHECK(again.store().ListTicketIds().value() == std::vector<std::string>{id, second});
  CHECK(again.store().LoadTicket("no-such-ticket").status().code() == ErrorCode::kNotFound);
  CHECK(again.store().LoadHistory("no-such-ticket").status().code() == ErrorCode::kNotFound);
  const auto n1 = again.store().AllocateTicketNumber().value();
  const auto n2 = again.store().AllocateTicketNumber().value();
  CHECK(n2 > n1);
}

TEST_CASE("contract: a stale version or an existing id is a version conflict and writes nothing", "[contract]") {
  Node w(CurrentStore().FreshDatabase());
  const std::string id = w.File();
  TicketCommit first = CommentCommit(w.store(), id, "một");
  REQUIRE(w.store().Commit(first).ok());
  TicketCommit stale = first;
  stale.event.payload = {{"body", "hai"}};
  stale.event.hash = ComputeEventHash(stale.event);
  stale.outbox = {Notification(id, 2, "org:stp", "a@example.vn", StartMs())};
  stale.timers = std::vector<DueTimer>{{TimerKind::kAutoClose, DemoStart() + 1h}};
  CHECK(w.store().Commit(stale).code() == ErrorCode::kVersionConflict);
  const auto history = w.store().LoadHistory(id).value();
  REQUIRE(history.size() == 2);
  CHECK(history[1].payload.at("body").as_string() == "một");
  CHECK(w.storage->outbox().ListForTicket(id).value().empty());
  // Creating an id that exists is a conflict too.
  Ticket t = w.store().LoadTicket(id).value();
  CHECK(w.store().Commit({t, history[0], 0}).code() == ErrorCode::kVersionConflict);
}

TEST_CASE("contract: two nodes writing one ticket at once: exactly one wins each round", "[contract][concurrency]") {
  const std::string url = CurrentStore().FreshDatabase();
  std::string id;
  {
    Node setup(url);
    id = setup.File();
  }
  Node a(url), b(url);
  for (int round = 0; round < 10; ++round) {
    const std::int64_t version = a.store().LoadTicket(id).value().version;
    std::atomic<int> go{0};
    Status sa, sb;
    std::thread ta([&] {
      go++;
      while (go < 2) {}
      sa = a.service.Apply(DemoActor("stp.reporter"), id, CommentCommand{"A"}, version).status();
    });
    std::thread tb([&] {
      go++;
      while (go < 2) {}
      sb = b.service.Apply(DemoActor("stnmt.focal"), id, CommentCommand{"B"}, version).status();
    });
    ta.join();
    tb.join();
    INFO("round " << round << ": " << sa.ToString() << " / " << sb.ToString());
    CHECK(sa.ok() != sb.ok());
    CHECK((sa.ok() ? sb : sa).code() == ErrorCode::kVersionConflict);
    CHECK(a.store().LoadTicket(id).value().version == version + 1);
  }
  CHECK(a.store().LoadHistory(id).value().size() == 11);
  CHECK(VerifyTicket(a.store(), a.workflow, id).ok());
}

TEST_CASE("contract: concurrent writers without an expected version all land exactly once", "[contract][concurrency]") {
  Node w(CurrentStore().FreshDatabase());
  const std::string id = w.File();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i)
        if (!w.service.Apply(DemoActor("stp.reporter"), id, CommentCommand{std::to_string(t * 100 + i)}).ok())
          failures++;
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  const auto history = w.store().LoadHistory(id).value();
  REQUIRE(history.size() == 33);
  std::set<std::string> bodies;
  for (std::size_t i = 1; i < history.size(); ++i) bodies.insert(history[i].payload.at("body").as_string());
  CHECK(bodies.size() == 32);
  CHECK(VerifyChain(history).ok());
}

TEST_CASE("contract: listing pages newest first with filters and counts by state", "[contract]") {
  Node w(CurrentStore().FreshDatabase());
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(w.File("Sự cố số " + std::to_string(i)));
  REQUIRE(w.service.Apply(DemoActor("stttt.engineer"), ids[1], AcknowledgeCommand{}).ok());
  const State acked_state = w.store().LoadTicket(ids[1]).value().state;
  REQUIRE(acked_state != w.store().LoadTicket(ids[0]).value().state);
  TicketQuery q;
  q.limit = 2;
  auto p1 = w.store().ListTickets(q).value();
  REQUIRE(p1.items.size() == 2);
  CHECK(p1.items[0].id == ids[4]);
  CHECK(p1.items[1].id == ids[3]);
  REQUIRE(p1.next);
  q.before = p1.next;
  auto p2 = w.store().ListTickets(q).value();
  REQUIRE(p2.items.size() == 2);
  CHECK(p2.items[0].id == ids[2]);
  q.before = p2.next;
  auto p3 = w.store().ListTickets(q).value();
  REQUIRE(p3.items.size() == 1);
  CHECK(p3.items[0].id == ids[0]);
  CHECK_FALSE(p3.next);
  TicketQuery by_state;
  by_state.state = acked_state;
  auto acked = w.store().ListTickets(by_state).value();
  REQUIRE(acked.items.size() == 1);
  CHECK(acked.items[0].id == ids[1]);
  TicketQuery visible;
  visible.visible_to = "stnmt";
  CHECK(w.store().ListTickets(visible).value().items.size() == 5);
  visible.visible_to = "skhdt";
  CHECK(w.store().ListTickets(visible).value().items.empty());
  auto counts = w.store().CountByState().value();
  std::int64_t total = 0;
  for (auto& [state, n] : counts) {
    total += n;
    if (state == acked_state) CHECK(n == 1);
  }
  CHECK(total == 5);
}

TEST_CASE("contract: outbox rows are written with the event and claimed in order with leases", "[contract][outbox]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node w(url);
  const std::string id = w.File();
  TicketCommit c = CommentCommit(w.store(), id, "thông báo");
  c.outbox = {Notification(id, 2, "org:stp", "stp@example.vn", StartMs()),
              Notification(id, 2, "org:stnmt", "stnmt@example.vn", StartMs())};
  REQUIRE(w.store().Commit(c).ok());
  TicketCommit c2 = CommentCommit(w.store(), id, "lần hai");
  c2.outbox = {Notification(id, 3, "org:stp", "stp@example.vn", StartMs())};
  REQUIRE(w.store().Commit(c2).ok());
  auto& outbox = w.storage->outbox();
  auto rows = outbox.ListForTicket(id).value();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].vars == R"({"title":"Mất kết nối"})");
  CHECK(rows[0].status == DeliveryStatus::kPending);
  // The third row waits for the first (same recipient).
  const MillisTime now = StartMs() + 1000ms;
  auto claimed = outbox.ClaimDue(now, 10, 30s).value();
  REQUIRE(claimed.size() == 2);
  CHECK(claimed[0].id == rows[0].id);
  CHECK(claimed[1].id == rows[1].id);
  // Leased: nobody else gets them until the lease ends, then they come back.
  CHECK(outbox.ClaimDue(now, 10, 30s).value().empty());
  CHECK(outbox.ClaimDue(now + 31s, 10, 30s).value().size() == 2);
  REQUIRE(outbox.MarkSent(rows[0].id, DemoStart(), 1).ok());
  REQUIRE(outbox.MarkFailed(rows[1].id, "450 thử lại", now + 5s).ok());
  auto next = outbox.ClaimDue(now + 62s, 10, 30s).value();
  REQUIRE(next.size() == 2);  // row 3 now that row 1 is sent, and row 2's retry
  REQUIRE(outbox.MarkDead(rows[1].id, "550 bị từ chối").ok());
  rows = outbox.ListForTicket(id).value();
  CHECK(rows[0].status == DeliveryStatus::kSent);
  CHECK(rows[0].sent_at == std::optional<Timestamp>(DemoStart()));
  CHECK(rows[1].status == DeliveryStatus::kDead);
  CHECK(rows[1].attempts == 2);
  CHECK(rows[1].last_error == "550 bị từ chối");
  CHECK(outbox.RequeueDead(DemoStart()).value() == 1);
  std::int64_t pending = 0;
  for (const auto& count : outbox.CountByStatus().value())
    if (count.status == DeliveryStatus::kPending) pending += count.count;
  CHECK(pending == 2);
}

TEST_CASE("contract: a deferred outbox row keeps its status and attempts and waits until its time",
          "[contract][outbox]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node w(url);
  const std::string id = w.File();
  TicketCommit c = CommentCommit(w.store(), id, "máy chủ thư không truy cập được");
  c.outbox = {Notification(id, 2, "org:stp", "stp@example.vn", StartMs())};
  REQUIRE(w.store().Commit(c).ok());
  auto& outbox = w.storage->outbox();
  const MillisTime now = StartMs() + 1000ms;
  auto claimed = outbox.ClaimDue(now, 10, 120s).value();
  REQUIRE(claimed.size() == 1);
  REQUIRE(outbox.Defer(claimed[0].id, "connect: Connection refused", now + 30s).ok());
  // The lease (120 s) is released with it: due at now + 30 s, not at the lease's end.
  CHECK(outbox.ClaimDue(now + 29s, 10, 60s).value().empty());
  auto again = outbox.ClaimDue(now + 30s, 10, 60s).value();
  REQUIRE(again.size() == 1);
  CHECK(again[0].status == DeliveryStatus::kPending);
  CHECK(again[0].attempts == 0);
  CHECK(again[0].last_error == "connect: Connection refused");
}

TEST_CASE("contract: a disabled outbox row is final, keeps its reason, lets the next go and is never requeued",
          "[contract][outbox]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node w(url);
  const std::string id = w.File();
  TicketCommit c = CommentCommit(w.store(), id, "không có cổng SMS");
  c.outbox = {Notification(id, 2, "org:stp", "stp@example.vn", StartMs())};
  REQUIRE(w.store().Commit(c).ok());
  TicketCommit c2 = CommentCommit(w.store(), id, "lần hai");
  c2.outbox = {Notification(id, 3, "org:stp", "stp@example.vn", StartMs())};
  REQUIRE(w.store().Commit(c2).ok());
  auto& outbox = w.storage->outbox();
  const MillisTime now = StartMs() + 1000ms;
  auto claimed = outbox.ClaimDue(now, 10, 120s).value();
  REQUIRE(claimed.size() == 1);  // the second waits for the first (same recipient)
  REQUIRE(outbox.MarkDisabled(claimed[0].id, "SMS gateway not configured").ok());
  auto rows = outbox.ListForTicket(id).value();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].status == DeliveryStatus::kDisabled);
  CHECK(rows[0].attempts == 0);  // never tried
  CHECK(rows[0].last_error == "SMS gateway not configured");
  CHECK_FALSE(rows[0].sent_at.has_value());
  // Final: the lease is released and the recipient's next row goes at once.
  auto next = outbox.ClaimDue(now, 10, 120s).value();
  REQUIRE(next.size() == 1);
  CHECK(next[0].id == rows[1].id);
  CHECK(outbox.RequeueDead(DemoStart()).value() == 0);
  std::int64_t disabled = 0, dead = 0;
  for (const auto& count : outbox.CountByStatus().value()) {
    if (count.status == DeliveryStatus::kDisabled) disabled += count.count;
    if (count.status == DeliveryStatus::kDead) dead += count.count;
  }
  CHECK(disabled == 1);
  CHECK(dead == 0);
}

TEST_CASE("contract: two nodes claiming the outbox at once never get the same row", "[contract][outbox][concurrency]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node a(url);
  const std::string id = a.File();
  TicketCommit c = CommentCommit(a.store(), id, "nhiều người nhận");
  for (int i = 0; i < 40; ++i)
    c.outbox.push_back(Notification(id, 2, "user:u" + std::to_string(i), "u" + std::to_string(i) + "@x.vn", StartMs()));
  REQUIRE(a.store().Commit(c).ok());
  Node b(url);
  std::vector<std::int64_t> got_a, got_b;
  std::atomic<int> go{0};
  std::atomic<int> failed_claims{0};  // Catch's assertions are not thread-safe: counted here
  auto claim = [&](Node& n, std::vector<std::int64_t>& got) {
    go++;
    while (go < 2) {}
    // A claim may come back short while the other node holds rows locked (MariaDB's SKIP
    // LOCKED can pass by more than the locked rows); a short claim is harmless, the next
    // poll takes the rest. So each node claims until it has seen three empty claims in a
    // row (bounded), and the check is that every row went to exactly one node.
    for (int i = 0, empty = 0; i < 60 && empty < 3; ++i) {
      auto rows = n.storage->outbox().ClaimDue(StartMs() + 1s, 3, 60s);
      if (!rows.ok()) {
        ++failed_claims;
        return;
      }
      empty = rows.value().empty() ? empty + 1 : 0;
      for (auto& r : rows.value()) got.push_back(r.id);
    }
  };
  std::thread ta([&] { claim(a, got_a); });
  std::thread tb([&] { claim(b, got_b); });
  ta.join();
  tb.join();
  REQUIRE(failed_claims == 0);
  std::set<std::int64_t> all(got_a.begin(), got_a.end());
  for (auto x : got_b) CHECK(all.insert(x).second);
  CHECK(all.size() == 40);
}

TEST_CASE("contract: timers are replaced with the ticket and claimed with leases", "[contract][timers]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node a(url);
  const std::string id = a.File();
  auto& timers = a.storage->timers();
  const Timestamp t0 = DemoStart();
  TicketCommit c = CommentCommit(a.store(), id, "hẹn giờ");
  c.timers = std::vector<DueTimer>{{TimerKind::kAckLevel1, t0 + 10s}, {TimerKind::kResolveLevel1, t0 + 20s}};
  REQUIRE(a.store().Commit(c).ok());
  CHECK(timers.CountTimers().value() >= 2);
  REQUIRE(timers.ReplaceTimers(id, {{TimerKind::kAckLevel1, t0 + 10s}, {TimerKind::kAutoClose, t0 + 30s}}).ok());
  CHECK(timers.CountTimers().value() == 2);
  const MillisTime at = std::chrono::time_point_cast<std::chrono::milliseconds>(t0 + 15s);
  auto due = timers.ClaimDueTimers(at, 10, 60s).value();
  REQUIRE(due.size() == 1);
  CHECK(due[0].ticket_id == id);
  CHECK(due[0].kind == TimerKind::kAckLevel1);
  CHECK(due[0].due == t0 + 10s);
  CHECK(timers.ClaimDueTimers(at, 10, 60s).value().empty());
  Node b(url);
  CHECK(b.storage->timers().ClaimDueTimers(at + 1s, 10, 60s).value().empty());
  // After the lease the claim is taken over (the first claimer died).
  CHECK(b.storage->timers().ClaimDueTimers(at + 61s, 10, 60s).value().size() == 2);
  REQUIRE(timers.ReplaceTimers(id, {}).ok());
  CHECK(timers.CountTimers().value() == 0);
  CHECK_FALSE(timers.NextDue().value().has_value());
  REQUIRE(timers.ReplaceTimers(id, {{TimerKind::kAutoClose, t0 + 30s}}).ok());
  CHECK(timers.NextDue().value() == std::optional<MillisTime>(std::chrono::time_point_cast<std::chrono::milliseconds>(t0 + 30s)));
}
