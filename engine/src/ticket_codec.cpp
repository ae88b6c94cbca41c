#include "incidents/engine/ticket_codec.h"

namespace incidents::engine {
namespace {

JsonValue OptText(const std::optional<std::string>& s) { return s ? JsonValue(*s) : JsonValue(); }
JsonValue OptTime(const std::optional<Timestamp>& t) {
  return t ? JsonValue(std::int64_t{t->time_since_epoch().count()}) : JsonValue();
}
JsonValue Time(Timestamp t) { return JsonValue(std::int64_t{t.time_since_epoch().count()}); }
JsonValue OptDate(const std::optional<CivilDate>& d) { return d ? JsonValue(ToIsoString(*d)) : JsonValue(); }
JsonValue Texts(const std::vector<std::string>& v) { return JsonValue(JsonValue::Array(v.begin(), v.end())); }

JsonValue GrantJson(const std::optional<DataGrant>& g) {
  if (!g) return JsonValue();
  return JsonValue::Object{{"outcome", std::string(ToString(g->outcome))},
                           {"datasets", Texts(g->datasets)},
                           {"conditions", OptText(g->conditions)},
                           {"valid_until", OptDate(g->valid_until)},
                           {"reason", OptText(g->reason)},
                           {"document_number", OptText(g->document_number)},
                           {"document_date", OptDate(g->document_date)},
                           {"signer", OptText(g->signer)},
                           {"signed_as", g->signed_as ? JsonValue(std::string(ToString(*g->signed_as))) : JsonValue()}};
}

JsonValue RequestJson(const DataRequestFacts& r) {
  return JsonValue::Object{
      {"requester_name", r.requester_name},     {"organisation", OptText(r.organisation)},
      {"tax_code", OptText(r.tax_code)},        {"email", OptText(r.email)},
      {"phone", OptText(r.phone)},              {"portal_reference", OptText(r.portal_reference)},
      {"purpose", r.purpose},                   {"legal_basis", r.legal_basis},
      {"period_from", OptDate(r.period_from)},  {"period_to", OptDate(r.period_to)},
      {"personal_data", r.personal_data},       {"owners", Texts(r.owners)},
      {"opinions_due", OptDate(r.opinions_due)},
      {"consulted", Texts(r.consulted)},        {"opinions_from", Texts(r.opinions_from)},
      {"agreed_by", Texts(r.agreed_by)},        {"disagreed_by", Texts(r.disagreed_by)},
      {"proposal", GrantJson(r.proposal)},      {"decision", GrantJson(r.decision)},
  };
}

class Reader {
 public:
  explicit Reader(const JsonValue& o) : o_(o) {}
  const Status& status() const { return status_; }

  std::string Text(const char* k) {
    const JsonValue* v = o_.Find(k);
    if (v && v->is_string()) return v->as_string();
    Fail(k);
    return {};
  }
  std::optional<std::string> OptText(const char* k) {
    const JsonValue* v = o_.Find(k);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_string()) return v->as_string();
    Fail(k);
    return std::nullopt;
  }
  std::int64_t Int(const char* k) {
    const JsonValue* v = o_.Find(k);
    if (v && v->is_int()) return v->as_int();
    Fail(k);
    return 0;
  }
  Timestamp Time(const char* k) { return Timestamp(std::chrono::seconds(Int(k))); }
  std::optional<Timestamp> OptTime(const char* k) {
    const JsonValue* v = o_.Find(k);
    if (!v || v->is_null()) return std::nullopt;
    return Time(k);
  }
  template <typename E, typename Parse>
  E Enum(const char* k, Parse parse) {
    auto parsed = parse(Text(k));
    if (parsed) return *parsed;
    Fail(k);
    return E{};
  }
  template <typename E, typename Parse>
  std::optional<E> OptEnum(const char* k, Parse parse) {
    auto text = OptText(k);
    if (!text) return std::nullopt;
    auto parsed = parse(*text);
    if (!parsed) Fail(k);
    return parsed;
  }
  std::optional<CivilDate> OptDate(const char* k) {
    auto text = OptText(k);
    if (!text) return std::nullopt;
    auto parsed = ParseIsoDate(*text);
    if (!parsed) Fail(k);
    return parsed;
  }
  std::vector<std::string> Texts(const char* k) {
    std::vector<std::string> out;
    const JsonValue* v = o_.Find(k);
    if (!v || !v->is_array()) {
      Fail(k);
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) Fail(k);
      else out.push_back(item.as_string());
    }
    return out;
  }
  bool Bool(const char* k) {
    const JsonValue* v = o_.Find(k);
    if (v && v->is_bool()) return v->as_bool();
    Fail(k);
    return false;
  }
  void Fail(const char* k) {
    if (status_.ok()) status_ = Status::Corruption(std::string("stored ticket: bad field '") + k + "'");
  }

 private:
  const JsonValue& o_;
  Status status_;
};

