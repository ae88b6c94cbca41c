// The store contract for reports (issue 16): each commit replaces the ticket's
// ticket_figures row in its transaction, the row reads back as written, and a scan gives
// one workflow's rows that may concern a period. Run per backend (store_contract.h).

#include <algorithm>
#include <catch2/catch.hpp>

#include "incidents/engine/report.h"
#include "incidents/engine/sla.h"
#include "store_contract.h"
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::testing;

namespace {

Timestamp At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

std::vector<TicketFigures> Scan(Node& n, const std::string& workflow, Timestamp begin, Timestamp end,
                                const std::optional<std::string>& visible_to = std::nullopt) {
  std::vector<TicketFigures> out;
  const FiguresScan scan{workflow, begin, end, visible_to};
  REQUIRE(n.storage->reports().ScanFigures(scan, [&](const TicketFigures& f) { out.push_back(f); }).ok());
  return out;
}

const TicketFigures* Find(const std::vector<TicketFigures>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.ticket_id == id) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("contract: each commit replaces the ticket's figures row, which reads back as written", "[contract]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node n(url);
  BusinessCalendar calendar;
  SlaPolicy policy(calendar, DefaultSlaTargets());
  n.service.SetSlaPolicy(&policy, nullptr);
  const std::string id = n.File();
  n.clock.Advance(std::chrono::hours(1));
  REQUIRE(n.service.Apply(DemoActor("stttt.engineer"), id, AcknowledgeCommand{}).ok());
  REQUIRE(n.service.Apply(DemoActor("stttt.coordinator"), id, EscalateChairmanCommand{"Vượt thẩm quyền"}).ok());
  n.clock.Advance(std::chrono::hours(3));
  REQUIRE(n.service
              .Apply(DemoActor("chairman"), id,
                     RecordChairmanDecisionCommand{"Giao Sở Tài nguyên và Môi trường khắc phục", true})
              .ok());

  const std::vector<TicketFigures> rows = Scan(n, "incident", Timestamp{}, At("2100-01-01T00:00:00Z"));
  REQUIRE(rows.size() == 1);
  const TicketFigures expected = FiguresOf(n.store().LoadTicket(id).value(), &policy);
  CHECK(rows[0] == expected);
  // What the row holds beyond the defaults, so that the comparison covers the columns.
  CHECK(rows[0].ack_working_s == 3600);
  CHECK(rows[0].ack_late == false);
  CHECK(rows[0].service == std::optional<std::string>("lgsp.datdai.tracuu"));
  CHECK(rows[0].parties == std::vector<std::string>{"stnmt"});
  CHECK(rows[0].escalations == 1);
  CHECK(rows[0].chairman_decision == std::optional<std::string>("Giao Sở Tài nguyên và Môi trường khắc phục"));
  CHECK(rows[0].chairman_requires_action == true);
  CHECK(rows[0].wait_chairman_s == 3 * 3600);
  CHECK(rows[0].state == expected.state);

  // A node opened afterwards reads the same row.
  Node again(url);
  CHECK(Scan(again, "incident", Timestamp{}, At("2100-01-01T00:00:00Z")) == rows);
}

TEST_CASE("contract: a figures scan gives one workflow's rows created before the end and not closed before the begin",
          "[contract]") {
  const std::string url = CurrentStore().FreshDatabase();
  Node n(url);
  const std::string early = n.File("Sự cố đầu năm");  // 2026-01-05 08:00 local
  REQUIRE(n.service.Apply(DemoActor("stttt.engineer"), early, AcknowledgeCommand{}).ok());
  REQUIRE(n.service.Apply(DemoActor("stttt.coordinator"), early, RejectCommand{"Không thuộc phạm vi"}).ok());
  n.clock.Set(At("2026-03-02T01:00:00Z"));
  const std::string later = n.File("Sự cố tháng ba");

  // February: `early` was closed (rejected) in January, `later` not yet created.
  CHECK(Scan(n, "incident", At("2026-01-31T17:00:00Z"), At("2026-02-28T17:00:00Z")).empty());
  // January and after: both; March only: just `later`.
  auto all = Scan(n, "incident", At("2025-12-31T17:00:00Z"), At("2026-12-31T17:00:00Z"));
  CHECK(all.size() == 2);
  CHECK(Find(all, early) != nullptr);
  auto march = Scan(n, "incident", At("2026-02-28T17:00:00Z"), At("2026-03-31T17:00:00Z"));
  REQUIRE(march.size() == 1);
  CHECK(march[0].ticket_id == later);
  // The end is exclusive: a period ending at `later`'s creation instant leaves it out.
  CHECK(Find(Scan(n, "incident", At("2026-02-28T17:00:00Z"), At("2026-03-02T01:00:00Z")), later) == nullptr);
  // The other workflow's rows are another scan's.
  CHECK(Scan(n, "data_request", Timestamp{}, At("2100-01-01T00:00:00Z")).empty());
}

TEST_CASE("contract: a figures scan for an agency gives only the tickets it reports or is a party of", "[contract]") {
  Node n(CurrentStore().FreshDatabase());
  const std::string a = n.File();  // stp reports, stnmt is the party
  ReportCommand r;
  r.category = Category::kDataDiscrepancy;
  r.title = "Sai lệch dữ liệu tiêm chủng";
  r.description = "Số liệu hai bên không khớp.";
  r.priority = Priority::kNormal;
  r.parties = {"stp", "skhdt"};
  auto b = n.service.Report(DemoActor("syt.reporter"), r);
  REQUIRE(b.ok());
  const Timestamp begin{}, end = At("2100-01-01T00:00:00Z");
  auto ids = [&](const std::optional<std::string>& org) {
    std::vector<std::string> out;
    for (const TicketFigures& f : Scan(n, "incident", begin, end, org)) out.push_back(f.ticket_id);
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  V both{a, b->id};
  std::sort(both.begin(), both.end());
  CHECK(ids(std::nullopt) == both);
  CHECK(ids("stp") == both);           // reporter of a, first party of b
  CHECK(ids("stnmt") == V{a});         // the only party of a
  CHECK(ids("syt") == V{b->id});       // reporter of b
  CHECK(ids("skhdt") == V{b->id});     // last party of b
  CHECK(ids("st").empty());            // a prefix of an org id is another org
  CHECK(ids("stp,skhdt").empty());     // never a list
}
