#include "incidents/engine/ticket_service.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "incidents/engine/access.h"
#include "incidents/engine/audit_chain.h"
#include "event_decision.h"

namespace incidents::engine {
namespace {

// Vietnam is UTC+07:00 all year (no DST).
constexpr std::chrono::hours kVietnamOffset{7};

}  // namespace

std::string FormatTicketId(Timestamp at, std::int64_t number, const char* prefix) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(at + kVietnamOffset)};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s-%04d-%06lld", prefix, int(ymd.year()), static_cast<long long>(number));
  return buf;
}

TicketService::EventsByState TicketService::EventsFrom(const Workflow& workflow) {
  // The events the table has a row for, by source state (in kAllEventTypes order): all
  // that allowed_actions needs to ask the machine about. A first event (no source) is not
  // among them.
  std::array<std::array<bool, kAllEventTypes.size()>, kAllStates.size()> has{};
  for (const TransitionSpec& t : workflow.Table().transitions)
    for (State s : t.from) has[static_cast<std::size_t>(s)][static_cast<std::size_t>(t.event)] = true;
  EventsByState out;
  for (State s : kAllStates)
    for (EventType e : kAllEventTypes)
      if (has[static_cast<std::size_t>(s)][static_cast<std::size_t>(e)]) out[static_cast<std::size_t>(s)].push_back(e);
  return out;
}

TicketService::TicketService(TicketStore& store, Directory& directory, const Workflow& workflow,
                             const Clock& clock, WorkflowSettings settings)
    : store_(store),
      directory_(directory),
      workflow_(workflow),
      clock_(clock),
      settings_(std::move(settings)),
      events_from_(EventsFrom(workflow)) {}

void TicketService::AddWorkflow(const Workflow& workflow) {
  others_.push_back({&workflow, EventsFrom(workflow)});
}

const Workflow* TicketService::WorkflowNamed(std::string_view name) const {
  if (workflow_.Table().name == name) return &workflow_;
  for (const OtherWorkflow& o : others_)
    if (o.workflow->Table().name == name) return o.workflow;
  return nullptr;
}

const Workflow& TicketService::WorkflowOf(const Ticket& ticket) const {
  for (const OtherWorkflow& o : others_)
    if (o.workflow->Table().name == ticket.workflow) return *o.workflow;
  return workflow_;  // a ticket of a workflow this service lacks is refused by its machine
}

void TicketService::SetClocks(std::string_view workflow, const CaseClocks* clocks, TimerStore* timers) {
  clocks_.erase(std::remove_if(clocks_.begin(), clocks_.end(), [&](const auto& c) { return c.first == workflow; }),
                clocks_.end());
  if (clocks) clocks_.emplace_back(std::string(workflow), clocks);
  if (timers) timer_store_ = timers;
}

const CaseClocks* TicketService::ClocksOf(const Ticket& ticket) const {
  for (const auto& [workflow, clocks] : clocks_)
    if (workflow == ticket.workflow) return clocks;
  return nullptr;
}

