// The audit chain (spec/API.md "Event (history item)"): hash = SHA-256 hex over prev_hash
// followed by the canonical JSON of the event without "hash"; the first prev_hash is 64
// zeros. VerifyChain / Replay / VerifyTicket (engine/include/incidents/engine/audit_chain.h).

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/base/sha256.h"
#include "incidents/engine/ticket_event.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;

const std::string kZeros(64, '0');

std::vector<TicketEvent> HistoryOf(DemoFixture& f, const std::string& id) {
  auto h = f.store.LoadHistory(id);
  REQUIRE(h.ok());
  return h.value();
}

bool IsLowerHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Recomputes every hash from `from` (0-based) on, relinking prev_hash: what a forger
// who knows the algorithm would do.
void Rechain(std::vector<TicketEvent>& events, std::size_t from) {
  for (std::size_t i = from; i < events.size(); ++i) {
    events[i].prev_hash = i == 0 ? kZeros : events[i - 1].hash;
    events[i].hash = ComputeEventHash(events[i]);
  }
}

// A ticket with five events: report, acknowledge, comment, assign_doict, comment.
std::string FiveEventTicket(DemoFixture& f) {
  const std::string id = f.File();
  f.clock.Advance(std::chrono::minutes(10));
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  f.clock.Advance(std::chrono::minutes(10));
  f.Do("stnmt.focal", id, CommentCommand{"Sở TN&MT đã nhận được yêu cầu"});
  f.clock.Advance(std::chrono::minutes(10));
  f.Do("stttt.engineer", id, AssignDoictCommand{});
  f.clock.Advance(std::chrono::minutes(10));
  f.Do("stp.reporter", id, CommentCommand{"Cảm ơn"});
  return id;
}

// --------------------------------------------------------------------------------------

