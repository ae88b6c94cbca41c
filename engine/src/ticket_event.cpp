#include "incidents/engine/ticket_event.h"

#include <algorithm>

#include "incidents/engine/canonical_json.h"
#include "incidents/base/sha256.h"
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
  if (!e.regulation_id.empty())
    o["regulation"] = JsonValue::Object{{"id", e.regulation_id}, {"version", e.regulation_version}};
  if (with_hash) o["hash"] = e.hash;
  return JsonValue(std::move(o));
}

std::string CanonicalEventText(const TicketEvent& e) {
  // Keys in sorted order, as ToCanonicalJson would write them; a test holds the two equal.
  std::string out;
  out.reserve(256 + e.payload.size() * 64);
  auto key = [&](const char* k) {
    out += out.empty() ? "{\"" : ",\"";
    out += k;
    out += "\":";
  };
  auto text = [&](std::string_view v) { AppendCanonicalJsonString(v, out); };
  key("actor"), text(e.actor);
  key("actor_org");
  if (e.actor_org.empty()) out += "null";
  else text(e.actor_org);
  key("at"), text(FormatRfc3339(e.at));
  key("from_state");
  if (e.from_state) text(ToString(*e.from_state));
  else out += "null";
  key("legal_basis"), text(e.legal_basis);
  key("payload"), AppendCanonicalJson(e.payload, out);
  key("prev_hash"), text(e.prev_hash);
  if (!e.regulation_id.empty()) {
    key("regulation");
    out += "{\"id\":";
    text(e.regulation_id);
    out += ",\"version\":" + std::to_string(e.regulation_version) + "}";
  }
  key("seq"), out += std::to_string(e.seq);
  key("ticket_id"), text(e.ticket_id);
  key("to_state"), text(ToString(e.to_state));
  key("type"), text(ToString(e.type));
  out += '}';
  return out;
}

std::string ComputeEventHash(const TicketEvent& event) { return base::Sha256Hex(event.prev_hash + CanonicalEventText(event)); }

}  // namespace incidents::engine
