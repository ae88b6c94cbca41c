#pragma once
// What every workflow's Boost.MSM machine needs around its own table, written once: the
// states that name an engine State, MSM's state numbering mapped to and from State,
// restoring a persisted state and firing one event (Fire, with the Refusal its guards
// recorded), and exporting the rows of the table as TransitionSpecs (with each guard's
// Describe() text).
//
// Header-only and C++17 (the MSM translation units are compiled as C++17: see
// workflows/incident/CMakeLists.txt); included only by the machine TUs, which pay MSM's
// compile cost anyway.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/mpl/for_each.hpp>
#include <boost/mpl/size.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "incidents/engine/command.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/status.h"
#include "incidents/engine/workflow.h"

namespace incidents::workflows::machine {

// mpl::for_each hands over msm::wrap<T>, which names no T: recover it.
template <class W>
struct Unwrap;
template <class T>
struct Unwrap<boost::msm::wrap<T>> {
  using type = T;
};

// A state of the machine that is an engine State.
template <engine::State S>
struct CaseState : boost::msm::front::state<> {
  static constexpr std::optional<engine::State> kState = S;
};
// The pseudo-state before a ticket's first event; not exported.
struct NotFiled : boost::msm::front::state<> {
  static constexpr std::optional<engine::State> kState = std::nullopt;
};

// Who may fire a row and, where several rows share an event, the condition that picks it:
// what a guard's Describe() returns, exported as `actors`, `actor_rule` and `condition`.
struct GuardText {
  std::vector<std::string> actors;
  std::string rule;
  std::string condition;
};

// MSM numbers states by their first appearance in the table, not by declaration: the
// id <-> State maps from MSM's own numbering. `Stt` is the back-end's stt, `AllStates` an
// mpl sequence of every state type (NotFiled included). Built once, then immutable.
template <class Stt, class AllStates>
class StateIds {
 public:
  StateIds() {
    id_of_state_.fill(-1);  // another workflow's states
    boost::mpl::for_each<AllStates, boost::msm::wrap<boost::mpl::placeholders::_1>>([this](auto wrapped) {
      using S = typename Unwrap<decltype(wrapped)>::type;
      const int id = boost::msm::back::get_state_id<Stt, S>::value;
      state_of_id_[static_cast<std::size_t>(id)] = S::kState;
      if (S::kState) id_of_state_[static_cast<std::size_t>(*S::kState)] = id;
    });
  }
  // -1 when the machine has no such state.
  int IdOf(engine::State s) const { return id_of_state_[static_cast<std::size_t>(s)]; }
  std::optional<engine::State> StateOf(int id) const { return state_of_id_[static_cast<std::size_t>(id)]; }

 private:
  std::array<std::optional<engine::State>, boost::mpl::size<AllStates>::value> state_of_id_{};
  std::array<int, engine::kAllStates.size()> id_of_state_{};
};

// Puts a started machine into a persisted state's id. MSM offers no setter for the active
// state; current_state() points at the machine's own (non-const) state array, so
// restoring through it is sound.
template <class Machine>
void RestoreState(Machine& machine, int id) {
  const_cast<int*>(machine.current_state())[0] = id;
}

// Why no row of the table took an event, as its guards found it; the first refusal recorded
// stands (a later row that accepts the event wins anyway). A guard records one only for a
// live actor, never for a replay.
class Refusal {
 public:
  enum class Kind {
    kNone,
    kForbidden,     // an actor rule said no: 403
    kWindowClosed,  // the actor may, but a time window has passed: 409 with the reason
    kInvalidValue,  // a value the caller gave that this state cannot take: 422
  };
  void Record(Kind kind, std::string detail) {
    if (kind_ != Kind::kNone) return;
    kind_ = kind;
    detail_ = std::move(detail);
  }
  // The answer when no row took `event` in `state` (none: not filed yet).
  engine::Status ToStatus(engine::EventType event, std::optional<engine::State> state) const {
    const std::string what(engine::ToString(event));
    switch (kind_) {
      case Kind::kForbidden: return engine::Status::Forbidden(what + ": " + detail_);
      case Kind::kWindowClosed: return engine::Status::IllegalTransition(what + ": " + detail_);
      case Kind::kInvalidValue: return engine::Status::InvalidValue(detail_);
      case Kind::kNone: break;
    }
    return engine::Status::IllegalTransition(what + " is not allowed in state " +
                                             (state ? std::string(engine::ToString(*state)) : "not filed"));
  }

 private:
  Kind kind_ = Kind::kNone;
  std::string detail_;
};

// Restores a started `machine` to `current`'s state, fires `command`, and answers the state
// the machine ended in, or, when no row took it, the refusal its guards recorded in
// machine.ctx->refusal. `workflow` names the machine in the errors.
template <class Machine, class Ids>
engine::Result<engine::State> Fire(Machine& machine, const Ids& ids, const engine::Ticket& current,
                                   const engine::Command& command, std::string_view workflow) {
  machine.start();
  if (current.filed()) {
    const int id = ids.IdOf(current.state);
    if (id < 0)
      return engine::Status::IllegalTransition("the " + std::string(workflow) + " workflow has no state " +
                                               std::string(engine::ToString(current.state)));
    RestoreState(machine, id);
  }
  const auto handled = std::visit([&](const auto& event) { return machine.process_event(event); }, command);
  if (handled != boost::msm::back::HANDLED_TRUE)
    return machine.ctx->refusal.ToStatus(engine::TypeOf(command),
                                         current.filed() ? std::optional<engine::State>(current.state) : std::nullopt);
  const auto state = ids.StateOf(machine.current_state()[0]);
  if (!state) return engine::Status::Internal("the " + std::string(workflow) + " machine ended in no state");
  return *state;
}

// Adds one row to an exported table: rows of the same event, target, actors and condition
// are one transition with several sources.
inline void AppendTransition(std::vector<engine::TransitionSpec>& out, engine::EventType event,
                             std::optional<engine::State> from, std::optional<engine::State> to,
                             const GuardText& g) {
  for (auto& t : out) {
    if (t.event == event && t.to == to && t.actors == g.actors && t.condition == g.condition) {
      if (from) t.from.push_back(*from);
      return;
    }
  }
  engine::TransitionSpec t{event, {}, to, g.actors, g.rule, g.condition};
  if (from) t.from.push_back(*from);
  out.push_back(std::move(t));
}

}  // namespace incidents::workflows::machine