Status TicketService::Validate(const Ticket& ticket, const Command& command, const Actor& actor) {
  if (Status st = CheckCommandValues(command, {settings_.max_title_chars, settings_.max_text_chars}); !st.ok())
    return st;
  for (const FieldReference& r : CommandReferences(command)) {
    const std::string field(r.field);
    const std::string& value = *r.value;
    switch (r.ref) {
      case FieldRef::kOrg:
      case FieldRef::kPartyOrg: {
        auto org = directory_.FindOrg(value);
        if (!org.ok()) return org.status();
        if (!org.value()) return Status::InvalidValue("field '" + field + "': unknown org '" + value + "'");
        if (r.ref == FieldRef::kPartyOrg && value == settings_.doict_org)
          return Status::InvalidValue(
              "field '" + field + "': " +
              (TypeOf(command) == EventType::kRequestPartyFix
                   ? std::string("DoICT fixes problems itself with assign_doict")
                   : std::string("DoICT decides data-sharing requests itself; name the other units concerned")));
        break;
      }
      case FieldRef::kDoictStaff: {
        auto user = directory_.FindUser(value);
        if (!user.ok()) return user.status();
        const auto& u = user.value();
        if (!u || !u->active || u->org != settings_.doict_org ||
            !(u->roles.count(Role::kEngineer) || u->roles.count(Role::kCoordinator)))
          return Status::InvalidValue("field '" + field + "': '" + value + "' is not an engineer of DoICT");
        break;
      }
      case FieldRef::kChairman:
      case FieldRef::kSigner: {
        auto user = directory_.FindUser(value);
        if (!user.ok()) return user.status();
        const auto& u = user.value();
        if (!u || !u->active || u->org != settings_.chairman_office_org || !u->roles.count(Role::kChairman)) {
          // Left absent, the field named the caller (NormalizeCommand): someone who records
          // for the Chairman must say who signed.
          if (value == actor.username)
            return Status::InvalidValue("field '" + field +
                                        "' is required: the username of the Chairman or Vice-Chairman who signed");
          return Status::InvalidValue("field '" + field + "': '" + value +
                                      "' is not the Chairman or a Vice-Chairman");
        }
        break;
      }
      case FieldRef::kOtherTicket: {
        if (value == ticket.id)
          return Status::InvalidValue("field '" + field + "': a ticket cannot duplicate itself");
        auto other = store_.LoadTicket(value);
        if (!other.ok()) {
          if (other.status().code() == ErrorCode::kNotFound)
            return Status::InvalidValue("field '" + field + "': no ticket '" + value + "'");
          return other.status();
        }
        break;
      }
      case FieldRef::kNone: break;
    }
  }
  return CheckCommandRules(command, actor.username);
}

Timestamp TicketService::EventTime(const Ticket& current) const {
  // Never let an event predate the one before it, even if the clock steps back.
  return std::max(clock_.Now(), current.filed() ? current.updated_at : Timestamp{});
}

Result<Ticket> TicketService::Commit(const Ticket& current, const Command& command, Decision decision,
                                     const Actor& actor, Timestamp at, const AnswerToRecord* answer,
                                     const std::optional<std::string>& confirms, bool write_figures) {
  Ticket next = std::move(decision.next);
  TicketEvent event;
  event.ticket_id = current.id;
  event.seq = current.version + 1;
  event.type = TypeOf(command);
  event.actor = actor.username;
  event.actor_org = actor.org;
  event.at = at;
  if (current.filed()) event.from_state = current.state;
  event.to_state = next.state;
  event.payload = ToPayload(command);
  event.legal_basis = std::move(decision.citation.basis);
  event.regulation_id = std::move(decision.regulation_id);
  event.regulation_version = decision.regulation_version;
  event.prev_hash = current.filed() ? current.last_hash : kGenesisHash;
  event.hash = ComputeEventHash(event);

  next.version = event.seq;
  next.updated_at = at;
  next.last_hash = event.hash;
  TicketCommit commit{next, std::move(event), current.version};
  commit.confirms = confirms;
  if (planner_) {
    auto rows = planner_->Plan(next, commit.event);
    if (!rows.ok()) return rows.status();
    commit.outbox = std::move(rows.value());
  }
  const CaseClocks* clocks = ClocksOf(next);
  if (clocks && commit.event.type != EventType::kComment) commit.timers = clocks->PendingTimers(next);
  // The row is written only when the event changed it: a comment outside a wait (most
  // events) changes no figure, and leaving the stored row spares the store a write per
  // comment. (In a wait, the open spell counts up to updated_at: a comment writes it.)
  TicketFigures figures = FiguresOf(next, clocks);
  if (write_figures || !current.filed() || figures != FiguresOf(current, ClocksOf(current)))
    commit.figures = std::move(figures);
  // Shown once, before the commit, so that a recorded answer is the one the caller gets.
  Ticket shown = Shown(std::move(next));
  if (answer)
    commit.idempotency =
        IdempotencyCompletion{answer->username, answer->key, answer->claim, answer->render(shown)};
  std::shared_ptr<const KeptTicket> kept = kept_.Find(commit.snapshot.id);
  const bool shared = kept && !kept->snapshot;
  if (Status st = store_.Commit(commit); !st.ok()) {
    // Refused, or not known to be stored (a connection lost at COMMIT): a kept copy is no
    // better a guess than a read. (That the ticket is shared stays known.)
    if (kept && !shared) kept_.Erase(commit.snapshot.id);
    return st;
  }
  for (CommitListener* l : listeners_) l->OnCommitted(commit);
  if (!shared) {
    const std::string id = commit.snapshot.id;
    kept_.Put(id, std::make_shared<const KeptTicket>(KeptTicket{std::move(commit.snapshot)}));
  }
  return shown;
}

