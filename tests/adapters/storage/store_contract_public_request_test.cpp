// The store contract for public data requests (issue 15.2): a request from a person or a
// business without an account is held (engine/public_request.h) until the requester
// confirms the email address; the confirmation files a data request whose commit links the
// two (TicketCommit::confirms) in one transaction, once. Run per backend like the rest of
// the suite (store_contract.h).

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "store_contract.h"
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;
using namespace std::chrono_literals;

namespace {

// A SHA-256 hex stand-in: 64 characters that differ by `seed`.
std::string Hash(char seed) { return std::string(63, 'a') + seed; }

PublicRequest Request(const std::string& code, Timestamp created_at, char email = 'e', char client = 'c') {
  PublicRequest r;
  r.code = code;
  r.token_hash = Hash('t');
  r.email_hash = Hash(email);
  r.client_hash = Hash(client);
  r.form = {{"scope", "person_or_business"},
            {"title", "Dữ liệu hộ tịch của xã Phước Dinh"},
            {"data_wanted", "Số liệu khai sinh năm 2026, theo thôn."},
            {"purpose", "Nghiên cứu dân số."},
            {"legal_basis", "Luật Dữ liệu 2024, Điều 18."},
            {"requester_name", "Nguyễn Thị Ánh Tuyết"},
            {"email", "tuyet.nguyen@example.vn"},
            {"owners", JsonValue::Array{"stp", "skhdt"}},
            {"copies", 2}};
  r.created_at = created_at;
  r.expires_at = created_at + 24h;
  return r;
}

MillisTime Ms(Timestamp t) { return std::chrono::time_point_cast<std::chrono::milliseconds>(t); }

// The confirmation mail of a request, as an outbox row (the key names no code: the code is
// a bearer secret).
OutboxRow Mail(const std::string& key, Timestamp at) {
  OutboxRow r;
  r.idempotency_key = "public-request:" + key + ":email:requester";
  r.ticket_id = "public-request:" + key;
  r.event_seq = 0;
  r.event_type = EventType::kSubmit;
  r.channel = NotificationChannel::kEmail;
  r.recipient = "tuyet.nguyen@example.vn";
  r.recipient_ref = "requester";
  r.vars = R"({"title":"Dữ liệu hộ tịch của xã Phước Dinh"})";
  r.created_at = at;
  r.next_attempt_at = Ms(at);
  return r;
}

// A data request filed by `w`'s service, as the template of the new-ticket commits below.
Ticket SubmittedRequest(Node& w) {
  SubmitCommand submit;
  submit.scope = Scope::kPersonOrBusiness;
  submit.title = "Dữ liệu hộ tịch của xã Phước Dinh";
  submit.data_wanted = "Số liệu khai sinh năm 2026.";
  submit.purpose = "Nghiên cứu.";
  submit.legal_basis = "Luật Dữ liệu 2024.";
  submit.requester_name = "Nguyễn Thị Ánh Tuyết";
  auto t = w.service.Submit(DemoActor("stttt.engineer"), submit);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  return t.value();
}

// The commit that files ticket `id` (a copy of `filed` under a new id) and confirms `code`,
// with one notification.
TicketCommit FilingCommit(Node& w, const Ticket& filed, const std::string& id, const std::string& code) {
  const TicketEvent first = w.store().LoadHistory(filed.id).value().front();
  TicketCommit c{filed, first, 0};
  c.snapshot.id = id;
  c.event.ticket_id = id;
  c.event.hash = ComputeEventHash(c.event);
  c.snapshot.last_hash = c.event.hash;
  OutboxRow note = Mail(id, filed.created_at);
  note.idempotency_key = id + ":1:email:org:stttt";
  note.ticket_id = id;
  note.event_seq = 1;
  note.recipient_ref = "org:stttt";
  c.outbox = {note};
  c.confirms = code;
  return c;
}

}  // namespace

