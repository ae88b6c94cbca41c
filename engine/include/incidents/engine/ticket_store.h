#pragma once
// TicketStore: the port through which the engine reads and durably writes tickets and
// their histories. Adapters: SQLite (adapters/storage/sqlite), MySQL later; tests also
// use InMemoryTicketStore.
//
// Thread safety: every method may be called from many threads at once.
// Errors: kNotFound, kVersionConflict, kConflict, kUnavailable, kInternal; no exceptions.

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/report.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"

namespace incidents::engine {

// A page of the newest-first ticket list (GET /api/v1/tickets).
struct TicketQuery {
  std::optional<std::string> workflow;     // "incident", "data_request"; none: every workflow
  std::optional<State> state;
  std::optional<Category> category;
  std::optional<Priority> priority;
  std::optional<std::string> org;          // reporter_org or a party
  std::optional<std::string> visible_to;   // restrict to tickets this org reports or is a party of
  std::optional<std::string> assignee;
  std::optional<std::int64_t> before;      // cursor: only tickets older than this position
  int limit = 50;
  // Bounds on Ticket::created_at and Ticket::resolved_at, each [from, to): a ticket never
  // resolved (resolved_at none) fails a resolved bound.
  std::optional<Timestamp> created_from;
  std::optional<Timestamp> created_to;
  std::optional<Timestamp> resolved_from;
  std::optional<Timestamp> resolved_to;
  // The user's search words (issue 16.5): only tickets whose title, description or
  // comments have a word beginning with each of them, with or without diacritics
  // (ticket_search.h). None, or text without a word: no search.
  std::optional<std::string> text;
};

struct TicketPage {
  std::vector<Ticket> items;
  std::optional<std::int64_t> next;  // cursor for the next page, none on the last page
};

// Everything one event changes, written in ONE transaction (DESIGN.md "How a request
// flows", step 3).
struct TicketCommit {
  Ticket snapshot;                // the ticket after the event; snapshot.version == event.seq
  TicketEvent event;              // appended to the history
  std::int64_t expected_version;  // the version read; 0 when the event creates the ticket
  std::vector<OutboxRow> outbox = {};  // notifications the event produces (ids assigned by the store)
  // When set, the ticket's timers are replaced by these (issue 5); none = unchanged.
  std::optional<std::vector<DueTimer>> timers = std::nullopt;
  // When set, the answer of the request sent with this Idempotency-Key, recorded in the
  // same transaction (see IdempotencyCompletion); kClaimLost and nothing written when the
  // key is no longer in flight under this request's claim.
  std::optional<IdempotencyCompletion> idempotency = std::nullopt;
  // When set, the code of the public request (public_request.h) this ticket files: the
  // store links it to snapshot.id in the same transaction, only if it is not linked yet
  // (kConflict and nothing written otherwise: a second confirmation files nothing).
  std::optional<std::string> confirms = std::nullopt;
  // The ticket's row for reports (report.h), replacing the one stored; none leaves it
  // (TicketService sends none when the event changed no figure: a comment outside a wait).
  std::optional<TicketFigures> figures = std::nullopt;
};

// Told about every commit after it is durable (e.g. to wake the notification
// dispatcher). Must be thread-safe and quick; must not call back into the service.
class CommitListener {
 public:
  virtual ~CommitListener() = default;
  virtual void OnCommitted(const TicketCommit& commit) = 0;
};

class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // A fresh number for a new ticket id; numbers never repeat (gaps are allowed).
  virtual Result<std::int64_t> AllocateTicketNumber() = 0;

  // The stored snapshot, or kNotFound.
  virtual Result<Ticket> LoadTicket(const std::string& id) = 0;

  // Appends commit.event and replaces the snapshot, only if the stored version still is
  // expected_version (a new ticket: only if the id is unused). Otherwise kVersionConflict
  // and nothing is written. With commit.idempotency, also completes that key (or kConflict).
  virtual Status Commit(const TicketCommit& commit) = 0;

  // The whole history, oldest first; kNotFound for an unknown ticket.
  virtual Result<std::vector<TicketEvent>> LoadHistory(const std::string& id) = 0;

  // Every ticket id, oldest first (for verification and maintenance).
  virtual Result<std::vector<std::string>> ListTicketIds() = 0;

  // Newest first. Positions are stable: tickets created after a page was read appear only
  // before it, so following `next` never repeats or skips a ticket.
  virtual Result<TicketPage> ListTickets(const TicketQuery& query) = 0;

  // How many tickets are in each state (for metrics).
  virtual Result<std::vector<std::pair<State, std::int64_t>>> CountByState() = 0;
};

}  // namespace incidents::engine