TEST_CASE("Sha256Hex matches the FIPS 180-2 test vectors", "[engine][audit][sha256]") {
  CHECK(incidents::base::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(incidents::base::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(incidents::base::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(incidents::base::Sha256Hex(std::string("a\0b", 3)) != incidents::base::Sha256Hex("a"));  // binary-safe
}

TEST_CASE("a ticket driven through several events has a valid hash chain", "[engine][audit]") {
  DemoFixture f;
  const std::string id = FiveEventTicket(f);
  f.clock.Advance(std::chrono::minutes(10));
  f.Do("stttt.engineer", id, ResolveCommand{"Đã sửa kết nối"});
  f.clock.Advance(std::chrono::minutes(10));
  const Ticket last = f.Do("stp.reporter", id, ConfirmCommand{"Đã kiểm tra"});

  const auto events = HistoryOf(f, id);
  REQUIRE(events.size() == 7);
  CHECK(VerifyChain(events).ok());
  CHECK(VerifyTicket(f.store, f.workflow, id).ok());

  CHECK(events.front().prev_hash == kZeros);
  CHECK(std::string(kGenesisHash) == kZeros);
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO("event " << i + 1);
    CHECK(events[i].seq == static_cast<std::int64_t>(i + 1));
    CHECK(events[i].ticket_id == id);
    CHECK(IsLowerHex64(events[i].hash));
    CHECK(events[i].hash == ComputeEventHash(events[i]));
    if (i > 0) CHECK(events[i].prev_hash == events[i - 1].hash);
  }
  CHECK(last.last_hash == events.back().hash);
  CHECK(last.version == 7);
}

TEST_CASE("event hashes equal SHA-256 of prev_hash + hand-written canonical JSON", "[engine][audit]") {
  DemoFixture f;
  // Event 1: a report whose text needs every kind of escaping.
  ReportCommand report;
  report.category = Category::kConnectionFailure;
  report.title = "Mất kết nối \"LGSP\"";
  report.description = "Dòng 1\nDòng 2\t\\ hết\x1f";
  report.priority = Priority::kCritical;
  report.parties = {"stnmt", "syt"};
  report.service = "Cổng dịch vụ công";
  auto filed = f.service.Report(DemoActor("stp.focal"), report);
  REQUIRE(filed.ok());
  REQUIRE(filed->id == "INC-2026-000001");
  const std::string id = filed->id;

  // Event 2: acknowledge, 90 minutes later, with an empty payload.
  f.clock.Advance(std::chrono::minutes(90));
  f.Do("stttt.engineer", id, AcknowledgeCommand{});
  // Event 3: an sla_breach by the system actor (actor_org null).
  f.clock.Advance(std::chrono::seconds(1));
  auto breach = f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kResolve, 1});
  REQUIRE(breach.ok());

  const auto events = HistoryOf(f, id);
  REQUIRE(events.size() == 3);

  const std::string canonical1 =
      R"({"actor":"stp.focal","actor_org":"stp","at":"2026-01-05T01:00:00Z","from_state":null,)"
      R"("legal_basis":"Art. 16","payload":{"category":"connection_failure",)"
      R"("description":"Dòng 1\nDòng 2\t\\ hết\u001f","parties":["stnmt","syt"],"priority":"critical",)"
      R"("scope":"intra_province","service":"Cổng dịch vụ công","title":"Mất kết nối \"LGSP\""},)"
      R"("prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",)"
      R"("regulation":{"id":"qd-57-2020-ubnd-ninhthuan","version":3},"seq":1,)"
      R"("ticket_id":"INC-2026-000001","to_state":"reported","type":"report"})";
  const std::string hash1 = incidents::base::Sha256Hex(kZeros + canonical1);
  // Computed outside our code: hashlib.sha256((prev + json.dumps(event_without_hash,
  // sort_keys=True, separators=(",", ":"), ensure_ascii=False)).encode()).hexdigest()
  CHECK(hash1 == "1102344dea8b8c3f36899f390f73b79f02eb03d3391248ef2694a10c5339461b");
  CHECK(ToCanonicalJson(EventToJson(events[0], false)) == canonical1);
  CHECK(events[0].hash == hash1);
  CHECK(ComputeEventHash(events[0]) == hash1);
  // The same event as recorded before issue 13 (no scope, no regulation) keeps the hash it
  // was recorded with (Python, as above): the new members are written only when present.
  TicketEvent before = events[0];
  before.regulation_id.clear();
  before.regulation_version = 0;
  before.payload.erase("scope");
  CHECK(ComputeEventHash(before) == "7ffcc7ff636e615a6dfca14e6160866ba9f6c386fae26148b5b2d1181a524de4");

  const std::string canonical2 =
      R"({"actor":"stttt.engineer","actor_org":"stttt","at":"2026-01-05T02:30:00Z","from_state":"reported",)"
      R"("legal_basis":"Art. 17.1","payload":{},"prev_hash":")" + hash1 +
      R"(","regulation":{"id":"qd-57-2020-ubnd-ninhthuan","version":3},)"
      R"("seq":2,"ticket_id":"INC-2026-000001","to_state":"triage","type":"acknowledge"})";
  const std::string hash2 = incidents::base::Sha256Hex(hash1 + canonical2);
  CHECK(ToCanonicalJson(EventToJson(events[1], false)) == canonical2);
  CHECK(events[1].prev_hash == hash1);
  CHECK(events[1].hash == hash2);
  CHECK(hash2 == "cac2d3082a6733e822a8a19df948d5d3617ea225b6db988592b0d283b906755b");  // Python, as above

  const std::string canonical3 =
      R"({"actor":"system","actor_org":null,"at":"2026-01-05T02:30:01Z","from_state":"triage",)"
      R"("legal_basis":"Art. 11.2b","payload":{"clock":"resolve","level":1},"prev_hash":")" + hash2 +
      R"(","regulation":{"id":"qd-57-2020-ubnd-ninhthuan","version":3},"seq":3,"ticket_id":"INC-2026-000001","to_state":"triage","type":"sla_breach"})";
  CHECK(events[2].hash == incidents::base::Sha256Hex(hash2 + canonical3));
  CHECK(events[2].hash == "7f97278aee4853685e6830406051b9c8fd1d622dd157b461cb4b30731c364315");  // Python

  // The API form carries the same fields plus "hash".
  const std::string with_hash =
      R"({"actor":"stttt.engineer","actor_org":"stttt","at":"2026-01-05T02:30:00Z","from_state":"reported",)"
      R"("hash":")" + hash2 + R"(","legal_basis":"Art. 17.1","payload":{},"prev_hash":")" + hash1 +
      R"(","regulation":{"id":"qd-57-2020-ubnd-ninhthuan","version":3},"seq":2,"ticket_id":"INC-2026-000001","to_state":"triage","type":"acknowledge"})";
  CHECK(ToCanonicalJson(EventToJson(events[1], true)) == with_hash);
}