Result<Ticket> TicketService::Report(const Actor& actor, const ReportCommand& command,
                                    const AnswerToRecord* answer) {
  return Open(workflow_, "INC", actor, command, answer);
}

Result<Ticket> TicketService::Submit(const Actor& actor, const SubmitCommand& command,
                                    const AnswerToRecord* answer, const std::optional<std::string>& confirms) {
  const Workflow* requests = WorkflowNamed(kDataRequestWorkflow);
  if (!requests) return Status::Unavailable("data-sharing requests are not enabled on this server");
  return Open(*requests, "YC", actor, command, answer, confirms);
}

Status TicketService::CheckSubmit(const Actor& actor, const SubmitCommand& command) {
  const Workflow* requests = WorkflowNamed(kDataRequestWorkflow);
  if (!requests) return Status::Unavailable("data-sharing requests are not enabled on this server");
  Ticket blank;
  blank.workflow = requests->Table().name;
  auto decided = Decided(*requests, blank, command, actor, EventTime(blank));
  return decided.ok() ? Status() : decided.status();
}

Result<std::pair<Decision, Command>> TicketService::Decided(const Workflow& workflow, const Ticket& current,
                                                           const Command& command, const Actor& actor,
                                                           Timestamp at) {
  Command first = command;
  NormalizeCommand(first, actor.username);
  auto decision = DecideEvent(workflow, current, first, actor, at);
  if (!decision.ok()) return decision.status();
  if (decision->recorded) first = *std::move(decision->recorded);
  if (Status st = Validate(current, first, actor); !st.ok()) return st;
  return std::make_pair(std::move(decision.value()), std::move(first));
}

Result<Ticket> TicketService::Open(const Workflow& workflow, const char* prefix, const Actor& actor,
                                   const Command& command, const AnswerToRecord* answer,
                                   const std::optional<std::string>& confirms) {
  Ticket blank;
  blank.workflow = workflow.Table().name;
  const Timestamp at = EventTime(blank);  // one reading: the id's year and created_at agree
  auto decided = Decided(workflow, blank, command, actor, at);
  if (!decided.ok()) return decided.status();
  auto& [decision, first] = decided.value();
  auto number = store_.AllocateTicketNumber();
  if (!number.ok()) return number.status();
  blank.id = FormatTicketId(at, number.value(), prefix);
  decision.next.id = blank.id;
  // As Apply does: the copy Commit keeps is then never written over by an older one.
  std::lock_guard turn(stripes_[std::hash<std::string>{}(blank.id) % stripes_.size()]);
  return Commit(blank, first, std::move(decision), actor, at, answer, confirms);
}

