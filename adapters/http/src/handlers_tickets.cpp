#include <array>
#include <charconv>
#include <functional>

#include "case_list_query.h"
#include "case_search_params.h"
#include "handlers.h"
#include "incidents/engine/access.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/command.h"
#include "idempotency.h"
#include "json_body.h"
#include "problem.h"
#include "representations.h"

namespace incidents::http {

using namespace incidents::engine;

ApiResponse JsonResponse(int status, const JsonValue& body) {
  ApiResponse r;
  r.status = status;
  r.body = ToCanonicalJson(body);
  return r;
}

namespace {

// How people are shown (issue 13): by the directory's display name, by the username when
// the directory does not know it (or cannot answer now: a name is not worth a 503). Read
// at most every ApiContext::kDirectoryMaxAge per name.
std::string DisplayName(ApiContext& ctx, const std::string& username) {
  if (auto known = ctx.display_names.Find(username)) return *known;
  const auto before = ctx.display_names.BeforeRead();
  auto user = ctx.services.directory.FindUser(username);
  if (!user.ok()) return username;
  std::string name = user.value() && !user.value()->display_name.empty() ? user.value()->display_name : username;
  ctx.display_names.Put(username, name, before);
  return name;
}

// The two families of case routes: the incident API (spec/API.md) and the data-sharing
// requests of issue 15. The same handlers serve both; each family sees only its own
// workflow's tickets (another's id is 404 there) and opens them with its own first event.
struct CaseApi {
  const char* workflow;
  const char* base;  // the collection's path
  EventType first;
  const char* file_hint;  // how a new one is filed
  // The list filters this family does not have, and why (a message "query 'x' <why>").
  // A request is filed with no category or priority (every one has the defaults), so
  // filtering requests by them would mean nothing.
  std::array<const char*, 2> filters_not_applicable = {};
  const char* why_not_applicable = "";
};
constexpr CaseApi kIncidentApi{kIncidentWorkflow, "/api/v1/tickets", EventType::kReport,
                               "file a new ticket with POST /api/v1/tickets"};
constexpr CaseApi kDataRequestApi{kDataRequestWorkflow, "/api/v1/data-requests", EventType::kSubmit,
                                  "submit a new data-sharing request with POST /api/v1/data-requests",
                                  {"category", "priority"}, "does not apply to data-sharing requests"};

// The requester's contact details are personal data, shown to DoICT only (issue 15.4).
bool ShowsRequesterContact(const ApiContext& ctx, const Actor& a) {
  return SeesRequesterContact(a, ctx.services.tickets.settings());
}

JsonValue CaseJson(ApiContext& ctx, const ApiRequest& r, const Ticket& t) {
  const Actor& a = r.caller->actor;
  return TicketJson(t, ctx.services.tickets.AllowedActions(a, t), ctx.services.tickets.WorkflowOf(t).Catalog(),
                    ShowsRequesterContact(ctx, a));
}

// One ticket, with its reporter's and assignee's names (the lists leave them out: one
// directory read per person per row is not worth it there).
ApiResponse TicketResponse(ApiContext& ctx, const ApiRequest& r, int status, const Ticket& t) {
  JsonValue body = CaseJson(ctx, r, t);
  auto& o = body.as_object();
  o.emplace("reporter_name", DisplayName(ctx, t.reporter));
  o.emplace("assignee_name", t.assignee ? JsonValue(DisplayName(ctx, *t.assignee)) : JsonValue());
  return JsonResponse(status, body);
}

const std::string& TicketId(const ApiRequest& r) { return r.params.at("id"); }

// Runs a command that commits one ticket event (`run`), and answers with `render` of the
// ticket. With an Idempotency-Key, the answer is rendered before the commit and committed
// with the event (idempotency.h, issue 14.3); the caller gets exactly that answer.
ApiResponse RunRecorded(const ApiRequest& r, const std::function<ApiResponse(const Ticket&)>& render,
                        const std::function<Result<Ticket>(const AnswerToRecord*)>& run) {
  IdempotencyClaim* claim = r.idempotency_claim;
  if (!claim) {
    auto t = run(nullptr);
    if (!t.ok()) return ProblemFromStatus(t.status());
    return render(t.value());
  }
  ApiResponse answer;
  const AnswerToRecord record{claim->username, claim->key, claim->token, [&](const Ticket& t) {
                                answer = render(t);
                                return ToStoredResponse(answer);
                              }};
  auto t = run(&record);
  if (!t.ok()) {
    // kClaimLost: the key is no longer this request's. Any other error (a kConflict from a
    // constraint included) is answered as itself.
    if (t.status().code() != ErrorCode::kClaimLost) return ProblemFromStatus(t.status());
    claim->lost = true;
    return InFlightProblem();
  }
  claim->recorded = true;
  return answer;
}

template <typename T, typename Parse>
Status ParseFilter(const ApiRequest& r, const char* name, Parse parse, std::optional<T>& out) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty()) return {};
  out = parse(it->second);
  if (!out) return Status::InvalidValue(std::string("query '") + name + "': unknown value '" + it->second + "'");
  return {};
}

