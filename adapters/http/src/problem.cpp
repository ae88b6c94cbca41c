#include "problem.h"

#include "incidents/base/utf8.h"
#include "incidents/engine/canonical_json.h"
#include "problem_text.h"

namespace incidents::http {

using engine::ErrorCode;
using engine::JsonValue;

namespace {
constexpr std::string_view kTypePrefix = "urn:datashare-incidents:problem:";
constexpr std::string_view kProblemContentType = "application/problem+json";
constexpr std::string_view kUntitled = "Lỗi";  // a type with no row in problem_text.h's table
}  // namespace

ApiResponse Problem(int status, const std::string& type_name, const std::string& title, const std::string& detail) {
  ApiResponse r;
  r.status = status;
  r.content_type = std::string(kProblemContentType) + "; charset=utf-8";
  r.body = engine::ToCanonicalJson(JsonValue::Object{
      {"type", std::string(kTypePrefix) + type_name},
      {"title", title},
      {"status", std::int64_t{status}},
      // A detail may echo the request (a path, a value) byte for byte: the document must
      // still be UTF-8 JSON.
      {"detail", base::utf8::Repaired(detail)},
  });
  return r;
}

ApiResponse Problem(int status, const std::string& type_name, const std::string& detail) {
  return Problem(status, type_name, std::string(ProblemTitle(type_name, ProblemLanguage::kVi).value_or(kUntitled)),
                 detail);
}

ApiResponse ProblemFromStatus(const engine::Status& st) {
  switch (st.code()) {
    case ErrorCode::kInvalidArgument: return Problem(400, "invalid-request", st.message());
    case ErrorCode::kUnauthenticated: return Problem(401, "unauthenticated", st.message());
    case ErrorCode::kForbidden: return Problem(403, "forbidden", st.message());
    case ErrorCode::kNotFound: return Problem(404, "not-found", st.message());
    case ErrorCode::kIllegalTransition: return Problem(409, "illegal-transition", st.message());
    case ErrorCode::kVersionConflict: return Problem(409, "version-conflict", st.message());
    case ErrorCode::kConflict: return Problem(409, "conflict", st.message());
    case ErrorCode::kClaimLost: return Problem(409, "request-in-flight", st.message());
    case ErrorCode::kInvalidValue: return Problem(422, "invalid-value", st.message());
    case ErrorCode::kRateLimited: return Problem(429, "rate-limited", st.message());
    case ErrorCode::kUnavailable: return Problem(503, "unavailable", "the database is unavailable; try again shortly");
    case ErrorCode::kOk:
    case ErrorCode::kCorruption:
    case ErrorCode::kInternal: break;
  }
  return Problem(500, "internal", "an internal error occurred; it has been logged");
}

ApiResponse LocalizeProblem(ApiResponse r, std::string_view accept_language) {
  if (std::string_view(r.content_type).substr(0, kProblemContentType.size()) != kProblemContentType) return r;
  for (const auto& [name, value] : r.headers)
    if (name == "Content-Language") return r;
  auto parsed = engine::ParseJson(r.body);
  if (!parsed.ok() || !parsed->is_object()) return r;
  JsonValue::Object& doc = parsed->as_object();

  const ProblemLanguage language = NegotiateProblemLanguage(accept_language);
  const JsonValue* type = parsed->Find("type");
  std::string_view type_name = type && type->is_string() ? std::string_view(type->as_string()) : std::string_view();
  if (type_name.substr(0, kTypePrefix.size()) == kTypePrefix) type_name.remove_prefix(kTypePrefix.size());
  const std::string name(type_name);

  if (auto title = ProblemTitle(name, language)) doc["title"] = std::string(*title);
  else if (language == ProblemLanguage::kEn) doc["title"] = std::string("Request failed");

  const JsonValue* detail = parsed->Find("detail");
  if (language == ProblemLanguage::kVi && detail && detail->is_string()) {
    const std::string english = detail->as_string();
    if (auto vi = VietnameseDetail(english)) {
      doc["detail"] = std::move(*vi);
    } else {
      doc["detail"] = std::string(GenericVietnameseDetail(name));
      if (!english.empty()) doc["detail_en"] = english;
    }
  }
  r.body = engine::ToCanonicalJson(*parsed);
  r.SetHeader("Content-Language", LanguageTag(language));
  r.SetHeader("Vary", "Accept-Language");
  return r;
}

}  // namespace incidents::http
