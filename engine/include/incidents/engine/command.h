#pragma once
// Commands: one typed struct per event type of spec/WORKFLOW.md, carrying that event's
// payload. The workflow's state machine takes these structs as its events.
//
// Each struct is the single description of its event's payload: `kType` names the event
// and `Fields()` lists its payload members with their JSON name and rules. Everything
// that reads or writes a payload is driven by that list: CommandFromPayload (the HTTP
// adapter and replay), ToPayload (the event record), CheckCommandValues and CommandReferences (TicketService) and
// PayloadFields (the event catalog and the API's workflow export). Adding an event is one
// struct here, one row in the workflow's catalog and one row in its MSM table.
//
// This header must stay valid C++17: the Boost 1.74 MSM back-end that includes it does
// not compile as C++20 (comparisons are defaulted in engine/src/comparisons.cpp).

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

// How long a text field may be (WorkflowSettings names the numbers).
enum class TextLimit { kNone, kTitle, kText };

// What a field's value must name in the directory or the store (TicketService checks it).
enum class FieldRef {
  kNone,
  kOrg,          // a known org
  kPartyOrg,     // a known org other than DoICT (DoICT fixes with assign_doict)
  kDoictStaff,   // an active DoICT engineer or coordinator; absent means the caller
  kOtherTicket,  // an existing ticket other than this one
  kChairman,     // an active user with the chairman role in the Chairman's office (the
                 // Chairman or a Vice-Chairman); absent means the caller
  kSigner,       // as kChairman, but absent stays absent: the workflow says whether one is
                 // needed (a request's decision has a signer only when the Chairman decides)
};

// One payload member of command C: its JSON name, where it lives, and its rules. The
// member's C++ type gives the JSON type: std::string (a required string),
// std::optional<std::string> (a string or null), bool, int (an integer in [min, max]),
// std::vector<std::string> (an optional array of strings, duplicates dropped),
// std::optional<CivilDate> (a date "YYYY-MM-DD" or null), an enum of domain.h (a name;
// `required` says whether it may be absent, then the member's default stands), or an
// std::optional of such an enum (a name or null).
template <class C, class M>
struct Field {
  const char* name;
  M C::*member;
  TextLimit limit = TextLimit::kNone;
  bool required = true;          // strings: must not be blank; enums: must be present
  FieldRef ref = FieldRef::kNone;
  bool blank_is_absent = false;  // optional strings: blank text is stored as null
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};
template <class C, class M, class... Rest>
Field(const char*, M C::*, Rest...) -> Field<C, M>;

