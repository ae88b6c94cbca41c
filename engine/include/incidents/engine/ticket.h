#pragma once
// Ticket: the snapshot of one incident, always equal to the fold of its events
// (replay.h checks that). Value type.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

struct SlaBreach {
  SlaClockKind clock = SlaClockKind::kAck;
  int level = 1;
  Timestamp at;
  friend bool operator==(const SlaBreach&, const SlaBreach&);
};

struct TicketSla {
  std::optional<Timestamp> ack_due;
  std::optional<Timestamp> resolve_due;
  bool paused = false;
  std::vector<SlaBreach> breaches;
  friend bool operator==(const TicketSla&, const TicketSla&);
};

struct Ticket {
  std::string id;
  std::string workflow = "incident";
  Category category = Category::kOther;
  Priority priority = Priority::kNormal;
  std::string title;
  std::string description;
  std::optional<std::string> service;
  State state = State::kReported;
  std::string reporter;
  std::string reporter_org;
  std::vector<std::string> parties;  // org ids, in the order they were added, no duplicates
  std::optional<std::string> assignee;
  std::int64_t version = 0;  // 0: not filed yet; 1 after report; +1 per event
  Timestamp created_at;
  Timestamp updated_at;
  // Where provide_info returns to: the state request_info left (spec "provide_info").
  std::optional<State> resume_state;
  // When the ticket last entered `resolved`; bounds the reopen window.
  std::optional<Timestamp> resolved_at;
  TicketSla sla;
  // Hash of the newest event: the next event's prev_hash.
  std::string last_hash;

  bool filed() const { return version > 0; }
  bool HasParty(const std::string& org) const;

  friend bool operator==(const Ticket&, const Ticket&);
};

}  // namespace incidents::engine
