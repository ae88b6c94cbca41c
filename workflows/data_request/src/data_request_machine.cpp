// The data-sharing request workflow (Decision 57/2020/QĐ-UBND, Art. 12-13) as a Boost.MSM
// functor front-end machine. As for the incident machine, the transition table below IS
// the contract: the exported table (GET /api/v1/workflows/data_request) is read from these
// rows, and every decision runs them.
//
// A machine instance lives for one decision: restored to the ticket's state, fed one
// command, and read back. Guards that check the actor record a denial, so that a refused
// actor (403) is told apart from a state that has no such transition (409).
//
// Who decides what, by the regulation:
// - a person or business asks DoICT (13.1); DoICT consults the units concerned (13.2a) and
//   decides (13.2b), or reports to the Chairman what exceeds its authority (13.2b);
// - an outside agency asks through the National Data Portal; DoICT records and handles it
//   (12.1b). Sharing needs the agreement of DoICT and the unit that manages the data (12.2):
//   DoICT's grant is a proposal until every owning unit (the request's parties) agrees;
//   where they cannot agree, DoICT asks the Chairman (12.2). When DoICT itself manages the
//   data (no owning unit), its decision stands alone.

#include "data_request_machine.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/mpl/for_each.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "incidents/engine/access.h"
#include "incidents/workflows/data_request_workflow.h"
#include "incidents/workflows/machine_support.h"