TEST_CASE("CanonicalEventText equals ToCanonicalJson of the event without hash", "[engine][audit]") {
  DemoFixture f;
  const std::string id = FiveEventTicket(f);
  f.Do("stp.reporter", id, CommentCommand{"Ký tự điều khiển \x01\x1f\b\f\n\r\t \"trích dẫn\" \\ / 😀"});
  auto breach = f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 1});
  REQUIRE(breach.ok());
  auto events = HistoryOf(f, id);
  REQUIRE(events.size() == 7);
  // Hand-made events reach corners the service does not write: nested payload values,
  // negative and large numbers, keys that need escaping.
  TicketEvent odd = events[2];
  odd.payload["z\"key\n"] = JsonValue(JsonValue::Array{JsonValue(-5), JsonValue(true), JsonValue(),
                                                       JsonValue(JsonValue::Object{{"b", 1}, {"a", "ả"}})});
  odd.payload["big"] = JsonValue(std::int64_t{9007199254740993});
  odd.actor_org.clear();
  odd.from_state.reset();
  events.push_back(odd);
  for (const auto& e : events) {
    INFO("event " << e.seq << " " << ToString(e.type));
    CHECK(CanonicalEventText(e) == ToCanonicalJson(EventToJson(e, /*with_hash=*/false)));
    CHECK(ComputeEventHash(e) == incidents::base::Sha256Hex(e.prev_hash + ToCanonicalJson(EventToJson(e, false))));
  }
}

TEST_CASE("editing any single field of a stored event breaks VerifyTicket at that event", "[engine][audit][tamper]") {
  struct Edit {
    const char* field;
    std::function<void(TicketEvent&)> apply;
    int fails_at_after_rehash;  // the event named once the edited event's hash is recomputed
  };
  const std::vector<Edit> edits = {
      {"payload text", [](TicketEvent& e) { e.payload["body"] = "Sở TN&MT chưa nhận được yêu cầu"; }, 4},
      {"payload member added", [](TicketEvent& e) { e.payload["extra"] = 1; }, 4},
      {"actor", [](TicketEvent& e) { e.actor = "stnmt.reporter"; }, 4},
      {"actor_org", [](TicketEvent& e) { e.actor_org = "syt"; }, 4},
      {"at", [](TicketEvent& e) { e.at += std::chrono::seconds(1); }, 4},
      {"to_state", [](TicketEvent& e) { e.to_state = State::kDoictFixing; }, 4},
      {"from_state", [](TicketEvent& e) { e.from_state = State::kReported; }, 4},
      {"type", [](TicketEvent& e) { e.type = EventType::kProvideInfo; }, 4},
      {"legal_basis", [](TicketEvent& e) { e.legal_basis = "Art. 20.2"; }, 4},
      {"ticket_id", [](TicketEvent& e) { e.ticket_id = "INC-2026-000999"; }, 4},
      {"seq", [](TicketEvent& e) { e.seq = 7; }, 3},
      {"prev_hash", [](TicketEvent& e) { e.prev_hash = incidents::base::Sha256Hex("forged"); }, 3},
  };
  for (const auto& edit : edits) {
    DYNAMIC_SECTION("field " << edit.field) {
      DemoFixture f;
      const std::string id = FiveEventTicket(f);
      REQUIRE(VerifyTicket(f.store, f.workflow, id).ok());

      // Event 3 (index 2) is the party's comment: not the last event.
      edit.apply(f.store.MutableEvent(id, 2));
      Status st = VerifyTicket(f.store, f.workflow, id);
      INFO(st.ToString());
      REQUIRE_FALSE(st.ok());
      CHECK(st.code() == ErrorCode::kCorruption);
      CHECK_THAT(st.message(), Contains("event 3"));
      CHECK(VerifyChain(HistoryOf(f, id)).code() == ErrorCode::kCorruption);

      // Recomputing the edited event's own hash does not help: the next link breaks.
      TicketEvent& e = f.store.MutableEvent(id, 2);
      e.hash = ComputeEventHash(e);
      Status again = VerifyTicket(f.store, f.workflow, id);
      INFO(again.ToString());
      REQUIRE_FALSE(again.ok());
      CHECK(again.code() == ErrorCode::kCorruption);
      CHECK_THAT(again.message(), Contains("event " + std::to_string(edit.fails_at_after_rehash)));
      if (edit.fails_at_after_rehash == 4) CHECK_THAT(again.message(), Contains("prev_hash"));
    }
  }
}

