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
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;
using namespace std::chrono_literals;

namespace {

// A comment event on top of the stored ticket, as the engine would commit it.
TicketCommit CommentCommit(TicketStore& store, const std::string& id, const std::string& body) {
  Ticket t = store.LoadTicket(id).value();
  TicketCommit c{t, {}, t.version};
  TicketEvent& e = c.event;
  e.ticket_id = id;
  e.seq = t.version + 1;
  e.type = EventType::kComment;
  e.actor = "stp.reporter";
  e.actor_org = "stp";
  e.at = t.updated_at;
  e.from_state = t.state;
  e.to_state = t.state;
  e.payload = {{"body", body}};
  e.legal_basis = "Art. 20.1";
  e.prev_hash = t.last_hash;
  e.hash = ComputeEventHash(e);
  c.snapshot.version = e.seq;
  c.snapshot.last_hash = e.hash;
  return c;
}

OutboxRow Notification(const std::string& ticket, std::int64_t seq, const std::string& recipient_ref,
                       const std::string& recipient, MillisTime due) {
  OutboxRow r;
  r.idempotency_key = ticket + ":" + std::to_string(seq) + ":email:" + recipient_ref;
  r.ticket_id = ticket;
  r.event_seq = seq;
  r.event_type = EventType::kComment;
  r.channel = NotificationChannel::kEmail;
  r.recipient = recipient;
  r.recipient_ref = recipient_ref;
  r.vars = R"({"title":"Mất kết nối"})";
  r.created_at = DemoStart();
  r.next_attempt_at = due;
  return r;
}

MillisTime StartMs() { return std::chrono::time_point_cast<std::chrono::milliseconds>(DemoStart()); }

}  // namespace

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

TEST_CASE("contract: idempotency keys are claimed once then completed or abandoned or taken over", "[contract][idempotency]") {
  Node w(CurrentStore().FreshDatabase());
  auto& idem = w.storage->idempotency();
  const Timestamp t0 = DemoStart();
  const Timestamp long_ago = t0 - 24h;
  CHECK_FALSE(idem.Begin("stp.reporter", "k1", "h1", "a1", t0, t0 - 60s, long_ago).value().has_value());
  auto again = idem.Begin("stp.reporter", "k1", "h1", "a2", t0 + 1s, t0 - 60s, long_ago).value();
  REQUIRE(again.has_value());
  CHECK(again->request_hash == "h1");
  CHECK_FALSE(again->response.has_value());
  // Keys are per user, and case-sensitive.
  CHECK_FALSE(idem.Begin("stnmt.focal", "k1", "h9", "a3", t0, t0 - 60s, long_ago).value().has_value());
  CHECK_FALSE(idem.Begin("stp.reporter", "K1", "h8", "a4", t0, t0 - 60s, long_ago).value().has_value());
  REQUIRE(idem.Complete("stp.reporter", "k1", "a1", {201, "application/json", "/api/v1/tickets/T-1", R"({"ý":"đã tạo"})"}).ok());
  auto done = idem.Begin("stp.reporter", "k1", "h1", "a5", t0 + 2s, t0 - 60s, long_ago).value();
  REQUIRE(done.has_value());
  REQUIRE(done->response.has_value());
  CHECK(done->response->status == 201);
  CHECK(done->response->location == "/api/v1/tickets/T-1");
  CHECK(done->response->body == R"({"ý":"đã tạo"})");
  // Abandon forgets only an unfinished claim.
  REQUIRE(idem.Abandon("stp.reporter", "k1", "a1").ok());
  CHECK(idem.Begin("stp.reporter", "k1", "h1", "a6", t0 + 3s, t0 - 60s, long_ago).value().has_value());
  CHECK_FALSE(idem.Begin("stp.reporter", "k2", "h2", "b1", t0, t0 - 60s, long_ago).value().has_value());
  REQUIRE(idem.Abandon("stp.reporter", "k2", "b1").ok());
  CHECK_FALSE(idem.Begin("stp.reporter", "k2", "h3", "b2", t0, t0 - 60s, long_ago).value().has_value());
  // A stale unfinished claim is taken over; so is anything past its 24 hours.
  CHECK_FALSE(idem.Begin("stp.reporter", "k2", "h4", "b3", t0 + 120s, t0 + 60s, long_ago).value().has_value());
  CHECK_FALSE(idem.Begin("stp.reporter", "k1", "h5", "a7", t0 + 25h, t0, t0 + 1h).value().has_value());
  // A claim needs a token.
  CHECK(idem.Begin("stp.reporter", "k3", "h6", "", t0, t0 - 60s, long_ago).status().code() ==
        ErrorCode::kInvalidArgument);
}