Status ParseInt(const std::string& text, const char* name, std::int64_t& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty())
    return Status::InvalidArgument(std::string("query '") + name + "' must be a whole number");
  return {};
}

ApiResponse CreateCase(ApiContext& ctx, const ApiRequest& r, const CaseApi& api) {
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  auto command = CommandFromPayload(api.first, body.value());
  if (!command.ok()) return ProblemFromStatus(command.status());
  const auto render = [&](const Ticket& t) {
    ApiResponse resp = TicketResponse(ctx, r, 201, t);
    resp.SetHeader("Location", std::string(api.base) + "/" + t.id);
    return resp;
  };
  return RunRecorded(r, render, [&](const AnswerToRecord* answer) -> Result<Ticket> {
    if (const auto* report = std::get_if<ReportCommand>(&command.value()))
      return ctx.services.tickets.Report(r.caller->actor, *report, answer);
    return ctx.services.tickets.Submit(r.caller->actor, std::get<SubmitCommand>(command.value()), answer);
  });
}

// The list's query from `r` (the filters, limit and cursor), or the problem with it. The
// exports (handlers_exports.cpp) parse their filters here too (ParseCaseListQuery).
std::optional<ApiResponse> ParseListQuery(ApiContext& ctx, const ApiRequest& r, const CaseApi& api, TicketQuery& q) {
  q.workflow = api.workflow;
  for (const char* name : api.filters_not_applicable)
    if (auto it = name ? r.query.find(name) : r.query.end(); it != r.query.end() && !it->second.empty())
      return ProblemFromStatus(
          Status::InvalidValue(std::string("query '") + name + "' " + api.why_not_applicable));
  Status st;
  if (!(st = ParseFilter(r, "state", ParseState, q.state)).ok() ||
      !(st = ParseFilter(r, "category", ParseCategory, q.category)).ok() ||
      !(st = ParseFilter(r, "priority", ParsePriority, q.priority)).ok())
    return ProblemFromStatus(st);
  if (auto it = r.query.find("org"); it != r.query.end() && !it->second.empty()) {
    auto org = ctx.services.directory.FindOrg(it->second);
    if (!org.ok()) return ProblemFromStatus(org.status());
    if (!org.value()) return ProblemFromStatus(Status::InvalidValue("query 'org': unknown org '" + it->second + "'"));
    q.org = it->second;
  }
  if (auto it = r.query.find("assignee"); it != r.query.end() && !it->second.empty()) q.assignee = it->second;
  if (auto it = r.query.find("limit"); it != r.query.end()) {
    std::int64_t limit = 0;
    if (!(st = ParseInt(it->second, "limit", limit)).ok()) return ProblemFromStatus(st);
    if (limit < 1 || limit > 500) return ProblemFromStatus(Status::InvalidValue("query 'limit' must be 1 to 500"));
    q.limit = static_cast<int>(limit);
  }
  if (auto it = r.query.find("cursor"); it != r.query.end() && !it->second.empty()) {
    std::int64_t before = 0;
    if (!ParseInt(it->second, "cursor", before).ok() || before < 1)
      return ProblemFromStatus(Status::InvalidArgument("query 'cursor' is not a cursor this API returned"));
    q.before = before;
  }
  // The date ranges and the search (issue 16.5).
  if (!(st = ParseCaseSearchParams(r, q)).ok()) return ProblemFromStatus(st);
  return std::nullopt;
}