struct ReportCommand {
  static constexpr EventType kType = EventType::kReport;
  Category category = Category::kOther;
  std::string title;
  std::string description;
  Priority priority = Priority::kNormal;
  std::vector<std::string> parties;
  std::optional<std::string> service;
  Scope scope = Scope::kIntraProvince;
  static constexpr auto Fields() {
    using C = ReportCommand;
    return std::make_tuple(Field{"category", &C::category}, Field{"title", &C::title, TextLimit::kTitle},
                           Field{"description", &C::description, TextLimit::kText, false},
                           Field{"service", &C::service, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"priority", &C::priority, TextLimit::kNone, false},
                           Field{"parties", &C::parties, TextLimit::kNone, false, FieldRef::kOrg},
                           Field{"scope", &C::scope, TextLimit::kNone, false});
  }
  friend bool operator==(const ReportCommand&, const ReportCommand&);
};
struct AcknowledgeCommand {
  static constexpr EventType kType = EventType::kAcknowledge;
  static constexpr auto Fields() { return std::tuple<>(); }
  friend bool operator==(const AcknowledgeCommand&, const AcknowledgeCommand&);
};
struct AssignDoictCommand {
  static constexpr EventType kType = EventType::kAssignDoict;
  std::optional<std::string> assignee;  // a DoICT username; the caller when absent
  static constexpr auto Fields() {
    return std::make_tuple(
        Field{"assignee", &AssignDoictCommand::assignee, TextLimit::kNone, false, FieldRef::kDoictStaff});
  }
  friend bool operator==(const AssignDoictCommand&, const AssignDoictCommand&);
};
struct RequestPartyFixCommand {
  static constexpr EventType kType = EventType::kRequestPartyFix;
  std::string party;
  std::string instructions;
  static constexpr auto Fields() {
    using C = RequestPartyFixCommand;
    return std::make_tuple(Field{"party", &C::party, TextLimit::kNone, true, FieldRef::kPartyOrg},
                           Field{"instructions", &C::instructions, TextLimit::kText});
  }
  friend bool operator==(const RequestPartyFixCommand&, const RequestPartyFixCommand&);
};
struct RequestInfoCommand {
  static constexpr EventType kType = EventType::kRequestInfo;
  std::string question;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"question", &RequestInfoCommand::question, TextLimit::kText});
  }
  friend bool operator==(const RequestInfoCommand&, const RequestInfoCommand&);
};
struct ProvideInfoCommand {
  static constexpr EventType kType = EventType::kProvideInfo;
  std::string answer;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"answer", &ProvideInfoCommand::answer, TextLimit::kText});
  }
  friend bool operator==(const ProvideInfoCommand&, const ProvideInfoCommand&);
};
struct ReferMinistryCommand {
  static constexpr EventType kType = EventType::kReferMinistry;
  std::string question;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"question", &ReferMinistryCommand::question, TextLimit::kText});
  }
  friend bool operator==(const ReferMinistryCommand&, const ReferMinistryCommand&);
};
struct RecordMinistryConclusionCommand {
  static constexpr EventType kType = EventType::kRecordMinistryConclusion;
  std::string conclusion;
  std::optional<std::string> document_number = std::nullopt;  // the Ministry's document ("123/BTTTT-CĐSQG")
  std::optional<CivilDate> document_date = std::nullopt;      // and its date
  static constexpr auto Fields() {
    using C = RecordMinistryConclusionCommand;
    return std::make_tuple(Field{"conclusion", &C::conclusion, TextLimit::kText},
                           Field{"document_number", &C::document_number, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"document_date", &C::document_date, TextLimit::kNone, false});
  }
  friend bool operator==(const RecordMinistryConclusionCommand&, const RecordMinistryConclusionCommand&);
};
struct EscalateChairmanCommand {
  static constexpr EventType kType = EventType::kEscalateChairman;
  std::string reason;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"reason", &EscalateChairmanCommand::reason, TextLimit::kText});
  }
  friend bool operator==(const EscalateChairmanCommand&, const EscalateChairmanCommand&);
};
// DoICT's director signs off an escalation: it goes on to the Chairman.
struct ApproveEscalationCommand {
  static constexpr EventType kType = EventType::kApproveEscalation;
  std::optional<std::string> note;  // the director's words to the Chairman, if any
  static constexpr auto Fields() {
    return std::make_tuple(
        Field{"note", &ApproveEscalationCommand::note, TextLimit::kText, false, FieldRef::kNone, true});
  }
  friend bool operator==(const ApproveEscalationCommand&, const ApproveEscalationCommand&);
};
// DoICT's director does not sign it off: back to the staff, saying why.
struct ReturnEscalationCommand {
  static constexpr EventType kType = EventType::kReturnEscalation;
  std::string message;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"message", &ReturnEscalationCommand::message, TextLimit::kText});
  }
  friend bool operator==(const ReturnEscalationCommand&, const ReturnEscalationCommand&);
};
// The decision, recorded by the Chairman or a Vice-Chairman who signed it, or by the
// Chairman's office on the signer's behalf. A record made for someone else (signer other
// than the caller) must name the signed document: number and date (CheckCommandRules).
struct RecordChairmanDecisionCommand {
  static constexpr EventType kType = EventType::kRecordChairmanDecision;
  std::string decision;
  bool requires_action = false;
  // Members added after the first two have initializers, so that {decision, requires_action}
  // stays a complete initializer.
  std::optional<std::string> signer = std::nullopt;           // a chairman-role username; the caller when absent
  SignedAs signed_as = SignedAs::kChairman;                   // vice_chairman: "KT. Chủ tịch / Phó Chủ tịch"
  std::optional<std::string> document_number = std::nullopt;  // the signed document ("45/QĐ-UBND")
  std::optional<CivilDate> document_date = std::nullopt;      // and its date
  static constexpr auto Fields() {
    using C = RecordChairmanDecisionCommand;
    return std::make_tuple(Field{"decision", &C::decision, TextLimit::kText},
                           Field{"requires_action", &C::requires_action},
                           Field{"signer", &C::signer, TextLimit::kNone, false, FieldRef::kChairman, true},
                           Field{"signed_as", &C::signed_as, TextLimit::kNone, false},
                           Field{"document_number", &C::document_number, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"document_date", &C::document_date, TextLimit::kNone, false});
  }
  friend bool operator==(const RecordChairmanDecisionCommand&, const RecordChairmanDecisionCommand&);
};
// The Chairman (or the office) sends an escalation back to DoICT: what more is needed.
struct ReturnToDoictCommand {
  static constexpr EventType kType = EventType::kReturnToDoict;
  std::string message;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"message", &ReturnToDoictCommand::message, TextLimit::kText});
  }
  friend bool operator==(const ReturnToDoictCommand&, const ReturnToDoictCommand&);
};
struct ResolveCommand {
  static constexpr EventType kType = EventType::kResolve;
  std::string resolution;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"resolution", &ResolveCommand::resolution, TextLimit::kText});
  }
  friend bool operator==(const ResolveCommand&, const ResolveCommand&);
};
struct ConfirmCommand {
  static constexpr EventType kType = EventType::kConfirm;
  std::optional<std::string> feedback;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"feedback", &ConfirmCommand::feedback, TextLimit::kText, false});
  }
  friend bool operator==(const ConfirmCommand&, const ConfirmCommand&);
};
struct ReopenCommand {
  static constexpr EventType kType = EventType::kReopen;
  std::string reason;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"reason", &ReopenCommand::reason, TextLimit::kText});
  }
  friend bool operator==(const ReopenCommand&, const ReopenCommand&);
};
struct RejectCommand {
  static constexpr EventType kType = EventType::kReject;
  std::string reason;
  std::optional<std::string> duplicate_of;
  RejectGrounds grounds = RejectGrounds::kOutOfScope;
  static constexpr auto Fields() {
    using C = RejectCommand;
    return std::make_tuple(Field{"reason", &C::reason, TextLimit::kText},
                           Field{"duplicate_of", &C::duplicate_of, TextLimit::kNone, false, FieldRef::kOtherTicket},
                           Field{"grounds", &C::grounds, TextLimit::kNone, false});
  }
  friend bool operator==(const RejectCommand&, const RejectCommand&);
};
struct CommentCommand {
  static constexpr EventType kType = EventType::kComment;
  std::string body;
  static constexpr auto Fields() { return std::make_tuple(Field{"body", &CommentCommand::body, TextLimit::kText}); }
  friend bool operator==(const CommentCommand&, const CommentCommand&);
};
struct SlaBreachCommand {
  static constexpr EventType kType = EventType::kSlaBreach;
  SlaClockKind clock = SlaClockKind::kAck;
  int level = 1;
  static constexpr auto Fields() {
    using C = SlaBreachCommand;
    return std::make_tuple(Field{"clock", &C::clock},
                           Field{"level", &C::level, TextLimit::kNone, true, FieldRef::kNone, false, 1, 2});
  }
  friend bool operator==(const SlaBreachCommand&, const SlaBreachCommand&);
};
struct AutoCloseCommand {
  static constexpr EventType kType = EventType::kAutoClose;
  static constexpr auto Fields() { return std::tuple<>(); }
  friend bool operator==(const AutoCloseCommand&, const AutoCloseCommand&);
};