// Issue 14.3 review: a request whose claim was taken over after the in-flight limit (it
// was slow, not dead) can neither answer nor forget the claim of the retry that took it.
TEST_CASE("contract: only the request holding an idempotency claim completes or abandons it", "[contract][idempotency]") {
  Node w(CurrentStore().FreshDatabase());
  auto& idem = w.storage->idempotency();
  const Timestamp t0 = DemoStart();
  const Timestamp long_ago = t0 - 24h;
  const std::string id = w.File();
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k", "h", "slow", t0, t0 - 120s, long_ago).value().has_value());
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k", "h", "retry", t0 + 121s, t0 + 1s, long_ago).value().has_value());
  // The slow request's three ways to touch the key are all refused, and change nothing.
  CHECK(idem.Complete("stp.reporter", "k", "slow", {500, "text/plain", "", "slow"}).code() == ErrorCode::kClaimLost);
  REQUIRE(idem.Abandon("stp.reporter", "k", "slow").ok());
  TicketCommit stale = CommentCommit(w.store(), id, "từ yêu cầu chậm");
  stale.idempotency = IdempotencyCompletion{"stp.reporter", "k", "slow", {200, "application/json", "", "slow"}};
  CHECK(w.store().Commit(stale).code() == ErrorCode::kClaimLost);
  CHECK(w.store().LoadHistory(id).value().size() == 1);
  auto held = idem.Begin("stp.reporter", "k", "h", "third", t0 + 122s, t0 + 2s, long_ago).value();
  REQUIRE(held.has_value());  // still the retry's, in flight: not forgotten, not answered
  CHECK_FALSE(held->response.has_value());
  // Nor does "" name any claim.
  CHECK(idem.Complete("stp.reporter", "k", "", {200, "application/json", "", "none"}).code() == ErrorCode::kClaimLost);
  // The retry's own claim answers, with its event.
  TicketCommit fresh = CommentCommit(w.store(), id, "từ yêu cầu thử lại");
  fresh.idempotency = IdempotencyCompletion{"stp.reporter", "k", "retry", {200, "application/json", "", "retry"}};
  REQUIRE(w.store().Commit(fresh).ok());
  auto replay = idem.Begin("stp.reporter", "k", "h", "fourth", t0 + 123s, t0 + 3s, long_ago).value();
  REQUIRE(replay.has_value());
  REQUIRE(replay->response.has_value());
  CHECK(replay->response->body == "retry");
  // And a retry's claim that the slow request abandoned in vain is still completed by Complete.
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k2", "h2", "slow2", t0, t0 - 120s, long_ago).value().has_value());
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k2", "h2", "retry2", t0 + 121s, t0 + 1s, long_ago).value().has_value());
  REQUIRE(idem.Abandon("stp.reporter", "k2", "slow2").ok());
  REQUIRE(idem.Complete("stp.reporter", "k2", "retry2", {201, "application/json", "", "retry2"}).ok());
  CHECK(idem.Begin("stp.reporter", "k2", "h2", "x", t0 + 122s, t0 + 2s, long_ago).value()->response->body == "retry2");
}