Result<Ticket> TicketService::Apply(const Actor& actor, const std::string& ticket_id, const Command& command,
                                    std::optional<std::int64_t> expected_version, const AnswerToRecord* answer,
                                    std::string_view workflow) {
  if (TypeOf(command) == EventType::kReport)
    return Status::InvalidArgument("a report creates a ticket: POST /api/v1/tickets");
  if (TypeOf(command) == EventType::kSubmit)
    return Status::InvalidArgument("a submit creates a data-sharing request: POST /api/v1/data-requests");
  // Writers to one ticket in this process take turns; the store's version check still
  // arbitrates between processes.
  std::lock_guard turn(stripes_[std::hash<std::string>{}(ticket_id) % stripes_.size()]);
  std::minstd_rand jitter(static_cast<unsigned>(std::hash<std::string>{}(ticket_id) ^ std::hash<std::string>{}(actor.username)));
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    // The first attempt may start from this process's last commit of the ticket, unread:
    // the store's version check refuses the commit if another process has moved the
    // ticket on since, and the next attempt reads it.
    bool from_copy = false;
    auto loaded = attempt == 0 ? LoadForWrite(actor, ticket_id, workflow, expected_version, from_copy)
                               : LoadVisible(actor, ticket_id, workflow);
    if (!loaded.ok()) return loaded.status();
    // A snapshot from before the figures existed may have no row yet: this commit writes it.
    const bool from_before_figures = loaded->filed() && !loaded->tally;
    if (Status st = CompleteTally(loaded.value()); !st.ok()) return st;
    const Ticket& ticket = loaded.value();
    if (expected_version && *expected_version != ticket.version)
      return Status::VersionConflict("ticket " + ticket_id + " is at version " + std::to_string(ticket.version) +
                                     ", not " + std::to_string(*expected_version));
    const Timestamp at = EventTime(ticket);
    // Decided once: the state and actor rules first (403/409), then the values (422).
    auto decided = Decided(WorkflowOf(ticket), ticket, command, actor, at);
    // A refusal decided on a kept copy may be the copy's: only the stored ticket's counts
    // (the store never sees a refused command, so its version check cannot catch it).
    if (!decided.ok() && from_copy) continue;
    if (!decided.ok()) return decided.status();
    auto& [decision, recorded] = decided.value();
    auto committed = Commit(ticket, recorded, std::move(decision), actor, at, answer, std::nullopt, from_before_figures);
    if (from_copy && !committed.ok() && committed.status().code() == ErrorCode::kVersionConflict) {
      // The kept copy was stale: another process writes this ticket too. Its commands read
      // it from now on (a stale copy costs a refused commit, more than the read it spares).
      kept_.Put(ticket_id, std::make_shared<const KeptTicket>());
      if (!expected_version) continue;  // read it at once: there was no race to back off from
    }
    if (committed.ok() || committed.status().code() != ErrorCode::kVersionConflict || expected_version)
      return committed;
    // Lost a race with another process: back off a little (randomised, growing), then
    // re-read and re-decide on the fresh state.
    const int cap_us = 500 << std::min(attempt, 6);
    std::this_thread::sleep_for(std::chrono::microseconds(jitter() % static_cast<unsigned>(cap_us)));
  }
  return Status::VersionConflict("ticket " + ticket_id + " is too busy; try again");
}

Result<Ticket> TicketService::LoadVisible(const Actor& actor, const std::string& ticket_id,
                                          std::string_view workflow) {
  auto loaded = store_.LoadTicket(ticket_id);
  if (!loaded.ok()) return loaded.status();
  if (!CanSee(actor, loaded.value(), settings_) || (!workflow.empty() && loaded->workflow != workflow))
    return Status::NotFound("no ticket '" + ticket_id + "'");
  return loaded;
}

Result<Ticket> TicketService::LoadForWrite(const Actor& actor, const std::string& ticket_id,
                                           std::string_view workflow, std::optional<std::int64_t> expected_version,
                                           bool& from_copy) {
  // A copy the actor cannot see (parties only grow: the store's may have them), or of
  // another version than the one the caller names, is checked against the store instead.
  if (std::shared_ptr<const KeptTicket> copy = kept_.Find(ticket_id);
      copy && copy->snapshot && (!expected_version || *expected_version == copy->snapshot->version) &&
      CanSee(actor, *copy->snapshot, settings_) && (workflow.empty() || copy->snapshot->workflow == workflow)) {
    from_copy = true;
    return *copy->snapshot;
  }
  from_copy = false;
  return LoadVisible(actor, ticket_id, workflow);
}

Status TicketService::CompleteTally(Ticket& ticket) {
  if (!ticket.filed() || ticket.tally) return {};
  auto history = store_.LoadHistory(ticket.id);
  if (!history.ok()) return history.status();
  auto replayed = Replay(WorkflowOf(ticket), history.value());
  if (!replayed.ok()) return replayed.status();
  ticket.tally = replayed->tally;
  return {};
}

Result<int> TicketService::BackfillFigures(ReportStore& reports, int limit) {
  auto ids = reports.TicketsWithoutFigures(limit);
  if (!ids.ok()) return ids.status();
  int written = 0;
  for (const std::string& id : ids.value()) {
    auto ticket = store_.LoadTicket(id);
    if (!ticket.ok()) return ticket.status();
    if (Status st = CompleteTally(ticket.value()); !st.ok()) return st;
    if (Status st = reports.AddMissingFigures(FiguresOf(ticket.value(), ClocksOf(ticket.value()))); !st.ok())
      return st;
    ++written;
  }
  return written;
}

Ticket TicketService::Shown(Ticket ticket) const {
  if (const CaseClocks* clocks = ClocksOf(ticket)) clocks->Annotate(ticket, clock_.Now());
  return ticket;
}

