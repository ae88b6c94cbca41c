#pragma once
// The vocabulary of the incident workflow (spec/WORKFLOW.md) as types. Strings exist only
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
};
inline constexpr std::array kAllStates = {
    State::kReported,         State::kTriage,           State::kDoictFixing, State::kPartyFixing,
    State::kWaitingReporter,  State::kAwaitingMinistry, State::kAwaitingDirector,
    State::kAwaitingChairman, State::kResolved,         State::kClosed,      State::kRejected};

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
};
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
    EventType::kAutoClose};

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

enum class SlaClockKind { kAck, kResolve };

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

std::string_view ToString(State s);
std::string_view ToString(EventType e);
std::string_view ToString(Category c);
std::string_view ToString(Priority p);
std::string_view ToString(Role r);
std::string_view ToString(SlaClockKind k);
std::string_view ToString(SignedAs s);
std::string_view ToString(Scope s);
std::string_view ToString(RejectGrounds g);

std::optional<State> ParseState(std::string_view s);
std::optional<EventType> ParseEventType(std::string_view s);
std::optional<Category> ParseCategory(std::string_view s);
std::optional<Priority> ParsePriority(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<SlaClockKind> ParseSlaClockKind(std::string_view s);
std::optional<SignedAs> ParseSignedAs(std::string_view s);
std::optional<Scope> ParseScope(std::string_view s);
std::optional<RejectGrounds> ParseRejectGrounds(std::string_view s);

// closed and rejected are terminal (closed can still be reopened).
bool IsTerminal(State s);

}  // namespace incidents::engine