// Issue 14.3: a request's answer commits with its event, so that the key reads as answered
// even when the separate Complete step never ran (the process died after the commit).
TEST_CASE("contract: an answer committed with its event completes the idempotency key", "[contract][idempotency]") {
  Node w(CurrentStore().FreshDatabase());
  auto& idem = w.storage->idempotency();
  const Timestamp t0 = DemoStart();
  const Timestamp long_ago = t0 - 24h;
  const std::string id = w.File();

  REQUIRE_FALSE(idem.Begin("stp.reporter", "c1", "h1", "claim-c1", t0, t0 - 120s, long_ago).value().has_value());
  TicketCommit commit = CommentCommit(w.store(), id, "đã gọi lại");
  commit.idempotency = IdempotencyCompletion{"stp.reporter", "c1", "claim-c1",
                                             {200, "application/json", "", R"({"version":2,"ý":"bình luận"})"}};
  REQUIRE(w.store().Commit(commit).ok());
  // Long after the in-flight limit, the retry gets the committed answer, not a new claim.
  auto replay = idem.Begin("stp.reporter", "c1", "h1", "claim-r1", t0 + 1h, t0 + 1h - 120s, long_ago).value();
  REQUIRE(replay.has_value());
  REQUIRE(replay->response.has_value());
  CHECK(replay->response->status == 200);
  CHECK(replay->response->content_type == "application/json");
  CHECK(replay->response->body == R"({"version":2,"ý":"bình luận"})");
  // The key is answered: the separate step, and a second commit answering it, are refused,
  // and that commit writes nothing.
  CHECK(idem.Complete("stp.reporter", "c1", "claim-c1", {500, "text/plain", "", "late"}).code() == ErrorCode::kClaimLost);
  TicketCommit again = CommentCommit(w.store(), id, "lần nữa");
  again.idempotency = commit.idempotency;
  again.outbox = {Notification(id, 3, "org:stp", "a@example.vn", StartMs())};
  CHECK(w.store().Commit(again).code() == ErrorCode::kClaimLost);
  CHECK(w.store().LoadHistory(id).value().size() == 2);
  CHECK(w.store().LoadTicket(id).value().version == 2);
  CHECK(w.storage->outbox().ListForTicket(id).value().empty());
  CHECK(idem.Begin("stp.reporter", "c1", "h1", "claim-r2", t0 + 2h, t0 + 2h - 120s, long_ago).value()->response->body ==
        R"({"version":2,"ý":"bình luận"})");
  // Nor may a commit answer a key claimed by another request, or never claimed.
  REQUIRE_FALSE(idem.Begin("stp.reporter", "c2", "h2", "claim-c2", t0, t0 - 120s, long_ago).value().has_value());
  again.idempotency = IdempotencyCompletion{"stp.reporter", "c2", "claim-other", {200, "application/json", "", "{}"}};
  CHECK(w.store().Commit(again).code() == ErrorCode::kClaimLost);
  again.idempotency = IdempotencyCompletion{"stp.reporter", "never-claimed", "claim-c1", {200, "application/json", "", "{}"}};
  CHECK(w.store().Commit(again).code() == ErrorCode::kClaimLost);
  CHECK(w.store().LoadHistory(id).value().size() == 2);
  // A new ticket through the service: the answer is rendered from the ticket as committed.
  REQUIRE_FALSE(idem.Begin("stp.reporter", "file-1", "h3", "claim-f1", t0, t0 - 120s, long_ago).value().has_value());
  ReportCommand report;
  report.category = Category::kDataDiscrepancy;
  report.title = "Sai lệch dữ liệu hộ tịch";
  report.description = "Số liệu hai bên không khớp.";
  const AnswerToRecord answer{"stp.reporter", "file-1", "claim-f1", [](const Ticket& t) {
                                return StoredResponse{201, "application/json", "/api/v1/tickets/" + t.id, t.id};
                              }};
  auto filed = w.service.Report(DemoActor("stp.reporter"), report, &answer);
  REQUIRE(filed.ok());
  auto created = idem.Begin("stp.reporter", "file-1", "h3", "claim-f2", t0 + 1h, t0 + 1h - 120s, long_ago).value();
  REQUIRE(created.has_value());
  REQUIRE(created->response.has_value());
  CHECK(created->response->status == 201);
  CHECK(created->response->location == "/api/v1/tickets/" + filed->id);
  CHECK(created->response->body == filed->id);
  // Filing again under the answered key is refused whole: no second ticket.
  CHECK(w.service.Report(DemoActor("stp.reporter"), report, &answer).status().code() == ErrorCode::kClaimLost);
  CHECK(w.store().ListTicketIds().value().size() == 2);
}

