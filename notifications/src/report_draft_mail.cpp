#include "incidents/notifications/report_draft_mail.h"

#include <algorithm>
#include <array>

#include "incidents/notifications/message_vars.h"

namespace incidents::notifications {

using namespace incidents::engine;

namespace {

bool HasAny(const User& user, const std::vector<Role>& roles) {
  return std::any_of(roles.begin(), roles.end(), [&](Role r) { return user.roles.count(r) > 0; });
}

// dd/mm/yyyy in Vietnamese, ISO in English (as MessageVars' other dates).
std::string DateText(CivilDate d, bool vi) {
  if (!vi) return ToIsoString(d);
  const std::string iso = ToIsoString(d);  // yyyy-mm-dd
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

}  // namespace

ReportDraftMail::ReportDraftMail(const NotificationRouter& router, Directory& directory,
                                 const WorkflowSettings& workflow, ReportDraftSettings settings,
                                 std::string public_url, std::string locale)
    : router_(router),
      directory_(directory),
      doict_org_(workflow.doict_org),
      chairman_office_org_(workflow.chairman_office_org),
      settings_(std::move(settings)),
      public_url_(std::move(public_url)),
      locale_(std::move(locale)) {}

std::string ReportDraftMail::ReportLink(const std::string& public_url, const ReportPeriod& period) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/reports?workflow=incident&from=" + ToIsoString(period.from) + "&to=" + ToIsoString(period.to);
}

std::string ReportDraftMail::PeriodLabel(const ReportPeriod& period, const std::string& locale) {
  static constexpr std::array<const char*, 4> kRoman = {"I", "II", "III", "IV"};
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};
  const std::string year = std::to_string(period.year);
  if (locale == "en")
    return period.kind == ReportPeriodKind::kMonth ? std::string(kMonths[period.number - 1]) + " " + year
                                                   : "Q" + std::to_string(period.number) + " " + year;
  return period.kind == ReportPeriodKind::kMonth ? "tháng " + std::to_string(period.number) + " năm " + year
                                                 : "quý " + std::string(kRoman[period.number - 1]) + " năm " + year;
}

Result<std::vector<OutboxRow>> ReportDraftMail::PlanDraftMails(const ReportPeriod& period, Timestamp at) const {
  auto users = directory_.ListUsers();
  if (!users.ok()) return users.status();
  const bool vi = locale_ != "en";
  MessageVars vars = router_.AuthorityVars();
  vars.workflow = "";  // no ticket's: the template is picked by the state alone
  vars.state = kReportDraftState;
  // Art. 21.3: DoICT reports periodically to the Provincial People's Committee.
  vars.legal_basis = vi ? "khoản 3 Điều 21" : "Art. 21.3";
  vars.citation = CitationSentence(locale_, vars.legal_basis, vars.regulation, "");
  vars.period_label = PeriodLabel(period, locale_);
  vars.period_from = DateText(period.from, vi);
  vars.period_to = DateText(period.to, vi);
  vars.report_link = ReportLink(public_url_, period);

  const std::string ticket_id = "report:" + period.Key();
  std::vector<OutboxRow> rows;
  for (const User& user : users.value()) {  // sorted by username
    if (!user.active || user.email.empty()) continue;
    const bool doict = !doict_org_.empty() && user.org == doict_org_ && HasAny(user, settings_.doict_roles);
    const bool office = !chairman_office_org_.empty() && user.org == chairman_office_org_ &&
                        HasAny(user, settings_.chairman_office_roles);
    if (!doict && !office) continue;
    OutboxRow row;
    row.ticket_id = ticket_id;
    row.event_seq = 0;
    row.event_type = EventType::kReport;
    row.channel = NotificationChannel::kEmail;
    row.recipient = user.email;
    row.recipient_ref = "user:" + user.username;
    row.idempotency_key = ticket_id + ":0:email:" + row.recipient_ref;
    row.locale = locale_;
    vars.org_name = doict ? vars.doict_name : vars.chairman_office_name;
    row.vars = vars.ToJson();
    row.created_at = at;
    row.next_attempt_at = std::chrono::time_point_cast<std::chrono::milliseconds>(at);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace incidents::notifications
