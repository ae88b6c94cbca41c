#pragma once
// RFC 9457 problem documents: every error the API returns is one of these, never an HTML
// page or a stack trace. A problem is built with the English detail of the engine's Status
// and localized once, centrally, for the caller's Accept-Language (LocalizeProblem: Dispatch
// does it for every answer of the router, ApiServer for the few it builds itself).

#include <string>
#include <string_view>

#include "api_types.h"
#include "incidents/engine/status.h"

namespace incidents::http {

// type = "urn:datashare-incidents:problem:" + type_name, so that `type` ends with the
// name (spec/API.md: "illegal-transition", "version-conflict"). `detail` is in English.
ApiResponse Problem(int status, const std::string& type_name, const std::string& detail);

// The same with a title of the caller's. LocalizeProblem replaces it with the title of
// problem_text.h's table when the type has a row there (every type of this adapter has).
ApiResponse Problem(int status, const std::string& type_name, const std::string& title, const std::string& detail);

// A problem for an engine status. Internal errors get a generic detail: the message is
// for the log, not for the client.
ApiResponse ProblemFromStatus(const engine::Status& status);

// A problem document (Content-Type application/problem+json) in the language that
// `accept_language` prefers (problem_text.h: vi by default, or en):
// - title: the type's title in that language;
// - detail: in English, the message as built; in Vietnamese, its translation, or, for a
//   message of no known shape, the type's generic Vietnamese sentence with the English
//   message kept in the extension member `detail_en`;
// - headers Content-Language (vi or en) and Vary: Accept-Language.
// The body stays canonical JSON (members sorted). Any other response, and a problem that
// already has Content-Language (localized before), is returned as it is.
ApiResponse LocalizeProblem(ApiResponse response, std::string_view accept_language);

}  // namespace incidents::http