TEST_CASE("editing the first or the last event is detected too", "[engine][audit][tamper]") {
  DemoFixture f;
  const std::string first = FiveEventTicket(f);
  const std::string last = FiveEventTicket(f);

  f.store.MutableEvent(first, 0).payload["title"] = "Tiêu đề khác";
  Status st1 = VerifyTicket(f.store, f.workflow, first);
  REQUIRE_FALSE(st1.ok());
  CHECK(st1.code() == ErrorCode::kCorruption);
  CHECK_THAT(st1.message(), Contains("event 1"));

  f.store.MutableEvent(last, 4).payload["body"] = "Không cảm ơn";
  Status st5 = VerifyTicket(f.store, f.workflow, last);
  REQUIRE_FALSE(st5.ok());
  CHECK(st5.code() == ErrorCode::kCorruption);
  CHECK_THAT(st5.message(), Contains("event 5"));
}

TEST_CASE("a forger who rehashes the whole chain is caught by the stored snapshot", "[engine][audit][tamper]") {
  DemoFixture f;
  const std::string id = FiveEventTicket(f);
  const std::string body = "Sở TN&MT chưa nhận được yêu cầu";
  f.store.MutableEvent(id, 2).payload["body"] = body;
  for (std::size_t i = 2; i < 5; ++i) {
    TicketEvent& e = f.store.MutableEvent(id, i);
    e.prev_hash = f.store.MutableEvent(id, i - 1).hash;
    e.hash = ComputeEventHash(e);
  }
  REQUIRE(VerifyChain(HistoryOf(f, id)).ok());  // the chain itself is consistent again
  Status st = VerifyTicket(f.store, f.workflow, id);
  INFO(st.ToString());
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK_THAT(st.message(), Contains("last_hash"));
}

TEST_CASE("VerifyChain names the first bad event and checks seq and genesis", "[engine][audit]") {
  DemoFixture f;
  auto events = HistoryOf(f, FiveEventTicket(f));
  REQUIRE(VerifyChain(events).ok());
  CHECK(VerifyChain({}).ok());

  SECTION("first prev_hash is not 64 zeros") {
    events[0].prev_hash = std::string(64, 'f');
    events[0].hash = ComputeEventHash(events[0]);
    Rechain(events, 1);
    Status st = VerifyChain(events);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::kCorruption);
    CHECK_THAT(st.message(), Contains("event 1"));
  }
  SECTION("an event is missing") {
    events.erase(events.begin() + 1);
    Status st = VerifyChain(events);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::kCorruption);
    CHECK_THAT(st.message(), Contains("event 2"));
  }
  SECTION("two events are swapped") {
    std::swap(events[2], events[3]);
    Status st = VerifyChain(events);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::kCorruption);
    CHECK_THAT(st.message(), Contains("event 3"));
  }
  SECTION("a stored hash is altered") {
    events[3].hash[0] = events[3].hash[0] == 'a' ? 'b' : 'a';
    Status st = VerifyChain(events);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::kCorruption);
    CHECK_THAT(st.message(), Contains("event 4"));
  }
}

TEST_CASE("Replay of an untampered history equals the stored snapshot in every state", "[engine][audit][replay]") {
  // With director sign-off (issue 12.3) every state is reachable, awaiting_director too.
  WorkflowSettings signoff = incidents::testing::DemoWorkflowSettings();
  signoff.escalation_signoff = EscalationSignoff::kDirector;
  for (State s : incidents::workflows::kIncidentStates) {
    DYNAMIC_SECTION("state " << ToString(s)) {
      DemoFixture f(signoff);
      const std::string id = f.TicketIn(s);
      f.clock.Advance(std::chrono::hours(1));
      f.Do("stttt.coordinator", id, CommentCommand{"Theo dõi"});
      if (!IsTerminal(s)) {
        auto breach = f.service.Apply(Actor::System(), id, SlaBreachCommand{SlaClockKind::kAck, 2});
        REQUIRE(breach.ok());
      }
      const auto events = HistoryOf(f, id);
      auto stored = f.store.LoadTicket(id);
      REQUIRE(stored.ok());
      REQUIRE(stored->state == s);

      auto replayed = Replay(f.workflow, events);
      INFO(replayed.status().ToString());
      REQUIRE(replayed.ok());
      CHECK(DescribeDifference(replayed.value(), stored.value()) == "");
      CHECK(replayed.value() == stored.value());
      CHECK(replayed->state == s);
      CHECK(replayed->version == static_cast<std::int64_t>(events.size()));
      Status verified = VerifyTicket(f.store, f.workflow, id);
      INFO(verified.ToString());
      CHECK(verified.ok());
    }
  }
}

