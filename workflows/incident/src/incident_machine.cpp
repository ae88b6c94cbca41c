// The incident workflow of spec/WORKFLOW.md as a Boost.MSM functor front-end machine.
// The transition table below IS the contract: the exported table (GET
// /api/v1/workflows/incident) is read from these rows, and every decision runs them.
//
// A machine instance lives for one decision: it is restored to the ticket's state, fed
// one command (the engine's command structs are the MSM events), and read back. Guards
// that check the actor record a denial so that a refused actor (403) is told apart from
// a state that has no such transition (409).
//
// Some rows exist only under a setting (workflow_settings.h): director sign-off adds the
// state awaiting_director and its rows, chairman_may_return adds return_to_doict. The
// machine always has them, so that a history recorded under other settings replays; the
// guards refuse them to live actors when the setting is off, and the exported table
// leaves them out.

#include "incident_machine.h"

#include <array>
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

#include "incident_catalog.h"
#include "incidents/engine/access.h"
#include "incidents/workflows/incident_workflow.h"
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

// ---------------------------------------------------------------------------------------
// The per-decision context the guards and actions see.

struct Context {
  const MachineInput* in = nullptr;
  Ticket next;
  machine::Refusal refusal;
};

// ---------------------------------------------------------------------------------------
// States. NotFiled is the pseudo-state before `report`; it is not exported.

template <State S>
using TicketState = machine::CaseState<S>;
struct Reported : TicketState<State::kReported> {};
struct Triage : TicketState<State::kTriage> {};
struct DoictFixing : TicketState<State::kDoictFixing> {};
struct PartyFixing : TicketState<State::kPartyFixing> {};
struct WaitingReporter : TicketState<State::kWaitingReporter> {};
struct AwaitingMinistry : TicketState<State::kAwaitingMinistry> {};
struct AwaitingDirector : TicketState<State::kAwaitingDirector> {};
struct AwaitingChairman : TicketState<State::kAwaitingChairman> {};
struct Resolved : TicketState<State::kResolved> {};
struct Closed : TicketState<State::kClosed> {};
struct Rejected : TicketState<State::kRejected> {};

using AllStates = mpl::vector<NotFiled, Reported, Triage, DoictFixing, PartyFixing, WaitingReporter,
                              AwaitingMinistry, AwaitingDirector, AwaitingChairman, Resolved, Closed, Rejected>;

// awaiting_director exists only with director sign-off.
bool StateExported(std::optional<State> s, const WorkflowSettings& settings) {
  return !s || *s != State::kAwaitingDirector || settings.escalation_signoff == EscalationSignoff::kDirector;
}

// ---------------------------------------------------------------------------------------
// Guards. Each names who may fire the row (exported as `actors` and `actor_rule`) and,
// where the row is one of several for the same event, the condition that picks it.
// Describe may take the settings; a guard with Exported(settings) leaves the table when
// that says false.

template <class Fsm>
const Actor& actor_of(Fsm& fsm) { return fsm.ctx->in->actor; }
template <class Fsm>
const Ticket& ticket_of(Fsm& fsm) { return fsm.ctx->in->current; }
template <class Fsm>
const WorkflowSettings& settings_of(Fsm& fsm) { return fsm.ctx->in->settings; }

// Records why an actor guard said no; a later row that accepts wins anyway.
template <class Fsm>
bool allow_actor(Fsm& fsm, bool allowed, const char* who) {
  if (allowed || actor_of(fsm).is_replay()) return true;
  fsm.ctx->refusal.Record(machine::Refusal::Kind::kForbidden, who);
  return false;
}

// A replay cannot ask who the actor was or what the settings were when a row was picked
// by them: it takes the row that leads where the event recorded (Actor::recorded_to).
template <class Fsm>
bool replays_to(Fsm& fsm, State target) {
  const auto& recorded = actor_of(fsm).recorded_to;
  return !recorded || *recorded == target;
}

