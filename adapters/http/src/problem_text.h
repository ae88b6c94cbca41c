#pragma once
// The words of the problem documents in the API's two languages (issue 13): the title of each
// problem type in Vietnamese and English, and a Vietnamese rendering of the English `detail`
// messages of the engine and this adapter, matched by their known shapes ("field 'x' is
// required", "no ticket 'INC-...'", "reject is not allowed in state closed", ...).
//
// Pure functions over constant tables; thread-safe. Identifiers stay as they are in a
// translation (field, query and header names, event and state names, ids, values the client
// sent), so that a client (web/assets/forms.js) still finds "'title'" in either language.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace incidents::http {

enum class ProblemLanguage { kVi, kEn };

// The language of a problem for an Accept-Language header value (RFC 9110 12.5.4): vi or en,
// whichever has the higher q. A range matches by its primary subtag ("en-GB" -> en, "vi-VN"
// -> vi); "*" gives its q to both; q=0 means "not this one". Vietnamese, the API's language,
// when the header is empty, names neither (e.g. "fr"), or gives both the same q from "*";
// between explicit ranges of equal q the earlier one wins. A malformed item is skipped.
ProblemLanguage NegotiateProblemLanguage(std::string_view accept_language);

// "vi" or "en": the Content-Language of a problem in that language.
const char* LanguageTag(ProblemLanguage language);

// The title of a problem type (`type` without "urn:datashare-incidents:problem:"), the same
// for every problem of the type (RFC 9457 3.1.3); nullopt for a type the table lacks.
std::optional<std::string_view> ProblemTitle(std::string_view type_name, ProblemLanguage language);

// The Vietnamese of an English detail message of a known shape; nullopt for any other text,
// and for one longer than kMaxTranslatedDetail bytes (a client's text echoed back: matching
// it would recurse once per character).
inline constexpr std::size_t kMaxTranslatedDetail = 1024;
std::optional<std::string> VietnameseDetail(std::string_view english);

// A Vietnamese sentence saying what a problem of this type means, for a detail that has no
// translation (a generic one for a type the table lacks).
std::string_view GenericVietnameseDetail(std::string_view type_name);

}  // namespace incidents::http
