#include "incidents/engine/canonical_json.h"

#include <charconv>
#include <cstdio>

#include "incidents/base/utf8.h"

namespace incidents::engine {
namespace {

void AppendString(std::string_view s, std::string& out) {
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of characters copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

class Parser {
 public:
  Parser(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  Result<JsonValue> ParseDocument() {
    JsonValue v;
    if (Status st = ParseValue(v, 0); !st.ok()) {
      // A number that is well-formed JSON but not one we take names the member it is in
      // ("a.b[1]"), which the frames on the way up have collected; nothing is spent on
      // paths unless something failed.
      if (!value_error_.empty() && !path_.empty())
        return Status::InvalidArgument("field '" + path_ + "' " + value_error_ + " (malformed JSON at offset " +
                                       std::to_string(value_error_at_) + ")");
      return st;
    }
    SkipSpace();
    if (pos_ != s_.size()) return Error("unexpected text after the JSON value");
    return v;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("malformed JSON at offset " + std::to_string(pos_) + ": " + what);
  }
  Status ValueError(const char* what) {
    value_error_ = what;
    value_error_at_ = pos_;
    return Error(std::string("a number that ") + what);
  }
  // On the way up from a failed value: the member or item it was in.
  void Within(std::string_view step) {
    if (value_error_.empty()) return;
    path_.insert(0, path_.empty() || path_[0] == '[' ? std::string(step) : std::string(step) + ".");
  }
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool Consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // `depth` counts the containers around the value being parsed; 64 may be open at once.
  Status ParseValue(JsonValue& out, int depth) {
    SkipSpace();
    if (pos_ >= s_.size()) return Error("unexpected end of input");
    const char c = s_[pos_];
    if ((c == '{' || c == '[') && depth >= max_depth_)
      return Error("nested more than " + std::to_string(max_depth_) + " levels deep");
    if (c == '{') return ParseObject(out, depth);
    if (c == '[') return ParseArray(out, depth);
    if (c == '"') {
      std::string str;
      if (Status st = ParseString(str); !st.ok()) return st;
      out = JsonValue(std::move(str));
      return {};
    }
    if (Consume("true")) { out = JsonValue(true); return {}; }
    if (Consume("false")) { out = JsonValue(false); return {}; }
    if (Consume("null")) { out = JsonValue(); return {}; }
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
    return Error("unexpected character");
  }

  Status ParseNumber(JsonValue& out) {
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') return Error("bad number");
    if (s_[pos_] == '0' && pos_ + 1 < s_.size() && s_[pos_ + 1] >= '0' && s_[pos_ + 1] <= '9')
      return Error("leading zero in number");
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E'))
      return ValueError("must be an integer, not a fraction");
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, v);
    if (ec != std::errc() || p != s_.data() + pos_) return ValueError("is an integer out of range");
    out = JsonValue(v);
    return {};
  }

  bool Hex4(std::uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= std::uint32_t(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= std::uint32_t(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= std::uint32_t(h - 'A' + 10);
      else return false;
    }
    return true;
  }

  Status ParseString(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return Error("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') { ++pos_; return {}; }
      if (c < 0x20) return Error("control character in string");
      if (c >= 0x80) {  // a multi-byte character: copied only if it is well-formed UTF-8
        const std::size_t start = pos_;
        if (base::utf8::Decode(s_, pos_) == base::utf8::kInvalid) return Error("invalid UTF-8 in string");
        out.append(s_, start, pos_ - start);
        continue;
      }
      if (c != '\\') { out.push_back(char(c)); ++pos_; continue; }
      ++pos_;
      if (pos_ >= s_.size()) return Error("unterminated escape");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          std::uint32_t cp;
          if (!Hex4(cp)) return Error("bad \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t lo;
            if (!Consume("\\u") || !Hex4(lo) || lo < 0xDC00 || lo > 0xDFFF)
              return Error("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Error("unpaired surrogate");
          }
          base::utf8::Append(out, cp);
          break;
        }
        default: return Error("bad escape");
      }
    }
  }

  Status ParseArray(JsonValue& out, int depth) {
    ++pos_;
    JsonValue::Array items;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; out = JsonValue(std::move(items)); return {}; }
    while (true) {
      JsonValue item;
      if (Status st = ParseValue(item, depth + 1); !st.ok()) {
        Within("[" + std::to_string(items.size()) + "]");
        return st;
      }
      items.push_back(std::move(item));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; break; }
      return Error("expected ',' or ']'");
    }
    out = JsonValue(std::move(items));
    return {};
  }

  Status ParseObject(JsonValue& out, int depth) {
    ++pos_;
    JsonValue::Object members;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; out = JsonValue(std::move(members)); return {}; }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Error("expected a member name");
      std::string key;
      if (Status st = ParseString(key); !st.ok()) return st;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Error("expected ':'");
      ++pos_;
      JsonValue v;
      if (Status st = ParseValue(v, depth + 1); !st.ok()) {
        Within(key);
        return st;
      }
      members.insert_or_assign(std::move(key), std::move(v));  // last duplicate wins
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; break; }
      return Error("expected ',' or '}'");
    }
    out = JsonValue(std::move(members));
    return {};
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  const int max_depth_;
  std::string value_error_;  // set by a number we do not take
  std::size_t value_error_at_ = 0;
  std::string path_;         // where that number is, filled on the way up
};

}  // namespace

void AppendCanonicalJson(const JsonValue& v, std::string& out) {
  if (v.is_null()) {
    out += "null";
  } else if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
  } else if (v.is_int()) {
    out += std::to_string(v.as_int());
  } else if (v.is_string()) {
    AppendString(v.as_string(), out);
  } else if (v.is_array()) {
    out.push_back('[');
    bool first = true;
    for (const auto& item : v.as_array()) {
      if (!first) out.push_back(',');
      first = false;
      AppendCanonicalJson(item, out);
    }
    out.push_back(']');
  } else {
    AppendCanonicalJson(v.as_object(), out);
  }
}

void AppendCanonicalJson(const JsonValue::Object& object, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, item] : object) {  // std::map: sorted by bytes = code points
    if (!first) out.push_back(',');
    first = false;
    AppendString(key, out);
    out.push_back(':');
    AppendCanonicalJson(item, out);
  }
  out.push_back('}');
}

void AppendCanonicalJsonString(std::string_view text, std::string& out) { AppendString(text, out); }

std::string ToCanonicalJson(const JsonValue& value) {
  std::string out;
  AppendCanonicalJson(value, out);
  return out;
}

Result<JsonValue> ParseJson(std::string_view text, int max_depth) { return Parser(text, max_depth).ParseDocument(); }

}  // namespace incidents::engine
