// Several incidentd nodes on one database (issue 6), black box: two real incidentd
// processes on one fresh MariaDB database, notifications to one SMTP sink (postfix's
// smtp-sink) and one SMS gateway stub, 1,000 tickets driven through both nodes at random
// by a few client threads (ticket_driver.h), real SLA timers (round-the-clock calendar,
// sla.time_unit_seconds = 1, as in tests/e2e/timers_test.cpp).
//
// What must hold (DESIGN.md "Growing past one machine"):
//  - ticket writes: the version check arbitrates between nodes (the racing acknowledge
//    wins once, racing comments both land), every history's hash chain holds and
//    `incidentctl verify` passes;
//  - notifications: each committed event produced exactly the deliveries of the routing
//    rules, every one of them was sent, and arrived exactly once (by Message-ID for mail,
//    by "id" for SMS);
//  - timers: every timer that fell due fired exactly once, on whichever node claimed it;
//  - SIGKILL of one node in the middle of a run: the other takes over its leases after
//    they expire; nothing is lost, and the only messages sent twice are rows that were
//    leased (claimed, not yet recorded) at the kill, at most batch_size x workers.

#include <signal.h>
#include <time.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <Poco/JSON/Parser.h>

#include "cluster_support.h"
#include "message_keys.h"
#include "http_client.h"
#include "incidentd_process.h"
#include "json_support.h"
#include "temp_dir.h"
#include "test_database.h"
#include "test_servers.h"
#include "ticket_driver.h"
#include "wall_time.h"

using namespace std::chrono_literals;
using e2e::ArrAt;
using e2e::Int;
using e2e::Objects;
using e2e::Str;
using incidents::testing::FilesIn;
using incidents::testing::GatewayStub;
using incidents::testing::SmtpSink;

namespace {

constexpr int kTickets = 1000;
constexpr int kDriverThreads = 4;
constexpr int kBatch = 10;   // notifications.batch_size
constexpr int kWorkers = 2;  // notifications.workers
const std::string kDomain = "cluster.test";
const std::vector<std::string> kUsers = {"stp.reporter",   "stnmt.reporter",    "syt.reporter",
                                         "stttt.engineer", "stttt.coordinator", "chairman"};

using Clock = std::chrono::steady_clock;
double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Both nodes: the test's mail and SMS servers, quick retries, small batches and short
// leases (so that a killed node's claims come back within seconds), and SLA timers that
// fall due within seconds.
std::vector<std::string> NodeArgs(int smtp_port, const std::string& gateway_url) {
  const std::vector<std::pair<std::string, std::string>> sets = {
      {"notifications.email.smtp_port", std::to_string(smtp_port)},
      {"notifications.email.message_id_domain", kDomain},
      {"notifications.sms.gateway_url", gateway_url},
      {"notifications.retry.initial_backoff_ms", "100"},
      {"notifications.retry.max_backoff_ms", "1000"},
      {"notifications.workers", std::to_string(kWorkers)},
      {"notifications.batch_size", std::to_string(kBatch)},
      {"notifications.poll_interval_ms", "100"},
      {"notifications.lease_ms", "5000"},
      {"scheduler.lease_ms", "2000"},
      {"scheduler.max_sleep_ms", "500"},
      {"calendar.workdays", "[1,2,3,4,5,6,7]"},
      {"calendar.working_periods", "[\"00:00-24:00\"]"},
      {"calendar.compensate_weekend_holidays", "false"},
      {"sla.time_unit_seconds", "1"},
      {"sla.auto_close_working_days", "1"},
      {"storage.pool_size", "8"},
  };
  std::vector<std::string> args;
  for (const auto& [key, value] : sets) args.insert(args.end(), {"--set", key + "=" + value});
  return args;
}

std::unique_ptr<e2e::IncidentdProcess> StartNode(const incidents::testing::TempDir& dir, const std::string& url,
                                                 const std::vector<std::string>& args, const std::string& name) {
  e2e::ServerOptions o;
  o.database = url;
  o.demo = true;  // the second node finds the directory there and loads nothing
  o.extra_args = args;
  o.log_path = dir.File(name + ".log");
  auto node = std::make_unique<e2e::IncidentdProcess>(o);
  const bool listening = node->WaitListening(30s);
  INFO(name << " did not log 'listening on 127.0.0.1:PORT'; its log:\n" << node->Log());
  REQUIRE(listening);
  return node;
}

Poco::JSON::Object::Ptr GetObject(e2e::Client& c, const std::string& path, const std::string& token) {
  for (int attempt = 0;; ++attempt) {
    const e2e::Response r = c.Get(path, token);
    if (r.status == 0 && attempt < 5) continue;  // a keep-alive connection the node closed
    INFO("GET " << path << ": " << r.Describe());
    REQUIRE(r.status == 200);
    return r.Object();
  }
}

// Every ticket, newest first, through the cursor.
std::vector<Poco::JSON::Object::Ptr> ListAll(e2e::Client& c, const std::string& token) {
  std::vector<Poco::JSON::Object::Ptr> out;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    const auto o = GetObject(c, "/api/v1/tickets?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    for (const auto& t : Objects(ArrAt(o, "items"))) out.push_back(t);
    if (e2e::IsNull(o, "next_cursor")) return out;
    cursor = Str(o, "next_cursor");
  }
  FAIL("more than 100 pages of tickets");
  return out;
}

std::string JsonField(const std::string& json, const std::string& key) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(key);
}

