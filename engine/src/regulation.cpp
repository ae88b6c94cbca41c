#include "incidents/engine/regulation.h"

#include <algorithm>
#include <cctype>

#include "incidents/engine/ticket.h"

namespace incidents::engine {

namespace {

constexpr std::string_view kArt = "Art. ";

bool IsDigits(std::string_view s) {
  if (s.empty() || s.size() > 3) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "11.2b", "16", "17.1" -> the reference; nullopt when it is not one.
std::optional<ArticleRef> ParseRef(std::string_view s) {
  ArticleRef ref;
  const std::size_t dot = s.find('.');
  const std::string_view article = s.substr(0, dot);
  if (!IsDigits(article)) return std::nullopt;
  ref.article = std::stoi(std::string(article));
  if (dot == std::string_view::npos) return ref;
  std::string_view rest = s.substr(dot + 1);
  std::string_view point;
  if (!rest.empty() && std::islower(static_cast<unsigned char>(rest.back()))) {
    point = rest.substr(rest.size() - 1);
    rest.remove_suffix(1);
  }
  if (!IsDigits(rest)) return std::nullopt;
  ref.clause = std::stoi(std::string(rest));
  ref.point = std::string(point);
  if (ref.article == 0 || ref.clause == 0) return std::nullopt;
  return ref;
}

Status Invalid(const std::string& where, const std::string& what) {
  return Status::InvalidValue("regulation: '" + where + "' " + what);
}

const std::pair<CitationRule::By, std::string_view> kByNames[] = {
    {CitationRule::By::kNothing, ""},
    {CitationRule::By::kScope, "scope"},
    {CitationRule::By::kCategory, "category"},
    {CitationRule::By::kGrounds, "grounds"},
    {CitationRule::By::kWorkflow, "workflow"},
};

// The case a ticket falls under for a rule by workflow: the workflows whose events cite
// differently by scope are split by it (Art. 12 outside agencies, 13 persons and businesses).
constexpr std::string_view kIncidentCase = kIncidentWorkflow;

// The values a rule `by` must have a case for.
std::vector<std::string> CaseNames(CitationRule::By by) {
  std::vector<std::string> out;
  switch (by) {
    case CitationRule::By::kNothing: break;
    case CitationRule::By::kScope:
      for (Scope s : kAllScopes) out.emplace_back(ToString(s));
      break;
    case CitationRule::By::kCategory:
      for (Category c : kAllCategories) out.emplace_back(ToString(c));
      break;
    case CitationRule::By::kGrounds:
      for (RejectGrounds g : {RejectGrounds::kOutOfScope, RejectGrounds::kStateSecret, RejectGrounds::kInternalData})
        out.emplace_back(ToString(g));
      out.emplace_back("duplicate");  // reject with duplicate_of
      break;
    case CitationRule::By::kWorkflow:
      out.emplace_back(kIncidentCase);
      for (Scope s : {Scope::kOutsideAgency, Scope::kPersonOrBusiness})
        out.push_back(std::string(kDataRequestWorkflow) + "." + std::string(ToString(s)));
      break;
  }
  return out;
}

const std::string* StringMember(const JsonValue& o, const char* key) {
  const JsonValue* v = o.Find(key);
  return v && v->is_string() ? &v->as_string() : nullptr;
}

Result<Citation> ParseCitation(const JsonValue& json, const std::string& where,
                               const std::map<std::string, std::string>& glosses) {
  if (!json.is_object()) return Invalid(where, "must be an object");
  Citation c;
  const std::string* basis = StringMember(json, "basis");
  if (!basis) return Invalid(where + ".basis", "is required (\"\" for the province's own procedure)");
  c.basis = *basis;
  auto refs = ParseLegalBasis(c.basis);
  if (!refs.ok()) return Invalid(where + ".basis", refs.status().message());
  for (const ArticleRef& r : refs.value())
    if (!glosses.count(r.MachineForm()))
      return Invalid(where + ".basis", "cites " + r.MachineForm() + ", which has no gloss in 'glosses'");
  if (const std::string* v = StringMember(json, "note_vi")) c.note_vi = *v;
  if (const std::string* v = StringMember(json, "note_en")) c.note_en = *v;
  if (c.basis.empty() && (c.note_vi.empty() || c.note_en.empty()))
    return Invalid(where, "cites no article, so it needs note_vi and note_en saying what it rests on");
  return c;
}

Result<CitationRule> ParseRule(const JsonValue& json, const std::string& where,
                               const std::map<std::string, std::string>& glosses) {
  if (!json.is_object()) return Invalid(where, "must be an object");
  CitationRule rule;
  const std::string* by = StringMember(json, "by");
  if (!by) {
    auto c = ParseCitation(json, where, glosses);
    if (!c.ok()) return c.status();
    rule.always = std::move(c.value());
    return rule;
  }
  bool known = false;
  for (const auto& [value, name] : kByNames)
    if (!name.empty() && name == *by) rule.by = value, known = true;
  if (!known) return Invalid(where + ".by", "must be scope, category, grounds or workflow");
  const JsonValue* cases = json.Find("cases");
  if (!cases || !cases->is_object()) return Invalid(where + ".cases", "must be an object");
  const std::vector<std::string> names = CaseNames(rule.by);
  for (const auto& [name, value] : cases->as_object()) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      return Invalid(where + ".cases." + name, "is not a value of " + *by);
    auto c = ParseCitation(value, where + ".cases." + name, glosses);
    if (!c.ok()) return c.status();
    rule.cases.emplace(name, std::move(c.value()));
  }
  for (const std::string& name : names)
    if (!rule.cases.count(name)) return Invalid(where + ".cases", "has no case for " + name);
  return rule;
}

}  // namespace

std::string ArticleRef::MachineForm() const {
  std::string out = std::to_string(article);
  if (clause > 0) out += "." + std::to_string(clause) + point;
  return out;
}

std::string ArticleRef::VietnameseForm() const {
  std::string out;
  if (!point.empty()) out += "điểm " + point + " ";
  if (clause > 0) out += "khoản " + std::to_string(clause) + " ";
  return out + "Điều " + std::to_string(article);
}

Result<std::vector<ArticleRef>> ParseLegalBasis(std::string_view basis) {
  std::vector<ArticleRef> out;
  if (basis.empty()) return out;
  if (basis.substr(0, kArt.size()) != kArt)
    return Status::InvalidValue("'" + std::string(basis) + "' is not of the form \"Art. 11.2b, 12.2\"");
  std::string_view rest = basis.substr(kArt.size());
  while (true) {
    const std::size_t comma = rest.find(", ");
    auto ref = ParseRef(rest.substr(0, comma));
    if (!ref) return Status::InvalidValue("'" + std::string(basis) + "' is not of the form \"Art. 11.2b, 12.2\"");
    out.push_back(*ref);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
  return out;
}

std::string VietnameseLegalBasis(std::string_view basis) {
  auto refs = ParseLegalBasis(basis);
  if (!refs.ok()) return std::string(basis);
  std::string out;
  for (const ArticleRef& r : refs.value()) out += (out.empty() ? "" : ", ") + r.VietnameseForm();
  return out;
}

std::string_view ToString(CitationRule::By by) {
  for (const auto& [value, name] : kByNames)
    if (value == by) return name;
  return "";
}

Result<std::shared_ptr<const Regulation>> Regulation::FromJson(const JsonValue& json) {
  if (!json.is_object()) return Invalid("(file)", "must be a JSON object");
  auto r = std::make_shared<Regulation>();
  const std::string* id = StringMember(json, "id");
  if (!id || id->empty()) return Invalid("id", "is required");
  r->id_ = *id;
  const JsonValue* glosses = json.Find("glosses");
  if (!glosses || !glosses->is_object()) return Invalid("glosses", "must be an object");
  for (const auto& [ref, text] : glosses->as_object()) {
    auto parsed = ParseRef(ref);
    if (!parsed || parsed->MachineForm() != ref)
      return Invalid("glosses." + ref, "is not an article reference like \"11.2b\"");
    if (!text.is_string() || text.as_string().empty()) return Invalid("glosses." + ref, "must be a text");
    r->glosses_.emplace(ref, text.as_string());
  }
  const JsonValue* labels = json.Find("labels");
  if (!labels || !labels->is_object()) return Invalid("labels", "must be an object with scope and grounds");
  for (auto [by, out] : {std::pair{CitationRule::By::kScope, &r->scope_labels_},
                         std::pair{CitationRule::By::kGrounds, &r->grounds_labels_}}) {
    const std::string where = "labels." + std::string(ToString(by));
    const JsonValue* of = labels->Find(std::string(ToString(by)));
    if (!of || !of->is_object()) return Invalid(where, "must be an object");
    for (const std::string& name : CaseNames(by)) {
      const JsonValue* l = of->Find(name);
      const std::string* vi = l ? StringMember(*l, "vi") : nullptr;
      const std::string* en = l ? StringMember(*l, "en") : nullptr;
      if (!vi || !en || vi->empty() || en->empty()) return Invalid(where + "." + name, "needs vi and en");
      out->emplace(name, CaseLabel{*vi, *en});
    }
  }
  const JsonValue* versions = json.Find("versions");
  if (!versions || !versions->is_array() || versions->as_array().empty())
    return Invalid("versions", "must be a non-empty array");
  for (const JsonValue& v : versions->as_array()) {
    const std::string where = "versions[" + std::to_string(r->versions_.size()) + "]";
    if (!v.is_object()) return Invalid(where, "must be an object");
    RegulationVersion version;
    const JsonValue* number = v.Find("version");
    if (!number || !number->is_int() || number->as_int() != static_cast<std::int64_t>(r->versions_.size()) + 1)
      return Invalid(where + ".version", "must be " + std::to_string(r->versions_.size() + 1) +
                                             " (versions are numbered 1, 2, 3... in order)");
    version.version = static_cast<int>(number->as_int());
    if (const std::string* note = StringMember(v, "note")) version.note = *note;
    const JsonValue* events = v.Find("events");
    if (!events || !events->is_object()) return Invalid(where + ".events", "must be an object");
    for (const auto& [name, rule_json] : events->as_object()) {
      auto type = ParseEventType(name);
      if (!type) return Invalid(where + ".events." + name, "is not an event type");
      auto rule = ParseRule(rule_json, where + ".events." + name, r->glosses_);
      if (!rule.ok()) return rule.status();
      version.rules.emplace(*type, std::move(rule.value()));
    }
    r->versions_.push_back(std::move(version));
  }
  // New events are decided under the last version, so it cites every event type. An older
  // version cites what existed when it was written (events of workflows added later are
  // never recorded under it; Cite refuses them as corruption).
  const RegulationVersion& last = r->versions_.back();
  for (EventType e : kAllEventTypes)
    if (!last.rules.count(e))
      return Invalid("versions[" + std::to_string(r->versions_.size() - 1) + "].events",
                     "has no citation for " + std::string(ToString(e)));
  return std::shared_ptr<const Regulation>(std::move(r));
}

const RegulationVersion* Regulation::Version(int version) const {
  if (version < 1 || version > static_cast<int>(versions_.size())) return nullptr;
  return &versions_[static_cast<std::size_t>(version - 1)];
}

Result<Citation> Regulation::Cite(int version, EventType type, const Ticket& next, const Payload& payload) const {
  const RegulationVersion* v = Version(version);
  if (!v) return Status::Corruption("regulation " + id_ + " has no version " + std::to_string(version));
  const auto found = v->rules.find(type);
  if (found == v->rules.end())
    return Status::Corruption("regulation " + id_ + " version " + std::to_string(version) + " has no citation of " +
                              std::string(ToString(type)));
  const CitationRule& rule = found->second;
  std::string value;
  switch (rule.by) {
    case CitationRule::By::kNothing: return rule.always;
    case CitationRule::By::kScope: value = std::string(ToString(next.scope)); break;
    case CitationRule::By::kCategory: value = std::string(ToString(next.category)); break;
    case CitationRule::By::kGrounds: {
      auto dup = payload.find("duplicate_of");
      auto grounds = payload.find("grounds");
      if (dup != payload.end() && dup->second.is_string()) value = "duplicate";
      else if (grounds != payload.end() && grounds->second.is_string()) value = grounds->second.as_string();
      else value = std::string(ToString(RejectGrounds::kOutOfScope));  // recorded before grounds existed
      break;
    }
    case CitationRule::By::kWorkflow:
      value = next.workflow == kDataRequestWorkflow ? next.workflow + "." + std::string(ToString(next.scope))
                                                     : next.workflow;
      break;
  }
  auto it = rule.cases.find(value);
  if (it == rule.cases.end())
    return Status::Corruption("regulation " + id_ + " version " + std::to_string(version) + " has no citation of " +
                              std::string(ToString(type)) + " for " + value);
  return it->second;
}

std::optional<CitationRule> Regulation::RuleOf(int version, EventType type, const std::string& workflow) const {
  const RegulationVersion* v = Version(version);
  if (!v) return std::nullopt;
  const auto found = v->rules.find(type);
  if (found == v->rules.end()) return std::nullopt;
  const CitationRule& rule = found->second;
  if (rule.by == CitationRule::By::kScope && workflow == kDataRequestWorkflow) {
    // A data-sharing request is never between agencies inside the province (they share
    // through the platform, Art. 11): that case does not apply to it.
    CitationRule narrowed = rule;
    narrowed.cases.erase(std::string(ToString(Scope::kIntraProvince)));
    return narrowed;
  }
  if (rule.by != CitationRule::By::kWorkflow) return rule;
  CitationRule narrowed;
  if (auto plain = rule.cases.find(workflow); plain != rule.cases.end()) {
    narrowed.always = plain->second;
    return narrowed;
  }
  narrowed.by = CitationRule::By::kScope;
  const std::string prefix = workflow + ".";
  for (const auto& [when, citation] : rule.cases)
    if (when.compare(0, prefix.size(), prefix) == 0) narrowed.cases.emplace(when.substr(prefix.size()), citation);
  return narrowed;
}

const Regulation::CaseLabel* Regulation::LabelOf(CitationRule::By by, const std::string& value) const {
  const auto& labels = by == CitationRule::By::kScope ? scope_labels_ : grounds_labels_;
  if (by != CitationRule::By::kScope && by != CitationRule::By::kGrounds) return nullptr;
  auto it = labels.find(value);
  return it == labels.end() ? nullptr : &it->second;
}

std::string Regulation::Gloss(std::string_view basis) const {
  if (auto direct = glosses_.find(std::string(basis)); direct != glosses_.end()) return direct->second;
  auto refs = ParseLegalBasis(basis);
  if (!refs.ok()) return "";
  std::string out;
  for (const ArticleRef& r : refs.value()) {
    auto it = glosses_.find(r.MachineForm());
    if (it == glosses_.end()) continue;
    out += (out.empty() ? "" : "; ") + it->second;
  }
  return out;
}

}  // namespace incidents::engine
