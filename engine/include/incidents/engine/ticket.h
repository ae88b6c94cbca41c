#pragma once
// Ticket: the snapshot of one incident, always equal to the fold of its events
// (replay.h checks that). Value type.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/timestamp.h"
#include "incidents/engine/workflow_names.h"

namespace incidents::engine {

struct SlaBreach {
  SlaClockKind clock = SlaClockKind::kAck;
  int level = 1;
  Timestamp at;
  friend bool operator==(const SlaBreach&, const SlaBreach&);
};

struct SlaPause {
  Timestamp from;
  Timestamp to;
  friend bool operator==(const SlaPause&, const SlaPause&);
};

// The SLA clocks of a ticket (spec/WORKFLOW.md "SLA clocks"). The facts below are a pure
// fold of the events (no calendar involved), so replay reproduces them exactly. The dues
// are derived from the facts with the working calendar when a ticket is shown
// (SlaPolicy::Annotate): they are never stored, and stay empty in stored snapshots, so an
// announced holiday moves them as it should.
struct TicketSla {
  std::optional<Timestamp> ack_due;      // derived, not stored
  std::optional<Timestamp> resolve_due;  // derived, not stored
  // Working time from the annotation instant to each due (negative: past it); derived,
  // not stored; none when that clock is not running (SlaPolicy::Annotate).
  std::optional<std::chrono::seconds> ack_working_left;
  std::optional<std::chrono::seconds> resolve_working_left;
  bool paused = false;                   // the resolve clock is stopped by a waiting state
  std::vector<SlaBreach> breaches;
  std::optional<Timestamp> ack_stopped_at;      // acknowledge (or reject) ended the ack clock
  std::optional<Timestamp> resolve_started_at;  // report, or the last reopen
  std::optional<Timestamp> resolve_stopped_at;  // resolved or rejected
  std::optional<Timestamp> paused_since;        // while paused
  std::vector<SlaPause> pauses;                 // closed pauses since resolve_started_at
  friend bool operator==(const TicketSla&, const TicketSla&);
};

// What a decision on a data-sharing request gives (DecideCommand), or what DoICT proposes
// to an outside agency while the owning units are asked to agree.
struct DataGrant {
  DecisionOutcome outcome = DecisionOutcome::kRefuse;
  std::vector<std::string> datasets;
  std::optional<std::string> conditions;
  std::optional<CivilDate> valid_until;
  std::optional<std::string> reason;
  std::optional<std::string> document_number;  // the signed decision ("12/QĐ-STTTT")
  std::optional<CivilDate> document_date;
  std::optional<std::string> signer;           // the Chairman's decision: who signed it
  std::optional<SignedAs> signed_as;           // ... and as whom (with a signer only)
  friend bool operator==(const DataGrant&, const DataGrant&);
};

// The facts of a data-sharing request (workflows/data_request), a fold of its events like
// the rest of the ticket. The requester's contact details are personal data: the API shows
// them to DoICT only, and they are never logged.
struct DataRequestFacts {
  std::string requester_name;
  std::optional<std::string> organisation;
  std::optional<std::string> tax_code;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> portal_reference;
  std::string purpose;
  std::string legal_basis;
  std::optional<CivilDate> period_from;
  std::optional<CivilDate> period_to;
  bool personal_data = false;
  // The units that manage the data (named at submit): an outside agency's grant needs each
  // one's agreement (Art. 12.2). Consulted units see the request too (they become parties)
  // but only give an opinion (13.2a); they are not asked to agree.
  std::vector<std::string> owners;
  std::optional<CivilDate> opinions_due;      // of the last consult
  std::vector<std::string> consulted;         // units asked for an opinion, in order
  std::vector<std::string> opinions_from;     // ... and those that gave it
  std::vector<std::string> agreed_by;         // owning units that agreed to the proposal
  std::vector<std::string> disagreed_by;      // ... and those that did not
  std::optional<DataGrant> proposal;          // DoICT's, while awaiting_agreement
  std::optional<DataGrant> decision;          // the decision taken
  friend bool operator==(const DataRequestFacts&, const DataRequestFacts&);
};

// What reports count of a ticket beyond its state and clocks (report.h), a pure fold of the
// events like the SLA facts (UpdateTally). Wall-clock: the calendar is applied when the
// figures are computed, not here.
struct TicketTally {
  Timestamp state_since;  // when the ticket entered its current state
  // Closed spells in each waiting state, in seconds; the open one is state_since..now.
  std::int64_t wait_reporter_s = 0;
  std::int64_t wait_ministry_s = 0;
  std::int64_t wait_chairman_s = 0;
  int reopens = 0;
  int escalations = 0;                            // times the ticket went to the Chairman
  std::optional<Timestamp> first_resolved_at;
  std::optional<Timestamp> closed_at;             // entered a terminal state (the last time)
  std::optional<Timestamp> escalated_at;          // the last escalation
  std::optional<std::string> chairman_decision;   // an incident's decision text, a request's outcome
  std::optional<Timestamp> chairman_decided_at;
  std::optional<bool> chairman_requires_action;   // an incident's decision only
  friend bool operator==(const TicketTally&, const TicketTally&);
};

struct Ticket {
  std::string id;
  std::string workflow = kIncidentWorkflow;
  Category category = Category::kOther;
  Priority priority = Priority::kNormal;
  Scope scope = Scope::kIntraProvince;  // set by the report; picks scope-dependent citations
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
  // Where a ticket goes back to: the state request_info left (provide_info returns
  // there), or the state escalate_chairman left, kept while the escalation waits for
  // the director and the Chairman (return_escalation and return_to_doict go back there;
  // record_chairman_decision forgets it). A ticket is never waiting for both at once.
  std::optional<State> resume_state;
  // When the ticket last entered `resolved`; bounds the reopen window.
  std::optional<Timestamp> resolved_at;
  TicketSla sla;
  // Set for a data-sharing request (workflow "data_request"), absent for an incident.
  std::optional<DataRequestFacts> request;
  // Set by every event since issue 16; none only in a snapshot stored before it (which
  // VerifyTicket then does not compare, and which reports count without its waits).
  std::optional<TicketTally> tally;
  // Hash of the newest event: the next event's prev_hash.
  std::string last_hash;

  bool filed() const { return version > 0; }
  bool HasParty(const std::string& org) const;

  friend bool operator==(const Ticket&, const Ticket&);
};

}  // namespace incidents::engine
