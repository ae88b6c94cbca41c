// Idempotency-Key (API.md "Conventions"): the same key with the same body returns the first
// response and changes nothing; the same key with another body gives 422; keys are the
// caller's own.

#include <catch2/catch.hpp>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

long long CountTickets(DemoServer& s) {
  const Response r = s.client->Get("/api/v1/tickets?limit=500", s.Token("stttt.coordinator"));
  REQUIRE(r.status == 200);
  return static_cast<long long>(ArrAt(r.Object(), "items")->size());
}

}  // namespace

TEST_CASE("idempotency: a repeated ticket creation returns the first response and creates nothing",
          "[e2e][idempotency]") {
  DemoServer s;
  Client& c = *s.client;
  const std::string body = Canonical(
      Obj({{"category", "connection_failure"}, {"title", "Mất kết nối LGSP"}, {"description", "Từ 9 giờ"}}));
  const Response first = c.Post("/api/v1/tickets", body, s.Token("stp.reporter"), "key-create-1");
  INFO(first.Describe());
  REQUIRE(first.status == 201);
  const std::string id = Str(first.Object(), "id");
  CHECK(CountTickets(s) == 1);

  for (int i = 0; i < 3; ++i) {
    const Response again = c.Post("/api/v1/tickets", body, s.Token("stp.reporter"), "key-create-1");
    INFO("replay " << i << ": " << again.Describe());
    REQUIRE(again.status == 201);
    CHECK(again.body == first.body);
    CHECK(again.Header("Location") == first.Header("Location"));
  }
  CHECK(CountTickets(s) == 1);
  CHECK(s.History("stp.reporter", id)->size() == 1);

  // Same key, another body: 422, nothing created.
  const std::string other = Canonical(
      Obj({{"category", "connection_failure"}, {"title", "Mất kết nối LGSP (2)"}, {"description", "Từ 9 giờ"}}));
  RequireProblem(c.Post("/api/v1/tickets", other, s.Token("stp.reporter"), "key-create-1"), 422);
  // Same key and body on another endpoint is another request too.
  RequireProblem(c.Post(TicketPath(id) + "/events", body, s.Token("stp.reporter"), "key-create-1"), 422);
  CHECK(CountTickets(s) == 1);

  // The key belongs to its user: another user with the same key and body gets its own ticket.
  const Response theirs = c.Post("/api/v1/tickets", body, s.Token("stnmt.reporter"), "key-create-1");
  INFO(theirs.Describe());
  REQUIRE(theirs.status == 201);
  CHECK(Str(theirs.Object(), "id") != id);
  CHECK(Str(theirs.Object(), "reporter") == "stnmt.reporter");
  CHECK(CountTickets(s) == 2);
  // ...and the first user's replay is unaffected.
  const Response again = c.Post("/api/v1/tickets", body, s.Token("stp.reporter"), "key-create-1");
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(CountTickets(s) == 2);
  // A fresh session of the same user shares the user's keys.
  Client other_client(s.server->port());
  const std::string token2 = other_client.Login("stp.reporter");
  const Response same_user = other_client.Post("/api/v1/tickets", body, token2, "key-create-1");
  CHECK(same_user.status == 201);
  CHECK(same_user.body == first.body);
  CHECK(CountTickets(s) == 2);
}

TEST_CASE("idempotency: a repeated event is applied once", "[e2e][idempotency]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu", {"stnmt"}), "id");
  const auto comment = Obj({{"body", "Đề nghị kiểm tra gấp"}});

  const Response first = s.PostEvent("stp.reporter", id, "comment", comment, "key-comment-1");
  INFO(first.Describe());
  REQUIRE(first.status == 200);
  CHECK(Int(first.Object(), "version") == 2);
  for (int i = 0; i < 3; ++i) {
    const Response again = s.PostEvent("stp.reporter", id, "comment", comment, "key-comment-1");
    INFO(again.Describe());
    REQUIRE(again.status == 200);
    CHECK(again.body == first.body);
  }
  auto history = s.History("stp.reporter", id);
  CHECK(history->size() == 2);
  CHECK(Int(s.GetTicket("stp.reporter", id).Object(), "version") == 2);

  // A state change replayed after the state moved on: still the first answer, no 409.
  const Response ack = s.PostEvent("stttt.engineer", id, "acknowledge", nullptr, "key-ack");
  REQUIRE(ack.status == 200);
  REQUIRE(s.PostEvent("stttt.engineer", id, "assign_doict").status == 200);
  const Response ack_again = s.PostEvent("stttt.engineer", id, "acknowledge", nullptr, "key-ack");
  INFO(ack_again.Describe());
  CHECK(ack_again.status == 200);
  CHECK(ack_again.body == ack.body);
  CHECK(Str(s.GetTicket("stp.reporter", id).Object(), "state") == "doict_fixing");
  CHECK(s.History("stp.reporter", id)->size() == 4);

  // Another body under the same key: 422 and nothing changes.
  RequireProblem(s.PostEvent("stp.reporter", id, "comment", Obj({{"body", "Nội dung khác"}}), "key-comment-1"), 422);
  // Another user with the same key is independent.
  const Response theirs = s.PostEvent("stnmt.reporter", id, "comment", comment, "key-comment-1");
  INFO(theirs.Describe());
  REQUIRE(theirs.status == 200);
  CHECK(Int(theirs.Object(), "version") == 5);
  history = s.History("stp.reporter", id);
  REQUIRE(history->size() == 5);
  int comments = 0;
  for (const auto& e : Objects(history))
    if (Str(e, "type") == "comment") ++comments;
  CHECK(comments == 2);
  VerifyHashChain(history, id);

  // An error answer is remembered too: replaying it returns the same error.
  const Response refused = s.PostEvent("stp.reporter", id, "confirm", nullptr, "key-refused");
  RequireProblem(refused, 409, "illegal-transition");
  const Response refused_again = s.PostEvent("stp.reporter", id, "confirm", nullptr, "key-refused");
  CHECK(refused_again.status == 409);
  CHECK(refused_again.body == refused.body);
  CHECK(s.History("stp.reporter", id)->size() == 5);
}
