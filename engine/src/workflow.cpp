#include "incidents/engine/workflow.h"

#include <stdexcept>

namespace incidents::engine {

void RequireCatalogCovers(const WorkflowTable& table, const WorkflowCatalog& catalog) {
  auto missing = [&](std::string_view what, std::string_view name) {
    throw std::logic_error("workflow " + table.name + ": no catalog row for " + std::string(what) + " " +
                           std::string(name));
  };
  for (State s : table.states)
    if (!catalog.Has(s)) missing("state", ToString(s));
  for (const TransitionSpec& t : table.transitions) {
    if (!catalog.Has(t.event)) missing("event", ToString(t.event));
    for (State s : t.from)
      if (!catalog.Has(s)) missing("state", ToString(s));
    if (t.to && !catalog.Has(*t.to)) missing("state", ToString(*t.to));
  }
}

}  // namespace incidents::engine
