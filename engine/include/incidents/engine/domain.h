#pragma once
// The vocabulary of the workflows (the incident workflow of spec/WORKFLOW.md, the
// data-sharing requests of Art. 12-13) as types. Each workflow uses a subset of the states
// and events (its table lists them); names are unique across workflows, so a stored event
// or state parses without knowing its workflow. New members go at the end. Strings exist only
// at the edges: these functions are the one place that maps names to values. Labels for
// people are the workflow's (WorkflowCatalog, event_catalog.h), not the engine's.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace incidents::engine {

enum class State {
  kReported,
  kTriage,
  kDoictFixing,
  kPartyFixing,
  kWaitingReporter,
  kAwaitingMinistry,
  kAwaitingDirector,  // only with escalation_signoff "director" (workflow_settings.h)
  kAwaitingChairman,
  kResolved,
  kClosed,
  kRejected,
  // Data-sharing requests (workflows/data_request) also use waiting_reporter (the
  // requester is asked for information), awaiting_chairman and closed.
  kSubmitted,
  kScreening,
  kConsulting,
  kAwaitingAgreement,  // an outside agency's request: the owning units must agree (Art. 12.2)
  kGranted,
  kPartiallyGranted,
  kRefused,
  kWithdrawn,
};
// Every state of every workflow.
inline constexpr std::array kAllStates = {
    State::kReported,         State::kTriage,           State::kDoictFixing, State::kPartyFixing,
    State::kWaitingReporter,  State::kAwaitingMinistry, State::kAwaitingDirector,
    State::kAwaitingChairman, State::kResolved,         State::kClosed,      State::kRejected,
    State::kSubmitted,        State::kScreening,        State::kConsulting,  State::kAwaitingAgreement,
    State::kGranted,          State::kPartiallyGranted, State::kRefused,     State::kWithdrawn};

enum class EventType {
  kReport,
  kAcknowledge,
  kAssignDoict,
  kRequestPartyFix,
  kRequestInfo,
  kProvideInfo,
  kReferMinistry,
  kRecordMinistryConclusion,
  kEscalateChairman,
  kApproveEscalation,  // DoICT leadership signs off an escalation (issue 12.3)
  kReturnEscalation,   // ... or sends it back to its staff
  kRecordChairmanDecision,
  kReturnToDoict,      // the Chairman sends an escalation back to DoICT for more information
  kResolve,
  kConfirm,
  kReopen,
  kReject,
  kComment,
  kSlaBreach,
  kAutoClose,
  // Data-sharing requests (workflows/data_request) also use request_info, provide_info,
  // escalate_chairman, comment and sla_breach.
  kSubmit,
  kScreen,
  kConsult,
  kGiveOpinion,
  kAgree,
  kDisagree,
  kDecide,
  kWithdraw,
  kClose,
};
// Every event type of every workflow.
inline constexpr std::array kAllEventTypes = {
    EventType::kReport,         EventType::kAcknowledge,
    EventType::kAssignDoict,    EventType::kRequestPartyFix,
    EventType::kRequestInfo,    EventType::kProvideInfo,
    EventType::kReferMinistry,  EventType::kRecordMinistryConclusion,
    EventType::kEscalateChairman, EventType::kApproveEscalation,
    EventType::kReturnEscalation, EventType::kRecordChairmanDecision,
    EventType::kReturnToDoict,  EventType::kResolve,
    EventType::kConfirm,
    EventType::kReopen,         EventType::kReject,
    EventType::kComment,        EventType::kSlaBreach,
    EventType::kAutoClose,
    EventType::kSubmit,         EventType::kScreen,
    EventType::kConsult,        EventType::kGiveOpinion,
    EventType::kAgree,          EventType::kDisagree,
    EventType::kDecide,         EventType::kWithdraw,
    EventType::kClose};

enum class Category { kDataDiscrepancy, kConnectionFailure, kSharingDisagreement, kOperationalIncident, kOther };
inline constexpr std::array kAllCategories = {Category::kDataDiscrepancy, Category::kConnectionFailure,
                                              Category::kSharingDisagreement,
                                              Category::kOperationalIncident, Category::kOther};

enum class Priority { kCritical, kHigh, kNormal, kLow };
inline constexpr std::array kAllPriorities = {Priority::kCritical, Priority::kHigh, Priority::kNormal,
                                              Priority::kLow};

// chairman: the Chairman or a Vice-Chairman signing "KT. Chủ tịch"; office_staff: staff of
// the Chairman's office who record a decision on the signer's behalf; director: DoICT
// leadership, who sign off an escalation before it reaches the Chairman.
enum class Role { kReporter, kFocalPoint, kEngineer, kCoordinator, kChairman, kAdmin, kDirector, kOfficeStaff };
inline constexpr std::array kAllRoles = {Role::kReporter,    Role::kFocalPoint, Role::kEngineer,
                                         Role::kCoordinator, Role::kChairman,   Role::kAdmin,
                                         Role::kDirector,    Role::kOfficeStaff};

// ack and resolve are an incident's clocks; decision and consultation a data request's
// (the time to decide it, and the opinions due by the date a consult set).
enum class SlaClockKind { kAck, kResolve, kDecision, kConsultation };

// How a Chairman's decision is signed: by the Chairman, or by a Vice-Chairman "KT. Chủ
// tịch" (ký thay: signing for the Chairman).
enum class SignedAs { kChairman, kViceChairman };

// Whom the data is shared with, which decides the article where the regulation's differ:
// between agencies inside the province (Art. 11), with an agency outside it (Art. 12), or
// with a person or business (Art. 13).
enum class Scope { kIntraProvince, kOutsideAgency, kPersonOrBusiness };
inline constexpr std::array kAllScopes = {Scope::kIntraProvince, Scope::kOutsideAgency, Scope::kPersonOrBusiness};

// Why a ticket is rejected: outside what the regulation governs (Art. 1.1), or data it
// excludes, state secrets or an agency's internal data (Art. 1.2). A duplicate (reject
// with duplicate_of) is the province's own procedure.
enum class RejectGrounds { kOutOfScope, kStateSecret, kInternalData };

// What a decision on a data-sharing request gives: the data asked for, part of it, or
// nothing (a refusal, with its written reason).
enum class DecisionOutcome { kGrant, kPartial, kRefuse };
inline constexpr std::array kAllDecisionOutcomes = {DecisionOutcome::kGrant, DecisionOutcome::kPartial,
                                                    DecisionOutcome::kRefuse};

std::string_view ToString(State s);
std::string_view ToString(EventType e);
std::string_view ToString(Category c);
std::string_view ToString(Priority p);
std::string_view ToString(Role r);
std::string_view ToString(SlaClockKind k);
std::string_view ToString(SignedAs s);
std::string_view ToString(Scope s);
std::string_view ToString(RejectGrounds g);
std::string_view ToString(DecisionOutcome o);

std::optional<State> ParseState(std::string_view s);
std::optional<EventType> ParseEventType(std::string_view s);
std::optional<Category> ParseCategory(std::string_view s);
std::optional<Priority> ParsePriority(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<SlaClockKind> ParseSlaClockKind(std::string_view s);
std::optional<SignedAs> ParseSignedAs(std::string_view s);
std::optional<Scope> ParseScope(std::string_view s);
std::optional<RejectGrounds> ParseRejectGrounds(std::string_view s);
std::optional<DecisionOutcome> ParseDecisionOutcome(std::string_view s);

// closed, rejected and withdrawn are terminal (an incident's closed can still be reopened).
bool IsTerminal(State s);

}  // namespace incidents::engine