// Issue 14.3 for the directory: a change carrying its request's answer commits both in one
// transaction, the answer naming the id the store assigned; a change whose claim was taken
// over is refused whole, neither the change nor its history event.
TEST_CASE("contract: a directory change answers its Idempotency-Key in the same transaction, or writes nothing",
          "[contract][idempotency][directory]") {
  Node w(CurrentStore().FreshDatabase());
  auto& idem = w.storage->idempotency();
  DirectoryStore& dir = w.storage->directory();
  DirectoryService admin{dir, w.clock, w.workflow.settings()};
  const Timestamp t0 = DemoStart();
  const Timestamp long_ago = t0 - 24h;
  FocalPointAppointment a;
  a.username = "stnmt.reporter";
  a.position = "Chuyên viên Phòng CNTT";
  a.since = CivilDate{2026, 1, 5};
  a.decision_ref = "12/QĐ-STNMT";
  auto answer_under = [](const std::string& claim) {
    return DirectoryAnswerToRecord<FocalPoint>{"admin", "appoint-1", claim, [](const FocalPoint& t) {
                                                 return StoredResponse{201, "application/json", "", std::to_string(t.id)};
                                               }};
  };
  // The first request's claim is taken over by its retry: its commit is refused whole.
  REQUIRE_FALSE(idem.Begin("admin", "appoint-1", "h1", "claim-1", t0, t0 - 120s, long_ago).value().has_value());
  REQUIRE_FALSE(idem.Begin("admin", "appoint-1", "h1", "claim-2", t0 + 121s, t0 + 1s, long_ago).value().has_value());
  const std::int64_t head = dir.DirectoryHead().value();
  const std::size_t terms = dir.ListFocalPoints("stnmt").value().size();
  const auto lost = answer_under("claim-1");
  CHECK(admin.AppointFocalPoint(DemoActor("admin"), "stnmt", a, &lost).status().code() == ErrorCode::kClaimLost);
  CHECK(dir.DirectoryHead().value() == head);
  CHECK(dir.ListFocalPoints("stnmt").value().size() == terms);
  // The retry under its own claim: the term, its event and its answer, in one commit.
  const auto own = answer_under("claim-2");
  auto term = admin.AppointFocalPoint(DemoActor("admin"), "stnmt", a, &own);
  INFO(term.status().ToString());
  REQUIRE(term.ok());
  CHECK(term->id != 0);
  CHECK(dir.DirectoryHead().value() == head + 1);
  CHECK(dir.ListFocalPoints("stnmt").value().size() == terms + 1);
  auto rec = idem.Begin("admin", "appoint-1", "h1", "claim-3", t0 + 1h, t0 + 1h - 120s, long_ago).value();
  REQUIRE(rec.has_value());
  REQUIRE(rec->response.has_value());
  CHECK(rec->response->status == 201);
  CHECK(rec->response->body == std::to_string(term->id));
  // A raw change answering a key that was answered already (or never claimed) is refused whole.
  DirectoryChange change;
  change.expected_head = dir.DirectoryHead().value();
  Org org;
  org.id = "sxd";
  org.name = "Sở Xây dựng";
  org.kind = "department";
  change.orgs.push_back(org);
  DirectoryEvent e;
  e.type = "org_created";
  e.actor = "admin";
  e.at = t0;
  e.subject = "org:sxd";
  change.events.push_back(e);
  change.answer = DirectoryAnswer{IdempotencyCompletion{"admin", "appoint-1", "claim-2", {}},
                                  [](const std::vector<std::int64_t>&) { return StoredResponse{201, "", "", "again"}; }};
  CHECK(dir.Commit(change).code() == ErrorCode::kClaimLost);
  CHECK_FALSE(dir.FindOrg("sxd").value().has_value());
  CHECK(dir.DirectoryHead().value() == head + 1);
  REQUIRE_FALSE(idem.Begin("admin", "create-sxd", "h2", "claim-4", t0, t0 - 120s, long_ago).value().has_value());
  change.answer->completion = IdempotencyCompletion{"admin", "create-sxd", "claim-4", {}};
  REQUIRE(dir.Commit(change).ok());
  CHECK(dir.FindOrg("sxd").value().has_value());
  auto created = idem.Begin("admin", "create-sxd", "h2", "claim-5", t0 + 1h, t0 + 1h - 120s, long_ago).value();
  REQUIRE(created.has_value());
  REQUIRE(created->response.has_value());
  CHECK(created->response->body == "again");
}

