#pragma once
// Reports to the Chairman and the People's Committee (issue 16; Art. 13.2c, 15.1, 21.3).
//
// Each ticket has one row of TicketFigures: what a report counts of it, computed at every
// commit from the ticket after the event (FiguresOf) and, when it differs from the row
// before the event, written by the store in the event's transaction (TicketCommit::figures)
// into a narrow table, so that a year's report over a million tickets reads that table,
// never the snapshots or the histories. (A comment outside a wait changes no figure and
// writes none. So a change of the calendar or the SLA targets reaches an open ticket's row
// at its next event that changes a figure, as it reached a ticket without events before.)
// BuildReport folds the rows a ReportStore scans into a Report. Everything here is pure
// and thread-safe; the port's implementations are thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/command.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

class CaseClocks;
struct Ticket;
struct TicketTally;

// One ticket as reports see it. Durations are whole seconds; working ones on the working
// calendar known at the commit that wrote the row. The wall-clock waits are the time spent
// in each waiting state, closed spells only, plus the open one up to the row's commit.
struct TicketFigures {
  std::string ticket_id;
  std::string workflow;              // "incident", "data_request"
  Category category = Category::kOther;
  Priority priority = Priority::kNormal;
  Scope scope = Scope::kIntraProvince;  // a data request's requester: in the province, an outside agency, a person or business
  std::optional<std::string> service;
  std::string reporter_org;
  std::vector<std::string> parties;  // as on the ticket
  State state = State::kReported;
  Timestamp created_at;
  std::optional<Timestamp> acknowledged_at;   // the ack clock stopped (acknowledge or reject)
  std::optional<Timestamp> resolved_at;       // the first time it reached resolved
  std::optional<Timestamp> closed_at;         // closed, rejected, withdrawn or decided: when it left the open states
  std::optional<std::int64_t> ack_working_s;      // created -> acknowledged
  std::optional<bool> ack_late;                   // against the priority's target
  std::optional<Timestamp> last_resolved_at;      // the resolution the resolve clock ended at (the last)
  std::optional<std::int64_t> resolve_working_s;  // the last resolve clock, less its pauses
  std::optional<bool> resolve_late;
  std::int64_t wait_reporter_s = 0;
  std::int64_t wait_ministry_s = 0;
  std::int64_t wait_chairman_s = 0;
  int reopens = 0;
  int escalations = 0;                             // times it went to the Chairman
  std::optional<Timestamp> escalated_at;           // the last time
  std::optional<std::string> chairman_decision;    // the last decision recorded (its text, or a request's outcome)
  std::optional<Timestamp> chairman_decided_at;
  std::optional<bool> chairman_requires_action;
  std::optional<DecisionOutcome> decision;         // a data request's decision
  std::optional<std::int64_t> decision_working_s;  // submit -> decision, less the pauses
  std::optional<bool> decision_late;               // against the decision clock's target
  friend bool operator==(const TicketFigures&, const TicketFigures&);
};

// The pure fold of an event into after.tally (ticket.h), the same for every workflow: called
// for each event after the workflow decided it (event_decision.h), so replay reproduces it.
// `type` moved `before` to `after` at `at`; `payload`: the command, for the Chairman's decision.
void UpdateTally(const Ticket& before, Ticket& after, const Command& command, Timestamp at);

// The row of `ticket` (after an event). `clocks`: its workflow's clocks, for the working
// times and the targets; none leaves the working figures empty.
TicketFigures FiguresOf(const Ticket& ticket, const CaseClocks* clocks);

// kScope: by who asked (a data request's scope), for the yearly summary of the sharing
// with people and businesses (Art. 13.2c).
enum class ReportGrouping { kNone, kCategory, kOrg, kParty, kService, kMonth, kScope };
std::string_view ToString(ReportGrouping g);
std::optional<ReportGrouping> ParseReportGrouping(std::string_view s);

// A period of local (Vietnam) dates, both ends included.
struct ReportQuery {
  std::string workflow = "incident";
  CivilDate from;
  CivilDate to;
  ReportGrouping group_by = ReportGrouping::kNone;
  std::optional<std::string> visible_to;  // an agency: only tickets it reports or is a party of
};