std::optional<DataGrant> ReadGrant(const JsonValue* json, Reader& parent, const char* name) {
  if (!json || json->is_null()) return std::nullopt;
  Reader r(*json);
  DataGrant g;
  g.outcome = r.Enum<DecisionOutcome>("outcome", ParseDecisionOutcome);
  g.datasets = r.Texts("datasets");
  g.conditions = r.OptText("conditions");
  g.valid_until = r.OptDate("valid_until");
  g.reason = r.OptText("reason");
  g.document_number = r.OptText("document_number");
  g.document_date = r.OptDate("document_date");
  g.signer = r.OptText("signer");
  g.signed_as = r.OptEnum<SignedAs>("signed_as", ParseSignedAs);
  if (!r.status().ok()) parent.Fail(name);
  return g;
}

DataRequestFacts ReadRequest(const JsonValue& json, Reader& parent) {
  Reader r(json);
  DataRequestFacts f;
  f.requester_name = r.Text("requester_name");
  f.organisation = r.OptText("organisation");
  f.tax_code = r.OptText("tax_code");
  f.email = r.OptText("email");
  f.phone = r.OptText("phone");
  f.portal_reference = r.OptText("portal_reference");
  f.purpose = r.Text("purpose");
  f.legal_basis = r.Text("legal_basis");
  f.period_from = r.OptDate("period_from");
  f.period_to = r.OptDate("period_to");
  f.personal_data = r.Bool("personal_data");
  // Absent in the requests stored before owners were told apart from consulted parties.
  if (json.Find("owners")) f.owners = r.Texts("owners");
  f.opinions_due = r.OptDate("opinions_due");
  f.consulted = r.Texts("consulted");
  f.opinions_from = r.Texts("opinions_from");
  f.agreed_by = r.Texts("agreed_by");
  f.disagreed_by = r.Texts("disagreed_by");
  f.proposal = ReadGrant(json.Find("proposal"), r, "proposal");
  f.decision = ReadGrant(json.Find("decision"), r, "decision");
  if (!r.status().ok()) parent.Fail("request");
  return f;
}

JsonValue TallyJson(const TicketTally& t) {
  return JsonValue::Object{
      {"state_since", Time(t.state_since)},
      {"wait_reporter_s", t.wait_reporter_s},
      {"wait_ministry_s", t.wait_ministry_s},
      {"wait_chairman_s", t.wait_chairman_s},
      {"reopens", std::int64_t{t.reopens}},
      {"escalations", std::int64_t{t.escalations}},
      {"first_resolved_at", OptTime(t.first_resolved_at)},
      {"closed_at", OptTime(t.closed_at)},
      {"escalated_at", OptTime(t.escalated_at)},
      {"chairman_decision", OptText(t.chairman_decision)},
      {"chairman_decided_at", OptTime(t.chairman_decided_at)},
      {"chairman_requires_action", t.chairman_requires_action ? JsonValue(*t.chairman_requires_action) : JsonValue()},
  };
}

TicketTally ReadTally(const JsonValue& json, Reader& parent) {
  Reader r(json);
  TicketTally t;
  t.state_since = r.Time("state_since");
  t.wait_reporter_s = r.Int("wait_reporter_s");
  t.wait_ministry_s = r.Int("wait_ministry_s");
  t.wait_chairman_s = r.Int("wait_chairman_s");
  t.reopens = static_cast<int>(r.Int("reopens"));
  t.escalations = static_cast<int>(r.Int("escalations"));
  t.first_resolved_at = r.OptTime("first_resolved_at");
  t.closed_at = r.OptTime("closed_at");
  t.escalated_at = r.OptTime("escalated_at");
  t.chairman_decision = r.OptText("chairman_decision");
  t.chairman_decided_at = r.OptTime("chairman_decided_at");
  if (const JsonValue* v = json.Find("chairman_requires_action"); v && !v->is_null()) {
    if (v->is_bool()) t.chairman_requires_action = v->as_bool();
    else r.Fail("chairman_requires_action");
  }
  if (!r.status().ok()) parent.Fail("tally");
  return t;
}

}  // namespace

