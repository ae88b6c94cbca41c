#include "incidents/engine/ticket_service.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "incidents/engine/access.h"
#include "incidents/engine/text_rules.h"

namespace incidents::engine {
namespace {

// Vietnam is UTC+07:00 all year (no DST).
constexpr std::chrono::hours kVietnamOffset{7};

Status CheckText(const char* field, const std::string& text, std::size_t max_chars, bool required) {
  if (!IsValidUtf8(text)) return Status::InvalidValue(std::string("field '") + field + "' is not valid UTF-8");
  if (required && IsBlank(text)) return Status::InvalidValue(std::string("field '") + field + "' must not be empty");
  if (Utf8Length(text) > max_chars)
    return Status::InvalidValue(std::string("field '") + field + "' is longer than " + std::to_string(max_chars) +
                                " characters");
  return {};
}

}  // namespace

std::string FormatTicketId(Timestamp at, std::int64_t number) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(at + kVietnamOffset)};
  char buf[40];
  std::snprintf(buf, sizeof buf, "INC-%04d-%06lld", int(ymd.year()), static_cast<long long>(number));
  return buf;
}

TicketService::TicketService(TicketStore& store, Directory& directory, const Workflow& workflow,
                             const Clock& clock, WorkflowSettings settings)
    : store_(store), directory_(directory), workflow_(workflow), clock_(clock), settings_(std::move(settings)) {}

Result<Command> TicketService::Validate(const Actor& actor, const Ticket& ticket, const Command& command) {
  const std::size_t kText = settings_.max_text_chars;
  Command out = command;
  Status st;
  auto known_org = [&](const std::string& field, const std::string& id) -> Status {
    auto org = directory_.FindOrg(id);
    if (!org.ok()) return org.status();
    if (!org.value()) return Status::InvalidValue("field '" + field + "': unknown org '" + id + "'");
    return {};
  };

  if (auto* c = std::get_if<ReportCommand>(&out)) {
    if (!(st = CheckText("title", c->title, settings_.max_title_chars, true)).ok()) return st;
    if (!(st = CheckText("description", c->description, kText, false)).ok()) return st;
    if (c->service && !(st = CheckText("service", *c->service, settings_.max_title_chars, false)).ok()) return st;
    if (c->service && IsBlank(*c->service)) c->service.reset();
    std::vector<std::string> parties;
    for (const auto& p : c->parties) {
      if (!(st = known_org("parties", p)).ok()) return st;
      if (std::find(parties.begin(), parties.end(), p) == parties.end()) parties.push_back(p);
    }
    c->parties = std::move(parties);
  } else if (auto* c = std::get_if<AssignDoictCommand>(&out)) {
    if (!c->assignee) c->assignee = actor.username;
    auto user = directory_.FindUser(*c->assignee);
    if (!user.ok()) return user.status();
    const auto& u = user.value();
    if (!u || !u->active || u->org != settings_.doict_org ||
        !(u->roles.count(Role::kEngineer) || u->roles.count(Role::kCoordinator)))
      return Status::InvalidValue("field 'assignee': '" + *c->assignee + "' is not an engineer of DoICT");
  } else if (auto* c = std::get_if<RequestPartyFixCommand>(&out)) {
    if (!(st = known_org("party", c->party)).ok()) return st;
    if (c->party == settings_.doict_org)
      return Status::InvalidValue("field 'party': DoICT fixes problems itself with assign_doict");
    if (!(st = CheckText("instructions", c->instructions, kText, true)).ok()) return st;
  } else if (auto* c = std::get_if<RequestInfoCommand>(&out)) {
    st = CheckText("question", c->question, kText, true);
  } else if (auto* c = std::get_if<ProvideInfoCommand>(&out)) {
    st = CheckText("answer", c->answer, kText, true);
  } else if (auto* c = std::get_if<ReferMinistryCommand>(&out)) {
    st = CheckText("question", c->question, kText, true);
  } else if (auto* c = std::get_if<RecordMinistryConclusionCommand>(&out)) {
    st = CheckText("conclusion", c->conclusion, kText, true);
  } else if (auto* c = std::get_if<EscalateChairmanCommand>(&out)) {
    st = CheckText("reason", c->reason, kText, true);
  } else if (auto* c = std::get_if<RecordChairmanDecisionCommand>(&out)) {
    st = CheckText("decision", c->decision, kText, true);
  } else if (auto* c = std::get_if<ResolveCommand>(&out)) {
    st = CheckText("resolution", c->resolution, kText, true);
  } else if (auto* c = std::get_if<ConfirmCommand>(&out)) {
    if (c->feedback) st = CheckText("feedback", *c->feedback, kText, false);
  } else if (auto* c = std::get_if<ReopenCommand>(&out)) {
    st = CheckText("reason", c->reason, kText, true);
  } else if (auto* c = std::get_if<RejectCommand>(&out)) {
    if (!(st = CheckText("reason", c->reason, kText, true)).ok()) return st;
    if (c->duplicate_of) {
      if (*c->duplicate_of == ticket.id)
        return Status::InvalidValue("field 'duplicate_of': a ticket cannot duplicate itself");
      auto other = store_.LoadTicket(*c->duplicate_of);
      if (!other.ok()) {
        if (other.status().code() == ErrorCode::kNotFound)
          return Status::InvalidValue("field 'duplicate_of': no ticket '" + *c->duplicate_of + "'");
        return other.status();
      }
    }
  } else if (auto* c = std::get_if<CommentCommand>(&out)) {
    st = CheckText("body", c->body, kText, true);
  } else if (auto* c = std::get_if<SlaBreachCommand>(&out)) {
    if (c->level != 1 && c->level != 2) st = Status::InvalidValue("field 'level' must be 1 or 2");
  }
  if (!st.ok()) return st;
  return out;
}

