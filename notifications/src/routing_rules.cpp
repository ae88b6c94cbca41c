#include "incidents/notifications/routing_rules.h"

#include <algorithm>

namespace incidents::notifications {

using namespace incidents::engine;

namespace {

const std::pair<RecipientRole, std::string_view> kRoleNames[] = {
    {RecipientRole::kReporterOrg, "reporter_org"},         {RecipientRole::kParties, "parties"},
    {RecipientRole::kParty, "party"},                      {RecipientRole::kProvincialFocal, "provincial_focal"},
    {RecipientRole::kAssignee, "assignee"},                {RecipientRole::kChairmanOffice, "chairman_office"},
    {RecipientRole::kReporter, "reporter"},                {RecipientRole::kActor, "actor"},
    {RecipientRole::kRequester, "requester"},              {RecipientRole::kConsulted, "consulted"},
    {RecipientRole::kOwners, "owners"},
};

using E = EventType;
using R = RecipientRole;
constexpr auto kEmail = NotificationChannel::kEmail;
constexpr auto kSms = NotificationChannel::kSms;
constexpr const char* kRequests = kDataRequestWorkflow;

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
  // Chairman's office of escalations once they reach the Chairman (with director sign-off,
  // DoICT's focal point first, to have it signed off), DoICT of an escalation sent back;
  // the reporting org is kept informed throughout.
  return {
      {"new report to DoICT", {E::kReport}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail, kSms}},
      {"new report to the reporting org", {E::kReport}, {}, {}, {}, {}, {R::kReporterOrg}, {kEmail}},
      {"progress to the reporting org",
       {E::kAcknowledge, E::kAssignDoict, E::kRequestPartyFix, E::kReferMinistry, E::kRecordMinistryConclusion,
        E::kEscalateChairman, E::kApproveEscalation, E::kRecordChairmanDecision, E::kReject, E::kAutoClose},
       {}, {}, {}, {}, {R::kReporterOrg}, {kEmail}},
      {"assignment to the engineer", {E::kAssignDoict}, {}, {}, {}, {}, {R::kAssignee}, {kEmail}},
      {"fix request to the party", {E::kRequestPartyFix}, {}, {}, {}, {}, {R::kParty}, {kEmail, kSms}},
      {"question to the reporter", {E::kRequestInfo}, {}, {}, {}, {}, {R::kReporterOrg}, {kEmail, kSms}},
      {"answer to DoICT", {E::kProvideInfo}, {}, {}, {}, {}, {R::kAssignee, R::kProvincialFocal}, {kEmail}},
      {"Ministry conclusion to the parties", {E::kRecordMinistryConclusion}, {}, {}, {}, {}, {R::kParties},
       {kEmail, kSms}},
      {"escalation to the Chairman", {E::kEscalateChairman, E::kApproveEscalation}, {}, {}, {State::kAwaitingChairman},
       {}, {R::kChairmanOffice}, {kEmail, kSms}},
      {"escalation to the parties", {E::kEscalateChairman, E::kApproveEscalation}, {}, {}, {State::kAwaitingChairman},
       {}, {R::kParties}, {kEmail}},
      {"escalation for sign-off to DoICT", {E::kEscalateChairman}, {}, {}, {State::kAwaitingDirector}, {},
       {R::kProvincialFocal}, {kEmail, kSms}},
      {"escalation sent back to DoICT staff", {E::kReturnEscalation}, {}, {}, {}, {},
       {R::kAssignee, R::kProvincialFocal}, {kEmail}},
      {"escalation returned by the Chairman to DoICT", {E::kReturnToDoict}, {}, {}, {}, {},
       {R::kProvincialFocal, R::kAssignee}, {kEmail, kSms}},
      {"decision to DoICT", {E::kRecordChairmanDecision}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail, kSms}},
      {"decision to act to the parties", {E::kRecordChairmanDecision}, {}, {}, {State::kPartyFixing}, {},
       {R::kParties}, {kEmail, kSms}},
      {"resolution to the reporter", {E::kResolve}, {}, {}, {}, {}, {R::kReporterOrg}, {kEmail, kSms}},
      {"confirmation to DoICT", {E::kConfirm}, {}, {}, {}, {}, {R::kAssignee, R::kProvincialFocal}, {kEmail}},
      {"reopening to DoICT", {E::kReopen}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail, kSms}},
      {"reopening to the engineer", {E::kReopen}, {}, {}, {}, {}, {R::kAssignee}, {kEmail}},
      {"SLA breach to DoICT", {E::kSlaBreach}, {}, {}, {}, {}, {R::kAssignee, R::kProvincialFocal}, {kEmail, kSms}},
      {"SLA breach level 2 to the Chairman", {E::kSlaBreach}, {}, {}, {}, {2}, {R::kChairmanOffice}, {kEmail}},
      // Data-sharing requests (Art. 12-13): DoICT hears of every step the units and the
      // requester take; a consulted unit's focal point is asked with the due date; the
      // owning units are asked to agree to DoICT's proposal (Art. 12.2); the requester hears of each decision (for an
      // outside agency, the last owning unit's agreement is what makes the decision), of a
      // question and of the end of the request; the Chairman's office of an escalation;
      // DoICT of a deadline passed (the decision's, the consultation's).
      {"new request to DoICT", {E::kSubmit}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail}, kRequests},
      {"consultation to the units consulted", {E::kConsult}, {}, {}, {}, {}, {R::kConsulted}, {kEmail, kSms},
       kRequests},
      {"opinions and agreements to DoICT", {E::kGiveOpinion, E::kAgree, E::kDisagree}, {}, {}, {}, {},
       {R::kProvincialFocal}, {kEmail}, kRequests},
      {"request decision to DoICT", {E::kDecide}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail}, kRequests},
      {"decision to the requester", {E::kDecide, E::kAgree}, {}, {},
       {State::kGranted, State::kPartiallyGranted, State::kRefused}, {}, {R::kRequester}, {kEmail}, kRequests},
      {"proposal to the owning units", {E::kDecide}, {}, {}, {State::kAwaitingAgreement}, {}, {R::kOwners},
       {kEmail, kSms}, kRequests},
      {"request escalation to the Chairman", {E::kEscalateChairman}, {}, {}, {}, {}, {R::kChairmanOffice},
       {kEmail, kSms}, kRequests},
      {"question to the requester", {E::kRequestInfo}, {}, {}, {}, {}, {R::kRequester}, {kEmail}, kRequests},
      {"requester's answer to DoICT", {E::kProvideInfo}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail},
       kRequests},
      {"end of the request to the requester", {E::kWithdraw, E::kClose}, {}, {}, {}, {}, {R::kRequester},
       {kEmail}, kRequests},
      {"request deadline passed to DoICT", {E::kSlaBreach}, {}, {}, {}, {}, {R::kProvincialFocal}, {kEmail},
       kRequests},
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
                                    {"workflow", r.workflow},
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
    if (const JsonValue* workflow = item.Find("workflow"); workflow && !workflow->is_null()) {
      const bool known = workflow->is_string() &&
                         std::find(kRoutedWorkflows.begin(), kRoutedWorkflows.end(), workflow->as_string()) !=
                             kRoutedWorkflows.end();
      if (!known)
        return Status::InvalidValue("notification rule '" + r.name + "': unknown workflow " +
                                    (workflow->is_string() ? "'" + workflow->as_string() + "'" : "(not text)") +
                                    ": 'workflow' is 'incident' or 'data_request'");
      r.workflow = workflow->as_string();
    }
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

}  // namespace incidents::notifications
