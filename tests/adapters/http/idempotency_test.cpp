// Idempotency-Key on POST, through Dispatch (spec/API.md "Conventions"): the same key and
// body replay the first response and change nothing; another body is 422; a claim in
// flight is 409; keys are per user; 5xx answers are not remembered.

#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <stdexcept>
#include <string>

#include "api_harness.h"
#include "idempotency.h"
#include "incidents/engine/canonical_json.h"
#include "problem.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::StartsWith;

http::ApiRequest WithKey(http::ApiRequest r, const std::string& key) {
  r.idempotency_key = key;
  return r;
}

TEST_CASE("idempotency: the same key and body replay the first response and file one ticket") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "key-1");
  const auto first = h.Call(req);
  REQUIRE(first.status == 201);
  const auto location = Header(first, "Location");
  REQUIRE(location.has_value());
  CHECK_FALSE(Header(first, "Idempotent-Replayed").has_value());

  h.fx.clock.Advance(std::chrono::minutes(5));
  const auto again = h.Call(req);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(again.content_type == first.content_type);
  CHECK(Header(again, "Location") == location);
  CHECK(Header(again, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.TicketCount() == 1);
}

TEST_CASE("idempotency: an event replayed with its key is applied once") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(
      h.Request("POST", "/api/v1/tickets/" + id + "/events", R"({"type":"comment","body":"Đang theo dõi"})", token),
      "comment-1");
  const auto first = h.Call(req);
  REQUIRE(first.status == 200);
  CHECK(Json(first).Find("version")->as_int() == 2);
  const auto again = h.Call(req);
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  auto history = h.fx.store.LoadHistory(id);
  REQUIRE(history.ok());
  CHECK(history->size() == 2);  // report + one comment
}

TEST_CASE("idempotency: the same key with another body is 422 and changes nothing") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  REQUIRE(h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody("Tiêu đề A"), token), "k")).status == 201);
  const auto other = h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody("Tiêu đề B"), token), "k"));
  CHECK(other.status == 422);
  CHECK_THAT(other.content_type, StartsWith("application/problem+json"));
  CHECK(h.TicketCount() == 1);
}

TEST_CASE("idempotency: the same key on another path is another request (422)") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string token = h.Login("stp.reporter");
  REQUIRE(h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "k")).status == 201);
  const auto r = h.Call(
      WithKey(h.Request("POST", "/api/v1/tickets/" + id + "/events", TicketBody(), token), "k"));
  CHECK(r.status == 422);
}

TEST_CASE("idempotency: a retry while the first request is in flight is 409") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "slow");
  h.flaky.HoldCommits();
  auto first = std::async(std::launch::async, [&] { return h.Call(req); });
  h.flaky.WaitForHeldCommit();
  const auto retry = h.Call(req);
  CHECK(retry.status == 409);
  CHECK_THAT(retry.content_type, StartsWith("application/problem+json"));
  h.flaky.ReleaseCommits();
  const auto done = first.get();
  CHECK(done.status == 201);
  // Now that it completed, the retry replays it.
  const auto replay = h.Call(req);
  CHECK(replay.status == 201);
  CHECK(replay.body == done.body);
  CHECK(h.TicketCount() == 1);
}

// Issue 14.3: the answer commits with the event, so a request that dies after its commit
// (here: its separate completion step is lost) has still answered; the retry after the
// in-flight limit replays it instead of filing a second ticket.
TEST_CASE("idempotency: a ticket committed before its key was completed is replayed, not filed again") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "crash-after-commit");
  h.lossy_idempotency.DropCompletes(true);
  const auto first = h.Call(req);
  REQUIRE(first.status == 201);
  CHECK(h.lossy_idempotency.completes() == 0);
  CHECK_FALSE(Header(first, "Warning").has_value());
  h.fx.clock.Advance(std::chrono::seconds(121));  // past the in-flight limit
  const auto retry = h.Call(req);
  CHECK(retry.status == 201);
  CHECK(retry.body == first.body);
  CHECK(Header(retry, "Location") == Header(first, "Location"));
  CHECK(Header(retry, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.TicketCount() == 1);
}