ApiResponse ListCases(ApiContext& ctx, const ApiRequest& r, const CaseApi& api) {
  TicketQuery q;
  if (auto problem = ParseListQuery(ctx, r, api, q)) return *problem;
  auto page = ctx.services.tickets.List(r.caller->actor, q);
  if (!page.ok()) return ProblemFromStatus(page.status());
  JsonValue::Array items;
  for (const auto& t : page->items) items.push_back(CaseJson(ctx, r, t));
  return JsonResponse(200, JsonValue::Object{
                               {"items", JsonValue(std::move(items))},
                               {"next_cursor", page->next ? JsonValue(std::to_string(*page->next)) : JsonValue()},
                           });
}

ApiResponse GetCase(ApiContext& ctx, const ApiRequest& r, const CaseApi& api) {
  auto t = ctx.services.tickets.Get(r.caller->actor, TicketId(r), api.workflow);
  if (!t.ok()) return ProblemFromStatus(t.status());
  return TicketResponse(ctx, r, 200, t.value());
}

ApiResponse PostCaseEvent(ApiContext& ctx, const ApiRequest& r, const CaseApi& api) {
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  const auto type_it = body->find("type");
  if (type_it == body->end() || !type_it->second.is_string())
    return ProblemFromStatus(Status::InvalidArgument("field 'type' is required and must be a string"));
  const auto type = ParseEventType(type_it->second.as_string());
  // An event of another workflow is as unknown here as a made-up name (each family's API
  // answers only for its own workflow's events).
  const Workflow* family = ctx.services.tickets.WorkflowNamed(api.workflow);
  if (!type || (family && !family->Catalog().Has(*type) && *type != EventType::kReport && *type != EventType::kSubmit))
    return ProblemFromStatus(Status::InvalidValue("field 'type': unknown event '" + type_it->second.as_string() + "'"));
  if (*type == EventType::kReport || *type == EventType::kSubmit)
    return ProblemFromStatus(Status::InvalidValue(std::string("field 'type': ") +
                                                  (*type == EventType::kReport ? kIncidentApi : kDataRequestApi).file_hint));
  std::optional<std::int64_t> expected;
  if (auto it = body->find("expected_version"); it != body->end() && !it->second.is_null()) {
    if (!it->second.is_int())
      return ProblemFromStatus(Status::InvalidArgument("field 'expected_version' must be an integer"));
    expected = it->second.as_int();
  }
  // Visibility before the payload: a ticket the caller cannot see does not exist, whatever
  // the body. Apply checks visibility first itself, so only a payload that fails to parse
  // needs the separate look-up (one store read less on every good request).
  auto command = CommandFromPayload(*type, body.value());
  if (!command.ok()) {
    if (auto seen = ctx.services.tickets.Get(r.caller->actor, TicketId(r), api.workflow); !seen.ok())
      return ProblemFromStatus(seen.status());
    return ProblemFromStatus(command.status());
  }
  return RunRecorded(
      r, [&](const Ticket& t) { return TicketResponse(ctx, r, 200, t); },
      [&](const AnswerToRecord* answer) {
        return ctx.services.tickets.Apply(r.caller->actor, TicketId(r), command.value(), expected, answer,
                                          api.workflow);
      });
}

