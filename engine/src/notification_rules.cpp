#include "incidents/engine/notification_rules.h"

#include <algorithm>

#include "incidents/engine/canonical_json.h"

namespace incidents::engine {

namespace {

const std::pair<RecipientRole, std::string_view> kRoleNames[] = {
    {RecipientRole::kReporterOrg, "reporter_org"},         {RecipientRole::kParties, "parties"},
    {RecipientRole::kParty, "party"},                      {RecipientRole::kProvincialFocal, "provincial_focal"},
    {RecipientRole::kAssignee, "assignee"},                {RecipientRole::kChairmanOffice, "chairman_office"},
};

using E = EventType;
using R = RecipientRole;
constexpr auto kEmail = NotificationChannel::kEmail;
constexpr auto kSms = NotificationChannel::kSms;

std::string Text(const TicketEvent& e, const char* key) {
  auto it = e.payload.find(key);
  return it != e.payload.end() && it->second.is_string() ? it->second.as_string() : "";
}

std::string PriorityLabel(Priority p, bool vi) {
  switch (p) {
    case Priority::kCritical: return vi ? "Khẩn cấp" : "Critical";
    case Priority::kHigh: return vi ? "Cao" : "High";
    case Priority::kNormal: return vi ? "Bình thường" : "Normal";
    case Priority::kLow: return vi ? "Thấp" : "Low";
  }
  return "";
}

// The event's main free text, as the templates expect it (notifications/templates.h).
std::string PayloadText(const TicketEvent& e, const std::string& assignee_name, bool vi) {
  switch (e.type) {
    case EventType::kReport: return Text(e, "description");
    case EventType::kRequestPartyFix: return Text(e, "instructions");
    case EventType::kRequestInfo:
    case EventType::kReferMinistry: return Text(e, "question");
    case EventType::kProvideInfo: return Text(e, "answer");
    case EventType::kRecordMinistryConclusion: return Text(e, "conclusion");
    case EventType::kEscalateChairman:
    case EventType::kReopen:
    case EventType::kReject: return Text(e, "reason");
    case EventType::kRecordChairmanDecision: return Text(e, "decision");
    case EventType::kResolve: return Text(e, "resolution");
    case EventType::kComment: return Text(e, "body");
    case EventType::kConfirm: return Text(e, "feedback");
    case EventType::kAssignDoict: return assignee_name;
    case EventType::kSlaBreach: {
      const bool ack = Text(e, "clock") == "ack";
      auto it = e.payload.find("level");
      const std::int64_t level = it != e.payload.end() && it->second.is_int() ? it->second.as_int() : 1;
      if (vi)
        return std::string(ack ? "Quá hạn tiếp nhận" : "Quá hạn xử lý") + " (mức " + std::to_string(level) +
               (level >= 2 ? ", đã quá gấp đôi thời hạn)" : ")");
      return std::string(ack ? "Acknowledgement overdue" : "Resolution overdue") + " (level " +
             std::to_string(level) + (level >= 2 ? ", twice the target)" : ")");
    }
    case EventType::kAcknowledge:
    case EventType::kAutoClose: return "";
  }
  return "";
}

template <typename T, typename Parse>
Status ReadSet(const JsonValue& rule, const char* key, Parse parse, std::set<T>& out, const std::string& name) {
  const JsonValue* v = rule.Find(key);
  if (!v || v->is_null()) return {};
  if (!v->is_array()) return Status::InvalidValue("notification rule '" + name + "': '" + key + "' must be an array");
  for (const auto& item : v->as_array()) {
    std::optional<T> parsed;
    if (item.is_string()) parsed = parse(item.as_string());
    if (!parsed) return Status::InvalidValue("notification rule '" + name + "': bad value in '" + key + "'");
    out.insert(*parsed);
  }
  return {};
}

}  // namespace

std::string_view ToString(RecipientRole r) {
  for (const auto& [role, name] : kRoleNames)
    if (role == r) return name;
  return "?";
}

std::optional<RecipientRole> ParseRecipientRole(std::string_view s) {
  for (const auto& [role, name] : kRoleNames)
    if (name == s) return role;
  return std::nullopt;
}

std::vector<NotificationRule> DefaultNotificationRules() {
  // Who must act next learns at once (Art. 18-20): DoICT of new reports and reopenings,
  // the party asked to fix, the reporter asked for information or to confirm, the
  // Chairman's office of escalations; the reporting org is kept informed throughout.
  return {
      {"new report to DoICT", {E::kReport}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail, kSms}},
      {"new report to the reporting org", {E::kReport}, {}, {}, {}, {}, {R::kReporterOrg}, {kEmail}},
      {"progress to the reporting org",
       {E::kAcknowledge, E::kAssignDoict, E::kRequestPartyFix, E::kReferMinistry, E::kRecordMinistryConclusion,
        E::kEscalateChairman, E::kRecordChairmanDecision, E::kReject, E::kAutoClose},
       {}, {}, {}, {}, {R::kReporterOrg}, {kEmail}},
      {"assignment to the engineer", {E::kAssignDoict}, {}, {}, {}, {}, {R::kAssignee}, {kEmail}},
      {"fix request to the party", {E::kRequestPartyFix}, {}, {}, {}, {}, {R::kParty}, {kEmail, kSms}},
      {"question to the reporter", {E::kRequestInfo}, {}, {}, {}, {}, {R::kReporterOrg}, {kEmail, kSms}},
      {"answer to DoICT", {E::kProvideInfo}, {}, {}, {}, {}, {R::kAssignee, R::kProvincialFocal}, {kEmail}},
      {"Ministry conclusion to the parties", {E::kRecordMinistryConclusion}, {}, {}, {}, {}, {R::kParties},
       {kEmail, kSms}},
      {"escalation to the Chairman", {E::kEscalateChairman}, {}, {}, {}, {}, {R::kChairmanOffice}, {kEmail, kSms}},
      {"escalation to the parties", {E::kEscalateChairman}, {}, {}, {}, {}, {R::kParties}, {kEmail}},
      {"decision to DoICT", {E::kRecordChairmanDecision}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail, kSms}},
      {"decision to act to the parties", {E::kRecordChairmanDecision}, {}, {}, {State::kPartyFixing}, {},
       {R::kParties}, {kEmail, kSms}},
      {"resolution to the reporter", {E::kResolve}, {}, {}, {}, {}, {R::kReporterOrg}, {kEmail, kSms}},
      {"confirmation to DoICT", {E::kConfirm}, {}, {}, {}, {}, {R::kAssignee, R::kProvincialFocal}, {kEmail}},
      {"reopening to DoICT", {E::kReopen}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail, kSms}},
      {"reopening to the engineer", {E::kReopen}, {}, {}, {}, {}, {R::kAssignee}, {kEmail}},
      {"SLA breach to DoICT", {E::kSlaBreach}, {}, {}, {}, {}, {R::kAssignee, R::kProvincialFocal}, {kEmail, kSms}},
      {"SLA breach level 2 to the Chairman", {E::kSlaBreach}, {}, {}, {}, {2}, {R::kChairmanOffice}, {kEmail}},
  };
}