namespace incidents::workflows::detail {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::ActionSequence_;
using msm::front::Internal;
using msm::front::none;
using msm::front::Row;
using namespace incidents::engine;

using machine::GuardText;
using machine::NotFiled;
using machine::Unwrap;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
void AddOnce(std::vector<std::string>& v, const std::string& s) {
  if (!Contains(v, s)) v.push_back(s);
}

// ---------------------------------------------------------------------------------------
// The per-decision context the guards and actions see.

struct Context {
  const DataRequestInput* in = nullptr;
  Ticket next;
  machine::Refusal refusal;
  std::optional<Command> recorded;  // Decision::recorded
};

// ---------------------------------------------------------------------------------------
// States. NotFiled is the pseudo-state before `submit`; it is not exported.

template <State S>
using RequestState = machine::CaseState<S>;
struct Submitted : RequestState<State::kSubmitted> {};
struct Screening : RequestState<State::kScreening> {};
struct WaitingRequester : RequestState<State::kWaitingReporter> {};
struct Consulting : RequestState<State::kConsulting> {};
struct AwaitingAgreement : RequestState<State::kAwaitingAgreement> {};
struct AwaitingChairman : RequestState<State::kAwaitingChairman> {};
struct Granted : RequestState<State::kGranted> {};
struct PartiallyGranted : RequestState<State::kPartiallyGranted> {};
struct Refused : RequestState<State::kRefused> {};
struct Withdrawn : RequestState<State::kWithdrawn> {};
struct Closed : RequestState<State::kClosed> {};

using AllStates = mpl::vector<NotFiled, Submitted, Screening, WaitingRequester, Consulting, AwaitingAgreement,
                              AwaitingChairman, Granted, PartiallyGranted, Refused, Withdrawn, Closed>;

// ---------------------------------------------------------------------------------------
// Guards. Each names who may fire the row (exported as `actors` and `actor_rule`) and,
// where the row is one of several for the same event, the condition that picks it.

template <class Fsm>
const Actor& actor_of(Fsm& fsm) { return fsm.ctx->in->actor; }
template <class Fsm>
const Ticket& ticket_of(Fsm& fsm) { return fsm.ctx->in->current; }
template <class Fsm>
const WorkflowSettings& settings_of(Fsm& fsm) { return fsm.ctx->in->settings; }
template <class Fsm>
const DataRequestFacts& facts_of(Fsm& fsm) {
  static const DataRequestFacts kNone;
  const auto& r = ticket_of(fsm).request;
  return r ? *r : kNone;
}

// Records why an actor guard said no; a later row that accepts wins anyway.
template <class Fsm>
bool allow_actor(Fsm& fsm, bool allowed, const char* who) {
  if (allowed || actor_of(fsm).is_replay()) return true;
  fsm.ctx->refusal.Record(machine::Refusal::Kind::kForbidden, who);
  return false;
}

// Records why a value the caller gave cannot be taken in this state (422, not 403/409).
template <class Fsm>
bool refuse_value(Fsm& fsm, const char* why) {
  fsm.ctx->refusal.Record(machine::Refusal::Kind::kInvalidValue, why);
  return false;
}

// A replay cannot ask a condition that the recorded event no longer shows (who else had
// agreed before): it takes the row that leads where the event recorded.
template <class Fsm>
bool replays_to(Fsm& fsm, State target) {
  const auto& recorded = actor_of(fsm).recorded_to;
  return !recorded || *recorded == target;
}

constexpr char kDoictOrRequester[] = "DoICT, or the requester through the public page";

// submit: DoICT records a request (an outside agency's from the National Data Portal, or
// one handed in at its desk), or the public page files a person's or business's once the
// requester has confirmed the email address.
struct by_doict_or_new_requester {
  static GuardText Describe() { return {{"engineer", "coordinator", "requester"}, kDoictOrRequester, ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, IsDoictStaff(a, settings_of(fsm)) || a.is_requester(),
                       "only DoICT, or a requester through the public page, submits a request");
  }
};

struct by_doict_staff {
  static GuardText Describe() { return {{"engineer", "coordinator"}, "DoICT", ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    return allow_actor(fsm, IsDoictStaff(actor_of(fsm), settings_of(fsm)),
                       "only a DoICT engineer or coordinator may do this");
  }
};

struct by_doict_coordinator {
  static GuardText Describe() { return {{"coordinator"}, "DoICT", ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    return allow_actor(fsm, IsDoictCoordinator(actor_of(fsm), settings_of(fsm)),
                       "only a DoICT coordinator may do this");
  }
};

// withdraw: the requester, or DoICT recording it for them.
struct by_doict_or_requester {
  static GuardText Describe() { return {{"engineer", "coordinator", "requester"}, kDoictOrRequester, ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, IsDoictStaff(a, settings_of(fsm)) || IsRequesterOf(a, ticket_of(fsm)),
                       "only the requester, or DoICT for them, may do this");
  }
};

// provide_info goes back to the state request_info left.
template <class Back>
struct by_doict_or_requester_resuming {
  static GuardText Describe() {
    return {{"engineer", "coordinator", "requester"}, kDoictOrRequester,
            "request_info was sent in " + std::string(ToString(*Back::kState))};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E& e, F& fsm, S& s, T& t) const {
    return by_doict_or_requester{}(e, fsm, s, t) && ticket_of(fsm).resume_state == Back::kState;
  }
};

// The unit an answer (give_opinion, agree, disagree) is for: the one the command names, or
// else the first of `units` the caller is the focal point of; either way one that has not
// answered yet. nullptr when there is none.
const std::string* AnsweringUnitOf(const Actor& a, const std::vector<std::string>& units,
                                   std::initializer_list<const std::vector<std::string>*> answered,
                                   const std::optional<std::string>& named) {
  for (const std::string& unit : units) {
    if (named && *named != unit) continue;
    const bool done = std::any_of(answered.begin(), answered.end(),
                                  [&](const std::vector<std::string>* list) { return Contains(*list, unit); });
    if (!done && IsFocalPointOf(a, unit)) return &unit;
  }
  return nullptr;
}

const std::string* PendingConsultedOf(const Actor& a, const DataRequestFacts& f,
                                      const std::optional<std::string>& named) {
  return AnsweringUnitOf(a, f.consulted, {&f.opinions_from}, named);
}

// The owning unit the actor answers the proposal for.
const std::string* PendingOwnerOf(const Actor& a, const DataRequestFacts& f, const std::optional<std::string>& named) {
  return AnsweringUnitOf(a, f.owners, {&f.agreed_by, &f.disagreed_by}, named);
}

// The unit a replayed answer was for: the one it recorded; events recorded before answers
// named their unit were the focal point's own org.
template <class C>
const std::string& RecordedUnit(const C& e, const Actor& a) {
  return e.unit ? *e.unit : a.org;
}

// give_opinion: the focal point of a consulted unit that has not given its opinion yet.
struct by_consulted_unit {
  static GuardText Describe() {
    return {{"focal_point"}, "a consulted unit, once", ""};
  }
  template <class F, class S, class T>
  bool operator()(const GiveOpinionCommand& e, F& fsm, S&, T&) const {
    const Actor& a = actor_of(fsm);
    if (a.is_replay()) return true;
    return allow_actor(fsm, PendingConsultedOf(a, facts_of(fsm), e.unit) != nullptr,
                       "only the focal point of a consulted unit that has not yet given its opinion");
  }
};

// Every other owning unit has agreed: this agreement completes the sharing.
bool OthersAgreed(const DataRequestFacts& f, const std::string& unit) {
  for (const std::string& p : f.owners)
    if (p != unit && !Contains(f.agreed_by, p)) return false;
  return true;
}

constexpr char kWhoAnswersProposal[] =
    "only the focal point of a unit that manages the data (the one named in 'unit', if any), and has not answered "
    "yet, agrees or disagrees";

// agree, completing the agreement: every owning unit has now agreed to a proposal of
// `Outcome` (grant or partial).
template <DecisionOutcome Outcome>
struct by_last_owner_agreeing {
  static GuardText Describe() {
    return {{"focal_point"}, "a unit that manages the data",
            "every other unit that manages the data has agreed, and DoICT proposed " +
                std::string(ToString(Outcome))};
  }
  template <class F, class S, class T>
  bool operator()(const AgreeCommand& e, F& fsm, S&, T&) const {
    const DataRequestFacts& f = facts_of(fsm);
    const bool proposed = f.proposal && f.proposal->outcome == Outcome;
    if (actor_of(fsm).is_replay())
      return proposed && replays_to(fsm, Outcome == DecisionOutcome::kGrant ? State::kGranted : State::kPartiallyGranted);
    const std::string* unit = PendingOwnerOf(actor_of(fsm), f, e.unit);
    return allow_actor(fsm, unit != nullptr, kWhoAnswersProposal) && proposed && OthersAgreed(f, *unit);
  }
};

// agree while other owning units have yet to.
struct by_owner_agreeing {
  static GuardText Describe() {
    return {{"focal_point"}, "a unit that manages the data", "another unit that manages the data has not agreed yet"};
  }
  template <class F, class S, class T>
  bool operator()(const AgreeCommand& e, F& fsm, S&, T&) const {
    const DataRequestFacts& f = facts_of(fsm);
    if (actor_of(fsm).is_replay()) return replays_to(fsm, State::kAwaitingAgreement);
    const std::string* unit = PendingOwnerOf(actor_of(fsm), f, e.unit);
    return allow_actor(fsm, unit != nullptr, kWhoAnswersProposal) && !OthersAgreed(f, *unit);
  }
};

struct by_owner_answering {
  static GuardText Describe() { return {{"focal_point"}, "a unit that manages the data", ""}; }
  template <class F, class S, class T>
  bool operator()(const DisagreeCommand& e, F& fsm, S&, T&) const {
    if (actor_of(fsm).is_replay()) return true;
    return allow_actor(fsm, PendingOwnerOf(actor_of(fsm), facts_of(fsm), e.unit) != nullptr, kWhoAnswersProposal);
  }
};

// decide by DoICT. `Final` rows decide; the proposing row (an outside agency's grant while
// units manage the data) waits for their agreement.
enum class DecisionKind { kFinal, kProposal };

template <DecisionOutcome Outcome>
bool NeedsAgreement(const Ticket& t) {
  return Outcome != DecisionOutcome::kRefuse && t.scope == Scope::kOutsideAgency && t.request &&
         !t.request->owners.empty();
}

template <DecisionOutcome Outcome, DecisionKind Kind = DecisionKind::kFinal>
struct by_doict_deciding {
  static GuardText Describe() {
    std::string c = "outcome is " + std::string(ToString(Outcome));
    if constexpr (Outcome != DecisionOutcome::kRefuse) {
      c += Kind == DecisionKind::kProposal
               ? ", an outside agency's request with units that manage the data: their agreement is needed"
               : ", a person's or business's request, or an outside agency's whose data DoICT manages";
    }
    return {{"coordinator"}, "DoICT", c};
  }
  template <class F, class S, class T>
  bool operator()(const DecideCommand& e, F& fsm, S&, T&) const {
    if (e.outcome != Outcome) return false;
    if (!allow_actor(fsm, IsDoictCoordinator(actor_of(fsm), settings_of(fsm)), "only a DoICT coordinator decides"))
      return false;
    if (e.signer || e.signed_as)
      return refuse_value(fsm, "fields 'signer' and 'signed_as' belong to the Chairman's decision on an escalated "
                               "request; DoICT's decision names no signer");
    if constexpr (Outcome == DecisionOutcome::kRefuse) return true;
    else return NeedsAgreement<Outcome>(ticket_of(fsm)) == (Kind == DecisionKind::kProposal);
  }
};

// decide by the Chairman on an escalation: the Chairman (or a Vice-Chairman) records what
// they signed; the Chairman's office records it for them.
template <DecisionOutcome Outcome>
struct by_chairman_deciding {
  static GuardText Describe() {
    return {{"chairman", "office_staff"}, "the Chairman, or the Chairman's office for the signer",
            "outcome is " + std::string(ToString(Outcome))};
  }
  template <class F, class S, class T>
  bool operator()(const DecideCommand& e, F& fsm, S&, T&) const {
    if (e.outcome != Outcome) return false;
    const Actor& a = actor_of(fsm);
    const bool chairman = IsChairman(a, settings_of(fsm));
    if (!allow_actor(fsm, chairman || IsChairmanOfficeStaff(a, settings_of(fsm)),
                     "only the Chairman or the Chairman's office records the Chairman's decision"))
      return false;
    if (!chairman && !e.signer && !a.is_replay())
      return refuse_value(fsm, "field 'signer' is required: the username of the Chairman or Vice-Chairman who "
                               "signed the decision the office records");
    return true;
  }
};

// Internal (state-preserving) rows at machine level apply in every state; these guards
// also say in which states (exported as `from`).
struct by_viewer_any_state {
  static GuardText Describe() {
    return {{"reporter", "focal_point", "engineer", "coordinator", "director", "chairman", "office_staff", "admin"},
            "anyone in the province who can see the request", ""};
  }
  static bool Applies(State) { return true; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    if (!ticket_of(fsm).filed()) return false;
    // Comments are the province's words among its units: not the requester's, not the timers'.
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, !a.is_system() && !a.is_requester() && CanSee(a, ticket_of(fsm), settings_of(fsm)),
                       "only people of the province who can see the request comment on it");
  }
};

struct by_system_while_open {
  static GuardText Describe() { return {{"system"}, "the engine's timers", "any open state"}; }
  static bool Applies(State s) {
    return s != State::kGranted && s != State::kPartiallyGranted && s != State::kRefused && !IsTerminal(s);
  }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    const Ticket& ticket = ticket_of(fsm);
    return ticket.filed() && Applies(ticket.state) &&
           allow_actor(fsm, actor_of(fsm).is_system(), "only the engine's timers fire this");
  }
};

// ---------------------------------------------------------------------------------------
// Actions: what an event changes besides the state.

DataRequestFacts& facts(Context* ctx) {
  if (!ctx->next.request) ctx->next.request.emplace();
  return *ctx->next.request;
}

DataGrant GrantOf(const DecideCommand& e) {
  DataGrant g;
  g.outcome = e.outcome;
  g.datasets = e.datasets;
  g.conditions = e.conditions;
  g.valid_until = e.valid_until;
  g.reason = e.reason;
  g.document_number = e.document_number;
  g.document_date = e.document_date;
  return g;
}

// Records the command as the event will, with the field this state filled in.
template <class Fsm, class C>
void record_as(Fsm& fsm, C completed) {
  fsm.ctx->recorded = Command(std::move(completed));
}

struct file_request {
  template <class F, class S, class T>
  void operator()(const SubmitCommand& e, F& fsm, S&, T&) const {
    Ticket& t = fsm.ctx->next;
    const Actor& a = actor_of(fsm);
    t.workflow = kDataRequestWorkflowName;
    t.scope = e.scope;
    t.title = e.title;
    t.description = e.data_wanted;
    t.parties = e.owners;  // the owners see the request
    t.reporter = a.username;
    // A requester through the public page has no org: the request is addressed to DoICT,
    // which records it as received (Art. 13.1); a replay reads the same from the settings.
    t.reporter_org = a.org.empty() ? settings_of(fsm).doict_org : a.org;
    t.created_at = fsm.ctx->in->at;
    DataRequestFacts& f = facts(fsm.ctx);
    f = DataRequestFacts{};
    f.requester_name = e.requester_name;
    f.organisation = e.organisation;
    f.tax_code = e.tax_code;
    f.email = e.email;
    f.phone = e.phone;
    f.portal_reference = e.portal_reference;
    f.purpose = e.purpose;
    f.legal_basis = e.legal_basis;
    f.period_from = e.period_from;
    f.period_to = e.period_to;
    f.personal_data = e.personal_data;
    f.owners = e.owners;
  }
};

struct record_breach {
  template <class F, class S, class T>
  void operator()(const SlaBreachCommand& e, F& fsm, S&, T&) const {
    fsm.ctx->next.sla.breaches.push_back({e.clock, e.level, fsm.ctx->in->at});
  }
};

struct remember_resume_state {
  template <class E, class F, class S, class T>
  void operator()(const E&, F& fsm, S&, T&) const {
    fsm.ctx->next.resume_state = S::kState;
  }
};

struct forget_resume_state {
  template <class E, class F, class S, class T>
  void operator()(const E&, F& fsm, S&, T&) const {
    fsm.ctx->next.resume_state.reset();
  }
};

// consult: the units become parties (they see the request), with the due date.
struct record_consultation {
  template <class F, class S, class T>
  void operator()(const ConsultCommand& e, F& fsm, S&, T&) const {
    DataRequestFacts& f = facts(fsm.ctx);
    for (const std::string& unit : e.units) {
      AddOnce(f.consulted, unit);
      AddOnce(fsm.ctx->next.parties, unit);
    }
    f.opinions_due = e.due;
  }
};

// The unit an answer is for, as its guard found it (or as the event recorded it), recorded
// in the event; "" only for allowed_actions' probe, which builds no ticket.
template <class Fsm, class C, class Find>
std::string AnsweringUnit(Fsm& fsm, const C& e, Find find) {
  const Actor& a = actor_of(fsm);
  if (a.is_replay()) return RecordedUnit(e, a);
  const std::string* unit = find(a, facts_of(fsm), e.unit);
  if (!unit) return "";
  C completed = e;
  completed.unit = *unit;
  record_as(fsm, std::move(completed));
  return *unit;
}

struct record_opinion {
  template <class F, class S, class T>
  void operator()(const GiveOpinionCommand& e, F& fsm, S&, T&) const {
    const std::string unit = AnsweringUnit(fsm, e, PendingConsultedOf);
    if (!unit.empty()) AddOnce(facts(fsm.ctx).opinions_from, unit);
  }
};

struct record_agreement {
  template <class F, class S, class T>
  void operator()(const AgreeCommand& e, F& fsm, S&, T&) const {
    const std::string unit = AnsweringUnit(fsm, e, PendingOwnerOf);
    if (!unit.empty()) AddOnce(facts(fsm.ctx).agreed_by, unit);
  }
};

struct record_disagreement {
  template <class F, class S, class T>
  void operator()(const DisagreeCommand& e, F& fsm, S&, T&) const {
    const std::string unit = AnsweringUnit(fsm, e, PendingOwnerOf);
    if (!unit.empty()) AddOnce(facts(fsm.ctx).disagreed_by, unit);
  }
};

// The agreement is complete: the proposal is the decision.
struct adopt_proposal {
  template <class E, class F, class S, class T>
  void operator()(const E&, F& fsm, S&, T&) const {
    DataRequestFacts& f = facts(fsm.ctx);
    f.decision = f.proposal;
    f.proposal.reset();
  }
};
using agree_and_adopt = ActionSequence_<mpl::vector<record_agreement, adopt_proposal>>;

struct record_proposal {
  template <class F, class S, class T>
  void operator()(const DecideCommand& e, F& fsm, S&, T&) const {
    DataRequestFacts& f = facts(fsm.ctx);
    f.proposal = GrantOf(e);
    f.agreed_by.clear();
    f.disagreed_by.clear();
  }
};

struct record_decision {
  template <class F, class S, class T>
  void operator()(const DecideCommand& e, F& fsm, S&, T&) const {
    DataRequestFacts& f = facts(fsm.ctx);
    f.decision = GrantOf(e);
    f.proposal.reset();
    fsm.ctx->next.resume_state.reset();
  }
};

// The Chairman's decision names who signed it: the Chairman deciding, unless they name a
// Vice-Chairman who signed (the office always names the signer; its guard checks that).
struct record_signed_decision {
  template <class F, class S, class T>
  void operator()(const DecideCommand& e, F& fsm, S& s, T& t) const {
    record_decision{}(e, fsm, s, t);
    DataGrant& g = *facts(fsm.ctx).decision;
    if (actor_of(fsm).is_replay()) {  // as recorded: the live path always names the signer
      g.signer = e.signer;
      g.signed_as = e.signer ? std::optional<SignedAs>(e.signed_as.value_or(SignedAs::kChairman)) : std::nullopt;
      return;
    }
    DecideCommand completed = e;
    if (!completed.signer) completed.signer = actor_of(fsm).username;
    if (!completed.signed_as) completed.signed_as = SignedAs::kChairman;
    g.signer = completed.signer;
    g.signed_as = completed.signed_as;
    if (!(completed == e)) record_as(fsm, std::move(completed));
  }
};

// ---------------------------------------------------------------------------------------
// The machine.

using Submit = SubmitCommand;
using Screen = ScreenCommand;
using RequestInfo = RequestInfoCommand;
using ProvideInfo = ProvideInfoCommand;
using Consult = ConsultCommand;
using GiveOpinion = GiveOpinionCommand;
using Agree = AgreeCommand;
using Disagree = DisagreeCommand;
using Decide = DecideCommand;
using EscalateChairman = EscalateChairmanCommand;
using Withdraw = WithdrawCommand;
using Close = CloseCommand;
using Comment = CommentCommand;
using SlaBreach = SlaBreachCommand;

constexpr auto kGrant = DecisionOutcome::kGrant;
constexpr auto kPartial = DecisionOutcome::kPartial;
constexpr auto kRefuse = DecisionOutcome::kRefuse;
constexpr auto kProposal = DecisionKind::kProposal;

struct DataRequestMachineDef : msm::front::state_machine_def<DataRequestMachineDef> {
  Context* ctx = nullptr;
  using initial_state = NotFiled;