// ---------------------------------------------------------------------------------------
// Data-sharing requests (Art. 12-13, workflows/data_request). request_info, provide_info,
// escalate_chairman, comment and sla_breach are shared with the incident workflow.

// A request to use the province's shared data, filed for its requester: an outside agency
// (through the National Data Portal, with the portal's reference; Art. 12.1b) or a person or
// business (Art. 13.1). The ticket's title is `title`, its description `data_wanted`, its
// parties the units that manage the data (`owners`, which consult may add to).
struct SubmitCommand {
  static constexpr EventType kType = EventType::kSubmit;
  Scope scope = Scope::kPersonOrBusiness;  // outside_agency or person_or_business
  std::string title;
  std::string data_wanted;
  std::string purpose;
  std::string legal_basis;  // of the use: the law, decision or contract it rests on
  std::string requester_name;
  std::optional<std::string> organisation = std::nullopt;  // a business or an outside agency
  std::optional<std::string> tax_code = std::nullopt;      // a business's
  std::optional<std::string> email = std::nullopt;
  std::optional<std::string> phone = std::nullopt;
  std::optional<std::string> portal_reference = std::nullopt;  // an outside agency's, on the National Data Portal
  std::optional<CivilDate> period_from = std::nullopt;         // the period the data is wanted for
  std::optional<CivilDate> period_to = std::nullopt;
  bool personal_data = false;  // the data names people (Decree 13/2023/NĐ-CP)
  std::vector<std::string> owners = {};
  static constexpr auto Fields() {
    using C = SubmitCommand;
    return std::make_tuple(Field{"scope", &C::scope}, Field{"title", &C::title, TextLimit::kTitle},
                           Field{"data_wanted", &C::data_wanted, TextLimit::kText},
                           Field{"purpose", &C::purpose, TextLimit::kText},
                           Field{"legal_basis", &C::legal_basis, TextLimit::kText},
                           Field{"requester_name", &C::requester_name, TextLimit::kTitle},
                           Field{"organisation", &C::organisation, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"tax_code", &C::tax_code, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"email", &C::email, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"phone", &C::phone, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"portal_reference", &C::portal_reference, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"period_from", &C::period_from, TextLimit::kNone, false},
                           Field{"period_to", &C::period_to, TextLimit::kNone, false},
                           Field{"personal_data", &C::personal_data, TextLimit::kNone, false},
                           Field{"owners", &C::owners, TextLimit::kNone, false, FieldRef::kPartyOrg});
  }
  friend bool operator==(const SubmitCommand&, const SubmitCommand&);
};
// DoICT takes the request up and checks it is complete.
struct ScreenCommand {
  static constexpr EventType kType = EventType::kScreen;
  std::optional<std::string> note;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"note", &ScreenCommand::note, TextLimit::kText, false, FieldRef::kNone, true});
  }
  friend bool operator==(const ScreenCommand&, const ScreenCommand&);
};
// DoICT asks the units concerned for their opinion by a date (Art. 13.2a, 12.2).
struct ConsultCommand {
  static constexpr EventType kType = EventType::kConsult;
  std::vector<std::string> units;
  std::string question;
  std::optional<CivilDate> due = std::nullopt;  // required (CheckCommandRules)
  static constexpr auto Fields() {
    using C = ConsultCommand;
    return std::make_tuple(Field{"units", &C::units, TextLimit::kNone, false, FieldRef::kPartyOrg},
                           Field{"question", &C::question, TextLimit::kText}, Field{"due", &C::due, TextLimit::kNone, false});
  }
  friend bool operator==(const ConsultCommand&, const ConsultCommand&);
};
// A consulted unit's opinion, once per unit, given by its focal point.
//
// give_opinion, agree and disagree name the unit they answer for: a focal point may act for
// several units (a successor's, Chapter VI). Left out, the workflow picks the first unit
// the caller may answer for and records it, so that a replay reads the unit from the event
// rather than from who the caller acts for today.
struct GiveOpinionCommand {
  static constexpr EventType kType = EventType::kGiveOpinion;
  std::string opinion;
  bool agrees = false;  // whether the unit agrees to share
  std::optional<std::string> unit = std::nullopt;
  static constexpr auto Fields() {
    using C = GiveOpinionCommand;
    return std::make_tuple(Field{"opinion", &C::opinion, TextLimit::kText}, Field{"agrees", &C::agrees},
                           Field{"unit", &C::unit, TextLimit::kNone, false, FieldRef::kOrg, true});
  }
  friend bool operator==(const GiveOpinionCommand&, const GiveOpinionCommand&);
};
// An owning unit agrees to DoICT's proposal for an outside agency (Art. 12.2).
struct AgreeCommand {
  static constexpr EventType kType = EventType::kAgree;
  std::optional<std::string> note;
  std::optional<std::string> unit = std::nullopt;  // as for give_opinion
  static constexpr auto Fields() {
    using C = AgreeCommand;
    return std::make_tuple(Field{"note", &C::note, TextLimit::kText, false, FieldRef::kNone, true},
                           Field{"unit", &C::unit, TextLimit::kNone, false, FieldRef::kOrg, true});
  }
  friend bool operator==(const AgreeCommand&, const AgreeCommand&);
};
// ... or does not, saying why; DoICT then asks the Chairman or refuses (Art. 12.2).
struct DisagreeCommand {
  static constexpr EventType kType = EventType::kDisagree;
  std::string reason;
  std::optional<std::string> unit = std::nullopt;  // as for give_opinion
  static constexpr auto Fields() {
    using C = DisagreeCommand;
    return std::make_tuple(Field{"reason", &C::reason, TextLimit::kText},
                           Field{"unit", &C::unit, TextLimit::kNone, false, FieldRef::kOrg, true});
  }
  friend bool operator==(const DisagreeCommand&, const DisagreeCommand&);
};
// The decision on a request: DoICT's (Art. 13.2b; for an outside agency a grant is DoICT's
// proposal until the owning units agree, Art. 12.2) or the Chairman's on an escalation,
// recorded by the Chairman or the office. A grant names the data and the validity; a
// refusal, and a partial grant, give a written reason (CheckCommandRules). The Chairman's
// decision names its signer (the caller when absent, as for record_chairman_decision), and
// one recorded for a signer names the signed document; DoICT's names no signer.
struct DecideCommand {
  static constexpr EventType kType = EventType::kDecide;
  DecisionOutcome outcome = DecisionOutcome::kRefuse;
  std::vector<std::string> datasets = {};            // the datasets or services shared
  std::optional<std::string> conditions = std::nullopt;
  std::optional<CivilDate> valid_until = std::nullopt;
  std::optional<std::string> reason = std::nullopt;
  std::optional<std::string> document_number = std::nullopt;  // the signed decision ("12/QĐ-STTTT")
  std::optional<CivilDate> document_date = std::nullopt;
  std::optional<std::string> signer = std::nullopt;     // the Chairman's decision only: who signed it
  std::optional<SignedAs> signed_as = std::nullopt;     // ... and as whom (chairman when a signer is named)
  static constexpr auto Fields() {
    using C = DecideCommand;
    return std::make_tuple(Field{"outcome", &C::outcome}, Field{"datasets", &C::datasets, TextLimit::kNone, false},
                           Field{"conditions", &C::conditions, TextLimit::kText, false, FieldRef::kNone, true},
                           Field{"valid_until", &C::valid_until, TextLimit::kNone, false},
                           Field{"reason", &C::reason, TextLimit::kText, false, FieldRef::kNone, true},
                           Field{"document_number", &C::document_number, TextLimit::kTitle, false, FieldRef::kNone, true},
                           Field{"document_date", &C::document_date, TextLimit::kNone, false},
                           Field{"signer", &C::signer, TextLimit::kNone, false, FieldRef::kSigner, true},
                           Field{"signed_as", &C::signed_as, TextLimit::kNone, false});
  }
  friend bool operator==(const DecideCommand&, const DecideCommand&);
};
// The requester withdraws the request (recorded by DoICT, or by the public page).
struct WithdrawCommand {
  static constexpr EventType kType = EventType::kWithdraw;
  std::optional<std::string> reason;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"reason", &WithdrawCommand::reason, TextLimit::kText, false, FieldRef::kNone, true});
  }
  friend bool operator==(const WithdrawCommand&, const WithdrawCommand&);
};
// DoICT closes a decided request (the sharing is set up, or the refusal delivered).
struct CloseCommand {
  static constexpr EventType kType = EventType::kClose;
  std::optional<std::string> note;
  static constexpr auto Fields() {
    return std::make_tuple(Field{"note", &CloseCommand::note, TextLimit::kText, false, FieldRef::kNone, true});
  }
  friend bool operator==(const CloseCommand&, const CloseCommand&);
};