ApiResponse CaseHistory(ApiContext& ctx, const ApiRequest& r, const CaseApi& api) {
  auto events = ctx.services.tickets.History(r.caller->actor, TicketId(r), api.workflow);
  if (!events.ok()) return ProblemFromStatus(events.status());
  if (!ShowsRequesterContact(ctx, r.caller->actor)) MaskRequesterContact(events.value());
  return JsonResponse(200, HistoryJson(events.value(), api.workflow, ctx.services.tickets.settings(),
                                       [&](const std::string& u) { return DisplayName(ctx, u); }));
}

}  // namespace

std::optional<ApiResponse> ParseCaseListQuery(ApiContext& ctx, const ApiRequest& r, std::string_view workflow,
                                              TicketQuery& q) {
  return ParseListQuery(ctx, r, workflow == kDataRequestApi.workflow ? kDataRequestApi : kIncidentApi, q);
}

ApiResponse HandleCreateTicket(ApiContext& ctx, const ApiRequest& r) { return CreateCase(ctx, r, kIncidentApi); }
ApiResponse HandleListTickets(ApiContext& ctx, const ApiRequest& r) { return ListCases(ctx, r, kIncidentApi); }
ApiResponse HandleGetTicket(ApiContext& ctx, const ApiRequest& r) { return GetCase(ctx, r, kIncidentApi); }
ApiResponse HandlePostEvent(ApiContext& ctx, const ApiRequest& r) { return PostCaseEvent(ctx, r, kIncidentApi); }
ApiResponse HandleHistory(ApiContext& ctx, const ApiRequest& r) { return CaseHistory(ctx, r, kIncidentApi); }

ApiResponse HandleCreateDataRequest(ApiContext& ctx, const ApiRequest& r) { return CreateCase(ctx, r, kDataRequestApi); }
ApiResponse HandleListDataRequests(ApiContext& ctx, const ApiRequest& r) { return ListCases(ctx, r, kDataRequestApi); }
ApiResponse HandleGetDataRequest(ApiContext& ctx, const ApiRequest& r) { return GetCase(ctx, r, kDataRequestApi); }
ApiResponse HandlePostDataRequestEvent(ApiContext& ctx, const ApiRequest& r) {
  return PostCaseEvent(ctx, r, kDataRequestApi);
}
ApiResponse HandleDataRequestHistory(ApiContext& ctx, const ApiRequest& r) {
  return CaseHistory(ctx, r, kDataRequestApi);
}

ApiResponse HandleNotifications(ApiContext& ctx, const ApiRequest& r) {
  auto t = ctx.services.tickets.Get(r.caller->actor, TicketId(r), kIncidentApi.workflow);
  if (!t.ok()) return ProblemFromStatus(t.status());
  JsonValue::Array items;
  if (ctx.services.outbox) {
    auto rows = ctx.services.outbox->ListForTicket(TicketId(r));
    if (!rows.ok()) return ProblemFromStatus(rows.status());
    for (const auto& row : rows.value()) {
      items.push_back(JsonValue::Object{
          {"id", std::to_string(row.id)},
          {"channel", std::string(ToString(row.channel))},
          {"recipient", row.recipient},
          {"recipient_ref", row.recipient_ref},
          {"event_seq", row.event_seq},
          {"event_type", std::string(ToString(row.event_type))},
          {"status", std::string(ToString(row.status))},
          {"attempts", std::int64_t{row.attempts}},
          {"segments", std::int64_t{row.segments}},
          {"last_error", row.last_error.empty() ? JsonValue() : JsonValue(row.last_error)},
          {"created_at", FormatRfc3339(row.created_at)},
          {"sent_at", row.sent_at ? JsonValue(FormatRfc3339(*row.sent_at)) : JsonValue()},
      });
    }
  }
  return JsonResponse(200, JsonValue::Object{{"items", JsonValue(std::move(items))}});
}

}  // namespace incidents::http
