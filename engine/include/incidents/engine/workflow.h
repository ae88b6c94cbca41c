#pragma once
// Workflow: the port behind which a concrete state machine (workflows/incident) decides
// whether an event is legal for a ticket's state and an actor, and what the ticket
// becomes. Implementations are immutable after construction and thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/actor.h"
#include "incidents/engine/command.h"
#include "incidents/engine/event_catalog.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

// What a legal event does to a ticket. `next` carries the new state and every field the
// event changes; the service sets version, updated_at, last_hash and the SLA facts.
struct Decision {
  Ticket next;
  // The event's citation under `regulation_version` of the settings' regulation
  // (regulation.h), filled by DecideEvent (event_decision.h), not by the workflow: the
  // same for a request and for a replay of a recorded version.
  Citation citation;
  std::string regulation_id;  // empty when the settings have no regulation
  int regulation_version = 0;
  // The command as the event records it, when the workflow completed a field the caller
  // left out that only the ticket's state can fill (the unit a focal point answers for,
  // the Chairman who signed); empty: the command as given. The service validates and
  // records this form, so that a replay reads the field from the event.
  std::optional<Command> recorded;
};

// One transition of the exported table (GET /api/v1/workflows/incident).
struct TransitionSpec {
  EventType event;
  std::vector<State> from;   // empty for `report` (creates the ticket)
  std::optional<State> to;   // none: the state is unchanged (comment, sla_breach)
  std::vector<std::string> actors;  // role names, or "system"
  std::string actor_rule;           // e.g. "reporter org", "DoICT", "anyone who can see the ticket"
  std::string condition;            // e.g. "requires_action"; empty when unconditional
  friend bool operator==(const TransitionSpec&, const TransitionSpec&);
};

struct WorkflowTable {
  std::string name;
  std::vector<State> states;
  std::vector<TransitionSpec> transitions;
};

// Throws std::logic_error when an event or a state of `table` has no row in `catalog`: a
// workflow calls it once, at construction.
void RequireCatalogCovers(const WorkflowTable& table, const WorkflowCatalog& catalog);

class Workflow {
 public:
  virtual ~Workflow() = default;

  // Applies `command` to `current` (current.filed() is false for a report). Errors:
  // kIllegalTransition when the state has no such transition (or a time window has
  // passed), kForbidden when the actor may not fire it. Payload values are not checked
  // here (TicketService checks them after the decision, against the directory).
  virtual Result<Decision> Decide(const Ticket& current, const Command& command, const Actor& actor,
                                  Timestamp at) const = 0;

  // Decide() with a blank payload, without building the next ticket: whether this actor
  // may fire `type` now. This is what `allowed_actions` lists, so it is the same code
  // that enforces the rules.
  virtual Status Check(const Ticket& current, EventType type, const Actor& actor, Timestamp at) const = 0;

  virtual const WorkflowTable& Table() const = 0;
  virtual const WorkflowCatalog& Catalog() const = 0;
  // Its configuration, and with it the regulation its events cite.
  virtual const WorkflowSettings& settings() const = 0;
};

}  // namespace incidents::engine
