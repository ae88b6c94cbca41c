#pragma once
// TicketEvent: one entry of a ticket's append-only history, chained by hash
// (spec/API.md "Event"). Value type.

#include <cstdint>
#include <optional>
#include <string>

#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

inline constexpr char kGenesisHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct TicketEvent {
  std::string ticket_id;
  std::int64_t seq = 0;  // 1 for the report; equals the ticket's version after the event
  EventType type = EventType::kReport;
  std::string actor;
  std::string actor_org;  // empty for the system actor (null in JSON)
  Timestamp at;
  std::optional<State> from_state;  // none for the report
  State to_state = State::kReported;
  Payload payload;
  std::string legal_basis;  // machine form ("Art. 17.1"); "" when no article governs it
  // The regulation and its version the citation was decided under (regulation.h). Empty
  // and 0 on events recorded before citations were versioned: those are version 1.
  std::string regulation_id;
  std::int64_t regulation_version = 0;
  std::string prev_hash;
  std::string hash;

  friend bool operator==(const TicketEvent&, const TicketEvent&);
};

// The event as the JSON object the API returns, without "hash" when with_hash is false.
// "regulation" ({"id", "version"}) is there only when the event records one, so that the
// text of an older event, and its hash, stay what they were.
JsonValue EventToJson(const TicketEvent& event, bool with_hash = true);

// The canonical JSON of EventToJson(event, false), written directly (no intermediate
// JsonValue): the text the hash covers.
std::string CanonicalEventText(const TicketEvent& event);

// SHA-256 hex over prev_hash followed by the canonical JSON of the event without "hash".
std::string ComputeEventHash(const TicketEvent& event);

}  // namespace incidents::engine
