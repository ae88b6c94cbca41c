#pragma once
// TicketService: applies one command to one ticket (DESIGN.md "How a request flows",
// step 2-3): load, check visibility, have the workflow decide the event once (legal for
// this state and actor, and what it changes), check the payload's values against the
// directory, build the hash-chained event record with its SLA facts, outbox rows and
// timers, and commit it with the new snapshot under the version read.
//
// Thread safety: safe to call from many threads if the ports are. Writers to one ticket
// take turns within the process (a striped lock); across processes the store's version
// check decides. A command sent without expected_version is re-evaluated on the fresh
// ticket after a lost race; a command with one gets kVersionConflict.
// A command starts from the snapshot this process last committed for the ticket, when it
// kept one and no other process was seen writing the ticket, instead of reading the store:
// so every store's Commit must refuse a snapshot whose expected_version is not the stored
// one, and nothing but Commit may change a stored snapshot while the service runs.
// Lifetime: every reference passed to the constructor must outlive the service.

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/base/bounded_cache.h"
#include "incidents/engine/actor.h"
#include "incidents/engine/clock.h"
#include "incidents/engine/command.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/engine/timer_store.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

// The answer of a request sent with an Idempotency-Key, to commit with its event (issue
// 14.3): the claim it completes, and how to render the answer from the ticket as committed
// (with its SLA dues), before the commit. `render` may run more than once (a command
// re-decided after a lost race); the answer of the run whose commit succeeded is the one
// stored. A commit refused because the key is no longer in flight under `claim` (the token
// of the request's IdempotencyStore::Begin) is kClaimLost.
struct AnswerToRecord {
  std::string username;
  std::string key;
  std::string claim;
  std::function<StoredResponse(const Ticket& shown)> render;
};

class TicketService {
 public:
  // `workflow` is the incident workflow, the one every ticket filed by Report follows.
  TicketService(TicketStore& store, Directory& directory, const Workflow& workflow, const Clock& clock,
                WorkflowSettings settings);

  // Adds another workflow (data_request): its tickets are opened by its own first event
  // (Submit) and follow it to the end; the ticket's `workflow` names it. Called before the
  // service is used (not thread-safe); `workflow` must outlive the service.
  void AddWorkflow(const Workflow& workflow);
  // The workflow of that name, or nullptr.
  const Workflow* WorkflowNamed(std::string_view name) const;

  // Files a new ticket (event `report`); reporter_org is the actor's org.
  // `answer`, when given, commits with the event (it must outlive the call).
  Result<Ticket> Report(const Actor& actor, const ReportCommand& command, const AnswerToRecord* answer = nullptr);

  // Opens a data-sharing request (event `submit`, workflow data_request). kUnavailable
  // when that workflow was not added. `confirms`: the code of the public request this
  // files (TicketCommit::confirms): kConflict, and nothing filed, when it already was.
  Result<Ticket> Submit(const Actor& actor, const SubmitCommand& command, const AnswerToRecord* answer = nullptr,
                        const std::optional<std::string>& confirms = std::nullopt);
  // Whether Submit would accept this command from this actor now (the workflow's rules and
  // every value), without filing anything: a public request is checked so before it is held.
  Status CheckSubmit(const Actor& actor, const SubmitCommand& command);

  // Fires one event on an existing ticket. kNotFound also when the actor cannot see it,
  // and, when `workflow` is given, when the ticket follows another workflow (the API's
  // incident and data-request routes each see their own).
  Result<Ticket> Apply(const Actor& actor, const std::string& ticket_id, const Command& command,
                       std::optional<std::int64_t> expected_version = std::nullopt,
                       const AnswerToRecord* answer = nullptr, std::string_view workflow = {});

  Result<Ticket> Get(const Actor& actor, const std::string& ticket_id, std::string_view workflow = {});
  Result<std::vector<TicketEvent>> History(const Actor& actor, const std::string& ticket_id,
                                           std::string_view workflow = {});

  // A page of the tickets this actor may see (query.visible_to is set here, never by the
  // caller).
  Result<TicketPage> List(const Actor& actor, TicketQuery query);

  // Event types this actor may fire on this ticket now: the workflow's own check, asked
  // only for the events its table has a row for from the ticket's state.
  std::vector<EventType> AllowedActions(const Actor& actor, const Ticket& ticket) const;

  // Optional collaborators, set once before the service is used (not thread-safe to
  // change later). Both must outlive the service.
  void SetOutboxPlanner(const OutboxPlanner* planner) { planner_ = planner; }
  void AddCommitListener(CommitListener* listener) { listeners_.push_back(listener); }
  // With clocks, a workflow's tickets handed out carry their dues, and commits carry the
  // timers (stored in `timers`, one store for every workflow: a null `timers` keeps the
  // one set before, so that no workflow's call turns another's timers off). `workflow`
  // names one the service has (the incident one, or one added).
  void SetClocks(std::string_view workflow, const CaseClocks* clocks, TimerStore* timers);
  // The incident workflow's SLA.
  void SetSlaPolicy(const SlaPolicy* policy, TimerStore* timers) { SetClocks(workflow_.Table().name, policy, timers); }

