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

namespace {

JsonValue OptDate(const std::optional<CivilDate>& d) { return d ? JsonValue(ToIsoString(*d)) : JsonValue(); }

const User* Person(const UsersByName& users, const std::string& username) {
  auto it = users.find(username);
  return it == users.end() ? nullptr : &it->second;
}

JsonValue OnDutyJson(const FocalPoint* t, const UsersByName& users) {
  if (!t) return JsonValue();
  const User* u = Person(users, t->username);
  return JsonValue::Object{{"username", t->username},
                           {"name", u ? u->display_name : std::string()},
                           {"position", t->position},
                           {"email", u ? u->email : std::string()},
                           {"phone", u ? u->phone : std::string()},
                           {"since", ToIsoString(t->since)},
                           {"absent", t->absent}};
}

}  // namespace

JsonValue OrgJson(const Org& o, const std::vector<FocalPoint>& terms, const UsersByName& users, CivilDate day) {
  return JsonValue::Object{
      {"id", o.id},
      {"name", o.name},
      {"short_name", o.short_name},
      {"kind", o.kind},
      {"active", o.active},
      {"successor", o.successor.empty() ? JsonValue() : JsonValue(o.successor)},
      {"focal_point", OnDutyJson(TermInForce(terms, o.id, FocalPointRole::kFocal, day), users)},
      {"deputy", OnDutyJson(TermInForce(terms, o.id, FocalPointRole::kDeputy, day), users)},
  };
}

JsonValue UserJson(const User& u) {
  JsonValue::Array roles;
  for (Role r : u.roles) roles.push_back(Name(ToString(r)));
  return JsonValue::Object{{"username", u.username},
                           {"display_name", u.display_name},
                           {"org", u.org},
                           {"roles", JsonValue(std::move(roles))},
                           {"email", u.email},
                           {"phone", u.phone},
                           {"active", u.active},
                           {"has_password", !u.password_hash.empty()}};
}

JsonValue TermJson(const FocalPoint& t, const Org* org, const UsersByName& users) {
  const User* u = Person(users, t.username);
  return JsonValue::Object{{"id", t.id},
                           {"org", t.org},
                           {"org_name", org ? org->name : std::string()},
                           {"role", Name(ToString(t.role))},
                           {"username", t.username},
                           {"name", u ? u->display_name : std::string()},
                           {"position", t.position},
                           {"email", u ? u->email : std::string()},
                           {"phone", u ? u->phone : std::string()},
                           {"since", ToIsoString(t.since)},
                           {"until", OptDate(t.until)},
                           {"decision_ref", t.decision_ref},
                           {"decision_date", OptDate(t.decision_date)},
                           {"absent", t.absent}};
}

JsonValue FocalPointListJson(const FocalPointList& l) {
  return JsonValue::Object{{"revision", l.revision},
                           {"status", Name(ToString(l.status))},
                           {"decision_ref", l.decision_ref},
                           {"decision_date", OptDate(l.decision_date)},
                           {"changed_by", l.changed_by},
                           {"changed_at", OptTime(l.changed_at)}};
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

JsonValue AuthoritiesJson(const WorkflowSettings& settings, const std::function<std::string(const std::string&)>& name_of) {
  auto org = [&](const std::string& id) { return JsonValue(JsonValue::Object{{"id", id}, {"name", name_of(id)}}); };
  return JsonValue::Object{{"doict", org(settings.doict_org)},
                           {"chairman_office", org(settings.chairman_office_org)},
                           {"ministry", org(settings.ministry_org)},
                           {"province", settings.province}};
}

JsonValue RegulationJson(const WorkflowSettings& settings) {
  return JsonValue::Object{{"vi", settings.regulation_vi}, {"en", settings.regulation_en}};
}

}  // namespace incidents::http