  // clang-format off
  struct transition_table : mpl::vector<
    //   Start              Event             Next               Action                 Guard
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< NotFiled         , Submit          , Submitted        , file_request         , by_doict_or_new_requester                    >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< Submitted        , Screen          , Screening        , none                 , by_doict_staff                               >,
    Row< Submitted        , Withdraw        , Withdrawn        , none                 , by_doict_or_requester                        >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< Screening        , RequestInfo     , WaitingRequester , remember_resume_state, by_doict_staff                               >,
    Row< Screening        , Consult         , Consulting       , record_consultation  , by_doict_staff                               >,
    Row< Screening        , Decide          , Granted          , record_decision      , by_doict_deciding<kGrant>                    >,
    Row< Screening        , Decide          , PartiallyGranted , record_decision      , by_doict_deciding<kPartial>                  >,
    Row< Screening        , Decide          , AwaitingAgreement, record_proposal      , by_doict_deciding<kGrant, kProposal>         >,
    Row< Screening        , Decide          , AwaitingAgreement, record_proposal      , by_doict_deciding<kPartial, kProposal>       >,
    Row< Screening        , Decide          , Refused          , record_decision      , by_doict_deciding<kRefuse>                   >,
    Row< Screening        , EscalateChairman, AwaitingChairman , none                 , by_doict_coordinator                         >,
    Row< Screening        , Withdraw        , Withdrawn        , none                 , by_doict_or_requester                        >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< WaitingRequester , ProvideInfo     , Screening        , forget_resume_state  , by_doict_or_requester_resuming<Screening>    >,
    Row< WaitingRequester , ProvideInfo     , Consulting       , forget_resume_state  , by_doict_or_requester_resuming<Consulting>   >,
    Row< WaitingRequester , Withdraw        , Withdrawn        , none                 , by_doict_or_requester                        >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< Consulting       , Consult         , Consulting       , record_consultation  , by_doict_staff                               >,
    Row< Consulting       , GiveOpinion     , Consulting       , record_opinion       , by_consulted_unit                            >,
    Row< Consulting       , RequestInfo     , WaitingRequester , remember_resume_state, by_doict_staff                               >,
    Row< Consulting       , Decide          , Granted          , record_decision      , by_doict_deciding<kGrant>                    >,
    Row< Consulting       , Decide          , PartiallyGranted , record_decision      , by_doict_deciding<kPartial>                  >,
    Row< Consulting       , Decide          , AwaitingAgreement, record_proposal      , by_doict_deciding<kGrant, kProposal>         >,
    Row< Consulting       , Decide          , AwaitingAgreement, record_proposal      , by_doict_deciding<kPartial, kProposal>       >,
    Row< Consulting       , Decide          , Refused          , record_decision      , by_doict_deciding<kRefuse>                   >,
    Row< Consulting       , EscalateChairman, AwaitingChairman , none                 , by_doict_coordinator                         >,
    Row< Consulting       , Withdraw        , Withdrawn        , none                 , by_doict_or_requester                        >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< AwaitingAgreement, Agree           , Granted          , agree_and_adopt      , by_last_owner_agreeing<kGrant>               >,
    Row< AwaitingAgreement, Agree           , PartiallyGranted , agree_and_adopt      , by_last_owner_agreeing<kPartial>             >,
    Row< AwaitingAgreement, Agree           , AwaitingAgreement, record_agreement     , by_owner_agreeing                            >,
    Row< AwaitingAgreement, Disagree        , AwaitingAgreement, record_disagreement  , by_owner_answering                           >,
    Row< AwaitingAgreement, Decide          , Refused          , record_decision      , by_doict_deciding<kRefuse>                   >,
    Row< AwaitingAgreement, EscalateChairman, AwaitingChairman , none                 , by_doict_coordinator                         >,
    Row< AwaitingAgreement, Withdraw        , Withdrawn        , none                 , by_doict_or_requester                        >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< AwaitingChairman , Decide          , Granted          , record_signed_decision, by_chairman_deciding<kGrant>                 >,
    Row< AwaitingChairman , Decide          , PartiallyGranted , record_signed_decision, by_chairman_deciding<kPartial>               >,
    Row< AwaitingChairman , Decide          , Refused          , record_signed_decision, by_chairman_deciding<kRefuse>                >,
    Row< AwaitingChairman , Withdraw        , Withdrawn        , none                 , by_doict_or_requester                        >,
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
    Row< Granted          , Close           , Closed           , none                 , by_doict_staff                               >,
    Row< PartiallyGranted , Close           , Closed           , none                 , by_doict_staff                               >,
    Row< Refused          , Close           , Closed           , none                 , by_doict_staff                               >
    //  +------------------+-----------------+------------------+----------------------+----------------------------------------------
  > {};

