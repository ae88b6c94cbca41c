#include "incidents/notifications/notification_router.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "incidents/engine/business_calendar.h"  // LocalDateOf
#include "incidents/notifications/message_link.h"  // kRequesterRef
#include "request_vars.h"

namespace incidents::notifications {

using namespace incidents::engine;

namespace {

struct Target {
  std::string ref;  // "org:stp" / "user:name"
  std::string email, phone;
  std::string org_name;  // the addressee's organisation
};

const JsonValue* PayloadMember(const TicketEvent& e, const std::string& key) {
  auto it = e.payload.find(key);
  return it == e.payload.end() ? nullptr : &it->second;
}

std::string PayloadString(const TicketEvent& e, const std::string& key) {
  const JsonValue* v = PayloadMember(e, key);
  return v && v->is_string() ? v->as_string() : std::string();
}

// "2027-01-05" as "05/01/2027" in Vietnamese; English keeps the ISO form.
std::string DocumentDate(const std::string& iso, bool vi) { return detail::LocalDate(iso, vi ? "vi" : "en"); }

bool Matches(const NotificationRule& rule, const Ticket& t, const TicketEvent& e, int level) {
  return rule.workflow == t.workflow && rule.events.count(e.type) &&
         (rule.categories.empty() || rule.categories.count(t.category)) &&
         (rule.priorities.empty() || rule.priorities.count(t.priority)) &&
         (rule.to_states.empty() || rule.to_states.count(e.to_state)) &&
         (rule.levels.empty() || rule.levels.count(level));
}

}  // namespace

NotificationRouter::NotificationRouter(std::vector<NotificationRule> rules, WorkflowSettings settings,
                                       std::vector<const WorkflowCatalog*> catalogs, Directory& directory,
                                       std::string locale)
    : rules_(std::move(rules)),
      settings_(std::move(settings)),
      catalogs_(std::move(catalogs)),
      directory_(directory),
      locale_(std::move(locale)) {
  catalogs_.erase(std::remove(catalogs_.begin(), catalogs_.end(), nullptr), catalogs_.end());
}

NotificationRouter::NotificationRouter(std::vector<NotificationRule> rules, WorkflowSettings settings,
                                       const WorkflowCatalog& catalog, Directory& directory, std::string locale)
    : NotificationRouter(std::move(rules), std::move(settings), std::vector<const WorkflowCatalog*>{&catalog},
                         directory, std::move(locale)) {}

const WorkflowCatalog* NotificationRouter::CatalogOf(const std::string& workflow) const {
  for (const WorkflowCatalog* c : catalogs_)
    if (c->workflow() == workflow) return c;
  return nullptr;
}

std::string NotificationRouter::DisplayName(const std::string& username) const {
  if (username == "system") return locale_ == "en" ? "the system" : "Hệ thống";
  auto user = directory_.FindUser(username);
  return user.ok() && user.value() && !user.value()->display_name.empty() ? user.value()->display_name : username;
}

std::string NotificationRouter::OrgName(const std::string& org_id) const {
  if (org_id.empty()) return locale_ == "en" ? "the system" : "Hệ thống";
  auto org = directory_.FindOrg(org_id);
  return org.ok() && org.value() ? org.value()->name : org_id;
}

// The catalog's message field; a field naming a DoICT user shows the person's name, and
// an SLA breach gets a sentence.
std::string NotificationRouter::PayloadText(const WorkflowCatalog& catalog, const TicketEvent& e) const {
  const bool vi = locale_ != "en";
  if (e.type == EventType::kSlaBreach) {
    const JsonValue* clock = PayloadMember(e, "clock");
    const JsonValue* lv = PayloadMember(e, "level");
    const bool ack = clock && clock->is_string() && clock->as_string() == "ack";
    const std::int64_t level = lv && lv->is_int() ? lv->as_int() : 1;
    // A data-sharing request's clocks (request_clocks.h).
    const std::string kind = clock && clock->is_string() ? clock->as_string() : "";
    if (kind == "consultation")
      return vi ? "Quá hạn cho ý kiến của đơn vị được lấy ý kiến" : "Opinions overdue from the units consulted";
    if (kind == "decision")
      return vi ? "Quá hạn giải quyết yêu cầu (mức " + std::to_string(level) +
                      (level >= 2 ? ", đã quá gấp đôi thời hạn)" : ")")
                : "Decision overdue (level " + std::to_string(level) + (level >= 2 ? ", twice the target)" : ")");
    if (vi)
      return std::string(ack ? "Quá hạn tiếp nhận" : "Quá hạn xử lý") + " (mức " + std::to_string(level) +
             (level >= 2 ? ", đã quá gấp đôi thời hạn)" : ")");
    return std::string(ack ? "Acknowledgement overdue" : "Resolution overdue") + " (level " + std::to_string(level) +
           (level >= 2 ? ", twice the target)" : ")");
  }
  if (!catalog.Has(e.type)) return "";
  const EventSpec& spec = catalog.Event(e.type);
  if (spec.message_field.empty()) return "";
  const JsonValue* v = PayloadMember(e, spec.message_field);
  if (!v || !v->is_string()) return "";
  for (const FieldSpec& f : spec.fields)
    if (f.name == spec.message_field && f.ref == FieldRef::kDoictStaff) return DisplayName(v->as_string());
  return v->as_string() + SignatureText(e);
}

// Who signed a Chairman's decision, and the document of a decision or of the Ministry's
// conclusion, as lines after the text; "" when the payload names neither.
std::string NotificationRouter::SignatureText(const TicketEvent& e) const {
  if (e.type != EventType::kRecordChairmanDecision && e.type != EventType::kRecordMinistryConclusion) return "";
  const bool vi = locale_ != "en";
  std::string out;
  if (const std::string signer = SignerLine(e); !signer.empty()) out += "\n" + signer;
  const std::string number = PayloadString(e, "document_number");
  const std::string date = PayloadString(e, "document_date");
  if (!number.empty() || !date.empty()) {
    out += vi ? "\nVăn bản" : "\nDocument";
    if (!number.empty()) out += (vi ? " số " : " No. ") + number;
    if (!date.empty()) out += (vi ? " ngày " : " of ") + DocumentDate(date, vi);
  }
  return out.empty() ? out : "\n" + out;
}

// "Người ký: Chủ tịch <name>" for a payload that names its signer; "" otherwise.
std::string NotificationRouter::SignerLine(const TicketEvent& e) const {
  const std::string signer = PayloadString(e, "signer");
  if (signer.empty()) return "";
  const bool vice = PayloadString(e, "signed_as") == "vice_chairman";
  const std::string name = DisplayName(signer);
  if (locale_ != "en") return "Người ký: " + std::string(vice ? "KT. Chủ tịch / Phó Chủ tịch " : "Chủ tịch ") + name;
  return "Signed by: " + std::string(vice ? "for the Chairman, Vice-Chairman " : "the Chairman, ") + name;
}

MessageVars NotificationRouter::AuthorityVars() const {
  // An id that is not set (CheckAuthorities refuses that at start) names nobody.
  auto name = [&](const std::string& org_id) { return org_id.empty() ? std::string() : OrgName(org_id); };
  MessageVars v;
  v.doict_name = name(settings_.doict_org);
  v.ministry_name = name(settings_.ministry_org);
  v.chairman_office_name = name(settings_.chairman_office_org);
  v.province = settings_.province;
  v.regulation = settings_.RegulationTitle(locale_);
  return v;
}

MessageVars NotificationRouter::EventVars(const Ticket& t, const TicketEvent& e) const {
  MessageVars v = AuthorityVars();
  const WorkflowCatalog* catalog = CatalogOf(t.workflow);
  v.workflow = t.workflow;
  v.ticket_id = t.id;
  v.title = t.title;
  // A workflow without categories (a data-sharing request) has neither code nor label.
  const bool categorised = catalog && catalog->categories().count(t.category) > 0;
  v.category = categorised ? std::string(ToString(t.category)) : "";
  v.category_label = categorised ? catalog->Of(t.category).In(locale_) : "";
  v.state = std::string(ToString(t.state));
  v.state_label = catalog && catalog->Has(t.state) ? catalog->Of(t.state).In(locale_) : "";
  // The citation the event recorded, in the locale's form, with the note its regulation
  // version gives it (the province's own procedure, its internal service levels).
  v.legal_basis = locale_ == "en" ? e.legal_basis : VietnameseLegalBasis(e.legal_basis);
  std::string note;
  if (const auto& regulation = settings_.citations) {
    const int version = e.regulation_id.empty() ? 1 : static_cast<int>(e.regulation_version);
    if (auto c = regulation->Cite(version, e.type, t, e.payload); c.ok() && c->basis == e.legal_basis)
      note = locale_ == "en" ? c->note_en : c->note_vi;
  }
  v.citation = CitationSentence(locale_, v.legal_basis, v.regulation, note);
  v.actor = DisplayName(e.actor);
  v.actor_org = OrgName(e.actor_org);
  v.priority = catalog && catalog->Has(t.priority) ? catalog->Of(t.priority).In(locale_) : "";
  if (catalog) {
    v.payload_text = PayloadText(*catalog, e);
    detail::FillRequestVars(v, t, e, *catalog, locale_);
    if (e.type == EventType::kDecide)
      if (const std::string signer = SignerLine(e); !signer.empty())
        v.decision_text += (v.decision_text.empty() ? "" : "\n") + signer;
  }
  return v;
}

Result<std::vector<OutboxRow>> NotificationRouter::Plan(const Ticket& t, const TicketEvent& e) const {
  // The router speaks for the workflows it has a catalog of; each rule for its own.
  if (!CatalogOf(t.workflow)) return std::vector<OutboxRow>{};
  std::vector<std::pair<Target, NotificationChannel>> wanted;
  // An org is reached through a person: the focal point on duty on the event's local day
  // (or the deputy standing in) of the org that acts for it (itself, or the successor
  // that took it over), at that person's own address. The row still names the org.
  std::optional<std::vector<Org>> orgs;  // read once per event, when an org is addressed
  auto org_target = [&](const std::string& org_id, std::vector<Target>& out) -> Status {
    if (!orgs) {
      auto listed = directory_.ListOrgs();
      if (!listed.ok()) return listed.status();
      orgs = std::move(listed.value());
    }
    auto org = std::find_if(orgs->begin(), orgs->end(), [&](const Org& o) { return o.id == org_id; });
    if (org == orgs->end()) return {};
    const std::string acting = EffectiveOrg(*orgs, org_id);
    auto terms = directory_.ListFocalPoints(acting);
    if (!terms.ok()) return terms.status();
    auto duty = FocalPointOnDuty(terms.value(), acting, LocalDateOf(e.at));
    if (!duty) return {};
    auto person = directory_.FindUser(duty->username);
    if (!person.ok()) return person.status();
    if (person.value()) out.push_back({"org:" + org_id, person.value()->email, person.value()->phone, org->name});
    return {};
  };
  // A person is reached at their own address while their account is active; the row
  // names them (user:NAME) and their org.
  auto user_target = [&](const std::string& username, std::vector<Target>& out) -> Status {
    if (username.empty()) return {};
    auto user = directory_.FindUser(username);
    if (!user.ok()) return user.status();
    if (user.value() && user.value()->active)
      out.push_back({"user:" + username, user.value()->email, user.value()->phone, OrgName(user.value()->org)});
    return {};
  };
  int level = 0;
  if (const JsonValue* lv = PayloadMember(e, "level"); lv && lv->is_int()) level = static_cast<int>(lv->as_int());
  for (const auto& rule : rules_) {
    if (!Matches(rule, t, e, level)) continue;
    std::vector<Target> targets;
    for (RecipientRole role : rule.recipients) {
      Status st;
      switch (role) {
        case RecipientRole::kReporterOrg: st = org_target(t.reporter_org, targets); break;
        case RecipientRole::kParties:
          for (const auto& p : t.parties)
            if (!(st = org_target(p, targets)).ok()) break;
          break;
        case RecipientRole::kParty:
          if (const JsonValue* party = PayloadMember(e, "party"); party && party->is_string())
            st = org_target(party->as_string(), targets);
          break;
        case RecipientRole::kProvincialFocal: st = org_target(settings_.doict_org, targets); break;
        case RecipientRole::kChairmanOffice: st = org_target(settings_.chairman_office_org, targets); break;
        case RecipientRole::kAssignee:
          if (t.assignee) st = user_target(*t.assignee, targets);
          break;
        case RecipientRole::kReporter: st = user_target(t.reporter, targets); break;
        case RecipientRole::kActor:
          if (!e.actor_org.empty()) st = user_target(e.actor, targets);  // the system has no org
          break;
        case RecipientRole::kRequester:
          // The request's own contact, not the directory's; addressed by name (or the
          // organisation's), keyed by the role: the address stays in `recipient` only.
          if (t.request)
            targets.push_back({std::string(kRequesterRef), t.request->email.value_or(""),
                               t.request->phone.value_or(""),
                               t.request->organisation.value_or(t.request->requester_name)});
          break;
        case RecipientRole::kOwners:
          if (t.request)
            for (const auto& unit : t.request->owners)
              if (!(st = org_target(unit, targets)).ok()) break;
          break;
        case RecipientRole::kConsulted: {
          // A consult names the units it asks; any other event reaches those asked so far.
          std::vector<std::string> units;
          if (e.type == EventType::kConsult) {
            if (const JsonValue* named = PayloadMember(e, "units"); named && named->is_array())
              for (const JsonValue& u : named->as_array())
                if (u.is_string()) units.push_back(u.as_string());
          } else if (t.request) {
            units = t.request->consulted;
          }
          for (const auto& unit : units)
            if (!(st = org_target(unit, targets)).ok()) break;
          break;
        }
      }
      if (!st.ok()) return st;
    }
    for (const auto& target : targets)
      for (NotificationChannel ch : rule.channels) wanted.emplace_back(target, ch);
  }
  if (wanted.empty()) return std::vector<OutboxRow>{};

  MessageVars vars = EventVars(t, e);
  std::vector<OutboxRow> rows;
  // Each recipient, and each address, once per channel: the filer who is also their
  // org's focal point gets one message, addressed as the first rule that reached them.
  std::set<std::pair<std::string, NotificationChannel>> seen, seen_address;
  for (const auto& [target, ch] : wanted) {
    const std::string& address = ch == NotificationChannel::kEmail ? target.email : target.phone;
    if (address.empty() || !seen.insert({target.ref, ch}).second || !seen_address.insert({address, ch}).second)
      continue;
    OutboxRow row;
    row.idempotency_key = t.id + ":" + std::to_string(e.seq) + ":" + std::string(ToString(ch)) + ":" + target.ref;
    row.ticket_id = t.id;
    row.event_seq = e.seq;
    row.event_type = e.type;
    row.channel = ch;
    row.recipient = address;
    row.recipient_ref = target.ref;
    row.locale = locale_;
    vars.org_name = target.org_name;
    row.vars = vars.ToJson();
    row.created_at = e.at;
    row.next_attempt_at = std::chrono::time_point_cast<std::chrono::milliseconds>(e.at);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace incidents::notifications
