#include "query_params.h"

#include <charconv>

namespace incidents::http {

using engine::Status;

namespace {
std::string Query(const char* name) { return std::string("query '") + name + "'"; }
}  // namespace

std::string QueryText(const ApiRequest& r, const char* name) {
  auto it = r.query.find(name);
  return it == r.query.end() ? std::string() : it->second;
}

Status QueryBool(const ApiRequest& r, const char* name, std::optional<bool>& out) {
  const std::string text = QueryText(r, name);
  if (text.empty()) return {};
  if (text != "true" && text != "false") return Status::InvalidArgument(Query(name) + " must be true or false");
  out = text == "true";
  return {};
}

Status QueryInt(const ApiRequest& r, const char* name, std::int64_t min, std::int64_t max, std::int64_t& out) {
  const std::string text = QueryText(r, name);
  if (text.empty()) return {};
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return Status::InvalidArgument(Query(name) + " must be a whole number");
  if (v < min || v > max)
    return Status::InvalidValue(Query(name) + " must be " + std::to_string(min) + " to " + std::to_string(max));
  out = v;
  return {};
}

Status QueryDate(const ApiRequest& r, const char* name, engine::CivilDate& out) {
  const std::string text = QueryText(r, name);
  if (text.empty()) return {};
  auto date = engine::ParseIsoDate(text);
  if (!date) return Status::InvalidArgument(Query(name) + " must be a date such as 2027-01-31");
  out = *date;
  return {};
}

}  // namespace incidents::http
