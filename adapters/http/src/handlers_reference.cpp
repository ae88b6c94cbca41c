#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "api_context.h"
#include "handlers.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/workflow_names.h"
#include "problem.h"
#include "representations.h"

namespace incidents::http {

using namespace incidents::engine;

// The workflow, with the authorities named as the directory names them at this request
// (a rename shows at once) and the regulation its citations refer to.
namespace {

// A workflow's table and catalog, with the authorities it names and its regulation.
ApiResponse WorkflowResponse(ApiContext& ctx, const Workflow& workflow) {
  const WorkflowSettings& s = workflow.settings();
  Status lookup;
  auto name_of = [&](const std::string& id) -> std::string {
    auto org = ctx.services.directory.FindOrg(id);
    if (!org.ok()) lookup = org.status();
    return org.ok() && org.value() ? org.value()->name : id;
  };
  JsonValue authorities = AuthoritiesJson(s, name_of);
  if (!lookup.ok()) return ProblemFromStatus(lookup);
  JsonValue body = WorkflowJson(workflow, {s.max_title_chars, s.max_text_chars});
  body.as_object().emplace("authorities", std::move(authorities));
  body.as_object().emplace("regulation", RegulationJson(s));
  return JsonResponse(200, body);
}

}  // namespace

ApiResponse HandleWorkflow(ApiContext& ctx, const ApiRequest&) {
  return WorkflowResponse(ctx, ctx.services.tickets.workflow());
}

ApiResponse HandleDataRequestWorkflow(ApiContext& ctx, const ApiRequest&) {
  const Workflow* workflow = ctx.services.tickets.WorkflowNamed(kDataRequestWorkflow);
  if (!workflow) return ProblemFromStatus(Status::NotFound("data-sharing requests are not enabled on this server"));
  return WorkflowResponse(ctx, *workflow);
}

namespace {
JsonValue Days(const std::vector<CalendarDay>& days) {
  JsonValue::Array out;
  for (const auto& d : days)
    out.push_back(JsonValue::Object{{"date", ToIsoString(d.date)}, {"name", d.name}, {"source", d.source}});
  return JsonValue(std::move(out));
}
}  // namespace

ApiResponse HandleCalendar(ApiContext& ctx, const ApiRequest& r) {
  int year = LocalDateOf(ctx.services.clock.Now()).year;
  if (auto it = r.query.find("year"); it != r.query.end()) {
    const std::string& text = it->second;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || p != text.data() + text.size())
      return ProblemFromStatus(Status::InvalidArgument("query 'year' must be a year such as 2027"));
    if (year < 1900 || year > 2100)
      return ProblemFromStatus(Status::InvalidValue("query 'year' must be between 1900 and 2100"));
  }
  const BusinessCalendar& cal = ctx.services.calendar;
  return JsonResponse(200, JsonValue::Object{{"year", std::int64_t{year}},
                                             {"days_off", Days(cal.DaysOff(year))},
                                             {"extra_working_days", Days(cal.ExtraWorkingDays(year))}});
}

ApiResponse HandleHealth(ApiContext&, const ApiRequest&) {
  return JsonResponse(200, JsonValue::Object{{"status", "ok"}});
}

// Liveness (/healthz) says the process serves; readiness says it can do its work, so that
// a load balancer stops sending traffic to a node whose database is gone. The cause is
// logged, never sent: it names files and hosts.
ApiResponse HandleReady(ApiContext& ctx, const ApiRequest&) {
  if (ctx.services.ready) {
    if (Status st = ctx.services.ready(); !st.ok()) {
      if (ctx.log) ctx.log->warn(LogText(ctx, "not ready: " + st.message()));
      return ProblemFromStatus(Status::Unavailable(st.message()));
    }
  }
  return JsonResponse(200, JsonValue::Object{{"status", "ready"}});
}

namespace {

// Tickets by workflow and state, for a store that cannot group them itself: every ticket
// read, a page at a time (ApiServices::count_tickets).
Result<std::vector<TicketCount>> CountByListing(TicketStore& store) {
  std::vector<TicketCount> out;
  TicketQuery q;
  q.limit = 500;
  while (true) {
    auto page = store.ListTickets(q);
    if (!page.ok()) return page.status();
    for (const Ticket& t : page->items) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const TicketCount& c) { return c.workflow == t.workflow && c.state == t.state; });
      if (it == out.end()) out.push_back(TicketCount{t.workflow, t.state, 1});
      else ++it->count;
    }
    if (!page->next) return out;
    q.before = page->next;
  }
}

}  // namespace

ApiResponse HandleMetrics(ApiContext& ctx, const ApiRequest&) {
  auto counts = ctx.services.count_tickets ? ctx.services.count_tickets()
                                           : CountByListing(ctx.services.ticket_store);
  std::vector<const WorkflowCatalog*> workflows;
  for (const char* name : {kIncidentWorkflow, kDataRequestWorkflow})
    if (const Workflow* w = ctx.services.tickets.WorkflowNamed(name)) workflows.push_back(&w->Catalog());
  ApiResponse resp;
  resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
  resp.body = ctx.metrics.Render(counts.ok() ? std::optional(counts.value()) : std::nullopt, workflows);
  if (!counts.ok()) resp.body += "# tickets by workflow and state unavailable: the store did not answer\n";
  if (ctx.services.outbox) {
    auto outbox = ctx.services.outbox->CountByStatus();
    if (outbox.ok()) {
      resp.body += "# HELP incidentd_notifications Outbox rows by channel and status (pending + failed = backlog; "
                   "disabled = not sent, the channel is not configured).\n";
      resp.body += "# TYPE incidentd_notifications gauge\n";
      for (NotificationChannel ch : {NotificationChannel::kEmail, NotificationChannel::kSms})
        for (DeliveryStatus st : kDeliveryStatuses) {
          std::int64_t n = 0;
          for (const auto& c : outbox.value())
            if (c.channel == ch && c.status == st) n = c.count;
          resp.body += "incidentd_notifications{channel=\"" + std::string(ToString(ch)) + "\",status=\"" +
                       std::string(ToString(st)) + "\"} " + std::to_string(n) + "\n";
        }
    }
  }
  return resp;
}

}  // namespace incidents::http
