#include "incidents/engine/domain.h"

#include <utility>

namespace incidents::engine {
namespace {

template <typename E, std::size_t N>
std::optional<E> Lookup(const std::pair<E, std::string_view> (&table)[N], std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view Name(const std::pair<E, std::string_view> (&table)[N], E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return "?";
}

const std::pair<State, std::string_view> kStateNames[] = {
    {State::kReported, "reported"},
    {State::kTriage, "triage"},
    {State::kDoictFixing, "doict_fixing"},
    {State::kPartyFixing, "party_fixing"},
    {State::kWaitingReporter, "waiting_reporter"},
    {State::kAwaitingMinistry, "awaiting_ministry"},
    {State::kAwaitingDirector, "awaiting_director"},
    {State::kAwaitingChairman, "awaiting_chairman"},
    {State::kResolved, "resolved"},
    {State::kClosed, "closed"},
    {State::kRejected, "rejected"},
    {State::kSubmitted, "submitted"},
    {State::kScreening, "screening"},
    {State::kConsulting, "consulting"},
    {State::kAwaitingAgreement, "awaiting_agreement"},
    {State::kGranted, "granted"},
    {State::kPartiallyGranted, "partially_granted"},
    {State::kRefused, "refused"},
    {State::kWithdrawn, "withdrawn"},
};

const std::pair<EventType, std::string_view> kEventNames[] = {
    {EventType::kReport, "report"},
    {EventType::kAcknowledge, "acknowledge"},
    {EventType::kAssignDoict, "assign_doict"},
    {EventType::kRequestPartyFix, "request_party_fix"},
    {EventType::kRequestInfo, "request_info"},
    {EventType::kProvideInfo, "provide_info"},
    {EventType::kReferMinistry, "refer_ministry"},
    {EventType::kRecordMinistryConclusion, "record_ministry_conclusion"},
    {EventType::kEscalateChairman, "escalate_chairman"},
    {EventType::kApproveEscalation, "approve_escalation"},
    {EventType::kReturnEscalation, "return_escalation"},
    {EventType::kRecordChairmanDecision, "record_chairman_decision"},
    {EventType::kReturnToDoict, "return_to_doict"},
    {EventType::kResolve, "resolve"},
    {EventType::kConfirm, "confirm"},
    {EventType::kReopen, "reopen"},
    {EventType::kReject, "reject"},
    {EventType::kComment, "comment"},
    {EventType::kSlaBreach, "sla_breach"},
    {EventType::kAutoClose, "auto_close"},
    {EventType::kSubmit, "submit"},
    {EventType::kScreen, "screen"},
    {EventType::kConsult, "consult"},
    {EventType::kGiveOpinion, "give_opinion"},
    {EventType::kAgree, "agree"},
    {EventType::kDisagree, "disagree"},
    {EventType::kDecide, "decide"},
    {EventType::kWithdraw, "withdraw"},
    {EventType::kClose, "close"},
};

const std::pair<Category, std::string_view> kCategoryNames[] = {
    {Category::kDataDiscrepancy, "data_discrepancy"},
    {Category::kConnectionFailure, "connection_failure"},
    {Category::kSharingDisagreement, "sharing_disagreement"},
    {Category::kOperationalIncident, "operational_incident"},
    {Category::kOther, "other"},
};

const std::pair<Priority, std::string_view> kPriorityNames[] = {
    {Priority::kCritical, "critical"},
    {Priority::kHigh, "high"},
    {Priority::kNormal, "normal"},
    {Priority::kLow, "low"},
};

const std::pair<Role, std::string_view> kRoleNames[] = {
    {Role::kReporter, "reporter"},   {Role::kFocalPoint, "focal_point"}, {Role::kEngineer, "engineer"},
    {Role::kCoordinator, "coordinator"}, {Role::kChairman, "chairman"}, {Role::kAdmin, "admin"},
    {Role::kDirector, "director"},   {Role::kOfficeStaff, "office_staff"},
};

const std::pair<SlaClockKind, std::string_view> kClockNames[] = {
    {SlaClockKind::kAck, "ack"},
    {SlaClockKind::kResolve, "resolve"},
    {SlaClockKind::kDecision, "decision"},
    {SlaClockKind::kConsultation, "consultation"},
};

const std::pair<SignedAs, std::string_view> kSignedAsNames[] = {
    {SignedAs::kChairman, "chairman"},
    {SignedAs::kViceChairman, "vice_chairman"},
};

const std::pair<Scope, std::string_view> kScopeNames[] = {
    {Scope::kIntraProvince, "intra_province"},
    {Scope::kOutsideAgency, "outside_agency"},
    {Scope::kPersonOrBusiness, "person_or_business"},
};

const std::pair<RejectGrounds, std::string_view> kGroundsNames[] = {
    {RejectGrounds::kOutOfScope, "out_of_scope"},
    {RejectGrounds::kStateSecret, "state_secret"},
    {RejectGrounds::kInternalData, "internal_data"},
};

const std::pair<DecisionOutcome, std::string_view> kOutcomeNames[] = {
    {DecisionOutcome::kGrant, "grant"},
    {DecisionOutcome::kPartial, "partial"},
    {DecisionOutcome::kRefuse, "refuse"},
};

}  // namespace

std::string_view ToString(State s) { return Name(kStateNames, s); }
std::string_view ToString(EventType e) { return Name(kEventNames, e); }
std::string_view ToString(Category c) { return Name(kCategoryNames, c); }
std::string_view ToString(Priority p) { return Name(kPriorityNames, p); }
std::string_view ToString(Role r) { return Name(kRoleNames, r); }
std::string_view ToString(SlaClockKind k) { return Name(kClockNames, k); }
std::string_view ToString(SignedAs s) { return Name(kSignedAsNames, s); }
std::string_view ToString(Scope s) { return Name(kScopeNames, s); }
std::string_view ToString(RejectGrounds g) { return Name(kGroundsNames, g); }
std::string_view ToString(DecisionOutcome o) { return Name(kOutcomeNames, o); }

std::optional<State> ParseState(std::string_view s) { return Lookup(kStateNames, s); }
std::optional<EventType> ParseEventType(std::string_view s) { return Lookup(kEventNames, s); }
std::optional<Category> ParseCategory(std::string_view s) { return Lookup(kCategoryNames, s); }
std::optional<Priority> ParsePriority(std::string_view s) { return Lookup(kPriorityNames, s); }
std::optional<Role> ParseRole(std::string_view s) { return Lookup(kRoleNames, s); }
std::optional<SlaClockKind> ParseSlaClockKind(std::string_view s) { return Lookup(kClockNames, s); }
std::optional<SignedAs> ParseSignedAs(std::string_view s) { return Lookup(kSignedAsNames, s); }
std::optional<Scope> ParseScope(std::string_view s) { return Lookup(kScopeNames, s); }
std::optional<RejectGrounds> ParseRejectGrounds(std::string_view s) { return Lookup(kGroundsNames, s); }
std::optional<DecisionOutcome> ParseDecisionOutcome(std::string_view s) { return Lookup(kOutcomeNames, s); }

bool IsTerminal(State s) { return s == State::kClosed || s == State::kRejected || s == State::kWithdrawn; }

}  // namespace incidents::engine
