#pragma once
// The JSON shapes of spec/API.md ("Ticket", "Event", orgs, the workflow table). Pure
// functions from engine values to JsonValue.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "directory_view.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/workflow.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::http {

// Labels come from the ticket's workflow's catalog. A data-sharing request also has a
// "request" member (RequestFactsJson).
engine::JsonValue TicketJson(const engine::Ticket& ticket, const std::vector<engine::EventType>& allowed_actions,
                             const engine::WorkflowCatalog& catalog, bool with_requester_contact = false);
// A data-sharing request's facts: the requester, the purpose and legal basis of the use,
// whether personal data is asked for, the consultation, agreement and decision. The
// requester's email, phone and tax code are personal data: only `with_requester_contact`
// (DoICT) shows them; otherwise they are null.
engine::JsonValue RequestFactsJson(const engine::DataRequestFacts& facts, bool with_requester_contact);
// An org with its focal point and deputy in force on `day` (null when there is none),
// each {"username","name","position","email","phone","since","absent"}: "name", "email"
// and "phone" keep the shape of the focal point before it was a person. `terms` may hold
// every org's; `users` the people they name.
engine::JsonValue OrgJson(const engine::Org& org, const std::vector<engine::FocalPoint>& terms,
                          const UsersByName& users, engine::CivilDate day);
// Never the password hash: "has_password" says whether one is set.
engine::JsonValue UserJson(const engine::User& user);
// One term of office, with the org's name (`org` may be null: "") and the person's
// name, email and phone from `users`.
engine::JsonValue TermJson(const engine::FocalPoint& term, const engine::Org* org, const UsersByName& users);
// The focal-point list's status (Art. 18.3).
engine::JsonValue FocalPointListJson(const engine::FocalPointList& list);
// The table, the states' labels, and the event catalog (names, citations, payload fields
// with the text limits in characters).
engine::JsonValue WorkflowJson(const engine::Workflow& workflow, const engine::TextLimits& limits);

// A citation as the API shows it (docs/openapi.yaml, Citation): the regulation and
// version, the Vietnamese legal form, the machine form, the gloss and the note.
engine::JsonValue CitationJson(const engine::Citation& citation, const engine::Regulation* regulation, int version);
// One ticket's history: "items", the events exactly as hashed (spec/API.md: an item's hash
// covers the whole item but "hash", so nothing else goes into one); "citations", one per
// item in the same order (with its "seq"): what the event recorded, in Vietnamese legal
// form, with the gloss and the note of the version it recorded; "people", the display name
// (`name_of`) of every username that acted. `workflow` is the ticket's.
engine::JsonValue HistoryJson(const std::vector<engine::TicketEvent>& events, std::string_view workflow,
                              const engine::WorkflowSettings& settings,
                              const std::function<std::string(const std::string&)>& name_of);
// The authorities the settings name, for the pages (which hard-code none):
//   {"doict": {"id","name"}, "chairman_office": {"id","name"}, "ministry": {"id","name"},
//    "province": "..."}
// `name_of` gives an org's name as the directory has it now.
engine::JsonValue AuthoritiesJson(const engine::WorkflowSettings& settings,
                                  const std::function<std::string(const std::string&)>& name_of);
// The regulation the citations refer to: {"vi": "...", "en": "..."}.
engine::JsonValue RegulationJson(const engine::WorkflowSettings& settings);

}  // namespace incidents::http