Timestamp TicketService::EventTime(const Ticket& current) const {
  // Never let an event predate the one before it, even if the clock steps back.
  return std::max(clock_.Now(), current.filed() ? current.updated_at : Timestamp{});
}

Result<Ticket> TicketService::Commit(const Ticket& current, const Command& command, const Actor& actor,
                                     Timestamp at) {
  auto decision = workflow_.Decide(current, command, actor, at);
  if (!decision.ok()) return decision.status();

  Ticket next = std::move(decision->next);
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
  event.legal_basis = decision->legal_basis;
  event.prev_hash = current.filed() ? current.last_hash : kGenesisHash;
  event.hash = ComputeEventHash(event);

  next.version = event.seq;
  next.updated_at = at;
  next.last_hash = event.hash;
  TicketCommit commit{next, std::move(event), current.version};
  if (router_) {
    auto rows = router_->Route(next, commit.event, directory_);
    if (!rows.ok()) return rows.status();
    commit.outbox = std::move(rows.value());
  }
  if (sla_ && commit.event.type != EventType::kComment) commit.timers = sla_->PendingTimers(next);
  if (Status st = store_.Commit(commit); !st.ok()) return st;
  for (CommitListener* l : listeners_) l->OnCommitted(commit);
  return Shown(std::move(next));
}

Result<Ticket> TicketService::Report(const Actor& actor, const ReportCommand& command) {
  Ticket blank;
  const Timestamp at = EventTime(blank);  // one reading: the id's year and created_at agree
  if (Status st = workflow_.Check(blank, EventType::kReport, actor, at); !st.ok()) return st;
  auto valid = Validate(actor, blank, command);
  if (!valid.ok()) return valid.status();
  auto number = store_.AllocateTicketNumber();
  if (!number.ok()) return number.status();
  blank.id = FormatTicketId(at, number.value());
  return Commit(blank, valid.value(), actor, at);
}

