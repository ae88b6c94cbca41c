#include "representations.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

JsonValue OptText(const std::optional<std::string>& s) { return s ? JsonValue(*s) : JsonValue(); }
JsonValue OptTime(const std::optional<Timestamp>& t) { return t ? JsonValue(FormatRfc3339(*t)) : JsonValue(); }
JsonValue Name(std::string_view s) { return JsonValue(std::string(s)); }

}  // namespace

JsonValue TicketJson(const Ticket& t, const std::vector<EventType>& allowed) {
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
      {"category_label_vi", Name(LabelVi(t.category))},
      {"priority", Name(ToString(t.priority))},
      {"title", t.title},
      {"description", t.description},
      {"service", OptText(t.service)},
      {"state", Name(ToString(t.state))},
      {"state_label_vi", Name(LabelVi(t.state))},
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

JsonValue WorkflowJson(const WorkflowTable& table) {
  JsonValue::Array states;
  for (State s : table.states)
    states.push_back(JsonValue::Object{{"id", Name(ToString(s))},
                                       {"label_vi", Name(LabelVi(s))},
                                       {"label_en", Name(LabelEn(s))},
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
  return JsonValue::Object{
      {"name", table.name}, {"states", JsonValue(std::move(states))}, {"transitions", JsonValue(std::move(transitions))}};
}

}  // namespace incidents::http