struct by_agency_user {  // report: a reporter or focal point files for their own org
  static GuardText Describe() { return {{"reporter", "focal_point"}, "their own org reports", ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    return allow_actor(fsm, CanReport(actor_of(fsm)), "only a reporter or focal point of an agency files tickets");
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

struct by_reporter_org {
  static GuardText Describe() { return {{"reporter", "focal_point"}, "reporter org", ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    return allow_actor(fsm, IsOfReporterOrg(actor_of(fsm), ticket_of(fsm)),
                       "only the reporting org may do this");
  }
};

// provide_info goes back to the state request_info left.
template <class Back>
struct by_reporter_org_resuming {
  static GuardText Describe() {
    return {{"reporter", "focal_point"}, "reporter org", "request_info was sent in " + std::string(ToString(*Back::kState))};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E& e, F& fsm, S& s, T& t) const {
    return by_reporter_org{}(e, fsm, s, t) && ticket_of(fsm).resume_state == Back::kState;
  }
};

struct by_reporter_org_within_reopen_window {
  static GuardText Describe() {
    return {{"reporter", "focal_point"}, "reporter org", "at most reopen_window (30 days) after it was resolved"};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E& e, F& fsm, S& s, T& t) const {
    if (!by_reporter_org{}(e, fsm, s, t)) return false;
    const Ticket& ticket = ticket_of(fsm);
    const bool open = ticket.resolved_at && fsm.ctx->in->at <= *ticket.resolved_at + settings_of(fsm).reopen_window;
    if (!open)
      fsm.ctx->refusal.Record(machine::Refusal::Kind::kWindowClosed,
                              "the reopen window has passed: a ticket can be reopened at most 30 days after it was "
                              "resolved");
    return open;
  }
};

// The Chairman or a Vice-Chairman records what they signed; the Chairman's office records
// it for them (the payload names the signer and the document: TicketService checks it).
template <bool kRequiresAction>
struct by_chairman_deciding {
  static GuardText Describe() {
    return {{"chairman", "office_staff"}, "the Chairman, or the Chairman's office for the signer",
            kRequiresAction ? "requires_action is true" : "requires_action is false"};
  }
  template <class F, class S, class T>
  bool operator()(const RecordChairmanDecisionCommand& e, F& fsm, S&, T&) const {
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, IsChairman(a, settings_of(fsm)) || IsChairmanOfficeStaff(a, settings_of(fsm)),
                       "only the Chairman or the Chairman's office records the Chairman's decisions") &&
           e.requires_action == kRequiresAction;
  }
};

// ---------------------------------------------------------------------------------------
// The escalation to the Chairman (issue 12.3): with director sign-off, a coordinator's
// escalation waits for DoICT's director; a director's goes straight on.

constexpr char kWhoEscalates[] = "only a DoICT coordinator or director may escalate to the Chairman";

struct by_escalating_directly {
  static GuardText Describe(const WorkflowSettings& s) {
    if (s.escalation_signoff == EscalationSignoff::kDirector)
      return {{"director"}, "DoICT leadership", "the actor is a director: they sign off as they escalate"};
    return {{"coordinator"}, "DoICT", ""};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    if (actor_of(fsm).is_replay()) return replays_to(fsm, State::kAwaitingChairman);
    const Actor& a = actor_of(fsm);
    const WorkflowSettings& settings = settings_of(fsm);
    if (settings.escalation_signoff == EscalationSignoff::kDirector)
      return allow_actor(fsm, IsDoictDirector(a, settings), kWhoEscalates);
    return allow_actor(fsm, IsDoictCoordinator(a, settings), "only a DoICT coordinator may do this");
  }
};

struct by_escalating_for_signoff {
  static GuardText Describe() {
    return {{"coordinator"}, "DoICT", "escalation_signoff is director and the actor is not a director"};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    if (actor_of(fsm).is_replay()) return replays_to(fsm, State::kAwaitingDirector);
    const Actor& a = actor_of(fsm);
    const WorkflowSettings& settings = settings_of(fsm);
    if (settings.escalation_signoff != EscalationSignoff::kDirector || IsDoictDirector(a, settings)) return false;
    return allow_actor(fsm, IsDoictCoordinator(a, settings), kWhoEscalates);
  }
};

struct by_doict_director {
  static GuardText Describe() { return {{"director"}, "DoICT leadership", ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    return allow_actor(fsm, IsDoictDirector(actor_of(fsm), settings_of(fsm)),
                       "only DoICT's director signs off an escalation");
  }
};

// Where a returned escalation goes: the state it was escalated from (resume_state), or
// doict_fixing when that was not recorded (escalations made before it was).
bool IsEscalationSource(std::optional<State> s) {
  return s == State::kTriage || s == State::kDoictFixing || s == State::kPartyFixing || s == State::kAwaitingMinistry;
}
template <class Back>
bool ReturnsTo(const Ticket& t) {
  if (t.resume_state == Back::kState) return true;
  return Back::kState == State::kDoictFixing && !IsEscalationSource(t.resume_state);
}
template <class Back>
std::string ReturnCondition() {
  std::string c = "escalated from " + std::string(ToString(*Back::kState));
  if (Back::kState == State::kDoictFixing) c += ", or from a state not recorded";
  return c;
}

template <class Back>
struct by_director_returning {
  static GuardText Describe() { return {{"director"}, "DoICT leadership", ReturnCondition<Back>()}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    if (actor_of(fsm).is_replay()) return replays_to(fsm, *Back::kState);
    return allow_actor(fsm, IsDoictDirector(actor_of(fsm), settings_of(fsm)),
                       "only DoICT's director sends an escalation back") &&
           ReturnsTo<Back>(ticket_of(fsm));
  }
};

template <class Back>
struct by_chairman_returning {
  static bool Exported(const WorkflowSettings& s) { return s.chairman_may_return; }
  static GuardText Describe() {
    return {{"chairman", "office_staff"}, "the Chairman, or the Chairman's office", ReturnCondition<Back>()};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    if (actor_of(fsm).is_replay()) return replays_to(fsm, *Back::kState);
    const Actor& a = actor_of(fsm);
    const WorkflowSettings& settings = settings_of(fsm);
    if (!settings.chairman_may_return) return false;  // no such transition: 409
    return allow_actor(fsm, IsChairman(a, settings) || IsChairmanOfficeStaff(a, settings),
                       "only the Chairman or the Chairman's office sends an escalation back to DoICT") &&
           ReturnsTo<Back>(ticket_of(fsm));
  }
};

struct by_doict_staff_or_party_focal_point {
  static GuardText Describe() {
    return {{"engineer", "coordinator", "focal_point"}, "DoICT, or a party org's focal point", ""};
  }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, IsDoictStaff(a, settings_of(fsm)) || IsPartyFocalPoint(a, ticket_of(fsm)),
                       "only DoICT or the focal point of a party org may resolve this");
  }
};

struct by_system {
  static GuardText Describe() { return {{"system"}, "the engine's timers", ""}; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, a.is_system(), "only the engine's timers fire this");
  }
};

// Internal (state-preserving) rows at machine level apply in every state; these guards
// also say in which states (exported as `from`).
struct by_viewer_any_state {
  static GuardText Describe() {
    return {{"reporter", "focal_point", "engineer", "coordinator", "director", "chairman", "office_staff", "admin"},
            "anyone who can see the ticket", ""};
  }
  static bool Applies(State) { return true; }
  template <class E, class F, class S, class T>
  bool operator()(const E&, F& fsm, S&, T&) const {
    if (!ticket_of(fsm).filed()) return false;
    // Comments are people's words: the engine's timers record breaches, not comments.
    const Actor& a = actor_of(fsm);
    return allow_actor(fsm, !a.is_system() && CanSee(a, ticket_of(fsm), settings_of(fsm)),
                       "only people who can see the ticket comment on it");
  }
};

struct by_system_while_open {
  static GuardText Describe() { return {{"system"}, "the engine's timers", "any open state"}; }
  static bool Applies(State s) { return !IsTerminal(s); }
  template <class E, class F, class S, class T>
  bool operator()(const E& e, F& fsm, S& s, T& t) const {
    const Ticket& ticket = ticket_of(fsm);
    return ticket.filed() && Applies(ticket.state) && by_system{}(e, fsm, s, t);
  }
};

// ---------------------------------------------------------------------------------------
// Actions: what an event changes besides the state.

struct file_report {
  template <class F, class S, class T>
  void operator()(const ReportCommand& e, F& fsm, S&, T&) const {
    Ticket& t = fsm.ctx->next;
    const Actor& a = actor_of(fsm);
    t.category = e.category;
    t.priority = e.priority;
    t.scope = e.scope;
    t.title = e.title;
    t.description = e.description;
    t.service = e.service;
    t.parties = e.parties;
    t.reporter = a.username;
    t.reporter_org = a.org;
    t.created_at = fsm.ctx->in->at;
  }
};

struct record_assignee {
  template <class F, class S, class T>
  void operator()(const AssignDoictCommand& e, F& fsm, S&, T&) const {
    fsm.ctx->next.assignee = e.assignee.value_or(actor_of(fsm).username);
  }
};

struct add_party {
  template <class F, class S, class T>
  void operator()(const RequestPartyFixCommand& e, F& fsm, S&, T&) const {
    Ticket& t = fsm.ctx->next;
    if (!t.HasParty(e.party)) t.parties.push_back(e.party);
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

struct record_resolution_time {
  template <class E, class F, class S, class T>
  void operator()(const E&, F& fsm, S&, T&) const {
    fsm.ctx->next.resolved_at = fsm.ctx->in->at;
  }
};

struct forget_resolution_time {
  template <class E, class F, class S, class T>
  void operator()(const E&, F& fsm, S&, T&) const {
    fsm.ctx->next.resolved_at.reset();
  }
};

// record_chairman_decision ending in resolved: the escalation is over, and so is the fix.
using decide_and_resolve = ActionSequence_<mpl::vector<forget_resume_state, record_resolution_time>>;

struct record_breach {
  template <class F, class S, class T>
  void operator()(const SlaBreachCommand& e, F& fsm, S&, T&) const {
    fsm.ctx->next.sla.breaches.push_back({e.clock, e.level, fsm.ctx->in->at});
  }
};

// ---------------------------------------------------------------------------------------
// The machine.

using Report = ReportCommand;
using Acknowledge = AcknowledgeCommand;
using AssignDoict = AssignDoictCommand;
using RequestPartyFix = RequestPartyFixCommand;
using RequestInfo = RequestInfoCommand;
using ProvideInfo = ProvideInfoCommand;
using ReferMinistry = ReferMinistryCommand;
using RecordMinistryConclusion = RecordMinistryConclusionCommand;
using EscalateChairman = EscalateChairmanCommand;
using ApproveEscalation = ApproveEscalationCommand;
using ReturnEscalation = ReturnEscalationCommand;
using RecordChairmanDecision = RecordChairmanDecisionCommand;
using ReturnToDoict = ReturnToDoictCommand;
using Resolve = ResolveCommand;
using Confirm = ConfirmCommand;
using Reopen = ReopenCommand;
using Reject = RejectCommand;
using Comment = CommentCommand;
using SlaBreach = SlaBreachCommand;
using AutoClose = AutoCloseCommand;

struct IncidentMachineDef : msm::front::state_machine_def<IncidentMachineDef> {
  Context* ctx = nullptr;
  using initial_state = NotFiled;

  // clang-format off
  struct transition_table : mpl::vector<
    //   Start              Event                     Next               Action                  Guard
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< NotFiled         , Report                  , Reported         , file_report           , by_agency_user                           >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< Reported         , Acknowledge             , Triage           , none                  , by_doict_staff                           >,
    Row< Reported         , Reject                  , Rejected         , none                  , by_doict_coordinator                     >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< Triage           , AssignDoict             , DoictFixing      , record_assignee       , by_doict_staff                           >,
    Row< Triage           , RequestPartyFix         , PartyFixing      , add_party             , by_doict_staff                           >,
    Row< Triage           , RequestInfo             , WaitingReporter  , remember_resume_state , by_doict_staff                           >,
    Row< Triage           , ReferMinistry           , AwaitingMinistry , none                  , by_doict_coordinator                     >,
    Row< Triage           , EscalateChairman        , AwaitingChairman , remember_resume_state , by_escalating_directly                   >,
    Row< Triage           , EscalateChairman        , AwaitingDirector , remember_resume_state , by_escalating_for_signoff                >,
    Row< Triage           , Reject                  , Rejected         , none                  , by_doict_coordinator                     >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< DoictFixing      , RequestPartyFix         , PartyFixing      , add_party             , by_doict_staff                           >,
    Row< DoictFixing      , RequestInfo             , WaitingReporter  , remember_resume_state , by_doict_staff                           >,
    Row< DoictFixing      , ReferMinistry           , AwaitingMinistry , none                  , by_doict_coordinator                     >,
    Row< DoictFixing      , EscalateChairman        , AwaitingChairman , remember_resume_state , by_escalating_directly                   >,
    Row< DoictFixing      , EscalateChairman        , AwaitingDirector , remember_resume_state , by_escalating_for_signoff                >,
    Row< DoictFixing      , Resolve                 , Resolved         , record_resolution_time, by_doict_staff                           >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< PartyFixing      , RequestInfo             , WaitingReporter  , remember_resume_state , by_doict_staff                           >,
    Row< PartyFixing      , ReferMinistry           , AwaitingMinistry , none                  , by_doict_coordinator                     >,
    Row< PartyFixing      , EscalateChairman        , AwaitingChairman , remember_resume_state , by_escalating_directly                   >,
    Row< PartyFixing      , EscalateChairman        , AwaitingDirector , remember_resume_state , by_escalating_for_signoff                >,
    Row< PartyFixing      , Resolve                 , Resolved         , record_resolution_time, by_doict_staff_or_party_focal_point      >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< WaitingReporter  , ProvideInfo             , Triage           , forget_resume_state   , by_reporter_org_resuming<Triage>         >,
    Row< WaitingReporter  , ProvideInfo             , DoictFixing      , forget_resume_state   , by_reporter_org_resuming<DoictFixing>    >,
    Row< WaitingReporter  , ProvideInfo             , PartyFixing      , forget_resume_state   , by_reporter_org_resuming<PartyFixing>    >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< AwaitingMinistry , RecordMinistryConclusion, PartyFixing      , none                  , by_doict_coordinator                     >,
    Row< AwaitingMinistry , EscalateChairman        , AwaitingChairman , remember_resume_state , by_escalating_directly                   >,
    Row< AwaitingMinistry , EscalateChairman        , AwaitingDirector , remember_resume_state , by_escalating_for_signoff                >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< AwaitingDirector , ApproveEscalation       , AwaitingChairman , none                  , by_doict_director                        >,
    Row< AwaitingDirector , ReturnEscalation        , Triage           , forget_resume_state   , by_director_returning<Triage>            >,
    Row< AwaitingDirector , ReturnEscalation        , DoictFixing      , forget_resume_state   , by_director_returning<DoictFixing>       >,
    Row< AwaitingDirector , ReturnEscalation        , PartyFixing      , forget_resume_state   , by_director_returning<PartyFixing>       >,
    Row< AwaitingDirector , ReturnEscalation        , AwaitingMinistry , forget_resume_state   , by_director_returning<AwaitingMinistry>  >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< AwaitingChairman , RecordChairmanDecision  , PartyFixing      , forget_resume_state   , by_chairman_deciding<true>               >,
    Row< AwaitingChairman , RecordChairmanDecision  , Resolved         , decide_and_resolve    , by_chairman_deciding<false>              >,
    Row< AwaitingChairman , ReturnToDoict           , Triage           , forget_resume_state   , by_chairman_returning<Triage>            >,
    Row< AwaitingChairman , ReturnToDoict           , DoictFixing      , forget_resume_state   , by_chairman_returning<DoictFixing>       >,
    Row< AwaitingChairman , ReturnToDoict           , PartyFixing      , forget_resume_state   , by_chairman_returning<PartyFixing>       >,
    Row< AwaitingChairman , ReturnToDoict           , AwaitingMinistry , forget_resume_state   , by_chairman_returning<AwaitingMinistry>  >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< Resolved         , Confirm                 , Closed           , none                  , by_reporter_org                          >,
    Row< Resolved         , Reopen                  , Triage           , forget_resolution_time, by_reporter_org_within_reopen_window     >,
    Row< Resolved         , AutoClose               , Closed           , none                  , by_system                                >,
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
    Row< Closed           , Reopen                  , Triage           , forget_resolution_time, by_reporter_org_within_reopen_window     >
    //  +------------------+-------------------------+------------------+-----------------------+------------------------------------------
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

using IncidentMachine = msm::back::state_machine<IncidentMachineDef>;
using Stt = IncidentMachine::stt;

const machine::StateIds<Stt, AllStates>& Ids() {
  static const machine::StateIds<Stt, AllStates> ids;
  return ids;
}

}  // namespace

Result<Decision> RunIncidentMachine(const MachineInput& in) {
  Context ctx;
  ctx.in = &in;
  // A check only asks whether the row fires: its actions then write into a blank ticket
  // instead of a copy of the current one.
  if (!in.check_only) ctx.next = in.current;
  IncidentMachine fsm;
  fsm.ctx = &ctx;
  auto state = machine::Fire(fsm, Ids(), in.current, in.command, kIncidentWorkflowName);
  if (!state.ok()) return state.status();
  Decision decision;
  decision.next = std::move(ctx.next);
  decision.next.state = *state;
  return decision;
}

namespace {

// Guard::Describe(settings) where a guard has it, else Guard::Describe().
template <class G, class = void>
struct DescribedBySettings : std::false_type {};
template <class G>
struct DescribedBySettings<G, std::void_t<decltype(G::Describe(std::declval<const WorkflowSettings&>()))>>
    : std::true_type {};
template <class G>
GuardText DescribeGuard(const WorkflowSettings& settings) {
  if constexpr (DescribedBySettings<G>::value) return G::Describe(settings);
  else return G::Describe();
}

// Guard::Exported(settings) where a guard has it, else true.
template <class G, class = void>
struct HasExported : std::false_type {};
template <class G>
struct HasExported<G, std::void_t<decltype(G::Exported(std::declval<const WorkflowSettings&>()))>>
    : std::true_type {};
template <class G>
bool GuardExported(const WorkflowSettings& settings) {
  if constexpr (HasExported<G>::value) return G::Exported(settings);
  else return true;
}

template <class Guard>
void AppendTransition(std::vector<TransitionSpec>& out, const WorkflowSettings& settings, EventType event,
                      std::optional<State> from, std::optional<State> to) {
  machine::AppendTransition(out, event, from, to, DescribeGuard<Guard>(settings));
}

}  // namespace

WorkflowTable ExportIncidentTable(const WorkflowSettings& settings) {
  WorkflowTable table;
  table.name = kIncidentWorkflowName;
  for (State s : kIncidentStates)
    if (StateExported(s, settings)) table.states.push_back(s);
  mpl::for_each<IncidentMachineDef::transition_table, msm::wrap<mpl::placeholders::_1>>([&](auto wrapped) {
    using R = typename Unwrap<decltype(wrapped)>::type;
    if (!StateExported(R::Source::kState, settings) || !StateExported(R::Target::kState, settings) ||
        !GuardExported<typename R::Guard>(settings))
      return;
    AppendTransition<typename R::Guard>(table.transitions, settings, TypeOf(typename R::Evt{}), R::Source::kState,
                                        R::Target::kState);
  });
  mpl::for_each<IncidentMachineDef::internal_transition_table, msm::wrap<mpl::placeholders::_1>>(
      [&](auto wrapped) {
        using R = typename Unwrap<decltype(wrapped)>::type;
        using G = typename R::Guard;
        for (State s : kIncidentStates)
          if (G::Applies(s) && StateExported(s, settings))
            AppendTransition<G>(table.transitions, settings, TypeOf(typename R::Evt{}), s, std::nullopt);
      });
  return table;
}

}  // namespace incidents::workflows::detail