TEST_CASE("contract: a public request round-trips every field", "[contract][public_request]") {
  const std::string url = CurrentStore().FreshDatabase();
  const PublicRequest created = Request("pr-7Hq2xK9mVb3LwZ", DemoStart());
  {
    Node w(url);
    REQUIRE(w.storage->public_requests().CreatePublicRequest(created, Mail("1", DemoStart())).ok());
  }
  Node again(url);  // reopened: read back from the database, not a cache
  auto found = again.storage->public_requests().FindPublicRequest(created.code);
  INFO(found.status().ToString());
  REQUIRE(found.ok());
  CHECK(found->code == created.code);
  CHECK(found->token_hash == created.token_hash);
  CHECK(found->email_hash == created.email_hash);
  CHECK(found->client_hash == created.client_hash);
  CHECK(found->form.at("title").as_string() == "Dữ liệu hộ tịch của xã Phước Dinh");
  CHECK(found->form.at("requester_name").as_string() == "Nguyễn Thị Ánh Tuyết");
  CHECK(found->form == created.form);
  CHECK(found->created_at == created.created_at);
  CHECK(found->expires_at == created.expires_at);
  CHECK_FALSE(found->ticket_id.has_value());
  CHECK(found.value() == created);
  // Codes are compared byte for byte: another case is another code.
  auto other = again.storage->public_requests().FindPublicRequest("PR-7HQ2XK9MVB3LWZ");
  CHECK(other.status().code() == ErrorCode::kNotFound);
  CHECK(other.status().message().find("PR-7HQ2XK9MVB3LWZ") == std::string::npos);  // a secret: never in a message
  CHECK(again.storage->public_requests().FindPublicRequest("").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("contract: a duplicate public request code is a conflict and writes no second mail",
          "[contract][public_request]") {
  Node w(CurrentStore().FreshDatabase());
  PublicRequestStore& requests = w.storage->public_requests();
  const PublicRequest first = Request("pr-duplicate", DemoStart());
  REQUIRE(requests.CreatePublicRequest(first, Mail("1", DemoStart())).ok());
  PublicRequest second = Request("pr-duplicate", DemoStart() + 1h, 'f', 'd');
  second.form["title"] = "Yêu cầu khác";
  const Status st = requests.CreatePublicRequest(second, Mail("2", DemoStart() + 1h));
  CHECK(st.code() == ErrorCode::kConflict);
  CHECK(st.message().find("pr-duplicate") == std::string::npos);
  CHECK(requests.FindPublicRequest("pr-duplicate").value() == first);
  CHECK(w.storage->outbox().ListForTicket("public-request:1").value().size() == 1);
  CHECK(w.storage->outbox().ListForTicket("public-request:2").value().empty());
  CHECK(requests.CountPublicRequestsByEmail(Hash('f'), DemoStart()).value() == 0);
}

TEST_CASE("contract: creating a public request queues its confirmation mail", "[contract][public_request]") {
  Node w(CurrentStore().FreshDatabase());
  const OutboxRow mail = Mail("1", DemoStart());
  REQUIRE(w.storage->public_requests().CreatePublicRequest(Request("pr-mail", DemoStart()), mail).ok());
  auto claimed = w.storage->outbox().ClaimDue(Ms(DemoStart()), 10, 1min);
  INFO(claimed.status().ToString());
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 1);
  const OutboxRow& r = claimed->front();
  CHECK(r.id > 0);
  CHECK(r.idempotency_key == mail.idempotency_key);
  CHECK(r.ticket_id == mail.ticket_id);
  CHECK(r.event_type == EventType::kSubmit);
  CHECK(r.channel == NotificationChannel::kEmail);
  CHECK(r.recipient == "tuyet.nguyen@example.vn");
  CHECK(r.recipient_ref == "requester");
  CHECK(r.locale == "vi");
  CHECK(r.vars == mail.vars);
  CHECK(r.status == DeliveryStatus::kPending);
  CHECK(r.created_at == DemoStart());
  CHECK(r.next_attempt_at == Ms(DemoStart()));
  REQUIRE(w.storage->outbox().MarkSent(r.id, DemoStart(), 0).ok());
  CHECK(w.storage->outbox().ClaimDue(Ms(DemoStart() + 1h), 10, 1min).value().empty());
}

TEST_CASE("contract: public requests are counted by email and by client address since a time",
          "[contract][public_request]") {
  Node w(CurrentStore().FreshDatabase());
  PublicRequestStore& requests = w.storage->public_requests();
  // Email e from clients c, c, d at 0h, 1h, 2h; email f from client c at 3h.
  const struct {
    const char* code;
    int hours;
    char email, client;
  } rows[] = {{"pr-a", 0, 'e', 'c'}, {"pr-b", 1, 'e', 'c'}, {"pr-c", 2, 'e', 'd'}, {"pr-d", 3, 'f', 'c'}};
  for (const auto& row : rows) {
    const Timestamp at = DemoStart() + std::chrono::hours(row.hours);
    REQUIRE(requests.CreatePublicRequest(Request(row.code, at, row.email, row.client), Mail(row.code, at)).ok());
  }
  CHECK(requests.CountPublicRequestsByEmail(Hash('e'), DemoStart()).value() == 3);
  CHECK(requests.CountPublicRequestsByEmail(Hash('e'), DemoStart() + 1h).value() == 2);  // `since` included
  CHECK(requests.CountPublicRequestsByEmail(Hash('e'), DemoStart() + 1h + 1s).value() == 1);
  CHECK(requests.CountPublicRequestsByEmail(Hash('e'), DemoStart() + 3h).value() == 0);
  CHECK(requests.CountPublicRequestsByEmail(Hash('f'), DemoStart()).value() == 1);
  CHECK(requests.CountPublicRequestsByEmail(Hash('x'), DemoStart()).value() == 0);
  CHECK(requests.CountPublicRequestsByClient(Hash('c'), DemoStart()).value() == 3);
  CHECK(requests.CountPublicRequestsByClient(Hash('c'), DemoStart() + 1h).value() == 2);
  CHECK(requests.CountPublicRequestsByClient(Hash('c'), DemoStart() + 2h).value() == 1);
  CHECK(requests.CountPublicRequestsByClient(Hash('d'), DemoStart()).value() == 1);
  CHECK(requests.CountPublicRequestsByClient(Hash('d'), DemoStart() + 2h + 1s).value() == 0);
  // The hashes are compared byte for byte.
  std::string upper = Hash('e');
  upper[0] = 'A';
  CHECK(requests.CountPublicRequestsByEmail(upper, DemoStart()).value() == 0);
}

TEST_CASE("contract: the purge removes only the expired requests never confirmed", "[contract][public_request]") {
  Node w(CurrentStore().FreshDatabase());
  PublicRequestStore& requests = w.storage->public_requests();
  const Timestamp now = DemoStart() + 48h;
  PublicRequest expired = Request("pr-expired", DemoStart());  // expires at 24h
  PublicRequest at_now = Request("pr-at-now", DemoStart() + 24h);  // expires exactly now: kept
  PublicRequest fresh = Request("pr-fresh", DemoStart() + 40h);
  PublicRequest confirmed = Request("pr-confirmed", DemoStart());  // expired, but confirmed
  for (const PublicRequest* r : {&expired, &at_now, &fresh, &confirmed})
    REQUIRE(requests.CreatePublicRequest(*r, Mail(r->code, r->created_at)).ok());
  const Ticket filed = SubmittedRequest(w);
  REQUIRE(w.store().Commit(FilingCommit(w, filed, "YC-2026-9001", "pr-confirmed")).ok());

  auto purged = requests.PurgeExpiredPublicRequests(now);
  INFO(purged.status().ToString());
  REQUIRE(purged.ok());
  CHECK(purged.value() == 1);
  CHECK(requests.FindPublicRequest("pr-expired").status().code() == ErrorCode::kNotFound);
  CHECK(requests.FindPublicRequest("pr-at-now").ok());
  CHECK(requests.FindPublicRequest("pr-fresh").ok());
  CHECK(requests.FindPublicRequest("pr-confirmed")->ticket_id == std::optional<std::string>("YC-2026-9001"));
  CHECK(requests.PurgeExpiredPublicRequests(now).value() == 0);
  CHECK(requests.PurgeExpiredPublicRequests(now + 1s).value() == 1);  // pr-at-now
  CHECK(requests.PurgeExpiredPublicRequests(now + 1000h).value() == 1);  // pr-fresh; never pr-confirmed
  CHECK(requests.FindPublicRequest("pr-confirmed").ok());
  // A purged request no longer counts (the rate limits look back less than its life).
  CHECK(requests.CountPublicRequestsByEmail(Hash('e'), DemoStart()).value() == 1);
  // The mails stay: the outbox keeps its own history.
  CHECK(w.storage->outbox().ListForTicket("public-request:pr-expired").value().size() == 1);
}

TEST_CASE("contract: a confirmation links its ticket once, and a second one files nothing",
          "[contract][public_request]") {
  Node w(CurrentStore().FreshDatabase());
  PublicRequestStore& requests = w.storage->public_requests();
  REQUIRE(requests.CreatePublicRequest(Request("pr-once", DemoStart()), Mail("1", DemoStart())).ok());
  const Ticket filed = SubmittedRequest(w);
  const auto ids_before = w.store().ListTicketIds().value();

  const TicketCommit first = FilingCommit(w, filed, "YC-2026-9001", "pr-once");
  const Status ok = w.store().Commit(first);
  INFO(ok.ToString());
  REQUIRE(ok.ok());
  CHECK(requests.FindPublicRequest("pr-once")->ticket_id == std::optional<std::string>("YC-2026-9001"));
  CHECK(w.store().LoadTicket("YC-2026-9001").value() == first.snapshot);
  CHECK(w.store().LoadHistory("YC-2026-9001").value().size() == 1);
  CHECK(w.storage->outbox().ListForTicket("YC-2026-9001").value().size() == 1);

  // A second confirmation of the same request (a link followed twice, two nodes at once):
  // another ticket id, and nothing of it stays.
  const Status again = w.store().Commit(FilingCommit(w, filed, "YC-2026-9002", "pr-once"));
  CHECK(again.code() == ErrorCode::kConflict);
  CHECK(again.message().find("pr-once") == std::string::npos);
  CHECK(w.store().LoadTicket("YC-2026-9002").status().code() == ErrorCode::kNotFound);
  CHECK(w.store().LoadHistory("YC-2026-9002").status().code() == ErrorCode::kNotFound);
  CHECK(w.storage->outbox().ListForTicket("YC-2026-9002").value().empty());
  auto ids = ids_before;
  ids.push_back("YC-2026-9001");
  CHECK(w.store().ListTicketIds().value() == ids);
  CHECK(requests.FindPublicRequest("pr-once")->ticket_id == std::optional<std::string>("YC-2026-9001"));

  // One ticket files one request: linking a second request to it is refused too.
  REQUIRE(requests.CreatePublicRequest(Request("pr-other", DemoStart()), Mail("2", DemoStart())).ok());
  TicketCommit comment = FilingCommit(w, filed, "YC-2026-9001", "pr-other");
  comment.snapshot = w.store().LoadTicket("YC-2026-9001").value();
  comment.expected_version = comment.snapshot.version;
  comment.event.seq = comment.snapshot.version + 1;
  comment.event.type = EventType::kComment;
  comment.event.from_state = comment.snapshot.state;
  comment.event.to_state = comment.snapshot.state;
  comment.event.payload = {{"body", "ghi chú"}};
  comment.event.prev_hash = comment.snapshot.last_hash;
  comment.event.hash = ComputeEventHash(comment.event);
  comment.snapshot.version = comment.event.seq;
  comment.snapshot.last_hash = comment.event.hash;
  comment.outbox.clear();
  CHECK(w.store().Commit(comment).code() == ErrorCode::kConflict);
  CHECK(w.store().LoadHistory("YC-2026-9001").value().size() == 1);
  CHECK_FALSE(requests.FindPublicRequest("pr-other")->ticket_id.has_value());
}

TEST_CASE("contract: confirming an unknown public request is a conflict and files nothing",
          "[contract][public_request]") {
  Node w(CurrentStore().FreshDatabase());
  const Ticket filed = SubmittedRequest(w);
  const Status st = w.store().Commit(FilingCommit(w, filed, "YC-2026-9001", "pr-no-such-code"));
  CHECK(st.code() == ErrorCode::kConflict);
  CHECK(st.message().find("pr-no-such-code") == std::string::npos);
  CHECK(w.store().LoadTicket("YC-2026-9001").status().code() == ErrorCode::kNotFound);
  CHECK(w.storage->outbox().ListForTicket("YC-2026-9001").value().empty());
  // A purged request is unknown too.
  PublicRequestStore& requests = w.storage->public_requests();
  REQUIRE(requests.CreatePublicRequest(Request("pr-late", DemoStart()), Mail("1", DemoStart())).ok());
  REQUIRE(requests.PurgeExpiredPublicRequests(DemoStart() + 25h).value() == 1);
  CHECK(w.store().Commit(FilingCommit(w, filed, "YC-2026-9001", "pr-late")).code() == ErrorCode::kConflict);
  CHECK(w.store().LoadTicket("YC-2026-9001").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("contract: two nodes confirming one public request at once: exactly one files a ticket",
          "[contract][public_request][concurrency]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node a(url), b(url);
  const Ticket filed = SubmittedRequest(a);
  for (int round = 0; round < 5; ++round) {
    const std::string code = "pr-race-" + std::to_string(round);
    REQUIRE(a.storage->public_requests().CreatePublicRequest(Request(code, DemoStart()), Mail(code, DemoStart())).ok());
    const std::string id_a = "YC-A-" + std::to_string(round), id_b = "YC-B-" + std::to_string(round);
    const TicketCommit ca = FilingCommit(a, filed, id_a, code), cb = FilingCommit(b, filed, id_b, code);
    std::atomic<int> go{0};
    Status sa, sb;
    std::thread ta([&] {
      go++;
      while (go < 2) {}
      sa = a.store().Commit(ca);
    });
    std::thread tb([&] {
      go++;
      while (go < 2) {}
      sb = b.store().Commit(cb);
    });
    ta.join();
    tb.join();
    INFO("round " << round << ": " << sa.ToString() << " / " << sb.ToString());
    REQUIRE(sa.ok() != sb.ok());
    CHECK((sa.ok() ? sb : sa).code() == ErrorCode::kConflict);
    const std::string winner = sa.ok() ? id_a : id_b, loser = sa.ok() ? id_b : id_a;
    CHECK(a.storage->public_requests().FindPublicRequest(code)->ticket_id == std::optional<std::string>(winner));
    CHECK(b.store().LoadTicket(winner).ok());
    CHECK(b.store().LoadTicket(loser).status().code() == ErrorCode::kNotFound);
    CHECK(a.storage->outbox().ListForTicket(loser).value().empty());
  }
}
