// The store contract for the scheduled report drafts (issue 16.4, engine/report_draft.h):
// a period is drafted once, with its mails in the same transaction; a second record of
// the period, however it races, writes nothing. Run per backend like the rest of the suite
// (store_contract.h).

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "demo_fixture.h"
#include "store_contract.h"
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;
using namespace std::chrono_literals;

namespace {

MillisTime Ms(Timestamp t) { return std::chrono::time_point_cast<std::chrono::milliseconds>(t); }

ReportDraft Draft(const std::string& period, Timestamp at) {
  const bool quarter = period.find('Q') != std::string::npos;
  return ReportDraft{period, quarter ? CivilDate{2026, 10, 1} : CivilDate{2026, 11, 1},
                     quarter ? CivilDate{2026, 12, 31} : CivilDate{2026, 11, 30}, at};
}

// The draft's mail to one user, as the planner writes it (report_draft_mail.h).
OutboxRow Mail(const std::string& period, const std::string& user, Timestamp at) {
  OutboxRow r;
  r.ticket_id = "report:" + period;
  r.idempotency_key = r.ticket_id + ":0:email:user:" + user;
  r.event_seq = 0;
  r.event_type = EventType::kReport;
  r.channel = NotificationChannel::kEmail;
  r.recipient = user + "@example.vn";
  r.recipient_ref = "user:" + user;
  r.vars = R"({"period_label":"tháng 11 năm 2026"})";
  r.created_at = at;
  r.next_attempt_at = Ms(at);
  return r;
}

}  // namespace

TEST_CASE("contract: a report draft is recorded with its mails and read back", "[contract][report_draft]") {
  const std::string url = CurrentStore().FreshDatabase();
  const ReportDraft draft = Draft("2026-11", DemoStart());
  {
    Node w(url);
    CHECK_FALSE(w.storage->report_drafts().FindDraft("2026-11").value().has_value());
    REQUIRE(w.storage->report_drafts()
                .RecordDraft(draft, {Mail("2026-11", "stttt.director", DemoStart()),
                                     Mail("2026-11", "vp-ubnd.office", DemoStart())})
                .ok());
  }
  Node again(url);  // reopened: from the database
  auto found = again.storage->report_drafts().FindDraft("2026-11");
  INFO(found.status().ToString());
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK(found->value() == draft);
  CHECK_FALSE(again.storage->report_drafts().FindDraft("2026-Q4").value().has_value());
  auto rows = again.storage->outbox().ListForTicket("report:2026-11");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].event_type == EventType::kReport);
  CHECK((*rows)[0].recipient_ref == "user:stttt.director");
  CHECK((*rows)[1].recipient_ref == "user:vp-ubnd.office");
  CHECK((*rows)[0].vars == R"({"period_label":"tháng 11 năm 2026"})");
  // The mails are due like any other.
  auto claimed = again.storage->outbox().ClaimDue(Ms(DemoStart()), 10, 1min);
  REQUIRE(claimed.ok());
  CHECK(claimed->size() == 2);
}

TEST_CASE("contract: a second draft of a period is a conflict and queues no mail", "[contract][report_draft]") {
  Node w(CurrentStore().FreshDatabase());
  ReportDraftStore& drafts = w.storage->report_drafts();
  REQUIRE(drafts.RecordDraft(Draft("2026-11", DemoStart()), {Mail("2026-11", "stttt.director", DemoStart())}).ok());
  // Another recipient, so that no outbox key collides: only the period refuses it.
  const Status st =
      drafts.RecordDraft(Draft("2026-11", DemoStart() + 1h), {Mail("2026-11", "vp-ubnd.office", DemoStart() + 1h)});
  CHECK(st.code() == ErrorCode::kConflict);
  CHECK(drafts.FindDraft("2026-11").value()->created_at == DemoStart());
  CHECK(w.storage->outbox().ListForTicket("report:2026-11").value().size() == 1);
  // Another period is another draft; one without mails is still recorded.
  REQUIRE(drafts.RecordDraft(Draft("2026-Q4", DemoStart()), {}).ok());
  CHECK(drafts.FindDraft("2026-Q4").value().has_value());
  CHECK(w.storage->outbox().ListForTicket("report:2026-Q4").value().empty());
}

TEST_CASE("contract: a draft whose mails cannot be written is not recorded", "[contract][report_draft]") {
  Node w(CurrentStore().FreshDatabase());
  ReportDraftStore& drafts = w.storage->report_drafts();
  // Two rows with one idempotency key: the second insert fails, and the transaction with it.
  const OutboxRow mail = Mail("2026-11", "stttt.director", DemoStart());
  CHECK_FALSE(drafts.RecordDraft(Draft("2026-11", DemoStart()), {mail, mail}).ok());
  CHECK_FALSE(drafts.FindDraft("2026-11").value().has_value());
  CHECK(w.storage->outbox().ListForTicket("report:2026-11").value().empty());
  REQUIRE(drafts.RecordDraft(Draft("2026-11", DemoStart()), {mail}).ok());  // not drafted: still possible
}

TEST_CASE("contract: of nodes drafting one period at once, one records it with its mails",
          "[contract][report_draft]") {
  const std::string url = CurrentStore().FreshDatabase();
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<Node>> nodes;
  for (int i = 0; i < kNodes; ++i) nodes.push_back(std::make_unique<Node>(url));
  std::atomic<int> ready{0};
  std::vector<Status> results(kNodes);
  std::vector<std::thread> threads;
  for (int i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kNodes) std::this_thread::yield();
      // Each node plans the same mails: the same keys, as the planner would write them.
      results[i] = nodes[i]->storage->report_drafts().RecordDraft(
          Draft("2026-Q4", DemoStart() + std::chrono::seconds(i)),
          {Mail("2026-Q4", "stttt.director", DemoStart()), Mail("2026-Q4", "vp-ubnd.office", DemoStart())});
    });
  }
  for (auto& t : threads) t.join();
  int recorded = 0;
  for (const Status& st : results) {
    INFO(st.ToString());
    if (st.ok()) ++recorded;
    else CHECK(st.code() == ErrorCode::kConflict);
  }
  CHECK(recorded == 1);
  CHECK(nodes[0]->storage->outbox().ListForTicket("report:2026-Q4").value().size() == 2);
  CHECK(nodes[0]->storage->report_drafts().FindDraft("2026-Q4").value().has_value());
}
