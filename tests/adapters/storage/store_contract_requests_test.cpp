// The store contract of what a request's handling keeps besides tickets (store_contract.h):
// Idempotency-Key claims and their answers, committed with the change they answer, and
// sign-in sessions. Each case starts from a fresh, empty database.

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
