#pragma once
// Metrics: counters and a latency histogram kept in memory and rendered in the Prometheus
// text format (GET /metrics). It listens to every commit, so events fired by the timers
// count as well as those from requests. Thread-safe (one mutex; a scrape or an update is
// a few microseconds). Node-local, as Prometheus expects: scrape every node.
//
// The tickets and the events carry the label `workflow` ("incident", "data_request"):
// the workflows share some states and events (closed, comment, ...), and a dashboard of
// one workflow must not count the other's.
//
// Label values are escaped as the text format requires (backslash, double quote, newline),
// and the method label takes only the methods of the API (MethodLabel): a client that
// makes up methods adds one series, "other", not one per invention.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/event_catalog.h"
#include "incidents/engine/ticket_store.h"

namespace incidents::http {

// `method` when it is GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS, else "other".
std::string_view MethodLabel(std::string_view method);

// How many tickets of one workflow are in one state, read from the store at scrape time.
struct TicketCount {
  std::string workflow;  // "incident", "data_request"
  engine::State state;
  std::int64_t count;
};

class Metrics final : public engine::CommitListener {
 public:
  void OnCommitted(const engine::TicketCommit& commit) override {
    RecordEvent(commit.snapshot.workflow, commit.event.type);
  }
  // `method` as the client sent it; counted under MethodLabel(method).
  void RecordRequest(const std::string& route, const std::string& method, int status, double seconds);
  void RecordEvent(const std::string& workflow, engine::EventType type);
  void RecordLogin(bool ok);

  // `tickets`: none when the store did not answer (the gauge is left out). `workflows`: the
  // workflows served, each of whose events and states is written even at 0, so that a
  // series exists before its first ticket; a count of anything else is written too.
  std::string Render(const std::optional<std::vector<TicketCount>>& tickets,
                     const std::vector<const engine::WorkflowCatalog*>& workflows) const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::pair<std::string, engine::EventType>, std::uint64_t> events_;  // by workflow, type
  std::uint64_t logins_ok_ = 0, logins_failed_ = 0;
};

}  // namespace incidents::http
