#pragma once
// WorkflowCatalog: what a workflow says about its vocabulary to people, one row per
// event, state, category and priority: the Vietnamese and English names, and for an
// event its payload fields (read from the command struct, command.h). The articles an
// event cites are the regulation's (regulation.h), not the catalog's. The engine carries no such text
// itself; a concrete workflow (workflows/incident) fills the catalog, and the HTTP API,
// the notifications and the admin CLI read it from there.
//
// Immutable after construction; thread-safe. C++17-valid (included by the MSM TU).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/command.h"
#include "incidents/engine/domain.h"

namespace incidents::engine {

struct Labels {
  std::string vi;
  std::string en;
  // The label in `locale` ("en" gives English, anything else Vietnamese).
  const std::string& In(std::string_view locale) const { return locale == "en" ? en : vi; }
};

struct EventSpec {
  EventType type = EventType::kComment;
  Labels name;
  // The payload field whose text a message quotes as the event's main text; empty when
  // the event has none (the notifications describe sla_breach and assign_doict).
  std::string message_field;
  std::vector<FieldSpec> fields;  // PayloadFields(type)
};

// One row of the catalog as a workflow writes it; the fields come from the command.
struct EventRow {
  EventType type;
  const char* name_vi;
  const char* name_en;
  const char* message_field;
};

class WorkflowCatalog {
 public:
  WorkflowCatalog() = default;
  // The rows of one workflow: its events (in the order given), its states, and the
  // categories and priorities its tickets have (a data-sharing request has no category).
  // A row naming a field the event does not have, or an event twice, is a programming
  // error and throws std::logic_error at start; so does Workflow's check
  // (RequireCatalogCovers) that every event and state of its table has a row.
  WorkflowCatalog(std::string workflow, const std::vector<EventRow>& events, std::map<State, Labels> states,
                  std::map<Category, Labels> categories, std::map<Priority, Labels> priorities);

  const std::string& workflow() const { return workflow_; }
  bool Has(EventType type) const { return index_.at(static_cast<std::size_t>(type)) >= 0; }
  bool Has(State s) const { return states_.count(s) > 0; }
  bool Has(Priority p) const { return priorities_.count(p) > 0; }
  // The row of `type`; std::out_of_range when the workflow has no such event.
  const EventSpec& Event(EventType type) const;
  const std::vector<EventSpec>& events() const { return events_; }
  // std::out_of_range for a state, category or priority the workflow does not have.
  const Labels& Of(State s) const { return states_.at(s); }
  const Labels& Of(Category c) const { return categories_.at(c); }
  const Labels& Of(Priority p) const { return priorities_.at(p); }
  const std::map<Category, Labels>& categories() const { return categories_; }

 private:
  std::string workflow_;
  std::vector<EventSpec> events_;  // in the order of the rows
  std::vector<int> index_;         // by EventType: the position in events_, or -1
  std::map<State, Labels> states_;
  std::map<Category, Labels> categories_;
  std::map<Priority, Labels> priorities_;
};

}  // namespace incidents::engine