using Command =
    std::variant<ReportCommand, AcknowledgeCommand, AssignDoictCommand, RequestPartyFixCommand,
                 RequestInfoCommand, ProvideInfoCommand, ReferMinistryCommand,
                 RecordMinistryConclusionCommand, EscalateChairmanCommand, ApproveEscalationCommand,
                 ReturnEscalationCommand, RecordChairmanDecisionCommand, ReturnToDoictCommand, ResolveCommand, ConfirmCommand, ReopenCommand, RejectCommand, CommentCommand,
                 SlaBreachCommand, AutoCloseCommand, SubmitCommand, ScreenCommand, ConsultCommand,
                 GiveOpinionCommand, AgreeCommand, DisagreeCommand, DecideCommand, WithdrawCommand, CloseCommand>;

EventType TypeOf(const Command& command);

// A command of the given type with empty payload fields: what `allowed_actions` probes with.
Command BlankCommand(EventType type);

// The payload recorded in the event. Absent optional fields are written as null.
Payload ToPayload(const Command& command);

// Strict mapping from a payload to a command. A missing required field or a wrong JSON
// type is InvalidArgument naming the field; an unknown enum name or an integer out of
// range is InvalidValue. Members the event does not use are ignored.
Result<Command> CommandFromPayload(EventType type, const Payload& payload);

