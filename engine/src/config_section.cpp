#include "incidents/engine/config_section.h"

namespace incidents::engine {

ConfigSection::ConfigSection(const JsonValue& section, std::string name) : name_(std::move(name)) {
  if (section.is_object()) {
    section_ = &section;
  } else {
    section_ = nullptr;
    if (!section.is_null()) status_ = Status::InvalidValue("config: '" + name_ + "' must be a JSON object");
  }
}

std::string ConfigSection::KeyPath(std::string_view key) const {
  return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
}

void ConfigSection::Fail(std::string_view key, const std::string& what) {
  if (status_.ok()) status_ = Status::InvalidValue("config: '" + KeyPath(key) + "' " + what);
}

const JsonValue* ConfigSection::Find(std::string_view key) const {
  const JsonValue* node = section_;
  std::size_t pos = 0;
  while (node != nullptr) {
    const std::size_t dot = key.find('.', pos);
    node = node->Find(std::string(key.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos)));
    if (dot == std::string_view::npos) return node;
    pos = dot + 1;
  }
  return nullptr;
}

std::optional<std::int64_t> ConfigSection::Int(std::string_view key, std::int64_t min, std::int64_t max) {
  const JsonValue* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_int()) {
    Fail(key, "must be a whole number");
    return std::nullopt;
  }
  if (v->as_int() < min || v->as_int() > max) {
    Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
                  std::to_string(v->as_int()));
    return std::nullopt;
  }
  return v->as_int();
}

std::optional<bool> ConfigSection::Bool(std::string_view key) {
  const JsonValue* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    Fail(key, "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::string> ConfigSection::String(std::string_view key) {
  const JsonValue* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "must be a string");
    return std::nullopt;
  }
  return v->as_string();
}

std::optional<std::string> ConfigSection::NonEmptyString(std::string_view key) {
  auto s = String(key);
  if (s && s->empty()) {
    Fail(key, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> ConfigSection::OneOf(std::string_view key, std::initializer_list<std::string_view> allowed) {
  auto s = String(key);
  if (!s) return s;
  for (std::string_view a : allowed)
    if (*s == a) return s;
  // "must be full, normal or extra"
  std::string list;
  std::size_t i = 0;
  for (std::string_view a : allowed) {
    if (i > 0) list += i + 1 == allowed.size() ? " or " : ", ";
    list += a;
    ++i;
  }
  Fail(key, "must be " + list);
  return std::nullopt;
}

const JsonValue::Array* ConfigSection::Array(std::string_view key) {
  const JsonValue* v = Find(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Fail(key, "must be a JSON array");
    return nullptr;
  }
  return &v->as_array();
}

const JsonValue* ConfigSection::Object(std::string_view key) {
  const JsonValue* v = Find(key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    Fail(key, "must be a JSON object");
    return nullptr;
  }
  return v;
}

}  // namespace incidents::engine