Result<Ticket> TicketService::Get(const Actor& actor, const std::string& ticket_id, std::string_view workflow) {
  auto loaded = LoadVisible(actor, ticket_id, workflow);
  if (!loaded.ok()) return loaded.status();
  return Shown(std::move(loaded.value()));
}

Status TicketService::FireDueTimers(const std::string& ticket_id) {
  if (clocks_.empty()) return {};
  const Actor system = Actor::System();
  // Each pass records at most one breach or the auto-close; a ticket left overdue while
  // the server was down catches up level by level. Bounded: at most five timers a ticket.
  bool committed = false;  // the last pass's commit already stored the current timers
  bool raced = false;      // the last pass lost a race with a concurrent commit
  for (int pass = 0; pass < 6; ++pass) {
    auto ticket = store_.LoadTicket(ticket_id);
    if (!ticket.ok()) return ticket.status().code() == ErrorCode::kNotFound ? Status() : ticket.status();
    const CaseClocks* clocks = ClocksOf(ticket.value());
    if (!clocks) return {};  // a workflow without clocks: nothing is ever due
    auto due = clocks->DueCommand(ticket.value(), clock_.Now());
    if (!due) {
      // Nothing (more) is due. Unless an event was just committed with them, rewrite the
      // timers: a timer that fired early (e.g. a holiday announced since) is re-armed.
      if (committed || !timer_store_) return {};
      if (Status st = timer_store_->ReplaceTimers(ticket_id, clocks->PendingTimers(ticket.value())); !st.ok())
        return st;
      // An event committed since the read stored its own timers, which this write may
      // have replaced with the older snapshot's: then go round again on the fresh ticket.
      auto after = store_.LoadTicket(ticket_id);
      if (!after.ok()) return after.status();
      if (after->version == ticket->version) return {};
      raced = true;
      continue;
    }
    // Only on the version just read: when another node fires this ticket at the same
    // time (each holding another of its timers, or after a lease ran out), the loser of
    // the race re-reads and decides again in the next pass instead of recording the
    // breach it decided on the stale ticket a second time.
    auto applied = Apply(system, ticket_id, *due, ticket->version);
    if (!applied.ok() && applied.status().code() != ErrorCode::kIllegalTransition &&
        applied.status().code() != ErrorCode::kVersionConflict)
      return applied.status();
    committed = applied.ok();
    raced = !applied.ok() && applied.status().code() == ErrorCode::kVersionConflict;
  }
  // Still racing after the last pass: the timers stored may be an older snapshot's. An
  // error leaves this node's claim to run out, so that the ticket is fired (and its timers
  // rewritten) again, instead of reporting it settled.
  if (raced)
    return Status::VersionConflict("ticket " + ticket_id + " kept changing while its due timers fired; it is fired again when the claim runs out");
  return {};
}

Result<std::vector<TicketEvent>> TicketService::History(const Actor& actor, const std::string& ticket_id,
                                                        std::string_view workflow) {
  auto ticket = LoadVisible(actor, ticket_id, workflow);
  if (!ticket.ok()) return ticket.status();
  return store_.LoadHistory(ticket_id);
}

Result<TicketPage> TicketService::List(const Actor& actor, TicketQuery query) {
  query.visible_to.reset();
  if (!SeesAllTickets(actor, settings_)) {
    if (!CanReport(actor)) return TicketPage{};
    query.visible_to = actor.org;
  }
  auto page = store_.ListTickets(query);
  if (page.ok())
    for (Ticket& t : page->items)
      if (const CaseClocks* clocks = ClocksOf(t)) clocks->Annotate(t, clock_.Now());
  return page;
}

std::vector<EventType> TicketService::AllowedActions(const Actor& actor, const Ticket& ticket) const {
  std::vector<EventType> out;
  const Timestamp now = clock_.Now();
  const Workflow& workflow = WorkflowOf(ticket);
  const EventsByState* from = &events_from_;
  for (const OtherWorkflow& o : others_)
    if (o.workflow == &workflow) from = &o.events_from;
  for (EventType type : (*from)[static_cast<std::size_t>(ticket.state)])
    if (workflow.Check(ticket, type, actor, now).ok()) out.push_back(type);
  return out;
}

}  // namespace incidents::engine
