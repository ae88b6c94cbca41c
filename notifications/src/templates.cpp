#include "incidents/notifications/templates.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "incidents/notifications/message_vars.h"
#include "incidents/base/utf8.h"

namespace incidents::notifications {

using engine::Result;
using engine::Status;

namespace {

namespace fs = std::filesystem;

bool IsKnownVariable(std::string_view name, bool sms) {
  if ((sms && name == "subject") || name == "link") return true;
  return std::any_of(MessageVars::kMembers.begin(), MessageVars::kMembers.end(),
                     [&](const auto& m) { return m.first == name; });
}

bool IsEventTypeName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// "report", "escalate_chairman.awaiting_director" or "escalate_chairman.data_request": an
// event type, optionally with the state the event led to or the ticket's workflow.
bool IsTemplateName(std::string_view s) {
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return IsEventTypeName(s);
  return IsEventTypeName(s.substr(0, dot)) && IsEventTypeName(s.substr(dot + 1));
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int LineOf(std::string_view text, std::size_t pos, int first_line) {
  return first_line + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

// Reads a template file: UTF-8, BOM removed, CRLF -> LF.
Result<std::string> ReadTemplateFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidValue(path.string() + ": cannot be read");
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out.push_back(text[i]);
  }
  if (!base::utf8::IsValid(out)) return Status::InvalidValue(path.string() + ": not valid UTF-8");
  return out;
}

// Line breaks and tabs in a subject become spaces; the ends are trimmed.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return std::string(TrimSpaces(s));
}

std::string WithoutTrailingSpace(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

}  // namespace

Status TemplateSet::Parse(std::string_view text, const std::string& file, int first_line, bool sms,
                          std::vector<Piece>& out) {
  out.clear();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find("{{", pos);
    const std::size_t stray = text.find("}}", pos);
    if (stray != std::string_view::npos && (open == std::string_view::npos || stray < open)) {
      return Status::InvalidValue(file + ": line " + std::to_string(LineOf(text, stray, first_line)) +
                                  ": unbalanced braces: '}}' without '{{'");
    }
    if (open == std::string_view::npos) {
      out.push_back({false, std::string(text.substr(pos))});
      break;
    }
    if (open > pos) out.push_back({false, std::string(text.substr(pos, open - pos))});
    const std::size_t close = text.find("}}", open + 2);
    const std::size_t line_end = text.find('\n', open);
    if (close == std::string_view::npos || (line_end != std::string_view::npos && close > line_end)) {
      return Status::InvalidValue(file + ": line " + std::to_string(LineOf(text, open, first_line)) +
                                  ": unbalanced braces: '{{' without '}}'");
    }
    const std::string_view inside = text.substr(open + 2, close - open - 2);
    if (inside.find('{') != std::string_view::npos || inside.find('}') != std::string_view::npos) {
      return Status::InvalidValue(file + ": line " + std::to_string(LineOf(text, open, first_line)) +
                                  ": unbalanced braces in {{" + std::string(inside) + "}}");
    }
    const std::string_view name = TrimSpaces(inside);
    if (!IsKnownVariable(name, sms)) {
      return Status::InvalidValue(file + ": line " + std::to_string(LineOf(text, open, first_line)) +
                                  ": unknown variable {{" + std::string(name) + "}}");
    }
    out.push_back({true, std::string(name)});
    pos = close + 2;
  }
  return Status::Ok();
}

Result<std::string> TemplateSet::Fill(const std::vector<Piece>& pieces, const std::string& file,
                                      const std::map<std::string, std::string>& vars, const std::string* subject) {
  std::string out;
  for (const auto& piece : pieces) {
    if (!piece.is_variable) {
      out += piece.text;
    } else if (piece.text == "subject" && subject) {
      out += *subject;
    } else if (const auto it = vars.find(piece.text); it != vars.end()) {
      out += it->second;
    } else {
      return Status::InvalidValue(file + " uses {{" + piece.text + "}} but no value was given for it");
    }
  }
  return out;
}