TEST_CASE("idempotency: an event committed before its key was completed is replayed, not applied again") {
  ApiHarness h;
  const std::string id = h.fx.File();
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(
      h.Request("POST", "/api/v1/tickets/" + id + "/events", R"({"type":"comment","body":"Đã gọi lại"})", token),
      "comment-crash");
  h.lossy_idempotency.DropCompletes(true);
  const auto first = h.Call(req);
  REQUIRE(first.status == 200);
  h.fx.clock.Advance(std::chrono::seconds(121));
  const auto retry = h.Call(req);
  CHECK(retry.status == 200);
  CHECK(retry.body == first.body);
  CHECK(Header(retry, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.fx.store.LoadHistory(id)->size() == 2);  // report + one comment
}

// Issue 14.3 for the directory: an appointment's answer (with the id the store assigned to
// the new term) commits with it, so a request that dies after its commit has answered and
// its retry replays that answer instead of appointing a second time.
TEST_CASE("idempotency: a focal point appointed before its key was completed is replayed, not appointed again") {
  ApiHarness h;
  const std::string token = h.Login("admin");
  const auto req = WithKey(h.Request("POST", "/api/v1/orgs/stnmt/focal-points",
                                     R"({"username":"stnmt.reporter","position":"Chuyên viên Phòng CNTT",)"
                                     R"("since":"2026-01-05","decision_ref":"12/QĐ-STNMT"})",
                                     token),
                           "appoint-crash");
  const std::size_t events = h.fx.directory.ListDirectoryEvents(0, 1000)->size();
  const std::size_t terms = h.fx.directory.ListFocalPoints("stnmt")->size();
  h.lossy_idempotency.DropCompletes(true);
  const auto first = h.Call(req);
  INFO(first.body);
  REQUIRE(first.status == 201);
  CHECK(h.lossy_idempotency.completes() == 0);
  CHECK_FALSE(Header(first, "Warning").has_value());
  // The answer names the term the store created.
  std::int64_t newest = 0;
  for (const FocalPoint& t : h.fx.directory.ListFocalPoints("stnmt").value()) newest = std::max(newest, t.id);
  CHECK(ToCanonicalJson(Json(first).as_object().at("id")) == std::to_string(newest));
  h.fx.clock.Advance(std::chrono::seconds(121));  // past the in-flight limit
  const auto retry = h.Call(req);
  INFO(retry.body);
  CHECK(retry.status == 201);
  CHECK(retry.body == first.body);
  CHECK(Header(retry, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.fx.directory.ListDirectoryEvents(0, 1000)->size() == events + 1);
  CHECK(h.fx.directory.ListFocalPoints("stnmt")->size() == terms + 1);
}

TEST_CASE("idempotency: an org created before its key was completed is replayed, not refused as existing") {
  ApiHarness h;
  const std::string token = h.Login("admin");
  const auto req = WithKey(
      h.Request("POST", "/api/v1/orgs", R"({"id":"sxd","name":"Sở Xây dựng","kind":"department"})", token),
      "org-crash");
  const std::size_t events = h.fx.directory.ListDirectoryEvents(0, 1000)->size();
  h.lossy_idempotency.DropCompletes(true);
  const auto first = h.Call(req);
  INFO(first.body);
  REQUIRE(first.status == 201);
  CHECK(h.lossy_idempotency.completes() == 0);
  h.fx.clock.Advance(std::chrono::seconds(121));
  const auto retry = h.Call(req);
  INFO(retry.body);
  CHECK(retry.status == 201);
  CHECK(retry.body == first.body);
  CHECK(Header(retry, "Location") == std::optional<std::string>("/api/v1/orgs/sxd"));
  CHECK(Header(retry, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.fx.directory.ListDirectoryEvents(0, 1000)->size() == events + 1);
}

TEST_CASE("idempotency: a focal-point list submitted before its key was completed is replayed, not refused") {
  ApiHarness h;
  const std::string token = h.Login("admin");
  const auto req = WithKey(h.Request("POST", "/api/v1/focal-points/list/submit", "{}", token), "submit-crash");
  const std::size_t events = h.fx.directory.ListDirectoryEvents(0, 1000)->size();
  h.lossy_idempotency.DropCompletes(true);
  const auto first = h.Call(req);
  INFO(first.body);
  REQUIRE(first.status == 200);
  CHECK(h.lossy_idempotency.completes() == 0);
  h.fx.clock.Advance(std::chrono::seconds(121));
  const auto retry = h.Call(req);
  INFO(retry.body);
  CHECK(retry.status == 200);
  CHECK(retry.body == first.body);
  CHECK(Header(retry, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.fx.directory.ListDirectoryEvents(0, 1000)->size() == events + 1);
}

// A request slow past the in-flight limit is taken over by its retry; both reach the
// store, and only the first commit may answer the key: one ticket, and the other request
// is told to retry (409), after which it gets the first answer.
TEST_CASE("idempotency: a request and its retry that took the key over file one ticket between them") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "slow-then-retried");
  h.flaky.HoldCommits();
  auto first = std::async(std::launch::async, [&] { return h.Call(req); });
  h.flaky.WaitForHeldCommit(1);
  h.fx.clock.Advance(std::chrono::seconds(121));
  auto second = std::async(std::launch::async, [&] { return h.Call(req); });
  h.flaky.WaitForHeldCommit(2);
  h.flaky.ReleaseCommits();
  const auto a = first.get();
  const auto b = second.get();
  CHECK(h.TicketCount() == 1);
  const auto& won = a.status == 201 ? a : b;
  const auto& lost = a.status == 201 ? b : a;
  REQUIRE(won.status == 201);
  CHECK(lost.status == 409);
  const auto replay = h.Call(req);
  CHECK(replay.status == 201);
  CHECK(replay.body == won.body);
  CHECK(h.TicketCount() == 1);
}

// Issue 14.3 review: a handler that throws (the server then answers 500) must not leave its
// key in flight until the in-flight limit: its retry runs at once.
TEST_CASE("idempotency: a handler that throws frees its key so the retry runs at once") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "throws-once");
  h.flaky.ThrowOnCommit(true);
  CHECK_THROWS_AS(h.Call(req), std::runtime_error);
  CHECK(h.TicketCount() == 0);
  h.flaky.ThrowOnCommit(false);
  const auto retry = h.Call(req);  // no time has passed
  CHECK(retry.status == 201);
  CHECK_FALSE(Header(retry, "Idempotent-Replayed").has_value());
  CHECK(h.TicketCount() == 1);
}

