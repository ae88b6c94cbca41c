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

  // Every variable by its template name: the one list the JSON form and the templates use.
  static constexpr std::array<std::pair<std::string_view, std::string MessageVars::*>, 18> kMembers = {{
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
  }};
  // The members rows written before issue 12 lack (the five before `citation`), and the
  // one rows written before issue 13 lack (the last).
  static constexpr std::size_t kAuthorityMembers = 5;
  static constexpr std::size_t kCitationMembers = 1;

  // The stored form: a JSON object of strings.
  std::string ToJson() const;
  // kCorruption when the text is not a JSON object or a member is missing or not text: a
  // message is never sent with a blank where a variable should be. Rows written before
  // the authority members existed lack all of them: those are taken from
  // `authorities_now()` (the names of today), or the row is kCorruption without it.
  // A row without `citation` gets CitationSentence(locale, legal_basis, regulation).
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