  // Fires whatever breach or auto-close is due for this ticket now (as actor `system`,
  // through the same path as a request), then stores the timers it still needs. Safe to
  // call when nothing is due, twice, or from two nodes at once: a breach already in the
  // history is never repeated (each firing commits only on the version it decided on).
  Status FireDueTimers(const std::string& ticket_id);

  // Writes the report figures of up to `limit` tickets stored before they existed
  // (migration 12), each from its snapshot and, for the tally, its replayed history; a
  // ticket that got its row from a commit meanwhile keeps that one. Returns how many were
  // written: 0 when none is left. Safe on several nodes at once.
  Result<int> BackfillFigures(ReportStore& reports, int limit);

  // The incident workflow; WorkflowOf gives a ticket's own.
  const Workflow& workflow() const { return workflow_; }
  const Workflow& WorkflowOf(const Ticket& ticket) const;
  const WorkflowSettings& settings() const { return settings_; }

  // How many times a command without expected_version is retried after lost races.
  static constexpr int kMaxAttempts = 64;

 private:
  // The values of a normalized command: texts, what its fields name in the directory or
  // the store, and the rules between its fields and the actor.
  Status Validate(const Ticket& ticket, const Command& command, const Actor& actor);
  Timestamp EventTime(const Ticket& current) const;
  // The stored ticket if the actor may see it (no SLA dues filled in).
  Result<Ticket> LoadVisible(const Actor& actor, const std::string& ticket_id, std::string_view workflow = {});
  // As LoadVisible, but this process's last committed snapshot of the ticket when it kept
  // one the actor may see at `expected_version` (any version when none), unread;
  // `from_copy` tells which. Only for a commit, whose version check refuses a stale copy:
  // never for an answer (another process may have moved the ticket on).
  Result<Ticket> LoadForWrite(const Actor& actor, const std::string& ticket_id, std::string_view workflow,
                              std::optional<std::int64_t> expected_version, bool& from_copy);
  // A snapshot stored before the tally existed (issue 16) gets the tally of its replayed
  // history, so that the next event folds on from the whole history, as replay does.
  Status CompleteTally(Ticket& ticket);
  // A copy for callers: with the SLA dues filled in.
  Ticket Shown(Ticket ticket) const;
  // The figures row is written for a new ticket, when the event changed it, or when
  // `write_figures` (the stored row may be missing).
  Result<Ticket> Commit(const Ticket& current, const Command& command, Decision decision, const Actor& actor,
                        Timestamp at, const AnswerToRecord* answer = nullptr,
                        const std::optional<std::string>& confirms = std::nullopt, bool write_figures = false);
  // The workflow's decision on `command` and the command as it will be recorded, its
  // values checked: what every event goes through before it is committed.
  Result<std::pair<Decision, Command>> Decided(const Workflow& workflow, const Ticket& current,
                                               const Command& command, const Actor& actor, Timestamp at);
  // Report and Submit: the first event of a ticket of `workflow`, numbered `prefix`-year-n.
  Result<Ticket> Open(const Workflow& workflow, const char* prefix, const Actor& actor, const Command& command,
                      const AnswerToRecord* answer, const std::optional<std::string>& confirms = std::nullopt);
  // The clocks of the ticket's workflow, or nullptr when it has none.
  const CaseClocks* ClocksOf(const Ticket& ticket) const;
  using EventsByState = std::array<std::vector<EventType>, kAllStates.size()>;
  static EventsByState EventsFrom(const Workflow& workflow);

  TicketStore& store_;
  Directory& directory_;
  const Workflow& workflow_;
  const Clock& clock_;
  const WorkflowSettings settings_;
  const OutboxPlanner* planner_ = nullptr;
  EventsByState events_from_;  // the incident workflow's
  struct OtherWorkflow {
    const Workflow* workflow;
    EventsByState events_from;
  };
  std::vector<OtherWorkflow> others_;
  std::vector<CommitListener*> listeners_;
  std::vector<std::pair<std::string, const CaseClocks*>> clocks_;  // by workflow name
  TimerStore* timer_store_ = nullptr;
  // Serialises writers to the same ticket within this process (striped by ticket id), and
  // with them what kept_ holds for it.
  std::array<std::mutex, 64> stripes_;
  // What this process knows of a ticket it committed lately (issue 17.4): the snapshot it
  // committed last, which the next command on the ticket starts from without reading it
  // (LoadForWrite); or no snapshot once such a copy turned out stale, when another process
  // writes the ticket too: its commands then read it first, as without a copy, since a
  // stale copy costs a refused commit (three round trips on MariaDB) to spare one read.
  // A commit that fails drops the copy; a command refused on a copy is decided again on
  // the stored ticket. Find-then-Put for a ticket happens under its stripe (Apply, Open).
  // A thousand tickets cover the ones being worked on: a few KB each, at most ~60 KB (a
  // description of 20,000 characters), so under 64 MB at worst.
  struct KeptTicket {
    std::optional<Ticket> snapshot;
  };
  static constexpr std::size_t kKeptTickets = 1024;
  base::BoundedCache<KeptTicket> kept_{kKeptTickets};
};

// "INC-2026-000042": the year of `at` in Vietnam (UTC+7) and the store's number, after
// the workflow's prefix (INC for incidents, YC for data-sharing requests: "yêu cầu").
std::string FormatTicketId(Timestamp at, std::int64_t number, const char* prefix = "INC");

}  // namespace incidents::engine