// Issue 14.3 review: only a lost claim is "request in flight". Any other conflict the store
// reports at the commit (SQLite maps every constraint failure to kConflict) is answered as
// itself.
TEST_CASE("idempotency: another conflict at the commit is answered as a conflict, not as a request in flight") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  h.flaky.FailCommits(Status::Conflict("UNIQUE constraint failed: ticket_orgs (test)"));
  const auto resp = h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "constraint"));
  CHECK(resp.status == 409);
  const std::string type = Str(Json(resp), "type");
  CHECK(type == Str(Json(http::ProblemFromStatus(Status::Conflict("x"))), "type"));
  CHECK(type != Str(Json(http::InFlightProblem()), "type"));
  CHECK(h.TicketCount() == 0);
}

TEST_CASE("idempotency: keys are scoped to the user") {
  ApiHarness h;
  const std::string a = h.Login("stp.reporter");
  const std::string b = h.Login("stnmt.reporter");
  const auto ra = h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), a), "shared-key"));
  const auto rb = h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), b), "shared-key"));
  REQUIRE(ra.status == 201);
  REQUIRE(rb.status == 201);
  CHECK_FALSE(Header(rb, "Idempotent-Replayed").has_value());
  CHECK(Header(ra, "Location") != Header(rb, "Location"));
  CHECK(Str(Json(rb), "reporter") == "stnmt.reporter");
  CHECK(h.TicketCount() == 2);
}

TEST_CASE("idempotency: a 5xx answer is not remembered so the retry runs again") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "retry-after-503");
  h.flaky.SetFailAllocate(true);
  const auto failed = h.Call(req);
  REQUIRE(failed.status == 503);
  CHECK(h.TicketCount() == 0);
  h.flaky.SetFailAllocate(false);
  const auto retry = h.Call(req);
  CHECK(retry.status == 201);
  CHECK_FALSE(Header(retry, "Idempotent-Replayed").has_value());
  CHECK(h.TicketCount() == 1);
}

