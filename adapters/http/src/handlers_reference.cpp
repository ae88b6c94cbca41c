#include <charconv>

#include "handlers.h"
#include "incidents/engine/business_calendar.h"
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
  const Workflow* workflow = ctx.services.tickets.WorkflowNamed("data_request");
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

ApiResponse HandleMetrics(ApiContext& ctx, const ApiRequest&) {
  auto counts = ctx.services.ticket_store.CountByState();
  ApiResponse resp;
  resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
  resp.body = ctx.metrics.Render(counts.ok() ? counts.value() : std::vector<std::pair<State, std::int64_t>>{});
  if (!counts.ok()) resp.body += "# tickets by state unavailable: the store did not answer\n";
  if (ctx.services.outbox) {
    auto outbox = ctx.services.outbox->CountByStatus();
    if (outbox.ok()) {
      resp.body += "# HELP incidentd_notifications Outbox rows by channel and status (pending + failed = backlog).\n";
      resp.body += "# TYPE incidentd_notifications gauge\n";
      for (NotificationChannel ch : {NotificationChannel::kEmail, NotificationChannel::kSms})
        for (DeliveryStatus st : {DeliveryStatus::kPending, DeliveryStatus::kSent, DeliveryStatus::kFailed,
                                  DeliveryStatus::kDead}) {
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
