// The public requester's API (issue 15.2, Art. 13.1): a person or a business asks for the
// province's data without an account (engine/public_request_service.h).
//
//   POST /api/v1/public/data-requests                  the form; 202 with the tracking code
//   POST /api/v1/public/data-requests/{code}/confirm   {"token"} from the mail: files it
//   GET  /api/v1/public/data-requests/{code}           the request as its requester sees it
//   POST /api/v1/public/data-requests/{code}/events    provide_info or withdraw
//
// The code and the token are secrets: they travel in paths and bodies the access log does
// not write (it names the route pattern), and the pages keep them in the URL fragment.
// What a requester sees is chosen here, field by field: the state, DoICT's questions and
// answers, the decision that stands; never the consultations, opinions, agreements,
// comments or who at DoICT acted.

#include "body_reader.h"
#include "handlers.h"
#include "incidents/base/password.h"
#include "incidents/engine/public_request_service.h"
#include "json_body.h"
#include "problem.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

JsonValue OptText(const std::optional<std::string>& s) { return s ? JsonValue(*s) : JsonValue(); }
JsonValue OptDate(const std::optional<CivilDate>& d) { return d ? JsonValue(ToIsoString(*d)) : JsonValue(); }
JsonValue Text(std::string_view s) { return JsonValue(std::string(s)); }

// The pages (web/assets/pages/public_*.js); the secrets go in the fragment, which no
// server or proxy log sees.
ConfirmationLinks LinksFor(const ApiContext& ctx, const ApiRequest& r, const std::string& code,
                           const std::string& token) {
  const std::string base = PublicBase(ctx, r) + "/request-data/";
  return {base + "confirm#code=" + code + "&token=" + token, base + "status#code=" + code};
}

ApiResponse NotEnabled() {
  return ProblemFromStatus(Status::NotFound("data-sharing requests from the public are not enabled on this server"));
}

// The text an event carries for the requester: the question, their answer, the reason of a
// withdrawal; "" for the rest.
std::string EventText(const TicketEvent& e) {
  const char* key = e.type == EventType::kRequestInfo  ? "question"
                    : e.type == EventType::kProvideInfo ? "answer"
                    : e.type == EventType::kWithdraw    ? "reason"
                                                        : nullptr;
  if (!key) return "";
  auto it = e.payload.find(key);
  return it != e.payload.end() && it->second.is_string() ? it->second.as_string() : "";
}

JsonValue DecisionJson(const DataGrant& g, const WorkflowCatalog& catalog) {
  const State state = g.outcome == DecisionOutcome::kGrant     ? State::kGranted
                      : g.outcome == DecisionOutcome::kPartial ? State::kPartiallyGranted
                                                               : State::kRefused;
  return JsonValue::Object{{"outcome", Text(ToString(g.outcome))},
                           {"outcome_label_vi", catalog.Of(state).vi},
                           {"datasets", JsonValue(JsonValue::Array(g.datasets.begin(), g.datasets.end()))},
                           {"conditions", OptText(g.conditions)},
                           {"valid_until", OptDate(g.valid_until)},
                           {"reason", OptText(g.reason)},
                           {"document_number", OptText(g.document_number)},
                           {"document_date", OptDate(g.document_date)}};
}

JsonValue ViewJson(ApiContext& ctx, const PublicRequestView& v) {
  const Workflow* workflow = ctx.services.tickets.WorkflowNamed(kDataRequestWorkflow);
  const WorkflowCatalog& catalog = workflow->Catalog();
  auto form_text = [&](const char* key) {
    auto it = v.held.form.find(key);
    return it != v.held.form.end() && it->second.is_string() ? it->second.as_string() : std::string();
  };
  JsonValue::Object out{{"title", form_text("title")},
                        {"data_wanted", form_text("data_wanted")},
                        {"requester_name", form_text("requester_name")},
                        {"created_at", FormatRfc3339(v.held.created_at)}};
  if (!v.ticket) {
    out.emplace("status", "unconfirmed");
    out.emplace("status_label_vi", "Chờ xác nhận địa chỉ thư điện tử");
    out.emplace("confirm_by", FormatRfc3339(v.held.expires_at));
    out.emplace("id", JsonValue());
    return out;
  }
  const Ticket& t = *v.ticket;
  out.emplace("status", "filed");
  out.emplace("status_label_vi", catalog.Of(t.state).vi);
  out.emplace("id", t.id);
  out.emplace("state", Text(ToString(t.state)));
  out.emplace("state_label_vi", catalog.Of(t.state).vi);
  out.emplace("updated_at", FormatRfc3339(t.updated_at));
  out.emplace("decision_due", t.sla.resolve_due ? JsonValue(FormatRfc3339(*t.sla.resolve_due)) : JsonValue());
  // The decision that stands; DoICT's proposal to the owning units is not one.
  out.emplace("decision", t.request && t.request->decision ? DecisionJson(*t.request->decision, catalog) : JsonValue());
  JsonValue::Array events;
  for (const TicketEvent& e : v.events)
    events.push_back(JsonValue::Object{{"type", Text(ToString(e.type))},
                                       {"label_vi", catalog.Event(e.type).name.vi},
                                       {"at", FormatRfc3339(e.at)},
                                       {"state", Text(ToString(e.to_state))},
                                       {"text", EventText(e)}});
  out.emplace("events", JsonValue(std::move(events)));
  JsonValue::Array allowed;
  for (EventType e : v.allowed)
    if (e == EventType::kProvideInfo || e == EventType::kWithdraw) allowed.push_back(Text(ToString(e)));
  out.emplace("allowed_actions", JsonValue(std::move(allowed)));
  return out;
}