// A payload field as the catalog and the API describe it.
struct FieldSpec {
  std::string name;
  std::string type;                // JSON type: "string", "boolean", "integer", "array"
  bool required = false;           // must be present
  bool non_blank = false;          // text that must not be blank
  bool nullable = false;
  TextLimit limit = TextLimit::kNone;
  FieldRef ref = FieldRef::kNone;
  std::vector<std::string> values;  // the allowed names of an enum field
  std::optional<std::int64_t> min, max;
  std::string format;               // "date": a calendar date "YYYY-MM-DD"; else empty
};
std::vector<FieldSpec> PayloadFields(EventType type);
std::string_view ToString(TextLimit limit);
std::string_view ToString(FieldRef ref);

// The limits TextLimit names, in characters.
struct TextLimits {
  std::size_t title = 200;
  std::size_t text = 20000;
};

// Puts a command into its recorded form without looking anything up: blank optional
// texts marked blank_is_absent become null, duplicates leave lists, and a kDoictStaff or
// kChairman field left absent names `caller`.
void NormalizeCommand(Command& command, const std::string& caller);

// Checks every value of the command: texts are valid UTF-8, not blank when required and
// at most their limit; integers are in range. InvalidValue naming the first bad field.
Status CheckCommandValues(const Command& command, const TextLimits& limits);

// The rules between a command's fields and who sends it: a Chairman's decision recorded
// on someone else's behalf (signer other than `caller`) names its document, so
// document_number and document_date are required. And between its fields: a consult names
// units and a due date; a grant names datasets and valid_until; a refusal or a partial
// grant gives a reason; a period ends after it starts. InvalidValue naming the field.
Status CheckCommandRules(const Command& command, const std::string& caller);

// The values the command's fields name in the directory or the store, in field order,
// for TicketService to look up. Pointers into `command`: valid while it lives unchanged.
struct FieldReference {
  FieldRef ref;
  const char* field;
  const std::string* value;
};
std::vector<FieldReference> CommandReferences(const Command& command);

}  // namespace incidents::engine
