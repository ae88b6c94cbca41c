// Concurrent writers on one ticket: every comment is applied exactly once, versions are
// 2..N+1 each once, the hash chain holds, and `incidentctl verify` agrees after a stop.

#include <Poco/JSON/Parser.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

struct Outcome {
  int status = 0;
  long long version = 0;
  std::string body;
};

}  // namespace

TEST_CASE("concurrency: 20 writers commenting on one ticket at once, each on its own connection",
          "[e2e][concurrency]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu nhiều người bình luận", {"stnmt"}), "id");
  const std::vector<std::string> users{"stp.reporter",   "stp.focal",         "stnmt.reporter", "stnmt.focal",
                                       "stttt.engineer", "stttt.coordinator", "chairman",       "admin"};
  for (const auto& u : users) s.Token(u);

  constexpr int kWriters = 20;
  std::vector<Outcome> outcomes(kWriters);
  std::latch ready(kWriters + 1);
  std::vector<std::thread> threads;
  const int port = s.server->port();
  for (int i = 0; i < kWriters; ++i) {
    const std::string user = users[static_cast<std::size_t>(i) % users.size()];
    const std::string token = s.tokens.at(user);
    threads.emplace_back([&, i, token] {
      Client c(port);  // its own connection, opened by the request itself
      const std::string body =
          Canonical(Obj({{"type", "comment"}, {"body", "Bình luận số " + std::to_string(i) + " — đồng thời"}}));
      ready.arrive_and_wait();
      const Response r = c.Post(TicketPath(id) + "/events", body, token);
      outcomes[static_cast<std::size_t>(i)].status = r.status;
      outcomes[static_cast<std::size_t>(i)].body = r.status == 200 ? "" : r.Describe();
      if (r.status == 200) {
        try {
          Poco::JSON::Parser parser;
          outcomes[static_cast<std::size_t>(i)].version =
              parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->getValue<Poco::Int64>("version");
        } catch (...) {
          outcomes[static_cast<std::size_t>(i)].version = -1;
        }
      }
    });
  }
  ready.arrive_and_wait();
  for (auto& t : threads) t.join();

  std::multiset<long long> versions;
  for (int i = 0; i < kWriters; ++i) {
    INFO("writer " << i << ": " << outcomes[static_cast<std::size_t>(i)].body);
    CHECK(outcomes[static_cast<std::size_t>(i)].status == 200);
    versions.insert(outcomes[static_cast<std::size_t>(i)].version);
  }
  // Versions 2..21, each exactly once.
  std::multiset<long long> expected;
  for (int v = 2; v <= kWriters + 1; ++v) expected.insert(v);
  CHECK(versions == expected);

  const auto history = s.History("stttt.coordinator", id);
  REQUIRE(history->size() == static_cast<std::size_t>(kWriters + 1));
  std::map<std::string, int> bodies;
  for (const auto& e : Objects(history)) {
    if (Str(e, "type") != "comment") continue;
    bodies[Str(ObjAt(e, "payload"), "body")]++;
    CHECK(Str(e, "from_state") == "reported");
    CHECK(Str(e, "to_state") == "reported");
  }
  REQUIRE(bodies.size() == static_cast<std::size_t>(kWriters));
  for (int i = 0; i < kWriters; ++i) {
    const std::string b = "Bình luận số " + std::to_string(i) + " — đồng thời";
    INFO(b);
    CHECK(bodies[b] == 1);
  }
  VerifyHashChain(history, id);
  CHECK(Int(s.GetTicket("stp.reporter", id).Object(), "version") == kWriters + 1);

  s.server->Stop();
  const RunResult verify = RunCommand({INCIDENTCTL_PATH, "verify", "--database", TestDatabaseUrl(s.dir)});
  INFO("incidentctl verify: " << verify.output);
  CHECK(verify.exit_code == 0);
}

TEST_CASE("concurrency: concurrent writers with expected_version: exactly one wins each version", "[e2e][concurrency]") {
  DemoServer s;
  const std::string id = Str(s.CreateTicket("stp.reporter", "Phiếu tranh chấp phiên bản"), "id");
  const std::string token = s.Token("stttt.coordinator");
  constexpr int kWriters = 10;
  std::vector<int> statuses(kWriters);
  std::latch ready(kWriters + 1);
  std::vector<std::thread> threads;
  const int port = s.server->port();
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      Client c(port);
      const std::string body =
          Canonical(Obj({{"type", "comment"}, {"body", "ghi " + std::to_string(i)}, {"expected_version", 1}}));
      ready.arrive_and_wait();
      statuses[static_cast<std::size_t>(i)] = c.Post(TicketPath(id) + "/events", body, token).status;
    });
  }
  ready.arrive_and_wait();
  for (auto& t : threads) t.join();
  int ok = 0, conflict = 0;
  for (int st : statuses) {
    if (st == 200) ++ok;
    else if (st == 409) ++conflict;
  }
  CHECK(ok == 1);
  CHECK(conflict == kWriters - 1);
  CHECK(Int(s.GetTicket("stp.reporter", id).Object(), "version") == 2);
  VerifyHashChain(s.History("stp.reporter", id), id);
}

TEST_CASE("concurrency: tickets created concurrently get distinct ids", "[e2e][concurrency]") {
  DemoServer s;
  const std::string token = s.Token("stp.reporter");
  constexpr int kWriters = 16;
  std::vector<std::string> ids(kWriters);
  std::latch ready(kWriters + 1);
  std::vector<std::thread> threads;
  const int port = s.server->port();
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      Client c(port);
      const std::string body = Canonical(
          Obj({{"category", "other"}, {"title", "Phiếu " + std::to_string(i)}, {"description", "song song"}}));
      ready.arrive_and_wait();
      const Response r = c.Post("/api/v1/tickets", body, token);
      if (r.status == 201) {
        try {
          Poco::JSON::Parser parser;
          ids[static_cast<std::size_t>(i)] =
              parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
        } catch (...) {
        }
      } else {
        ids[static_cast<std::size_t>(i)] = "error: " + r.Describe();
      }
    });
  }
  ready.arrive_and_wait();
  for (auto& t : threads) t.join();
  std::set<long long> numbers;
  for (const auto& id : ids) {
    INFO(id);
    numbers.insert(TicketNumber(id));
  }
  CHECK(numbers.size() == static_cast<std::size_t>(kWriters));
  const Response list = s.client->Get("/api/v1/tickets", s.Token("stttt.coordinator"));
  CHECK(ArrAt(list.Object(), "items")->size() == static_cast<std::size_t>(kWriters));
}