JsonValue RulesToJson(const std::vector<NotificationRule>& rules) {
  JsonValue::Array out;
  for (const auto& r : rules) {
    auto names = [](const auto& set) {
      JsonValue::Array a;
      for (const auto& v : set) a.push_back(std::string(ToString(v)));
      return JsonValue(std::move(a));
    };
    JsonValue::Array levels;
    for (int l : r.levels) levels.push_back(l);
    out.push_back(JsonValue::Object{{"name", r.name},
                                    {"events", names(r.events)},
                                    {"categories", names(r.categories)},
                                    {"priorities", names(r.priorities)},
                                    {"to_states", names(r.to_states)},
                                    {"levels", JsonValue(std::move(levels))},
                                    {"recipients", names(r.recipients)},
                                    {"channels", names(r.channels)}});
  }
  return JsonValue(std::move(out));
}

Result<std::vector<NotificationRule>> RulesFromJson(const JsonValue& json) {
  if (!json.is_array()) return Status::InvalidValue("notifications.rules must be an array");
  std::vector<NotificationRule> out;
  for (const auto& item : json.as_array()) {
    NotificationRule r;
    const JsonValue* name = item.Find("name");
    r.name = name && name->is_string() ? name->as_string() : "rule " + std::to_string(out.size() + 1);
    if (!item.is_object()) return Status::InvalidValue("notification rule '" + r.name + "' must be an object");
    Status st;
    if (!(st = ReadSet(item, "events", ParseEventType, r.events, r.name)).ok() ||
        !(st = ReadSet(item, "categories", ParseCategory, r.categories, r.name)).ok() ||
        !(st = ReadSet(item, "priorities", ParsePriority, r.priorities, r.name)).ok() ||
        !(st = ReadSet(item, "to_states", ParseState, r.to_states, r.name)).ok())
      return st;
    if (const JsonValue* levels = item.Find("levels"); levels && levels->is_array()) {
      for (const auto& l : levels->as_array()) {
        if (!l.is_int() || l.as_int() < 1 || l.as_int() > 2)
          return Status::InvalidValue("notification rule '" + r.name + "': levels are 1 or 2");
        r.levels.insert(static_cast<int>(l.as_int()));
      }
    }
    std::set<RecipientRole> roles;
    std::set<NotificationChannel> channels;
    if (!(st = ReadSet(item, "recipients", ParseRecipientRole, roles, r.name)).ok() ||
        !(st = ReadSet(item, "channels", ParseNotificationChannel, channels, r.name)).ok())
      return st;
    r.recipients.assign(roles.begin(), roles.end());
    r.channels.assign(channels.begin(), channels.end());
    if (r.events.empty() || r.recipients.empty() || r.channels.empty())
      return Status::InvalidValue("notification rule '" + r.name + "' needs events, recipients and channels");
    out.push_back(std::move(r));
  }
  return out;
}