// Two commits answering one claim (nodes racing, each sure the claim is its own) both
// reach the store: exactly one answers it.
TEST_CASE("contract: of two commits answering one key, only the first is written", "[contract][idempotency][concurrency]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node a(url);
  Node b(url);
  auto& idem = a.storage->idempotency();
  const Timestamp t0 = DemoStart();
  const std::string id = a.File();
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k", "h", "first", t0, t0 - 120s, t0 - 24h).value().has_value());
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k", "h", "second", t0 + 121s, t0 + 1s, t0 - 24h).value().has_value());
  const std::string other = b.File("Mất kết nối lần hai");
  TicketCommit ca = CommentCommit(a.store(), id, "từ nút A");
  ca.idempotency = IdempotencyCompletion{"stp.reporter", "k", "second", {200, "application/json", "", "A"}};
  TicketCommit cb = CommentCommit(b.store(), other, "từ nút B");
  cb.idempotency = IdempotencyCompletion{"stp.reporter", "k", "second", {200, "application/json", "", "B"}};
  Status sa, sb;
  std::thread ta([&] { sa = a.store().Commit(ca); });
  std::thread tb([&] { sb = b.store().Commit(cb); });
  ta.join();
  tb.join();
  INFO(sa.ToString() << " / " << sb.ToString());
  CHECK(sa.ok() != sb.ok());
  CHECK((sa.ok() ? sb : sa).code() == ErrorCode::kClaimLost);
  const std::size_t events = a.store().LoadHistory(id).value().size() + a.store().LoadHistory(other).value().size();
  CHECK(events == 3);  // two reports and one comment
  auto rec = idem.Begin("stp.reporter", "k", "h", "third", t0 + 1h, t0 + 1h - 120s, t0 - 24h).value();
  REQUIRE(rec.has_value());
  REQUIRE(rec->response.has_value());
  CHECK(rec->response->body == (sa.ok() ? "A" : "B"));
}

