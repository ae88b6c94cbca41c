// Member-wise equality of the engine's value types. Declared as friends in the headers
// and defaulted here, in a C++20 translation unit, so that the headers stay valid C++17
// (the Boost 1.74 MSM back-end, included by workflows/, does not compile as C++20).

#include "incidents/engine/command.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/public_request.h"
#include "incidents/engine/report.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow.h"

namespace incidents::engine {

// Written out, not defaulted: clang 14 overflows its stack defaulting the comparison of a
// type that holds itself through std::variant (the fuzz build, scripts/fuzz, uses clang).
bool operator==(const JsonValue& a, const JsonValue& b) { return a.v_ == b.v_; }
bool operator==(const SlaBreach&, const SlaBreach&) = default;
bool operator==(const SlaPause&, const SlaPause&) = default;
bool operator==(const TicketSla&, const TicketSla&) = default;
bool operator==(const DataGrant&, const DataGrant&) = default;
bool operator==(const PublicRequest&, const PublicRequest&) = default;
bool operator==(const DataRequestFacts&, const DataRequestFacts&) = default;
bool operator==(const Ticket&, const Ticket&) = default;
bool operator==(const TicketTally&, const TicketTally&) = default;
bool operator==(const TicketFigures&, const TicketFigures&) = default;
bool operator==(const DurationSummary&, const DurationSummary&) = default;
bool operator==(const ReportFigures&, const ReportFigures&) = default;
bool operator==(const TicketEvent&, const TicketEvent&) = default;
// The directory's types (Org, User, FocalPoint, ...) compare in directory.cpp.
bool operator==(const TransitionSpec&, const TransitionSpec&) = default;
bool operator==(const DueTimer&, const DueTimer&) = default;

bool operator==(const ReportCommand&, const ReportCommand&) = default;
bool operator==(const AcknowledgeCommand&, const AcknowledgeCommand&) = default;
bool operator==(const AssignDoictCommand&, const AssignDoictCommand&) = default;
bool operator==(const RequestPartyFixCommand&, const RequestPartyFixCommand&) = default;
bool operator==(const RequestInfoCommand&, const RequestInfoCommand&) = default;
bool operator==(const ProvideInfoCommand&, const ProvideInfoCommand&) = default;
bool operator==(const ReferMinistryCommand&, const ReferMinistryCommand&) = default;
bool operator==(const RecordMinistryConclusionCommand&, const RecordMinistryConclusionCommand&) = default;
bool operator==(const EscalateChairmanCommand&, const EscalateChairmanCommand&) = default;
bool operator==(const ApproveEscalationCommand&, const ApproveEscalationCommand&) = default;
bool operator==(const ReturnEscalationCommand&, const ReturnEscalationCommand&) = default;
bool operator==(const RecordChairmanDecisionCommand&, const RecordChairmanDecisionCommand&) = default;
bool operator==(const ReturnToDoictCommand&, const ReturnToDoictCommand&) = default;
bool operator==(const ResolveCommand&, const ResolveCommand&) = default;
bool operator==(const ConfirmCommand&, const ConfirmCommand&) = default;
bool operator==(const ReopenCommand&, const ReopenCommand&) = default;
bool operator==(const RejectCommand&, const RejectCommand&) = default;
bool operator==(const CommentCommand&, const CommentCommand&) = default;
bool operator==(const SlaBreachCommand&, const SlaBreachCommand&) = default;
bool operator==(const AutoCloseCommand&, const AutoCloseCommand&) = default;
bool operator==(const SubmitCommand&, const SubmitCommand&) = default;
bool operator==(const ScreenCommand&, const ScreenCommand&) = default;
bool operator==(const ConsultCommand&, const ConsultCommand&) = default;
bool operator==(const GiveOpinionCommand&, const GiveOpinionCommand&) = default;
bool operator==(const AgreeCommand&, const AgreeCommand&) = default;
bool operator==(const DisagreeCommand&, const DisagreeCommand&) = default;
bool operator==(const DecideCommand&, const DecideCommand&) = default;
bool operator==(const WithdrawCommand&, const WithdrawCommand&) = default;
bool operator==(const CloseCommand&, const CloseCommand&) = default;

}  // namespace incidents::engine
