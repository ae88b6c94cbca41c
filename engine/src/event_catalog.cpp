#include "incidents/engine/event_catalog.h"

#include <stdexcept>

namespace incidents::engine {

WorkflowCatalog::WorkflowCatalog(std::string workflow, const std::vector<EventRow>& events,
                                 std::map<State, Labels> states, std::map<Category, Labels> categories,
                                 std::map<Priority, Labels> priorities)
    : workflow_(std::move(workflow)),
      index_(kAllEventTypes.size(), -1),
      states_(std::move(states)),
      categories_(std::move(categories)),
      priorities_(std::move(priorities)) {
  for (const EventRow& row : events) {
    int& at = index_[static_cast<std::size_t>(row.type)];
    if (at >= 0) throw std::logic_error("workflow catalog: two rows for event " + std::string(ToString(row.type)));
    EventSpec spec;
    spec.type = row.type;
    spec.name = {row.name_vi, row.name_en};
    spec.message_field = row.message_field;
    spec.fields = PayloadFields(row.type);
    bool named = spec.message_field.empty();
    for (const FieldSpec& f : spec.fields) named = named || f.name == spec.message_field;
    if (!named)
      throw std::logic_error("workflow catalog: event " + std::string(ToString(row.type)) + " has no field '" +
                             spec.message_field + "'");
    at = static_cast<int>(events_.size());
    events_.push_back(std::move(spec));
  }
}

const EventSpec& WorkflowCatalog::Event(EventType type) const {
  const int at = index_.at(static_cast<std::size_t>(type));
  if (at < 0) throw std::out_of_range("workflow " + workflow_ + " has no event " + std::string(ToString(type)));
  return events_[static_cast<std::size_t>(at)];
}

}  // namespace incidents::engine
