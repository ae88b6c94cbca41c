#include "representations.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

JsonValue OptText(const std::optional<std::string>& s) { return s ? JsonValue(*s) : JsonValue(); }
JsonValue OptTime(const std::optional<Timestamp>& t) { return t ? JsonValue(FormatRfc3339(*t)) : JsonValue(); }
JsonValue Name(std::string_view s) { return JsonValue(std::string(s)); }

}  // namespace

JsonValue TicketJson(const Ticket& t, const std::vector<EventType>& allowed, const WorkflowCatalog& catalog) {
  JsonValue::Array parties(t.parties.begin(), t.parties.end());
  JsonValue::Array breaches;
  for (const auto& b : t.sla.breaches)
    breaches.push_back(JsonValue::Object{{"clock", Name(ToString(b.clock))},
                                         {"level", std::int64_t{b.level}},
                                         {"at", FormatRfc3339(b.at)}});
  JsonValue::Array actions;
  for (EventType e : allowed) actions.push_back(Name(ToString(e)));
  return JsonValue::Object{
      {"id", t.id},
      {"workflow", t.workflow},
      {"category", Name(ToString(t.category))},
      {"category_label_vi", catalog.Of(t.category).vi},
      {"priority", Name(ToString(t.priority))},
      {"title", t.title},
      {"description", t.description},
      {"service", OptText(t.service)},
      {"state", Name(ToString(t.state))},
      {"state_label_vi", catalog.Of(t.state).vi},
      {"reporter", t.reporter},
      {"reporter_org", t.reporter_org},
      {"parties", JsonValue(std::move(parties))},
      {"assignee", OptText(t.assignee)},
      {"version", t.version},
      {"created_at", FormatRfc3339(t.created_at)},
      {"updated_at", FormatRfc3339(t.updated_at)},
      {"sla", JsonValue::Object{{"ack_due", OptTime(t.sla.ack_due)},
                                {"resolve_due", OptTime(t.sla.resolve_due)},
                                // Working seconds from now to the due, negative past it.
                                {"ack_working_seconds_left", t.sla.ack_working_left
                                     ? JsonValue(std::int64_t{t.sla.ack_working_left->count()}) : JsonValue()},
                                {"resolve_working_seconds_left", t.sla.resolve_working_left
                                     ? JsonValue(std::int64_t{t.sla.resolve_working_left->count()}) : JsonValue()},
                                {"paused", t.sla.paused},
                                {"breaches", JsonValue(std::move(breaches))}}},
      {"allowed_actions", JsonValue(std::move(actions))},
  };
}

JsonValue OrgJson(const Org& o) {
  return JsonValue::Object{
      {"id", o.id},
      {"name", o.name},
      {"kind", o.kind},
      {"focal_point", JsonValue::Object{{"name", o.focal_point.name},
                                        {"email", o.focal_point.email},
                                        {"phone", o.focal_point.phone}}},
  };
}

JsonValue UserJson(const User& u) {
  JsonValue::Array roles;
  for (Role r : u.roles) roles.push_back(Name(ToString(r)));
  return JsonValue::Object{
      {"username", u.username}, {"org", u.org}, {"roles", JsonValue(std::move(roles))}, {"display_name", u.display_name}};
}

namespace {

JsonValue FieldJson(const FieldSpec& f, const TextLimits& limits) {
  JsonValue::Object o{{"name", f.name},
                      {"type", f.type},
                      {"required", f.required},
                      {"nullable", f.nullable}};
  if (f.type == "string" && f.values.empty()) o.emplace("non_blank", f.non_blank);
  if (f.limit == TextLimit::kTitle) o.emplace("max_length", static_cast<std::int64_t>(limits.title));
  if (f.limit == TextLimit::kText) o.emplace("max_length", static_cast<std::int64_t>(limits.text));
  if (f.ref != FieldRef::kNone) o.emplace("ref", Name(ToString(f.ref)));
  if (!f.format.empty()) o.emplace("format", f.format);
  if (!f.values.empty()) o.emplace("values", JsonValue::Array(f.values.begin(), f.values.end()));
  if (f.min) o.emplace("minimum", *f.min);
  if (f.max) o.emplace("maximum", *f.max);
  return o;
}

}  // namespace

JsonValue WorkflowJson(const Workflow& workflow, const TextLimits& limits) {
  const WorkflowTable& table = workflow.Table();
  const WorkflowCatalog& catalog = workflow.Catalog();
  JsonValue::Array states;
  for (State s : table.states)
    states.push_back(JsonValue::Object{{"id", Name(ToString(s))},
                                       {"label_vi", catalog.Of(s).vi},
                                       {"label_en", catalog.Of(s).en},
                                       {"terminal", IsTerminal(s)}});
  JsonValue::Array transitions;
  for (const auto& t : table.transitions) {
    JsonValue::Array from, actors;
    for (State s : t.from) from.push_back(Name(ToString(s)));
    for (const auto& a : t.actors) actors.push_back(a);
    transitions.push_back(JsonValue::Object{
        {"event", Name(ToString(t.event))},
        {"from", JsonValue(std::move(from))},
        {"to", t.to ? Name(ToString(*t.to)) : JsonValue()},
        {"actors", JsonValue(std::move(actors))},
        {"actor_rule", t.actor_rule},
        {"condition", t.condition.empty() ? JsonValue() : JsonValue(t.condition)},
        {"legal_basis", t.legal_basis},
    });
  }
  JsonValue::Array events;
  for (const EventSpec& e : catalog.events()) {
    JsonValue::Array fields;
    for (const FieldSpec& f : e.fields) fields.push_back(FieldJson(f, limits));
    events.push_back(JsonValue::Object{
        {"type", Name(ToString(e.type))},
        {"label_vi", e.name.vi},
        {"label_en", e.name.en},
        {"legal_basis", e.legal_basis},
        {"legal_basis_vi", e.legal_basis_vi},
        {"fields", JsonValue(std::move(fields))},
    });
  }
  return JsonValue::Object{{"name", table.name},
                           {"states", JsonValue(std::move(states))},
                           {"transitions", JsonValue(std::move(transitions))},
                           {"events", JsonValue(std::move(events))}};
}

}  // namespace incidents::http