std::string Sample(const std::vector<std::string>& items, std::size_t at_most = 25) {
  std::ostringstream s;
  for (std::size_t i = 0; i < items.size() && i < at_most; ++i) s << "\n  " << items[i];
  if (items.size() > at_most) s << "\n  ... and " << items.size() - at_most << " more";
  return s.str();
}

struct Received {
  std::map<std::string, int> count;  // key -> times received
  std::size_t total = 0;
  std::vector<std::string> unknown;  // received, not an outbox row of any ticket
};

// Compares what arrived with the keys of the rows; `duplicates` gets every key received
// more than once.
void Compare(const std::string& what, const std::set<std::string>& expected, const Received& got,
             std::vector<std::string>& duplicates) {
  std::vector<std::string> missing;
  for (const auto& k : expected)
    if (!got.count.count(k)) missing.push_back(k);
  for (const auto& [k, n] : got.count)
    if (n > 1) duplicates.push_back(k + " x" + std::to_string(n));
  INFO(what << ": " << expected.size() << " expected, " << got.total << " received");
  INFO("missing:" << Sample(missing));
  INFO("not from any outbox row:" << Sample(got.unknown));
  CHECK(missing.empty());
  CHECK(got.unknown.empty());
}

struct KillFigures {
  bool done = false;
  int plans_completed = 0;
  std::size_t mails_received = 0;
  std::set<std::string> leased_rows;  // outbox rows leased at the kill, by either node
  long long leased_timers = 0;
};