TEST_CASE("Replay refuses a history whose to_state disagrees with the workflow", "[engine][audit][replay]") {
  DemoFixture f;
  const std::string id = FiveEventTicket(f);
  auto events = HistoryOf(f, id);
  REQUIRE(Replay(f.workflow, events).ok());

  // Event 2 (acknowledge) claims to land in doict_fixing instead of triage; the chain is
  // rebuilt so that only the workflow can tell.
  events[1].to_state = State::kDoictFixing;
  events[2].from_state = State::kDoictFixing;
  events[2].to_state = State::kDoictFixing;
  Rechain(events, 1);
  REQUIRE(VerifyChain(events).ok());

  auto replayed = Replay(f.workflow, events);
  REQUIRE_FALSE(replayed.ok());
  INFO(replayed.status().ToString());
  CHECK(replayed.status().code() == ErrorCode::kCorruption);
  CHECK_THAT(replayed.status().message(), Contains("event 2"));
}

TEST_CASE("VerifyTicket refuses a stored history forged with a wrong to_state", "[engine][audit][replay]") {
  DemoFixture f;
  const std::string id = FiveEventTicket(f);
  // The last comment claims the ticket moved to resolved; chain rehashed.
  TicketEvent& e = f.store.MutableEvent(id, 4);
  e.to_state = State::kResolved;
  e.hash = ComputeEventHash(e);
  REQUIRE(VerifyChain(HistoryOf(f, id)).ok());
  Status st = VerifyTicket(f.store, f.workflow, id);
  INFO(st.ToString());
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == ErrorCode::kCorruption);
  CHECK_THAT(st.message(), Contains("event 5"));
}

TEST_CASE("Replay refuses histories the workflow would not produce", "[engine][audit][replay]") {
  DemoFixture f;
  const std::string id = FiveEventTicket(f);
  const auto good = HistoryOf(f, id);

  SECTION("an empty history") {
    auto r = Replay(f.workflow, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
  }
  SECTION("an illegal event: confirm right after acknowledge") {
    auto events = good;
    events[3].type = EventType::kConfirm;
    events[3].payload = ToPayload(ConfirmCommand{});
    events[3].to_state = State::kClosed;
    events[4].from_state = State::kClosed;
    events[4].to_state = State::kClosed;
    Rechain(events, 3);
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 4"));
  }
  SECTION("a history that does not start with report") {
    auto events = good;
    events.erase(events.begin());
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
  }
  SECTION("a second report") {
    auto events = good;
    events.push_back(good.front());
    events.back().seq = 6;
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 6"));
  }
  SECTION("a from_state that is not the state before it") {
    auto events = good;
    events[2].from_state = State::kReported;
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 3"));
  }
  SECTION("a payload the command mapping refuses") {
    auto events = good;
    events[2].payload.erase("body");
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 3"));
  }
  SECTION("a legal_basis other than the workflow's") {
    auto events = good;
    events[1].legal_basis = "Art. 99";
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 2"));
  }
  SECTION("an event of another ticket") {
    auto events = good;
    events[3].ticket_id = "INC-2026-000777";
    auto r = Replay(f.workflow, events);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kCorruption);
    CHECK_THAT(r.status().message(), Contains("event 4"));
  }
}

TEST_CASE("VerifyTicket of an unknown ticket is NotFound", "[engine][audit]") {
  DemoFixture f;
  CHECK(VerifyTicket(f.store, f.workflow, "INC-2026-999999").code() == ErrorCode::kNotFound);
}

TEST_CASE("DescribeDifference lists the differing fields", "[engine][audit]") {
  Ticket a;
  a.id = "INC-2026-000001";
  a.version = 3;
  Ticket b = a;
  CHECK(DescribeDifference(a, b) == "");
  b.state = State::kClosed;
  b.version = 4;
  CHECK(DescribeDifference(a, b) == "state, version");
  b = a;
  b.parties.push_back("stnmt");
  b.last_hash = "x";
  CHECK(DescribeDifference(a, b) == "parties, last_hash");
  b = a;
  b.sla.breaches.push_back({SlaClockKind::kAck, 1, Timestamp{}});
  CHECK(DescribeDifference(a, b) == "sla");
}

}  // namespace
}  // namespace incidents::testing