ApiResponse View(ApiContext& ctx, const std::string& code, int status) {
  auto view = ctx.services.public_requests->View(code);
  if (!view.ok()) return ProblemFromStatus(view.status());
  return JsonResponse(status, ViewJson(ctx, view.value()));
}

}  // namespace

ApiResponse HandleCreatePublicRequest(ApiContext& ctx, const ApiRequest& r) {
  if (!ctx.services.public_requests) return NotEnabled();
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  JsonValue::Object form = body.value();
  // Only a person or a business asks here (Art. 13.1); the scope may be left out.
  if (!form.count("scope")) form.emplace("scope", Text(ToString(Scope::kPersonOrBusiness)));
  auto command = CommandFromPayload(EventType::kSubmit, form);
  if (!command.ok()) return ProblemFromStatus(command.status());
  const PublicRequestService::Secrets secrets{base::RandomToken(16), base::RandomToken(32)};
  auto held = ctx.services.public_requests->Create(std::get<SubmitCommand>(command.value()), secrets,
                                                   r.client_address, LinksFor(ctx, r, secrets.code, secrets.token));
  if (!held.ok()) return ProblemFromStatus(held.status());
  // The code is the requester's key; the token stays in the mail, so that only the owner
  // of the address can file the request.
  return JsonResponse(202, JsonValue::Object{{"code", held->code},
                                             {"status", "unconfirmed"},
                                             {"confirm_by", FormatRfc3339(held->expires_at)},
                                             {"tracking_url", LinksFor(ctx, r, held->code, "").tracking}});
}

ApiResponse HandleConfirmPublicRequest(ApiContext& ctx, const ApiRequest& r) {
  if (!ctx.services.public_requests) return NotEnabled();
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  const std::string token = in.RequiredString("token");
  if (!in.ok()) return ProblemFromStatus(in.status());
  const std::string& code = r.params.at("code");
  auto filed = ctx.services.public_requests->Confirm(code, token);
  if (!filed.ok()) return ProblemFromStatus(filed.status());
  return View(ctx, code, 200);
}

ApiResponse HandleGetPublicRequest(ApiContext& ctx, const ApiRequest& r) {
  if (!ctx.services.public_requests) return NotEnabled();
  return View(ctx, r.params.at("code"), 200);
}

ApiResponse HandlePostPublicRequestEvent(ApiContext& ctx, const ApiRequest& r) {
  if (!ctx.services.public_requests) return NotEnabled();
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  auto type_it = body->find("type");
  if (type_it == body->end() || !type_it->second.is_string())
    return ProblemFromStatus(Status::InvalidArgument("field 'type' is required and must be provide_info or withdraw"));
  const auto type = ParseEventType(type_it->second.as_string());
  if (!type || (*type != EventType::kProvideInfo && *type != EventType::kWithdraw))
    return ProblemFromStatus(Status::InvalidValue("field 'type' must be provide_info or withdraw"));
  JsonValue::Object payload = body.value();
  payload.erase("type");
  auto command = CommandFromPayload(*type, payload);
  if (!command.ok()) return ProblemFromStatus(command.status());
  const std::string& code = r.params.at("code");
  auto done = ctx.services.public_requests->Act(code, command.value());
  if (!done.ok()) return ProblemFromStatus(done.status());
  return View(ctx, code, 200);
}

}  // namespace incidents::http
