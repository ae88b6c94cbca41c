#include "incidents/engine/ticket_event.h"

#include <algorithm>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/sha256.h"
#include "incidents/engine/ticket.h"

namespace incidents::engine {

bool Ticket::HasParty(const std::string& org) const {
  return std::find(parties.begin(), parties.end(), org) != parties.end();
}

JsonValue EventToJson(const TicketEvent& e, bool with_hash) {
  JsonValue::Object o;
  o["ticket_id"] = e.ticket_id;
  o["seq"] = e.seq;
  o["type"] = std::string(ToString(e.type));
  o["actor"] = e.actor;
  o["actor_org"] = e.actor_org.empty() ? JsonValue() : JsonValue(e.actor_org);
  o["at"] = FormatRfc3339(e.at);
  o["from_state"] = e.from_state ? JsonValue(std::string(ToString(*e.from_state))) : JsonValue();
  o["to_state"] = std::string(ToString(e.to_state));
  o["payload"] = e.payload;
  o["legal_basis"] = e.legal_basis;
  o["prev_hash"] = e.prev_hash;
  if (with_hash) o["hash"] = e.hash;
  return JsonValue(std::move(o));
}

std::string ComputeEventHash(const TicketEvent& event) {
  std::string text = event.prev_hash;
  AppendCanonicalJson(EventToJson(event, /*with_hash=*/false), text);
  return Sha256Hex(text);
}

}  // namespace incidents::engine
