#pragma once
// Commands: one typed struct per event type of spec/WORKFLOW.md, carrying that event's
// payload. The workflow's state machine takes these structs as its events; the HTTP
// adapter builds them from JSON through CommandFromPayload; the event record stores
// ToPayload(command), and replay turns it back with CommandFromPayload.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

struct ReportCommand {
  Category category = Category::kOther;
  std::string title;
  std::string description;
  Priority priority = Priority::kNormal;
  std::vector<std::string> parties;
  std::optional<std::string> service;
  friend bool operator==(const ReportCommand&, const ReportCommand&);
};
struct AcknowledgeCommand {
  friend bool operator==(const AcknowledgeCommand&, const AcknowledgeCommand&);
};
struct AssignDoictCommand {
  std::optional<std::string> assignee;  // a DoICT username; the caller when absent
  friend bool operator==(const AssignDoictCommand&, const AssignDoictCommand&);
};
struct RequestPartyFixCommand {
  std::string party;
  std::string instructions;
  friend bool operator==(const RequestPartyFixCommand&, const RequestPartyFixCommand&);
};
struct RequestInfoCommand {
  std::string question;
  friend bool operator==(const RequestInfoCommand&, const RequestInfoCommand&);
};
struct ProvideInfoCommand {
  std::string answer;
  friend bool operator==(const ProvideInfoCommand&, const ProvideInfoCommand&);
};
struct ReferMinistryCommand {
  std::string question;
  friend bool operator==(const ReferMinistryCommand&, const ReferMinistryCommand&);
};
struct RecordMinistryConclusionCommand {
  std::string conclusion;
  friend bool operator==(const RecordMinistryConclusionCommand&, const RecordMinistryConclusionCommand&);
};
struct EscalateChairmanCommand {
  std::string reason;
  friend bool operator==(const EscalateChairmanCommand&, const EscalateChairmanCommand&);
};
struct RecordChairmanDecisionCommand {
  std::string decision;
  bool requires_action = false;
  friend bool operator==(const RecordChairmanDecisionCommand&, const RecordChairmanDecisionCommand&);
};
struct ResolveCommand {
  std::string resolution;
  friend bool operator==(const ResolveCommand&, const ResolveCommand&);
};
struct ConfirmCommand {
  std::optional<std::string> feedback;
  friend bool operator==(const ConfirmCommand&, const ConfirmCommand&);
};
struct ReopenCommand {
  std::string reason;
  friend bool operator==(const ReopenCommand&, const ReopenCommand&);
};
struct RejectCommand {
  std::string reason;
  std::optional<std::string> duplicate_of;
  friend bool operator==(const RejectCommand&, const RejectCommand&);
};
struct CommentCommand {
  std::string body;
  friend bool operator==(const CommentCommand&, const CommentCommand&);
};
struct SlaBreachCommand {
  SlaClockKind clock = SlaClockKind::kAck;
  int level = 1;
  friend bool operator==(const SlaBreachCommand&, const SlaBreachCommand&);
};
struct AutoCloseCommand {
  friend bool operator==(const AutoCloseCommand&, const AutoCloseCommand&);
};

using Command =
    std::variant<ReportCommand, AcknowledgeCommand, AssignDoictCommand, RequestPartyFixCommand,
                 RequestInfoCommand, ProvideInfoCommand, ReferMinistryCommand,
                 RecordMinistryConclusionCommand, EscalateChairmanCommand, RecordChairmanDecisionCommand,
                 ResolveCommand, ConfirmCommand, ReopenCommand, RejectCommand, CommentCommand,
                 SlaBreachCommand, AutoCloseCommand>;

EventType TypeOf(const Command& command);

// A command of the given type with empty payload fields: what `allowed_actions` probes with.
Command BlankCommand(EventType type);

// The payload recorded in the event. Absent optional fields are written as null.
Payload ToPayload(const Command& command);

// Strict mapping from a payload to a command. A missing required field or a wrong JSON
// type is InvalidArgument naming the field; an unknown category, priority or clock name
// is InvalidValue. Members the event does not use are ignored.
Result<Command> CommandFromPayload(EventType type, const Payload& payload);

}  // namespace incidents::engine
