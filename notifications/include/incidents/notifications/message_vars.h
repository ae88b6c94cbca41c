#pragma once
// MessageVars: the template variables of one message, fixed when its event is committed
// (names rather than ids, labels and the citation in the message's locale), so that a
// later rename or a changed catalog does not rewrite what was sent. Built once per event
// by the NotificationRouter (only org_name differs per recipient), stored as a JSON object
// in the outbox row, and read back by the Dispatcher without re-parsing any prose.
// Value type.

#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "incidents/engine/status.h"
#include "incidents/engine/workflow_names.h"

namespace incidents::notifications {

struct MessageVars {
  std::string ticket_id;       // "INC-2026-000001"
  std::string title;           // the ticket's title
  std::string category;        // the category code ("data_discrepancy")
  std::string category_label;  // its label
  std::string state;           // the state code after the event ("triage")
  std::string state_label;     // its label
  std::string legal_basis;     // the event's citation in the locale's words ("khoản 1 Điều 17");
                               // the templates add "... Quyết định số 57/2020/QĐ-UBND"
  std::string actor;           // who did it (display name; "Hệ thống"/"the system" for timers)
  std::string actor_org;       // the actor's organisation
  std::string priority;        // the priority's label
  std::string payload_text;    // the event's main text (the catalog's message field), or a
                               // sentence for an SLA breach; "" when the event has none
  std::string org_name;        // the recipient's organisation (the addressee: "Kính gửi: ...")
  // The authorities, as the directory and the configuration name them when the event is
  // committed (workflow_settings.h): the templates name no authority themselves.
  std::string doict_name;            // the coordinating department (DoICT)
  std::string ministry_name;         // the ministry consulted under Art. 17.3
  std::string chairman_office_name;  // the Office of the Provincial People's Committee
  std::string province;              // the province's name, without "tỉnh"
  std::string regulation;            // the regulation cited after legal_basis, in the locale
  // The whole sentence a message cites the event's grounds with (CitationSentence):
  // "Căn cứ: khoản 1 Điều 17 <regulation>.", with the regulation's note where it has one.
  // Rows written before it existed lack it: FromJson composes it from the two above.
  std::string citation;
  // The ticket's workflow: "incident", or "data_request" for a data-sharing request (issue
  // 15.3). The templates pick "<event>.<workflow>.txt" by it (templates.h). Rows written
  // before it existed lack it and every member below: they read as "incident" with the
  // request's members empty.
  std::string workflow = engine::kIncidentWorkflow;
  // A data-sharing request's (ticket.request); "" for an incident and where the request
  // has none. Dates are dd/mm/yyyy in Vietnamese, ISO (yyyy-mm-dd) in English. The
  // requester's contact (email, phone) is never a variable: it is personal data, and only
  // the row's recipient carries it.
  std::string requester_name;  // the requester (a person, a business or an outside agency)
  std::string due_date;        // the date the consulted units' opinions are due (a consult's `due`,
                               // else the request's last one)
  std::string outcome;         // the decision's outcome code: grant, partial, refuse
  std::string outcome_label;   // its label (the label of the state it leads to)
  std::string datasets;        // the datasets or services granted, joined by "; "
  std::string conditions;      // the conditions of use
  std::string valid_until;     // the date the grant ends
  std::string reason;          // the written reason of a refusal or a partial grant
  // The decision as lines for a message (outcome, datasets, conditions, validity, reason,
  // the signed document): only the lines with a value, in the locale. The decision is the
  // `decide` event's own payload (DoICT's proposal while the owning units are asked to
  // agree), else the request's decision, else its proposal.
  std::string decision_text;
  // The mail that asks a public requester to confirm the address (issue 15.2): the link
  // that confirms (it carries the one-time token) and the request's tracking page (it
  // carries the tracking code). Both secrets reach only the requester's mailbox: they are
  // in no log line and no other row. "" in every other message.
  std::string confirm_link;
  std::string tracking_link;
  // The mail of a scheduled report draft (issue 16.4): the period in the locale's words
  // ("tháng 11/2026", "quý IV/2026"; "November 2026", "Q4 2026"), its first and last local
  // dates (dd/mm/yyyy in Vietnamese, ISO in English), and the reports page of that period
  // (public_url/reports?workflow=incident&from=...&to=...). Never a figure of the report.
  // "" in every other message.
  std::string period_label;
  std::string period_from;
  std::string period_to;
  std::string report_link;