Result<Ticket> TicketService::Apply(const Actor& actor, const std::string& ticket_id, const Command& command,
                                    std::optional<std::int64_t> expected_version) {
  if (TypeOf(command) == EventType::kReport)
    return Status::InvalidArgument("a report creates a ticket: POST /api/v1/tickets");
  // Writers to one ticket in this process take turns; the store's version check still
  // arbitrates between processes.
  std::lock_guard turn(stripes_[std::hash<std::string>{}(ticket_id) % stripes_.size()]);
  std::minstd_rand jitter(static_cast<unsigned>(std::hash<std::string>{}(ticket_id) ^ std::hash<std::string>{}(actor.username)));
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto loaded = LoadVisible(actor, ticket_id);
    if (!loaded.ok()) return loaded.status();
    const Ticket& ticket = loaded.value();
    if (expected_version && *expected_version != ticket.version)
      return Status::VersionConflict("ticket " + ticket_id + " is at version " + std::to_string(ticket.version) +
                                     ", not " + std::to_string(*expected_version));
    const Timestamp at = EventTime(ticket);
    if (Status st = workflow_.Check(ticket, TypeOf(command), actor, at); !st.ok()) return st;
    auto valid = Validate(actor, ticket, command);
    if (!valid.ok()) return valid.status();
    auto committed = Commit(ticket, valid.value(), actor, at);
    if (committed.ok() || committed.status().code() != ErrorCode::kVersionConflict || expected_version)
      return committed;
    // Lost a race with another process: back off a little (randomised, growing), then
    // re-read and re-decide on the fresh state.
    const int cap_us = 500 << std::min(attempt, 6);
    std::this_thread::sleep_for(std::chrono::microseconds(jitter() % static_cast<unsigned>(cap_us)));
  }
  return Status::VersionConflict("ticket " + ticket_id + " is too busy; try again");
}

Result<Ticket> TicketService::LoadVisible(const Actor& actor, const std::string& ticket_id) {
  auto loaded = store_.LoadTicket(ticket_id);
  if (!loaded.ok()) return loaded.status();
  if (!CanSee(actor, loaded.value(), settings_)) return Status::NotFound("no ticket '" + ticket_id + "'");
  return loaded;
}

Ticket TicketService::Shown(Ticket ticket) const {
  if (sla_) sla_->Annotate(ticket, clock_.Now());
  return ticket;
}

Result<Ticket> TicketService::Get(const Actor& actor, const std::string& ticket_id) {
  auto loaded = LoadVisible(actor, ticket_id);
  if (!loaded.ok()) return loaded.status();
  return Shown(std::move(loaded.value()));
}

Status TicketService::FireDueTimers(const std::string& ticket_id) {
  if (!sla_) return {};
  const Actor system = Actor::System();
  // Each pass records at most one breach or the auto-close; a ticket left overdue while
  // the server was down catches up level by level. Bounded: five timer kinds.
  bool committed = false;  // the last pass's commit already stored the current timers
  bool raced = false;      // the last pass lost a race with a concurrent commit
  for (int pass = 0; pass < 6; ++pass) {
    auto ticket = store_.LoadTicket(ticket_id);
    if (!ticket.ok()) return ticket.status().code() == ErrorCode::kNotFound ? Status() : ticket.status();
    auto due = sla_->DueCommand(ticket.value(), clock_.Now());
    if (!due) {
      // Nothing (more) is due. Unless an event was just committed with them, rewrite the
      // timers: a timer that fired early (e.g. a holiday announced since) is re-armed.
      if (committed || !timer_store_) return {};
      if (Status st = timer_store_->ReplaceTimers(ticket_id, sla_->PendingTimers(ticket.value())); !st.ok())
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

Result<std::vector<TicketEvent>> TicketService::History(const Actor& actor, const std::string& ticket_id) {
  auto ticket = LoadVisible(actor, ticket_id);
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
  if (page.ok() && sla_)
    for (Ticket& t : page->items) sla_->Annotate(t, clock_.Now());
  return page;
}

std::vector<EventType> TicketService::AllowedActions(const Actor& actor, const Ticket& ticket) const {
  std::vector<EventType> out;
  const Timestamp now = clock_.Now();
  for (EventType type : kAllEventTypes) {
    if (type == EventType::kReport) continue;
    if (workflow_.Check(ticket, type, actor, now).ok()) out.push_back(type);
  }
  return out;
}

}  // namespace incidents::engine