void TwoNodeRun(bool kill, unsigned seed) {
  const auto started = Clock::now();
  incidents::testing::TempDir dir;
  SmtpSink sink;
  GatewayStub gateway;
  const std::string url = e2e::FreshMariadbUrl(kill ? "cluster_kill" : "cluster");
  cluster::DbProbe db(url);
  const auto args = NodeArgs(sink.port(), gateway.url());
  auto node1 = StartNode(dir, url, args, "node1");
  auto node2 = StartNode(dir, url, args, "node2");
  {
    INFO("node2 log:\n" << node2->Log());
    CHECK_THAT(node2->Log(), Catch::Contains("demo directory not loaded"));
  }

  // One sign-in per user; sessions live in the database, so both nodes accept the tokens.
  cluster::DriverOptions options;
  options.ports = {node1->port(), node2->port()};
  options.threads = kDriverThreads;
  options.seed = seed;
  options.tag = kill ? "kill" : "steady";
  {
    e2e::Client c(node1->port());
    for (const auto& u : kUsers) options.tokens[u] = c.Login(u);
  }
  const std::string coordinator = options.tokens.at("stttt.coordinator");

  // Drive. In the kill case SIGKILL node 1 in the middle: once 40% of the plans are done
  // (tickets are still being filed, the outbox is backlogged on both nodes), as soon as
  // some timers are claimed too (a breach wave of the untouched critical tickets), or at
  // 80% of the plans at the latest.
  cluster::TicketDriver driver(options, cluster::MakePlans(kTickets, seed));
  const auto drive_started = Clock::now();
  std::thread drive([&] { driver.Run(); });
  // A failed REQUIRE below must not leave the thread joinable (std::terminate).
  struct Joiner {
    std::thread& thread;
    ~Joiner() {
      if (thread.joinable()) thread.join();
    }
  } joiner{drive};
  KillFigures k;
  if (kill) {
    const auto deadline = Clock::now() + 150s;
    while (driver.completed() < kTickets * 4 / 10 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
    while (driver.completed() < kTickets * 8 / 10 && Clock::now() < deadline && db.LeasedTimers() == 0)
      std::this_thread::sleep_for(2ms);
    if (driver.completed() < kTickets) {
      node1->Kill();  // SIGKILL, and reaped: it sends and records nothing more
      // Node 1's leases stay in the database until they expire (5 s for rows, 2 s for
      // timers): what is leased now is a superset of what node 1 held in flight.
      k.leased_rows = db.LeasedOutboxKeys();
      k.leased_timers = db.LeasedTimers();
      driver.MarkNodeDown(0);
      k.done = true;
      k.plans_completed = driver.completed();
      k.mails_received = FilesIn(sink.mail_dir()).size();
    }
  }
  drive.join();
  const double drive_seconds = SecondsSince(drive_started);
  if (kill) {
    REQUIRE(k.done);  // the kill happened while plans were still running
    REQUIRE(node1->exit_code() == 128 + SIGKILL);
  }
  const cluster::DriveStats stats = driver.stats();
  {
    const auto failures = driver.failures();
    INFO(failures.size() << " driver failures:" << Sample(failures));
    CHECK(failures.empty());
  }
  CHECK(stats.ack_race_both_won == 0);

  e2e::Client c(node2->port());  // node 2 is up in both cases
  // Reports whose answer a kill took may have been filed: reject them, so that no timer
  // of theirs stays armed (they are checked like every other ticket below).
  std::map<std::string, const cluster::TicketPlan*> plan_of;
  for (const auto& p : driver.plans())
    if (!p.id.empty()) plan_of[p.id] = &p;
  int strays = 0;
  for (const auto& t : ListAll(c, coordinator)) {
    const std::string id = Str(t, "id");
    if (plan_of.count(id)) continue;
    ++strays;
    const auto body = e2e::Obj({{"type", "reject"}, {"reason", "Phiếu lặp do mất kết nối."}});
    const e2e::Response r = c.Post("/api/v1/tickets/" + id + "/events", e2e::Canonical(body), coordinator);
    INFO("rejecting the stray " << id << ": " << r.Describe());
    CHECK(r.status == 200);
  }
  CHECK(strays <= stats.lost_reports);
  std::size_t planned = 0;
  for (const auto& p : driver.plans()) planned += p.id.empty() ? 0 : 1;
  CHECK(planned == static_cast<std::size_t>(kTickets));

  // Are the SLA timers live today? (On a public holiday the dues move to the next working
  // day even in a round-the-clock calendar; then only "at most once" can be checked.)
  bool timers_live = false;
  for (const auto& p : driver.plans()) {
    if (p.script != cluster::Script::kOpen || p.id.empty()) continue;
    // critical: acknowledge within 1 "hour" = 1 s of the report
    const auto t = GetObject(c, "/api/v1/tickets/" + p.id, coordinator);
    timers_live = e2e::EpochSeconds(Str(e2e::ObjAt(t, "sla"), "ack_due")) == e2e::EpochSeconds(Str(t, "created_at")) + 1;
    break;
  }
  if (!timers_live) WARN("today is a day off in the calendar: the SLA timers do not fall due during the test");

  // Wait until nothing is left to do: every outbox row sent and (timers live) every timer
  // fired, which for these scripts leaves no timer armed.
  const auto settle_started = Clock::now();
  long long unsent = -1, timers = -1;
  while (SecondsSince(settle_started) < 120) {
    unsent = db.UnsentOutboxRows();
    timers = db.Timers();
    if (unsent == 0 && (timers == 0 || !timers_live)) break;
    std::this_thread::sleep_for(200ms);
  }
  const double settle_seconds = SecondsSince(settle_started);
  INFO("after " << settle_seconds << " s: " << unsent << " outbox rows not sent, " << timers << " timers armed");
  CHECK(unsent == 0);
  if (timers_live) CHECK(timers == 0);

  // Everything through the API of node 2: each ticket, its history, its outbox rows.
  std::set<std::string> mail_keys, sms_keys;
  std::vector<std::string> problems;
  std::map<std::string, int> timer_events;  // "sla_breach ack 1" / "auto_close" -> events
  std::size_t rows_total = 0;
  for (const auto& listed : ListAll(c, coordinator)) {
    const std::string id = Str(listed, "id");
    const auto plan_it = plan_of.find(id);
    const cluster::TicketPlan* plan = plan_it == plan_of.end() ? nullptr : plan_it->second;
    const auto ticket = GetObject(c, "/api/v1/tickets/" + id, coordinator);
    const auto items = ArrAt(GetObject(c, "/api/v1/tickets/" + id + "/history", coordinator), "items");
    e2e::VerifyHashChain(items, id);
    const auto history = Objects(items);
    auto problem = [&](const std::string& what) {
      problems.push_back(id + " (" + (plan ? std::string(cluster::Name(plan->script)) : "stray") + "): " + what);
    };
    if (Int(ticket, "version") != static_cast<long long>(history.size()))
      problem("version " + std::to_string(Int(ticket, "version")) + " but " + std::to_string(history.size()) + " events");

    // Timers: each (clock, level) breach at most once, auto_close at most once, by the system.
    std::map<std::string, int> fired;
    int acks = 0;
    for (const auto& e : history) {
      const std::string type = Str(e, "type");
      if (type == "acknowledge") ++acks;
      if (type != "sla_breach" && type != "auto_close") continue;
      if (Str(e, "actor") != "system") problem(type + " by " + Str(e, "actor"));
      const auto payload = e2e::ObjAt(e, "payload");
      const std::string name =
          type == "auto_close" ? type : type + " " + Str(payload, "clock") + " " + std::to_string(Int(payload, "level"));
      ++fired[name];
      ++timer_events[name];
    }
    for (const auto& [name, n] : fired)
      if (n > 1) problem(name + " fired " + std::to_string(n) + " times");
    if (acks > 1) problem("acknowledged " + std::to_string(acks) + " times");

    if (plan) {
      if (!plan->done) problem("its script did not finish");
      if (timers_live || (plan->script != cluster::Script::kAutoClose))
        if (Str(ticket, "state") != cluster::FinalState(plan->script))
          problem("state " + Str(ticket, "state") + ", not " + cluster::FinalState(plan->script));
      if (timers_live && plan->script == cluster::Script::kOpen)
        for (const char* name : {"sla_breach ack 1", "sla_breach ack 2", "sla_breach resolve 1", "sla_breach resolve 2"})
          if (fired[name] != 1) problem(std::string(name) + " fired " + std::to_string(fired[name]) + " times, not once");
      if (timers_live && plan->script == cluster::Script::kAutoClose && fired["auto_close"] != 1)
        problem("auto_close fired " + std::to_string(fired["auto_close"]) + " times, not once");
      for (const auto& body : plan->comments) {
        int n = 0;
        for (const auto& e : history)
          if (Str(e, "type") == "comment" && Str(e2e::ObjAt(e, "payload"), "body") == body) ++n;
        if (n != 1) problem("a racing comment is there " + std::to_string(n) + " times");
      }
    }

    // Notifications: the rows are exactly the deliveries the rules give for the history,
    // one row each, all sent.
    std::string unknown;
    const std::set<std::string> expected = cluster::ExpectedDeliveries(id, history, &unknown);
    if (!unknown.empty()) problem(unknown);
    std::set<std::string> actual;
    const auto rows = Objects(ArrAt(GetObject(c, "/api/v1/tickets/" + id + "/notifications", coordinator), "items"));
    rows_total += rows.size();
    for (const auto& row : rows) {
      const std::string key =
          incidents::testing::OutboxKey(id, Int(row, "event_seq"), Str(row, "channel"), Str(row, "recipient_ref"));
      if (!actual.insert(key).second) problem("two outbox rows " + key);
      if (Str(row, "status") != "sent") problem("row " + key + " is " + Str(row, "status"));
      (Str(row, "channel") == "email" ? mail_keys : sms_keys).insert(key);
    }
    if (actual != expected) {
      std::string diff;
      for (const auto& key : expected)
        if (!actual.count(key)) diff += " missing " + key + ";";
      for (const auto& key : actual)
        if (!expected.count(key)) diff += " unexpected " + key + ";";
      problem("outbox rows differ from the rules:" + diff);
    }
  }
  {
    INFO(problems.size() << " problems:" << Sample(problems));
    CHECK(problems.empty());
  }

  // What arrived: mails by Message-ID, SMS by id.
  Received mails, sms;
  {
    std::map<std::string, std::string> key_of_message_id;
    for (const auto& key : mail_keys) key_of_message_id[incidents::testing::ExpectedMessageId(key, kDomain)] = key;
    // smtp-sink writes a mail's file after accepting it: give the last ones a moment.
    std::vector<std::string> files;
    for (auto deadline = Clock::now() + 10s; Clock::now() < deadline;) {
      files = FilesIn(sink.mail_dir());
      if (files.size() >= mail_keys.size()) break;
      std::this_thread::sleep_for(100ms);
    }
    std::this_thread::sleep_for(300ms);
    files = FilesIn(sink.mail_dir());
    for (const auto& f : files) {
      const std::string message_id = incidents::testing::MessageIdOfFile(f);
      const auto it = key_of_message_id.find(message_id);
      if (it == key_of_message_id.end()) mails.unknown.push_back(message_id.empty() ? f + " (no Message-ID)" : message_id);
      else ++mails.count[it->second];
    }
    mails.total = files.size();
    for (const auto& r : gateway.requests()) {
      const std::string key = JsonField(r.body, "id");
      if (r.status != 200) continue;  // the stub answers 200 to all; a retry would show here
      if (!sms_keys.count(key)) sms.unknown.push_back(key);
      else ++sms.count[key];
      ++sms.total;
    }
  }
  std::vector<std::string> mail_dups, sms_dups;
  Compare("mails", mail_keys, mails, mail_dups);
  Compare("SMS", sms_keys, sms, sms_dups);
  const std::size_t duplicates = (mails.total - mails.unknown.size() - mails.count.size()) +
                                 (sms.total - sms.unknown.size() - sms.count.size());
  {
    std::vector<std::string> all_dups = mail_dups;
    all_dups.insert(all_dups.end(), sms_dups.begin(), sms_dups.end());
    INFO(duplicates << " messages sent twice:" << Sample(all_dups));
    if (!kill) {
      CHECK(duplicates == 0);
    } else {
      // Only rows leased at the kill may go out twice, at most once more each, and node 1
      // held at most one batch per worker.
      CHECK(duplicates <= static_cast<std::size_t>(kBatch * kWorkers));
      std::vector<std::string> not_in_flight;
      for (const auto& [key, n] : mails.count)
        if (n > 2 || (n == 2 && !k.leased_rows.count(key))) not_in_flight.push_back(key + " x" + std::to_string(n));
      for (const auto& [key, n] : sms.count)
        if (n > 2 || (n == 2 && !k.leased_rows.count(key))) not_in_flight.push_back(key + " x" + std::to_string(n));
      INFO("sent twice though not leased at the kill:" << Sample(not_in_flight));
      CHECK(not_in_flight.empty());
    }
  }

  // Clean stops, then the audit check over the whole database.
  node2->Stop();
  if (!kill) node1->Stop();
  const e2e::RunResult verify = e2e::RunCommand({INCIDENTCTL_PATH, "verify", "--database", url});
  INFO("incidentctl verify: " << verify.output);
  CHECK(verify.exit_code == 0);

  std::ostringstream timers_line;
  for (const auto& [name, n] : timer_events) timers_line << " " << name << "=" << n;
  std::cout << "two-node run" << (kill ? " with SIGKILL" : "") << ": " << planned << " tickets (+" << strays
            << " strays), " << stats.requests << " driver requests in " << drive_seconds << " s; "
            << stats.ack_races << " acknowledge races, " << stats.comment_races << " comment races, "
            << stats.lost_answers << " lost answers, " << stats.lost_reports << " lost reports, "
            << stats.timer_conflicts << " conflicts with timers; " << rows_total << " outbox rows, " << mails.total
            << " mails, " << sms.total << " SMS, " << duplicates << " sent twice; timers:" << timers_line.str()
            << (timers_live ? "" : " (not live today)") << "; settled " << settle_seconds << " s after the drive; total "
            << SecondsSince(started) << " s\n";
  if (kill)
    std::cout << "  at the SIGKILL: " << k.plans_completed << " plans done, " << k.mails_received << " mails received, "
              << k.leased_rows.size() << " outbox rows and " << k.leased_timers << " timers leased (both nodes)\n";
}

}  // namespace

TEST_CASE("two nodes on one MariaDB: 1000 tickets at random get every message and every timer once",
          "[cluster][integration]") {
  TwoNodeRun(/*kill=*/false, 20260601);
}

TEST_CASE("two nodes on one MariaDB: after a SIGKILL of one node the other takes over its leases",
          "[cluster][integration]") {
  TwoNodeRun(/*kill=*/true, 20260602);
}