  // Every variable by its template name: the one list the JSON form and the templates use.
  static constexpr std::array<std::pair<std::string_view, std::string MessageVars::*>, 34> kMembers = {{
      {"ticket_id", &MessageVars::ticket_id},
      {"title", &MessageVars::title},
      {"category", &MessageVars::category},
      {"category_label", &MessageVars::category_label},
      {"state", &MessageVars::state},
      {"state_label", &MessageVars::state_label},
      {"legal_basis", &MessageVars::legal_basis},
      {"actor", &MessageVars::actor},
      {"actor_org", &MessageVars::actor_org},
      {"priority", &MessageVars::priority},
      {"payload_text", &MessageVars::payload_text},
      {"org_name", &MessageVars::org_name},
      {"doict_name", &MessageVars::doict_name},
      {"ministry_name", &MessageVars::ministry_name},
      {"chairman_office_name", &MessageVars::chairman_office_name},
      {"province", &MessageVars::province},
      {"regulation", &MessageVars::regulation},
      {"citation", &MessageVars::citation},
      {"workflow", &MessageVars::workflow},
      {"requester_name", &MessageVars::requester_name},
      {"due_date", &MessageVars::due_date},
      {"outcome", &MessageVars::outcome},
      {"outcome_label", &MessageVars::outcome_label},
      {"datasets", &MessageVars::datasets},
      {"conditions", &MessageVars::conditions},
      {"valid_until", &MessageVars::valid_until},
      {"reason", &MessageVars::reason},
      {"decision_text", &MessageVars::decision_text},
      {"confirm_link", &MessageVars::confirm_link},
      {"tracking_link", &MessageVars::tracking_link},
      {"period_label", &MessageVars::period_label},
      {"period_from", &MessageVars::period_from},
      {"period_to", &MessageVars::period_to},
      {"report_link", &MessageVars::report_link},
  }};
  // The members rows written before issue 12 lack (the five before `citation`), the one
  // rows written before issue 13 lack (`citation`), and the ones rows written before issue
  // 15.3 lack (the ten from `workflow`), the ones rows written before issue 15.2 lack
  // (the two links), and the ones rows written before issue 16.4 lack (the last four).
  // Each group follows the one before it.
  static constexpr std::size_t kAuthorityMembers = 5;
  static constexpr std::size_t kCitationMembers = 1;
  static constexpr std::size_t kRequestMembers = 10;
  static constexpr std::size_t kPublicMembers = 2;
  static constexpr std::size_t kReportMembers = 4;

  // The stored form: a JSON object of strings.
  std::string ToJson() const;
  // kCorruption when the text is not a JSON object or a member is missing or not text: a
  // message is never sent with a blank where a variable should be. Rows written before
  // the authority members existed lack all of them: those are taken from
  // `authorities_now()` (the names of today), or the row is kCorruption without it.
  // A row without `citation` gets CitationSentence(locale, legal_basis, regulation).
  // A row without `workflow` is an incident's: workflow "incident", the request's members
  // empty.
  static engine::Result<MessageVars> FromJson(std::string_view json,
                                              const std::function<MessageVars()>& authorities_now = nullptr,
                                              std::string_view locale = "vi");

  // The variables a template is filled from, plus `link`.
  std::map<std::string, std::string> ForTemplate(const std::string& link) const;
};

// The sentence a message cites its event's grounds with, in `locale` ("en" English, else
// Vietnamese): `legal_basis` in the locale's form ("khoản 1 Điều 17" / "Art. 17.1", "" when
// no article governs the step), the regulation's title, and the citation's note ("" when
// none), which stands alone when there is no article.
std::string CitationSentence(std::string_view locale, const std::string& legal_basis, const std::string& regulation,
                             const std::string& note);

}  // namespace incidents::notifications
