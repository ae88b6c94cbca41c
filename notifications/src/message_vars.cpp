#include "incidents/notifications/message_vars.h"

#include "incidents/engine/canonical_json.h"

namespace incidents::notifications {

using namespace incidents::engine;

std::string MessageVars::ToJson() const {
  JsonValue::Object o;
  for (const auto& [name, member] : kMembers) o.emplace(std::string(name), this->*member);
  return ToCanonicalJson(JsonValue(std::move(o)));
}

Result<MessageVars> MessageVars::FromJson(std::string_view json, const std::function<MessageVars()>& authorities_now,
                                          std::string_view locale) {
  auto parsed = ParseJson(json);
  if (!parsed.ok() || !parsed->is_object()) return Status::Corruption("not a JSON object");
  const std::size_t first_report = kMembers.size() - kReportMembers;
  const std::size_t first_public = first_report - kPublicMembers;
  const std::size_t first_request = first_public - kRequestMembers;
  const std::size_t first_citation = first_request - kCitationMembers;
  const std::size_t first_authority = first_citation - kAuthorityMembers;
  const bool has_citation = parsed->Find(std::string(kMembers[first_citation].first)) != nullptr;
  // A row from before the workflow members (issue 15.3): an incident's.
  const bool has_request = parsed->Find(std::string(kMembers[first_request].first)) != nullptr;
  // A row from before the public requester (issue 15.2): no confirmation links.
  const bool has_public = parsed->Find(std::string(kMembers[first_public].first)) != nullptr;
  // A row from before the report drafts (issue 16.4): no period.
  const bool has_report = parsed->Find(std::string(kMembers[first_report].first)) != nullptr;
  // A row from before the authority members: every one of them absent.
  bool older = authorities_now != nullptr;
  for (std::size_t i = first_authority; i < first_citation && older; ++i)
    older = parsed->Find(std::string(kMembers[i].first)) == nullptr;
  MessageVars vars = older ? authorities_now() : MessageVars{};
  for (std::size_t i = 0; i < kMembers.size(); ++i) {
    if ((older && i >= first_authority && i < first_citation) ||
        (!has_citation && i >= first_citation && i < first_request) ||
        (!has_request && i >= first_request && i < first_public) ||
        (!has_public && i >= first_public && i < first_report) || (!has_report && i >= first_report))
      continue;
    const auto& [name, member] = kMembers[i];
    const JsonValue* v = parsed->Find(std::string(name));
    if (!v || !v->is_string()) return Status::Corruption("no text for '" + std::string(name) + "'");
    vars.*member = v->as_string();
  }
  if (!has_request) {
    const MessageVars blank;
    for (std::size_t i = first_request; i < first_public; ++i) vars.*kMembers[i].second = blank.*kMembers[i].second;
  }
  if (!has_citation) vars.citation = CitationSentence(locale, vars.legal_basis, vars.regulation, "");
  return vars;
}

std::string CitationSentence(std::string_view locale, const std::string& legal_basis, const std::string& regulation,
                             const std::string& note) {
  const bool en = locale == "en";
  std::string out = en ? "Legal basis: " : "Căn cứ: ";
  if (legal_basis.empty()) return out + (note.empty() ? regulation + "." : note);
  out += legal_basis + (en ? " of " : " ") + regulation + ".";
  if (!note.empty()) out += " " + note;
  return out;
}

std::map<std::string, std::string> MessageVars::ForTemplate(const std::string& link) const {
  std::map<std::string, std::string> out;
  for (const auto& [name, member] : kMembers) out.emplace(std::string(name), this->*member);
  out.emplace("link", link);
  return out;
}

}  // namespace incidents::notifications