TEST_CASE("contract: a node that starts again releases its own claims in flight, and nothing else", "[contract][idempotency]") {
  Node w(CurrentStore().FreshDatabase());
  auto& idem = w.storage->idempotency();
  const Timestamp t0 = DemoStart();
  const Timestamp long_ago = t0 - 24h;
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k1", "h1", "c1", t0, t0 - 120s, long_ago, "host-a:8080").value().has_value());
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k2", "h2", "c2", t0, t0 - 120s, long_ago, "host-b:8080").value().has_value());
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k3", "h3", "c3", t0, t0 - 120s, long_ago, "host-a:8080").value().has_value());
  REQUIRE(idem.Complete("stp.reporter", "k3", "c3", {201, "application/json", "", "đã trả lời"}).ok());
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k4", "h4", "c4", t0, t0 - 120s, long_ago).value().has_value());
  CHECK(idem.ReleaseInFlight("host-a:8080").value() == 1);
  CHECK(idem.ReleaseInFlight("").value() == 0);  // "" names no node
  // Within the in-flight limit: node a's claim is free at once; the others are as they were.
  CHECK_FALSE(idem.Begin("stp.reporter", "k1", "h1", "c5", t0 + 1s, t0 - 120s, long_ago, "host-a:8080").value().has_value());
  auto b = idem.Begin("stp.reporter", "k2", "h2", "c6", t0 + 1s, t0 - 120s, long_ago, "host-a:8080").value();
  REQUIRE(b.has_value());
  CHECK_FALSE(b->response.has_value());
  auto answered = idem.Begin("stp.reporter", "k3", "h3", "c7", t0 + 1s, t0 - 120s, long_ago, "host-a:8080").value();
  REQUIRE(answered.has_value());
  REQUIRE(answered->response.has_value());
  CHECK(answered->response->body == "đã trả lời");
  CHECK(idem.Begin("stp.reporter", "k4", "h4", "c8", t0 + 1s, t0 - 120s, long_ago, "host-a:8080").value().has_value());
  // A stale claim taken over is the new node's: b's restart no longer releases it.
  REQUIRE_FALSE(idem.Begin("stp.reporter", "k2", "h2", "c9", t0 + 121s, t0 + 1s, long_ago, "host-c:8080").value().has_value());
  CHECK(idem.ReleaseInFlight("host-b:8080").value() == 0);
  CHECK(idem.ReleaseInFlight("host-c:8080").value() == 1);
}

TEST_CASE("contract: sessions are found then revoked and purged", "[contract][sessions]") {
  Node w(CurrentStore().FreshDatabase());
  auto& sessions = w.storage->sessions();
  const Timestamp t0 = DemoStart();
  REQUIRE(sessions.CreateSession({"aa11", "stp.reporter", t0, t0 + 1h}).ok());
  REQUIRE(sessions.CreateSession({"bb22", "stnmt.focal", t0, t0 + 2h}).ok());
  auto s = sessions.FindSession("aa11").value();
  REQUIRE(s.has_value());
  CHECK(s->username == "stp.reporter");
  CHECK(s->expires_at == t0 + 1h);
  CHECK_FALSE(sessions.FindSession("AA11").value().has_value());
  CHECK(sessions.CreateSession({"aa11", "x", t0, t0}).code() == ErrorCode::kConflict);
  REQUIRE(sessions.RevokeSession("aa11").ok());
  REQUIRE(sessions.RevokeSession("unknown").ok());
  CHECK_FALSE(sessions.FindSession("aa11").value().has_value());
  CHECK(sessions.PurgeExpiredSessions(t0 + 90min).value() == 1);
  CHECK(sessions.FindSession("bb22").value().has_value());
}

TEST_CASE("contract: a session is found with its user in one call, and not once revoked", "[contract][sessions]") {
  Node w(CurrentStore().FreshDatabase());
  auto& sessions = w.storage->sessions();
  auto& dir = w.storage->directory();
  const Timestamp t0 = DemoStart();
  REQUIRE(sessions.CreateSession({"cc33", "stnmt.focal", t0, t0 + 1h}).ok());
  auto found = sessions.FindSessionWithUser("cc33", dir);
  REQUIRE(found.ok());
  REQUIRE(found.value().has_value());
  CHECK(found.value()->session.username == "stnmt.focal");
  CHECK(found.value()->session.expires_at == t0 + 1h);
  // The same user the directory gives, field for field.
  CHECK(found.value()->user == dir.FindUser("stnmt.focal").value().value());
  CHECK_FALSE(sessions.FindSessionWithUser("unknown", dir).value().has_value());
  REQUIRE(sessions.RevokeSession("cc33").ok());
  CHECK_FALSE(sessions.FindSessionWithUser("cc33", dir).value().has_value());
}