JsonValue::Object NotificationVars(const Ticket& t, const TicketEvent& e, const std::string& org_name) {
  return JsonValue::Object{
      {"ticket_id", t.id},
      {"title", t.title},
      {"category", std::string(ToString(t.category))},
      {"category_label", std::string(LabelVi(t.category))},
      {"state", std::string(ToString(t.state))},
      {"state_label", std::string(LabelVi(t.state))},
      {"legal_basis", e.legal_basis},
      {"actor", e.actor},
      {"actor_org", e.actor_org},
      {"priority", PriorityLabel(t.priority, true)},
      {"payload_text", PayloadText(e, t.assignee.value_or(""), true)},
      {"org_name", org_name},
  };
}

NotificationRouter::NotificationRouter(std::vector<NotificationRule> rules, WorkflowSettings settings,
                                       std::string locale)
    : rules_(std::move(rules)), settings_(std::move(settings)), locale_(std::move(locale)) {}

Result<std::vector<OutboxRow>> NotificationRouter::Route(const Ticket& t, const TicketEvent& e,
                                                         Directory& directory) const {
  struct Target {
    std::string ref;  // "org:stp" / "user:name"
    std::string email, phone;
    std::string org_name;  // the addressee's organisation
  };
  std::vector<std::pair<Target, NotificationChannel>> wanted;
  auto org_target = [&](const std::string& org_id, std::vector<Target>& out) -> Status {
    auto org = directory.FindOrg(org_id);
    if (!org.ok()) return org.status();
    if (org.value())
      out.push_back({"org:" + org_id, org.value()->focal_point.email, org.value()->focal_point.phone, org.value()->name});
    return {};
  };
  int level = 0;
  if (auto it = e.payload.find("level"); it != e.payload.end() && it->second.is_int())
    level = static_cast<int>(it->second.as_int());
  for (const auto& rule : rules_) {
    if (!rule.events.count(e.type)) continue;
    if (!rule.categories.empty() && !rule.categories.count(t.category)) continue;
    if (!rule.priorities.empty() && !rule.priorities.count(t.priority)) continue;
    if (!rule.to_states.empty() && !rule.to_states.count(e.to_state)) continue;
    if (!rule.levels.empty() && !rule.levels.count(level)) continue;
    std::vector<Target> targets;
    for (RecipientRole role : rule.recipients) {
      Status st;
      switch (role) {
        case RecipientRole::kReporterOrg: st = org_target(t.reporter_org, targets); break;
        case RecipientRole::kParties:
          for (const auto& p : t.parties) {
            st = org_target(p, targets);
            if (!st.ok()) break;
          }
          break;
        case RecipientRole::kParty:
          if (auto it = e.payload.find("party"); it != e.payload.end() && it->second.is_string())
            st = org_target(it->second.as_string(), targets);
          break;
        case RecipientRole::kProvincialFocal: st = org_target(settings_.doict_org, targets); break;
        case RecipientRole::kChairmanOffice: st = org_target(settings_.chairman_office_org, targets); break;
        case RecipientRole::kAssignee:
          if (t.assignee) {
            auto user = directory.FindUser(*t.assignee);
            if (!user.ok()) return user.status();
            if (user.value()) {
              std::string org_name = user.value()->org;
              auto org = directory.FindOrg(user.value()->org);
              if (org.ok() && org.value()) org_name = org.value()->name;
              targets.push_back({"user:" + *t.assignee, user.value()->email, user.value()->phone, org_name});
            }
          }
          break;
      }
      if (!st.ok()) return st;
    }
    for (const auto& target : targets)
      for (NotificationChannel ch : rule.channels) wanted.emplace_back(target, ch);
  }

  // Names for people rather than ids, fixed now so that a later rename does not rewrite
  // what was sent.
  const bool vi = locale_ != "en";
  auto display_name = [&](const std::string& username) {
    if (username == "system") return std::string(vi ? "Hệ thống" : "the system");
    auto user = directory.FindUser(username);
    return user.ok() && user.value() && !user.value()->display_name.empty() ? user.value()->display_name : username;
  };
  auto org_display = [&](const std::string& org_id) {
    auto org = directory.FindOrg(org_id);
    return org.ok() && org.value() ? org.value()->name : org_id;
  };
  JsonValue::Object base = NotificationVars(t, e, "");
  base["actor"] = display_name(e.actor);
  base["actor_org"] = e.actor_org.empty() ? std::string(vi ? "Hệ thống" : "the system") : org_display(e.actor_org);
  base["priority"] = PriorityLabel(t.priority, vi);
  base["payload_text"] = PayloadText(e, t.assignee ? display_name(*t.assignee) : "", vi);
  if (!vi) {
    base["state_label"] = std::string(LabelEn(t.state));
    base["category_label"] = std::string(LabelEn(t.category));
  }

  std::vector<OutboxRow> rows;
  std::set<std::pair<std::string, NotificationChannel>> seen;
  for (const auto& [target, ch] : wanted) {
    const std::string& address = ch == NotificationChannel::kEmail ? target.email : target.phone;
    if (address.empty() || !seen.insert({target.ref, ch}).second) continue;
    OutboxRow row;
    row.idempotency_key = t.id + ":" + std::to_string(e.seq) + ":" + std::string(ToString(ch)) + ":" + target.ref;
    row.ticket_id = t.id;
    row.event_seq = e.seq;
    row.event_type = e.type;
    row.channel = ch;
    row.recipient = address;
    row.recipient_ref = target.ref;
    row.locale = locale_;
    JsonValue::Object vars = base;
    vars["org_name"] = target.org_name;
    row.vars = ToCanonicalJson(JsonValue(std::move(vars)));
    row.created_at = e.at;
    row.next_attempt_at = std::chrono::time_point_cast<std::chrono::milliseconds>(e.at);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace incidents::engine
