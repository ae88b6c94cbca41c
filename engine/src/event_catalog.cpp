#include "incidents/engine/event_catalog.h"

#include <stdexcept>

namespace incidents::engine {
namespace {

template <class E, std::size_t N>
void RequireAll(const std::map<E, Labels>& labels, const std::array<E, N>& all, const char* what) {
  for (E e : all)
    if (!labels.count(e)) throw std::logic_error(std::string("workflow catalog: no labels for ") + what + " " +
                                                 std::string(ToString(e)));
}

}  // namespace

WorkflowCatalog::WorkflowCatalog(std::string workflow, const std::vector<EventRow>& events,
                                 std::map<State, Labels> states, std::map<Category, Labels> categories,
                                 std::map<Priority, Labels> priorities)
    : workflow_(std::move(workflow)),
      states_(std::move(states)),
      categories_(std::move(categories)),
      priorities_(std::move(priorities)) {
  events_.resize(kAllEventTypes.size());
  std::vector<bool> seen(kAllEventTypes.size(), false);
  for (const EventRow& row : events) {
    const auto i = static_cast<std::size_t>(row.type);
    EventSpec& spec = events_[i];
    spec.type = row.type;
    spec.name = {row.name_vi, row.name_en};
    spec.message_field = row.message_field;
    spec.fields = PayloadFields(row.type);
    bool named = spec.message_field.empty();
    for (const FieldSpec& f : spec.fields) named = named || f.name == spec.message_field;
    if (!named)
      throw std::logic_error("workflow catalog: event " + std::string(ToString(row.type)) + " has no field '" +
                             spec.message_field + "'");
    seen[i] = true;
  }
  for (EventType e : kAllEventTypes)
    if (!seen[static_cast<std::size_t>(e)])
      throw std::logic_error("workflow catalog: no row for event " + std::string(ToString(e)));
  RequireAll(states_, kAllStates, "state");
  RequireAll(categories_, kAllCategories, "category");
  RequireAll(priorities_, kAllPriorities, "priority");
}

const EventSpec& WorkflowCatalog::Event(EventType type) const { return events_.at(static_cast<std::size_t>(type)); }

}  // namespace incidents::engine