JsonValue TicketToStorageJson(const Ticket& t) {
  JsonValue::Array parties(t.parties.begin(), t.parties.end());
  JsonValue::Array breaches;
  for (const auto& b : t.sla.breaches)
    breaches.push_back(JsonValue::Object{
        {"clock", std::string(ToString(b.clock))}, {"level", std::int64_t{b.level}}, {"at", Time(b.at)}});
  JsonValue::Array pauses;
  for (const auto& p : t.sla.pauses) pauses.push_back(JsonValue::Object{{"from", Time(p.from)}, {"to", Time(p.to)}});
  // ack_due and resolve_due are derived on display, never stored (ticket.h).
  JsonValue::Object sla{{"paused", t.sla.paused},
                        {"breaches", JsonValue(std::move(breaches))},
                        {"ack_stopped_at", OptTime(t.sla.ack_stopped_at)},
                        {"resolve_started_at", OptTime(t.sla.resolve_started_at)},
                        {"resolve_stopped_at", OptTime(t.sla.resolve_stopped_at)},
                        {"paused_since", OptTime(t.sla.paused_since)},
                        {"pauses", JsonValue(std::move(pauses))}};
  JsonValue::Object out{
      {"id", t.id},
      {"workflow", t.workflow},
      {"category", std::string(ToString(t.category))},
      {"priority", std::string(ToString(t.priority))},
      {"scope", std::string(ToString(t.scope))},
      {"title", t.title},
      {"description", t.description},
      {"service", OptText(t.service)},
      {"state", std::string(ToString(t.state))},
      {"reporter", t.reporter},
      {"reporter_org", t.reporter_org},
      {"parties", JsonValue(std::move(parties))},
      {"assignee", OptText(t.assignee)},
      {"version", t.version},
      {"created_at", Time(t.created_at)},
      {"updated_at", Time(t.updated_at)},
      {"resume_state", t.resume_state ? JsonValue(std::string(ToString(*t.resume_state))) : JsonValue()},
      {"resolved_at", OptTime(t.resolved_at)},
      {"sla", JsonValue(std::move(sla))},
      {"last_hash", t.last_hash},
  };
  // Only a data-sharing request has the member: an incident's snapshot is as before.
  if (t.request) out.emplace("request", RequestJson(*t.request));
  // Absent only in a snapshot stored before issue 16.
  if (t.tally) out.emplace("tally", TallyJson(*t.tally));
  return out;
}

Result<Ticket> TicketFromStorageJson(const JsonValue& json) {
  if (!json.is_object()) return Status::Corruption("stored ticket is not a JSON object");
  Reader r(json);
  Ticket t;
  t.id = r.Text("id");
  t.workflow = r.Text("workflow");
  t.category = r.Enum<Category>("category", ParseCategory);
  t.priority = r.Enum<Priority>("priority", ParsePriority);
  // Snapshots written before tickets had a scope are inside the province.
  t.scope = r.OptEnum<Scope>("scope", ParseScope).value_or(Scope::kIntraProvince);
  t.title = r.Text("title");
  t.description = r.Text("description");
  t.service = r.OptText("service");
  t.state = r.Enum<State>("state", ParseState);
  t.reporter = r.Text("reporter");
  t.reporter_org = r.Text("reporter_org");
  if (const JsonValue* p = json.Find("parties"); p && p->is_array()) {
    for (const auto& item : p->as_array()) {
      if (!item.is_string()) r.Fail("parties");
      else t.parties.push_back(item.as_string());
    }
  } else {
    r.Fail("parties");
  }
  t.assignee = r.OptText("assignee");
  t.version = r.Int("version");
  t.created_at = r.Time("created_at");
  t.updated_at = r.Time("updated_at");
  t.resume_state = r.OptEnum<State>("resume_state", ParseState);
  t.resolved_at = r.OptTime("resolved_at");
  t.last_hash = r.Text("last_hash");
  const JsonValue* sla = json.Find("sla");
  if (!sla || !sla->is_object()) {
    r.Fail("sla");
  } else {
    Reader s(*sla);
    t.sla.ack_stopped_at = s.OptTime("ack_stopped_at");
    t.sla.resolve_started_at = s.OptTime("resolve_started_at");
    t.sla.resolve_stopped_at = s.OptTime("resolve_stopped_at");
    t.sla.paused_since = s.OptTime("paused_since");
    if (const JsonValue* p = sla->Find("pauses"); p && p->is_array()) {
      for (const auto& item : p->as_array()) {
        Reader pr(item);
        t.sla.pauses.push_back({pr.Time("from"), pr.Time("to")});
        if (!pr.status().ok()) r.Fail("sla.pauses");
      }
    }
    const JsonValue* paused = sla->Find("paused");
    t.sla.paused = paused && paused->is_bool() && paused->as_bool();
    if (const JsonValue* b = sla->Find("breaches"); b && b->is_array()) {
      for (const auto& item : b->as_array()) {
        Reader br(item);
        SlaBreach breach;
        breach.clock = br.Enum<SlaClockKind>("clock", ParseSlaClockKind);
        breach.level = static_cast<int>(br.Int("level"));
        breach.at = br.Time("at");
        if (!br.status().ok()) r.Fail("sla.breaches");
        t.sla.breaches.push_back(breach);
      }
    }
    if (!s.status().ok()) r.Fail("sla");
  }
  if (const JsonValue* request = json.Find("request"); request && !request->is_null()) {
    if (!request->is_object()) r.Fail("request");
    else t.request = ReadRequest(*request, r);
  }
  if (const JsonValue* tally = json.Find("tally"); tally && !tally->is_null()) {
    if (!tally->is_object()) r.Fail("tally");
    else t.tally = ReadTally(*tally, r);
  }
  if (!r.status().ok()) return r.status();
  return t;
}

}  // namespace incidents::engine
