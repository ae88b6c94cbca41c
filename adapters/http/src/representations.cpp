#include "representations.h"

#include <algorithm>
#include <tuple>

namespace incidents::http {

using namespace incidents::engine;

namespace {

JsonValue OptText(const std::optional<std::string>& s) { return s ? JsonValue(*s) : JsonValue(); }
JsonValue OptTime(const std::optional<Timestamp>& t) { return t ? JsonValue(FormatRfc3339(*t)) : JsonValue(); }
JsonValue Name(std::string_view s) { return JsonValue(std::string(s)); }

}  // namespace

namespace {
JsonValue OptDateJson(const std::optional<CivilDate>& d) { return d ? JsonValue(ToIsoString(*d)) : JsonValue(); }
JsonValue TextsJson(const std::vector<std::string>& v) { return JsonValue(JsonValue::Array(v.begin(), v.end())); }

JsonValue GrantJson(const std::optional<DataGrant>& g) {
  if (!g) return JsonValue();
  return JsonValue::Object{{"outcome", Name(ToString(g->outcome))},
                           {"datasets", TextsJson(g->datasets)},
                           {"conditions", OptText(g->conditions)},
                           {"valid_until", OptDateJson(g->valid_until)},
                           {"reason", OptText(g->reason)},
                           {"document_number", OptText(g->document_number)},
                           {"document_date", OptDateJson(g->document_date)},
                           {"signer", OptText(g->signer)},
                           {"signed_as", g->signed_as ? Name(ToString(*g->signed_as)) : JsonValue()}};
}
}  // namespace

JsonValue RequestFactsJson(const DataRequestFacts& f, bool with_contact) {
  auto contact = [&](const std::optional<std::string>& v) { return with_contact ? OptText(v) : JsonValue(); };
  return JsonValue::Object{
      {"requester_name", f.requester_name},
      {"organisation", OptText(f.organisation)},
      {"tax_code", contact(f.tax_code)},
      {"email", contact(f.email)},
      {"phone", contact(f.phone)},
      {"contact_shown", with_contact},
      {"portal_reference", OptText(f.portal_reference)},
      {"purpose", f.purpose},
      {"legal_basis", f.legal_basis},
      {"period_from", OptDateJson(f.period_from)},
      {"period_to", OptDateJson(f.period_to)},
      {"personal_data", f.personal_data},
      {"owners", TextsJson(f.owners)},
      {"opinions_due", OptDateJson(f.opinions_due)},
      {"consulted", TextsJson(f.consulted)},
      {"opinions_from", TextsJson(f.opinions_from)},
      {"agreed_by", TextsJson(f.agreed_by)},
      {"disagreed_by", TextsJson(f.disagreed_by)},
      {"proposal", GrantJson(f.proposal)},
      {"decision", GrantJson(f.decision)},
  };
}

JsonValue TicketJson(const Ticket& t, const std::vector<EventType>& allowed, const WorkflowCatalog& catalog,
                     bool with_requester_contact) {
  JsonValue::Array parties(t.parties.begin(), t.parties.end());
  JsonValue::Array breaches;
  for (const auto& b : t.sla.breaches)
    breaches.push_back(JsonValue::Object{{"clock", Name(ToString(b.clock))},
                                         {"level", std::int64_t{b.level}},
                                         {"at", FormatRfc3339(b.at)}});
  JsonValue::Array actions;
  for (EventType e : allowed) actions.push_back(Name(ToString(e)));
  // A data-sharing request has no category: its label is empty.
  const auto category = catalog.categories().find(t.category);
  JsonValue out = JsonValue::Object{
      {"id", t.id},
      {"workflow", t.workflow},
      {"category", Name(ToString(t.category))},
      {"category_label_vi", category == catalog.categories().end() ? std::string() : category->second.vi},
      {"priority", Name(ToString(t.priority))},
      {"title", t.title},
      {"description", t.description},
      {"service", OptText(t.service)},
      {"state", Name(ToString(t.state))},
      {"state_label_vi", catalog.Of(t.state).vi},
      {"scope", Name(ToString(t.scope))},
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
  if (t.request) out.as_object().emplace("request", RequestFactsJson(*t.request, with_requester_contact));
  return out;
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

namespace {

// What an event of `type` cites under the regulation's current version: "legal_basis" (the
// machine form; where it depends on the ticket, every article it may cite), "citation",
// and where it depends on the ticket, "citations": one per case, with "when" and its labels.
void AddCitations(JsonValue& out, EventType type, const Workflow& workflow) {
  JsonValue::Object& o = out.as_object();
  const auto& regulation = workflow.settings().citations;
  if (!regulation) {
    o.emplace("legal_basis", "");
    o.emplace("citation", JsonValue());
    return;
  }
  const int version = regulation->current_version();
  const CitationRule rule = *regulation->RuleOf(version, type, workflow.Table().name);  // the last cites every type
  if (rule.by == CitationRule::By::kNothing) {
    o.emplace("legal_basis", rule.always.basis);
    o.emplace("citation", CitationJson(rule.always, regulation.get(), version));
    return;
  }
  std::vector<ArticleRef> refs;  // every article one of the cases cites, once, in the text's order
  JsonValue::Array cases;
  for (const auto& [when, citation] : rule.cases) {
    auto parsed = ParseLegalBasis(citation.basis);  // the file's were checked when it was read
    if (parsed.ok())
      for (const ArticleRef& r : parsed.value())
        if (std::find(refs.begin(), refs.end(), r) == refs.end()) refs.push_back(r);
    JsonValue item = CitationJson(citation, regulation.get(), version);
    std::string vi = when, en = when;
    if (const auto* l = regulation->LabelOf(rule.by, when)) vi = l->vi, en = l->en;
    if (rule.by == CitationRule::By::kCategory)
      if (auto c = ParseCategory(when)) vi = workflow.Catalog().Of(*c).vi, en = workflow.Catalog().Of(*c).en;
    item.as_object().emplace("by", std::string(ToString(rule.by)));
    item.as_object().emplace("when", when);
    item.as_object().emplace("when_vi", vi);
    item.as_object().emplace("when_en", en);
    cases.push_back(std::move(item));
  }
  // "Art. 11.2b, 12.2, 13.2b": the articles one of which applies.
  std::sort(refs.begin(), refs.end(), [](const ArticleRef& a, const ArticleRef& b) {
    return std::tie(a.article, a.clause, a.point) < std::tie(b.article, b.clause, b.point);
  });
  std::string joined;
  for (const ArticleRef& r : refs) joined += (joined.empty() ? "Art. " : ", ") + r.MachineForm();
  Citation any{joined, "", ""};
  o.emplace("legal_basis", joined);
  o.emplace("citation", CitationJson(any, regulation.get(), version));
  o.emplace("citations", JsonValue(std::move(cases)));
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
    });
    AddCitations(transitions.back(), t.event, workflow);
  }
  JsonValue::Array events;
  for (const EventSpec& e : catalog.events()) {
    JsonValue::Array fields;
    for (const FieldSpec& f : e.fields) fields.push_back(FieldJson(f, limits));
    events.push_back(JsonValue::Object{
        {"type", Name(ToString(e.type))},
        {"label_vi", e.name.vi},
        {"label_en", e.name.en},
        {"fields", JsonValue(std::move(fields))},
    });
    AddCitations(events.back(), e.type, workflow);
    // Kept from before issue 13: the citation's Vietnamese legal form.
    JsonValue& added = events.back();
    added.as_object().emplace("legal_basis_vi", added.Find("citation")->is_object()
                                                     ? added.Find("citation")->Find("vi")->as_string()
                                                     : std::string());
  }
  JsonValue::Array categories, scopes, grounds;
  for (const auto& [c, labels] : catalog.categories())  // none for a data-sharing request
    categories.push_back(
        JsonValue::Object{{"id", Name(ToString(c))}, {"label_vi", labels.vi}, {"label_en", labels.en}});
  if (const auto& regulation = workflow.settings().citations) {
    auto labelled = [&](JsonValue::Array& out, CitationRule::By by, const std::string& id) {
      if (const auto* l = regulation->LabelOf(by, id))
        out.push_back(JsonValue::Object{{"id", id}, {"label_vi", l->vi}, {"label_en", l->en}});
    };
    for (Scope v : kAllScopes) labelled(scopes, CitationRule::By::kScope, std::string(ToString(v)));
    if (catalog.Has(EventType::kReject))  // a workflow without reject has no grounds
      for (const char* g : {"out_of_scope", "state_secret", "internal_data", "duplicate"})
        labelled(grounds, CitationRule::By::kGrounds, g);
  }
  return JsonValue::Object{{"name", table.name},
                           {"states", JsonValue(std::move(states))},
                           {"transitions", JsonValue(std::move(transitions))},
                           {"events", JsonValue(std::move(events))},
                           {"categories", JsonValue(std::move(categories))},
                           {"scopes", JsonValue(std::move(scopes))},
                           {"reject_grounds", JsonValue(std::move(grounds))}};
}

JsonValue CitationJson(const Citation& c, const Regulation* regulation, int version) {
  return JsonValue::Object{
      {"regulation", regulation ? JsonValue(regulation->id()) : JsonValue()},
      {"version", static_cast<std::int64_t>(version)},
      {"vi", VietnameseLegalBasis(c.basis)},
      {"en", c.basis},
      {"gloss_vi", regulation ? regulation->Gloss(c.basis) : std::string()},
      {"note_vi", c.note_vi},
      {"note_en", c.note_en},
  };
}

JsonValue HistoryJson(const std::vector<TicketEvent>& events, std::string_view workflow,
                      const WorkflowSettings& settings, const std::function<std::string(const std::string&)>& name_of) {
  const Regulation* regulation = settings.citations.get();
  // The facts a citation may depend on besides the workflow (scope, category) are the
  // first event's (report, or a data-sharing request's submit).
  Ticket facts;
  facts.workflow = std::string(workflow);
  if (!events.empty()) {
    const Payload& report = events.front().payload;
    if (auto it = report.find("category"); it != report.end() && it->second.is_string())
      facts.category = ParseCategory(it->second.as_string()).value_or(facts.category);
    if (auto it = report.find("scope"); it != report.end() && it->second.is_string())
      facts.scope = ParseScope(it->second.as_string()).value_or(facts.scope);
  }
  JsonValue::Array items, citations;
  JsonValue::Object people;
  for (const TicketEvent& e : events) {
    items.push_back(EventToJson(e));
    const int version = e.regulation_id.empty() ? 1 : static_cast<int>(e.regulation_version);
    // What the event recorded; the note of its version where that version cites the same.
    Citation recorded{e.legal_basis, "", ""};
    if (regulation)
      if (auto c = regulation->Cite(version, e.type, facts, e.payload); c.ok() && c->basis == e.legal_basis)
        recorded = std::move(c.value());
    JsonValue citation = CitationJson(recorded, regulation, version);
    citation.as_object().emplace("seq", e.seq);
    citations.push_back(std::move(citation));
    const bool system = e.actor == "system" && e.actor_org.empty();
    if (!system && !people.count(e.actor)) people.emplace(e.actor, name_of(e.actor));
  }
  return JsonValue::Object{{"items", JsonValue(std::move(items))},
                           {"citations", JsonValue(std::move(citations))},
                           {"people", JsonValue(std::move(people))}};
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
