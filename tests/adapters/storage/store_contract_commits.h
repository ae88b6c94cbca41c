#pragma once
// Commits and outbox rows the store contract's cases write straight to a store, as the
// engine would (store_contract_test.cpp, store_contract_requests_test.cpp,
// store_contract_search_test.cpp).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::testing {

// A comment event on top of the stored ticket, as the engine would commit it; `edit`
// changes the snapshot the commit writes (what a future edit event would do).
inline engine::TicketCommit CommentCommit(engine::TicketStore& store, const std::string& id, const std::string& body,
                                          const std::function<void(engine::Ticket&)>& edit = {}) {
  engine::Ticket t = store.LoadTicket(id).value();
  engine::TicketCommit c{t, {}, t.version};
  engine::TicketEvent& e = c.event;
  e.ticket_id = id;
  e.seq = t.version + 1;
  e.type = engine::EventType::kComment;
  e.actor = "stp.reporter";
  e.actor_org = "stp";
  e.at = t.updated_at;
  e.from_state = t.state;
  e.to_state = t.state;
  e.payload = {{"body", body}};
  e.legal_basis = "Art. 20.1";
  e.prev_hash = t.last_hash;
  e.hash = engine::ComputeEventHash(e);
  c.snapshot.version = e.seq;
  c.snapshot.last_hash = e.hash;
  if (edit) edit(c.snapshot);
  return c;
}

// An e-mail outbox row of event `seq` of `ticket`, due at `due`.
inline engine::OutboxRow Notification(const std::string& ticket, std::int64_t seq, const std::string& recipient_ref,
                                      const std::string& recipient, engine::MillisTime due) {
  engine::OutboxRow r;
  r.idempotency_key = ticket + ":" + std::to_string(seq) + ":email:" + recipient_ref;
  r.ticket_id = ticket;
  r.event_seq = seq;
  r.event_type = engine::EventType::kComment;
  r.channel = engine::NotificationChannel::kEmail;
  r.recipient = recipient;
  r.recipient_ref = recipient_ref;
  r.vars = R"({"title":"Mất kết nối"})";
  r.created_at = DemoStart();
  r.next_attempt_at = due;
  return r;
}

// DemoStart() in milliseconds.
inline engine::MillisTime StartMs() { return std::chrono::time_point_cast<std::chrono::milliseconds>(DemoStart()); }

}  // namespace incidents::testing