// Percentiles of working durations, in seconds; none when nothing was measured.
struct DurationSummary {
  std::int64_t count = 0;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::optional<std::int64_t> median_s;
  std::optional<std::int64_t> p90_s;
  friend bool operator==(const DurationSummary&, const DurationSummary&);
};

// What a report says of a set of tickets within the period:
//  - opened: created in the period; resolved: first resolved in it; closed / rejected /
//    withdrawn: left the open states so in it; open: created by the period's end and not
//    yet closed at that end;
//  - acknowledge / resolve / decision: of those acknowledged / resolved / decided in the
//    period; waits: of the tickets closed or still open at the end, their waiting spells;
//  - reopened: of the tickets resolved in the period, how many were ever reopened.
struct ReportFigures {
  std::int64_t opened = 0, resolved = 0, closed = 0, rejected = 0, withdrawn = 0, open = 0;
  DurationSummary acknowledge, resolve, decision;
  std::int64_t wait_reporter_s = 0, wait_ministry_s = 0, wait_chairman_s = 0;
  std::int64_t escalated = 0;
  std::int64_t reopened = 0;
  std::map<DecisionOutcome, std::int64_t> decisions;  // data requests decided in the period
  friend bool operator==(const ReportFigures&, const ReportFigures&);
};

struct ReportGroup {
  std::string key;  // a category, org id, service, or "YYYY-MM"; "" for none (no service)
  ReportFigures figures;
};

struct ReportMonth {
  std::string month;  // "YYYY-MM"
  std::int64_t opened = 0, resolved = 0, closed = 0;
  std::int64_t resolve_on_time = 0, resolve_late = 0;
};

struct ReportEscalation {
  std::string ticket_id;
  Timestamp escalated_at;
  std::optional<std::string> decision;
  std::optional<Timestamp> decided_at;
  std::optional<bool> requires_action;
};

inline constexpr std::size_t kMaxReportEscalations = 200;

struct Report {
  ReportQuery query;
  ReportFigures totals;
  std::vector<ReportGroup> groups;         // by query.group_by, largest first; empty for kNone
  std::vector<ReportMonth> months;         // every month of the period, in order
  std::vector<std::pair<State, std::int64_t>> backlog;  // open at the period's end, by state now
  std::vector<std::pair<std::string, std::int64_t>> top_services;  // opened in the period, most first, at most 10
  // Escalated in the period, the newest first, at most kMaxReportEscalations (totals.escalated
  // counts them all).
  std::vector<ReportEscalation> escalations;
};

// The first and last instant of the period (local days): [begin, end).
Timestamp PeriodBegin(const ReportQuery& q);
Timestamp PeriodEnd(const ReportQuery& q);

// Accumulates the rows a store scans (any order) into the report of `query`. Rows that do
// not concern the period or are not visible are skipped, so a store may give more.
class ReportBuilder {
 public:
  explicit ReportBuilder(ReportQuery query);
  void Add(const TicketFigures& row);
  Report Finish() &&;

 private:
  struct Acc;
  ReportQuery query_;
  std::shared_ptr<Acc> acc_;
};

// What a report reads: the figures rows of one workflow that may concern [begin, end)
// (created before `end` and not closed before `begin`) and, with `visible_to`, only those
// of the tickets that org reports or is a party of (the store filters, so that an
// agency's report does not decode the rows of the whole province).
struct FiguresScan {
  std::string workflow;
  Timestamp begin;
  Timestamp end;
  std::optional<std::string> visible_to;
};

// Port: the scan of the figures rows. Thread-safe implementations.
class ReportStore {
 public:
  virtual ~ReportStore() = default;
  virtual Status ScanFigures(const FiguresScan& scan, const std::function<void(const TicketFigures&)>& each) = 0;

  // Up to `limit` ids of tickets without a figures row (stored before migration 12); empty
  // once none is left, which the store then remembers, so that asking again is one read.
  virtual Result<std::vector<std::string>> TicketsWithoutFigures(int limit) = 0;
  // Writes the row unless the ticket has one already (a commit's row is newer).
  virtual Status AddMissingFigures(const TicketFigures& figures) = 0;
};

// Scans and builds: the report of `query` from `store`.
Result<Report> RunReport(ReportStore& store, const ReportQuery& query);

}  // namespace incidents::engine
