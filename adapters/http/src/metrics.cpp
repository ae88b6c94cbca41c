#include "incidents/http/metrics.h"

#include <cstdio>

namespace incidents::http {

namespace {

// A label value as the Prometheus text format wants it between double quotes.
std::string Escaped(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view MethodLabel(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return known;
  return "other";
}

void Metrics::RecordRequest(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mu_);
  requests_[{route, std::string(MethodLabel(method)), status}]++;
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) h.buckets[i]++;
  h.count++;
  h.sum += seconds;
}

void Metrics::RecordEvent(const std::string& workflow, engine::EventType type) {
  std::lock_guard lock(mu_);
  events_[{workflow, type}]++;
}

void Metrics::RecordLogin(bool ok) {
  std::lock_guard lock(mu_);
  (ok ? logins_ok_ : logins_failed_)++;
}

std::string Metrics::Render(const std::optional<std::vector<TicketCount>>& tickets,
                            const std::vector<const engine::WorkflowCatalog*>& workflows) const {
  std::string out;
  char line[512];
  std::lock_guard lock(mu_);
  out += "# HELP incidentd_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE incidentd_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    std::snprintf(line, sizeof line, "incidentd_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
                  Escaped(route).c_str(), Escaped(method).c_str(), status, static_cast<unsigned long long>(n));
    out += line;
  }
  out += "# HELP incidentd_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE incidentd_http_request_duration_seconds histogram\n";
  for (const auto& [raw_route, h] : latency_) {
    const std::string route = Escaped(raw_route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(line, sizeof line, "incidentd_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                    route.c_str(), kBuckets[i], static_cast<unsigned long long>(h.buckets[i]));
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "incidentd_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
                  "incidentd_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "incidentd_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  route.c_str(), static_cast<unsigned long long>(h.count), route.c_str(), h.sum, route.c_str(),
                  static_cast<unsigned long long>(h.count));
    out += line;
  }
  out += "# HELP incidentd_events_applied_total Workflow events applied, by workflow and type.\n";
  out += "# TYPE incidentd_events_applied_total counter\n";
  auto event_line = [&](const std::string& workflow, engine::EventType type, std::uint64_t n) {
    std::snprintf(line, sizeof line, "incidentd_events_applied_total{workflow=\"%s\",type=\"%s\"} %llu\n",
                  Escaped(workflow).c_str(), std::string(engine::ToString(type)).c_str(),
                  static_cast<unsigned long long>(n));
    out += line;
  };
  auto served = [&](const std::string& workflow) -> const engine::WorkflowCatalog* {
    for (const engine::WorkflowCatalog* w : workflows)
      if (w->workflow() == workflow) return w;
    return nullptr;
  };
  for (const engine::WorkflowCatalog* w : workflows)
    for (engine::EventType e : engine::kAllEventTypes) {
      if (!w->Has(e)) continue;
      auto it = events_.find({w->workflow(), e});
      event_line(w->workflow(), e, it == events_.end() ? 0 : it->second);
    }
  for (const auto& [key, n] : events_) {  // counted, but of no workflow served or not in its table
    const engine::WorkflowCatalog* w = served(key.first);
    if (!w || !w->Has(key.second)) event_line(key.first, key.second, n);
  }
  if (tickets) {
    out += "# HELP incidentd_tickets Tickets by workflow and state.\n";
    out += "# TYPE incidentd_tickets gauge\n";
    auto ticket_line = [&](const std::string& workflow, engine::State state, std::int64_t n) {
      std::snprintf(line, sizeof line, "incidentd_tickets{workflow=\"%s\",state=\"%s\"} %lld\n",
                    Escaped(workflow).c_str(), std::string(engine::ToString(state)).c_str(), static_cast<long long>(n));
      out += line;
    };
    for (const engine::WorkflowCatalog* w : workflows)
      for (engine::State s : engine::kAllStates) {
        if (!w->Has(s)) continue;
        std::int64_t n = 0;
        for (const TicketCount& c : *tickets)
          if (c.workflow == w->workflow() && c.state == s) n += c.count;
        ticket_line(w->workflow(), s, n);
      }
    for (const TicketCount& c : *tickets) {
      const engine::WorkflowCatalog* w = served(c.workflow);
      if (!w || !w->Has(c.state)) ticket_line(c.workflow, c.state, c.count);
    }
  }
  out += "# HELP incidentd_logins_total Sign-in attempts by outcome.\n";
  out += "# TYPE incidentd_logins_total counter\n";
  std::snprintf(line, sizeof line, "incidentd_logins_total{outcome=\"ok\"} %llu\nincidentd_logins_total{outcome=\"failed\"} %llu\n",
                static_cast<unsigned long long>(logins_ok_), static_cast<unsigned long long>(logins_failed_));
  out += line;
  return out;
}

}  // namespace incidents::http
