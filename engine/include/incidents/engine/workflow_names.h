#pragma once
// The names of the workflows the engine runs: Ticket::workflow, the store's column, the
// regulation's cases by workflow, and the API's route families. Character arrays, so that
// an aggregate (a routing rule, a route family) can hold them.

namespace incidents::engine {

inline constexpr char kIncidentWorkflow[] = "incident";
inline constexpr char kDataRequestWorkflow[] = "data_request";  // Art. 12-13

}  // namespace incidents::engine