// Found by tests/faults (disk-full, mariadb-stop): the store that failed the request also
// failed its abandon, and the key stayed in flight (409) for 120 s after the store was back.
TEST_CASE("idempotency: a key whose abandon failed with the store is freed once the store is back") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "disk-full");
  h.flaky.SetFailAllocate(true);
  h.lossy_idempotency.FailAbandons(true);
  REQUIRE(h.Call(req).status == 503);
  h.flaky.SetFailAllocate(false);
  h.lossy_idempotency.FailAbandons(false);
  const auto retry = h.Call(req);  // no time has passed: within the in-flight limit
  CHECK(retry.status == 201);
  CHECK_FALSE(Header(retry, "Idempotent-Replayed").has_value());
  CHECK(h.TicketCount() == 1);
}

// Found by the fifth run in a row of the suite (tests/faults mariadb-stop): MariaDB stopped
// after committing a claim and before answering it; the request answered 503 without
// abandoning the claim it did not know it had, and the retry was 409 for 120 s.
TEST_CASE("idempotency: a claim written as the store failed is freed, so the retry runs at once") {
  ApiHarness h({}, /*flaky_store=*/true);
  const std::string token = h.Login("stp.reporter");
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "lost-claim");
  h.lossy_idempotency.LoseBegins(true);
  h.lossy_idempotency.FailAbandons(true);  // the store is still down when the request answers
  REQUIRE(h.Call(req).status == 503);
  CHECK(h.TicketCount() == 0);
  h.lossy_idempotency.LoseBegins(false);
  h.lossy_idempotency.FailAbandons(false);
  const auto retry = h.Call(req);  // no time has passed: within the in-flight limit
  CHECK(retry.status == 201);
  CHECK_FALSE(Header(retry, "Idempotent-Replayed").has_value());
  CHECK(h.TicketCount() == 1);
}

TEST_CASE("idempotency: a 4xx answer is remembered and replayed") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const std::string bad = R"({"category":"data_discrepancy","title":"","description":"d"})";
  const auto req = WithKey(h.Request("POST", "/api/v1/tickets", bad, token), "bad-title");
  const auto first = h.Call(req);
  REQUIRE(first.status == 422);
  const auto again = h.Call(req);
  CHECK(again.status == 422);
  CHECK(again.body == first.body);
  CHECK(Header(again, "Idempotent-Replayed") == std::optional<std::string>("true"));
}

TEST_CASE("idempotency: the memory lasts 24 h across the user's sessions") {
  ApiHarness h;
  const auto req = [&](const std::string& token) {
    return WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), "daily");
  };
  REQUIRE(h.Call(req(h.Login("stp.reporter"))).status == 201);
  h.fx.clock.Advance(std::chrono::hours(23));  // the first token has expired; sign in again
  const auto within = h.Call(req(h.Login("stp.reporter")));
  CHECK(within.status == 201);
  CHECK(Header(within, "Idempotent-Replayed") == std::optional<std::string>("true"));
  CHECK(h.TicketCount() == 1);
  h.fx.clock.Advance(std::chrono::hours(2));  // 25 h after the first request
  const auto after = h.Call(req(h.Login("stp.reporter")));
  CHECK(after.status == 201);
  CHECK_FALSE(Header(after, "Idempotent-Replayed").has_value());
  CHECK(h.TicketCount() == 2);
}

TEST_CASE("idempotency: without a key every POST runs") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto req = h.Request("POST", "/api/v1/tickets", TicketBody(), token);
  CHECK(h.Call(req).status == 201);
  CHECK(h.Call(req).status == 201);
  CHECK(h.TicketCount() == 2);
}

TEST_CASE("idempotency: an over-long key is 400") {
  ApiHarness h;
  const std::string token = h.Login("stp.reporter");
  const auto r = h.Call(WithKey(h.Request("POST", "/api/v1/tickets", TicketBody(), token), std::string(256, 'k')));
  CHECK(r.status == 400);
  CHECK(h.TicketCount() == 0);
}

}  // namespace
}  // namespace incidents::testing