  // Events that keep the state, in any state the guard allows.
  struct internal_transition_table : mpl::vector<
    //        Event      Action          Guard
    Internal< Comment  , none          , by_viewer_any_state  >,
    Internal< SlaBreach, record_breach , by_system_while_open >
  > {};
  // clang-format on

  // Illegal events are refused, never ignored: the caller turns "not handled" into 409.
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {}
};

using DataRequestMachine = msm::back::state_machine<DataRequestMachineDef>;
using Stt = DataRequestMachine::stt;

const machine::StateIds<Stt, AllStates>& Ids() {
  static const machine::StateIds<Stt, AllStates> ids;
  return ids;
}

}  // namespace

Result<Decision> RunDataRequestMachine(const DataRequestInput& in) {
  Context ctx;
  ctx.in = &in;
  if (!in.check_only) ctx.next = in.current;  // a check writes into a blank ticket
  DataRequestMachine fsm;
  fsm.ctx = &ctx;
  auto state = machine::Fire(fsm, Ids(), in.current, in.command, kDataRequestWorkflowName);
  if (!state.ok()) return state.status();
  Decision decision;
  decision.next = std::move(ctx.next);
  decision.next.state = *state;
  decision.recorded = std::move(ctx.recorded);
  return decision;
}

WorkflowTable ExportDataRequestTable() {
  WorkflowTable table;
  table.name = kDataRequestWorkflowName;
  mpl::for_each<AllStates, msm::wrap<mpl::placeholders::_1>>([&](auto wrapped) {
    using S = typename Unwrap<decltype(wrapped)>::type;
    if (S::kState) table.states.push_back(*S::kState);
  });
  mpl::for_each<DataRequestMachineDef::transition_table, msm::wrap<mpl::placeholders::_1>>([&](auto wrapped) {
    using R = typename Unwrap<decltype(wrapped)>::type;
    machine::AppendTransition(table.transitions, TypeOf(typename R::Evt{}), R::Source::kState, R::Target::kState,
                              R::Guard::Describe());
  });
  mpl::for_each<DataRequestMachineDef::internal_transition_table, msm::wrap<mpl::placeholders::_1>>(
      [&](auto wrapped) {
        using R = typename Unwrap<decltype(wrapped)>::type;
        using G = typename R::Guard;
        for (State s : table.states)
          if (G::Applies(s))
            machine::AppendTransition(table.transitions, TypeOf(typename R::Evt{}), s, std::nullopt, G::Describe());
      });
  return table;
}

}  // namespace incidents::workflows::detail