Result<TemplateSet> TemplateSet::Load(const std::string& dir, const std::string& locale,
                                      const std::vector<std::string>& required_event_types) {
  const fs::path folder = fs::path(dir) / locale;
  std::error_code ec;
  if (locale.empty() || !IsEventTypeName(locale) || !fs::is_directory(folder, ec)) {
    return Status::InvalidValue("no templates folder " + folder.string() + " for locale '" + locale + "'");
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  if (ec) return Status::InvalidValue(folder.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());  // a stable order, so the first error is always the same

  TemplateSet set;
  set.locale_ = locale;
  std::vector<std::pair<std::string, fs::path>> sms_files;
  for (const auto& path : files) {
    std::string name = path.filename().string();
    name.resize(name.size() - 4);  // ".txt"
    const bool sms = name.size() > 4 && name.compare(name.size() - 4, 4, ".sms") == 0;
    if (sms) name.resize(name.size() - 4);
    if (!IsTemplateName(name)) continue;  // not a template (e.g. notes.old.txt)
    if (sms) {
      sms_files.emplace_back(name, path);
      continue;
    }
    auto text = ReadTemplateFile(path);
    if (!text.ok()) return text.status();
    const std::string file = path.string();
    std::string_view rest = *text;
    const std::size_t first_end = rest.find('\n');
    const std::string_view first = rest.substr(0, first_end);
    constexpr std::string_view kSubject = "Subject:";
    if (first.substr(0, kSubject.size()) != kSubject) {
      return Status::InvalidValue(file + ": line 1: the first line must be 'Subject: ...'");
    }
    Template t;
    t.file = file;
    const std::string_view subject = TrimSpaces(first.substr(kSubject.size()));
    if (subject.empty()) return Status::InvalidValue(file + ": line 1: the Subject is empty");
    if (auto s = Parse(subject, file, 1, false, t.subject); !s.ok()) return s;
    if (first_end == std::string_view::npos) return Status::InvalidValue(file + ": no body after the Subject line");
    rest.remove_prefix(first_end + 1);
    const std::size_t second_end = rest.find('\n');
    if (!TrimSpaces(rest.substr(0, second_end)).empty()) {
      return Status::InvalidValue(file + ": line 2: must be blank (it separates the Subject from the body)");
    }
    const std::string body = second_end == std::string_view::npos
                                 ? std::string()
                                 : WithoutTrailingSpace(std::string(rest.substr(second_end + 1)));
    if (TrimSpaces(body).empty()) return Status::InvalidValue(file + ": the body is empty");
    if (auto s = Parse(body + "\n", file, 3, false, t.body); !s.ok()) return s;
    t.sms = {{true, "subject"}, {false, " "}, {true, "link"}};
    set.templates_.emplace(name, std::move(t));
  }
  for (const auto& [name, path] : sms_files) {
    const auto it = set.templates_.find(name);
    if (it == set.templates_.end()) {
      return Status::InvalidValue(path.string() + ": an SMS template without a mail template " + name + ".txt");
    }
    auto text = ReadTemplateFile(path);
    if (!text.ok()) return text.status();
    const std::string sms = WithoutTrailingSpace(*text);
    if (TrimSpaces(sms).empty()) return Status::InvalidValue(path.string() + ": the SMS text is empty");
    if (auto s = Parse(sms, path.string(), 1, true, it->second.sms); !s.ok()) return s;
    it->second.sms_file = path.string();
  }
  for (const auto& required : required_event_types) {
    if (!set.templates_.count(required)) {
      return Status::InvalidValue("no template for event type '" + required + "': " +
                                  (folder / (required + ".txt")).string() + " is missing");
    }
  }
  return set;
}

Result<Rendered> TemplateSet::Render(std::string_view event_type,
                                     const std::map<std::string, std::string>& vars) const {
  // The workflow's own wording first (an event both workflows share), then the state's,
  // then the event's. Workflow and state names never coincide.
  auto it = templates_.end();
  for (const char* qualifier : {"workflow", "state"}) {
    const auto value = vars.find(qualifier);
    if (it == templates_.end() && value != vars.end() && !value->second.empty())
      it = templates_.find(std::string(event_type) + "." + value->second);
  }
  if (it == templates_.end()) it = templates_.find(event_type);
  if (it == templates_.end()) {
    return Status::NotFound("no " + locale_ + " template for event type '" + std::string(event_type) + "'");
  }
  const Template& t = it->second;
  Rendered out;
  auto subject = Fill(t.subject, t.file, vars, nullptr);
  if (!subject.ok()) return subject.status();
  out.subject = OneLine(std::move(*subject));
  auto body = Fill(t.body, t.file, vars, nullptr);
  if (!body.ok()) return body.status();
  out.body = std::move(*body);
  auto sms = Fill(t.sms, t.sms_file.empty() ? t.file : t.sms_file, vars, &out.subject);
  if (!sms.ok()) return sms.status();
  out.sms_text = WithoutTrailingSpace(std::move(*sms));
  return out;
}

std::vector<std::string> TemplateSet::EventTypes() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : templates_) out.push_back(name);
  return out;
}

}  // namespace incidents::notifications
