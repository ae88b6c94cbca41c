#include "incidents/engine/audit_chain.h"

#include "event_decision.h"

namespace incidents::engine {
namespace {

bool OpensTicket(const Workflow& workflow, EventType type) {
  for (const TransitionSpec& t : workflow.Table().transitions)
    if (t.from.empty() && t.event == type) return true;
  return false;
}

std::string FirstEventName(const Workflow& workflow) {
  for (const TransitionSpec& t : workflow.Table().transitions)
    if (t.from.empty()) return std::string(ToString(t.event));
  return "first event";
}

}  // namespace

Result<Ticket> Replay(const Workflow& workflow, const std::vector<TicketEvent>& events) {
  if (events.empty()) return Status::Corruption("no events");
  Ticket t;
  t.id = events.front().ticket_id;
  for (const TicketEvent& e : events) {
    const std::string where = "event " + std::to_string(e.seq) + " (" + std::string(ToString(e.type)) + ")";
    if (e.ticket_id != t.id) return Status::Corruption(where + ": belongs to ticket " + e.ticket_id);
    // The first event opens the ticket (report, submit: the one without a source state in
    // the workflow's table), and no later one does.
    if (OpensTicket(workflow, e.type) == t.filed())
      return Status::Corruption(where + ": a history starts with exactly one " + FirstEventName(workflow));
    if (t.filed() && e.at < t.updated_at) return Status::Corruption(where + ": its time is before the event before it");
    if (t.filed() && e.from_state != t.state)
      return Status::Corruption(where + ": from_state is not the state before it");
    auto command = CommandFromPayload(e.type, e.payload);
    if (!command.ok()) return Status::Corruption(where + ": payload: " + command.status().message());
    const Actor actor = e.actor == "system" && e.actor_org.empty() ? Actor::System()
                                                                  : Actor::Replay(e.actor, e.actor_org, e.to_state);
    // The citation is checked under the version the event recorded (version 1 for events
    // recorded before citations were versioned); without a regulation it is not checked.
    const auto& regulation = workflow.settings().citations;
    if (regulation && !e.regulation_id.empty() && e.regulation_id != regulation->id())
      return Status::Corruption(where + ": recorded under regulation " + e.regulation_id + ", not " + regulation->id());
    // A recorded regulation names a version from 1: 0 would mean "the current one" below.
    if (!e.regulation_id.empty() && (e.regulation_version < 1 || e.regulation_version > 1'000'000))
      return Status::Corruption(where + ": regulation version " + std::to_string(e.regulation_version));
    const int version = e.regulation_id.empty() ? 1 : static_cast<int>(e.regulation_version);
    auto decision = DecideEvent(workflow, t, command.value(), actor, e.at, version);
    if (!decision.ok()) return Status::Corruption(where + ": the workflow refuses it: " + decision.status().message());
    if (decision->next.state != e.to_state)
      return Status::Corruption(where + ": recorded to_state " + std::string(ToString(e.to_state)) +
                                " but the workflow gives " + std::string(ToString(decision->next.state)));
    if (regulation && decision->citation.basis != e.legal_basis)
      return Status::Corruption(where + ": legal_basis '" + e.legal_basis + "' is not what version " +
                                std::to_string(version) + " of " + regulation->id() + " cites ('" +
                                decision->citation.basis + "')");
    t = std::move(decision->next);
    t.version = e.seq;
    t.updated_at = e.at;
    t.last_hash = e.hash;
  }
  return t;
}

Result<Ticket> Replay(const std::vector<const Workflow*>& workflows, const std::vector<TicketEvent>& events) {
  if (events.empty()) return Status::Corruption("no events");
  for (const Workflow* w : workflows)
    for (const TransitionSpec& t : w->Table().transitions)
      if (t.from.empty() && t.event == events.front().type) return Replay(*w, events);
  return Status::Corruption("event 1 (" + std::string(ToString(events.front().type)) +
                            "): no workflow opens a ticket with it");
}

Status VerifyTicket(TicketStore& store, const Workflow& workflow, const std::string& ticket_id) {
  return VerifyTicket(store, std::vector<const Workflow*>{&workflow}, ticket_id);
}

Status VerifyTicket(TicketStore& store, const std::vector<const Workflow*>& workflows, const std::string& ticket_id) {
  auto history = store.LoadHistory(ticket_id);
  if (!history.ok()) return history.status();
  if (Status st = VerifyChain(history.value()); !st.ok()) return st;
  auto replayed = Replay(workflows, history.value());
  if (!replayed.ok()) return replayed.status();
  auto stored = store.LoadTicket(ticket_id);
  if (!stored.ok()) return stored.status();
  // A snapshot stored before the tally existed (issue 16) has none to compare.
  if (!stored->tally) replayed->tally.reset();
  const std::string diff = DescribeDifference(replayed.value(), stored.value());
  if (!diff.empty()) return Status::Corruption("stored snapshot differs from the replayed history in: " + diff);
  return {};
}

}  // namespace incidents::engine
