// Idempotency-Key (API.md "Conventions"): the same key with the same body returns the first
// response and changes nothing; the same key with another body gives 422; keys are the
// caller's own.

#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "e2e_fixture.h"

using namespace e2e;
using namespace std::chrono_literals;

namespace {

long long CountTickets(DemoServer& s) {
  const Response r = s.client->Get("/api/v1/tickets?limit=500", s.Token("stttt.coordinator"));
  REQUIRE(r.status == 200);
  return static_cast<long long>(ArrAt(r.Object(), "items")->size());
}

// How often each comment body occurs in the ticket's history.
std::map<std::string, int> CommentBodies(DemoServer& s, const std::string& id) {
  std::map<std::string, int> out;
  const auto items = s.History("stp.reporter", id);
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto e = items->getObject(static_cast<unsigned>(i));
    if (Str(e, "type") == "comment") ++out[Str(ObjAt(e, "payload"), "body")];
  }
  return out;
}

}  // namespace

// Issue 14.3: writers post comments with Idempotency-Keys; the server is SIGKILLed at a
// random moment and restarted; every key is then retried. The answer commits with its
// event, so a retry either replays the first answer (the event is in the history once) or
// runs the command for the first time (it never committed); never a second event for one
// key. The restarted node (same http.node_id: it listens on a free port) has released the
// claims its killed process left in flight, so no retry is 409; were it, its event must
// not exist.
TEST_CASE("idempotency: after a SIGKILL every key's retry replays its answer or runs once, never twice",
          "[e2e][idempotency][restart]") {
  const std::vector<std::string> node{"--set", "http.node_id=e2e-kill-node"};
  DemoServer s(node);
  constexpr int kWriters = 6;
  std::vector<std::string> tickets;
  for (int w = 0; w < kWriters; ++w)
    tickets.push_back(Str(s.CreateTicket("stp.reporter", "Phiếu " + std::to_string(w), {"stnmt"}), "id"));
  const std::string token = s.Token("stp.reporter");
  std::mt19937 rng(std::random_device{}());

  for (int cycle = 0; cycle < 2; ++cycle) {
    struct Sent {
      std::string ticket, key, body;
      Response first;
    };
    std::mutex mu;
    std::vector<Sent> sent;
    std::vector<std::thread> writers;
    const int port = s.server->port();
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        Client c(port);
        for (int i = 0;; ++i) {
          const std::string key = "c" + std::to_string(cycle) + "-w" + std::to_string(w) + "-" + std::to_string(i);
          const std::string body = Canonical(Obj({{"type", "comment"}, {"body", key}}));
          Response r = c.Post(TicketPath(tickets[w]) + "/events", body, token, key);
          std::lock_guard lock(mu);
          sent.push_back({tickets[w], key, body, r});
          if (r.status != 200) return;  // the server is gone
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 600));
    s.server->Kill();
    for (auto& t : writers) t.join();
    s.server = StartServer(s.dir, node);
    s.client = std::make_unique<Client>(s.server->port());

    std::vector<Response> retries;
    for (const Sent& x : sent) {
      retries.push_back(s.client->Post(TicketPath(x.ticket) + "/events", x.body, token, x.key));
      INFO(x.key << ": first " << x.first.Describe() << ", retry " << retries.back().Describe());
      CHECK(retries.back().status == 200);
      REQUIRE((retries.back().status == 200 || retries.back().status == 409));
    }
    std::map<std::string, std::map<std::string, int>> bodies;  // ticket -> comment -> count
    for (const std::string& t : tickets) bodies[t] = CommentBodies(s, t);
    int acknowledged = 0, replayed = 0, ran_now = 0, in_flight = 0;
    for (std::size_t i = 0; i < sent.size(); ++i) {
      const Sent& x = sent[i];
      const Response& retry = retries[i];
      INFO(x.key << ": first " << x.first.Describe() << ", retry " << retry.Describe());
      const auto& counts = bodies[x.ticket];
      const int events = counts.count(x.key) ? counts.at(x.key) : 0;
      if (x.first.status == 200) {
        ++acknowledged;
        CHECK(retry.status == 200);
        CHECK(retry.body == x.first.body);
      }
      if (retry.status == 409) {
        ++in_flight;
        CHECK(events == 0);  // a committed event would have committed its answer too
      } else {
        (retry.Header("Idempotent-Replayed") == "true" ? replayed : ran_now) += 1;
        CHECK(events == 1);
      }
    }
    WARN("cycle " << cycle << ": " << sent.size() << " requests, " << acknowledged << " acknowledged, " << replayed
                  << " replayed after the restart, " << ran_now << " ran for the first time, " << in_flight
                  << " still in flight");
    CHECK(acknowledged > 0);
    for (const auto& [ticket, counts] : bodies)
      for (const auto& [body, n] : counts) {
        INFO(ticket << " comment " << body);
        CHECK(n == 1);
      }
  }
}

// Issue 14.3 review: on a free port (0) the node has no name of its own ("host:0" would be
// every such node's), so without http.node_id it releases no claims at start, lest it free
// a live peer's, and says why; with one it uses that name.
TEST_CASE("idempotency: a node on port 0 without http.node_id releases no claims at start and says why",
          "[e2e][idempotency][restart]") {
  DemoServer unnamed;
  CHECK_THAT(unnamed.server->Log(), Catch::Contains("set http.node_id"));
  DemoServer named({"--set", "http.node_id=e2e-named-node"});
  CHECK_THAT(named.server->Log(), !Catch::Contains("set http.node_id"));
}

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
