#include "directory_rules.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "incidents/base/utf8.h"
#include "incidents/engine/civil_date.h"
#include "incidents/engine/directory_service.h"

namespace incidents::engine {

std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

Status CheckText(const std::string& text, const std::string& what, bool required, std::size_t max_chars) {
  if (!base::utf8::IsValid(text)) return Status::InvalidValue(what + " is not valid UTF-8");
  if (required && text.empty()) return Status::InvalidValue(what + " is required");
  if (base::utf8::Length(text) > max_chars)
    return Status::InvalidValue(what + " must be at most " + std::to_string(max_chars) + " characters");
  for (unsigned char ch : text)
    if (ch < 0x20 || ch == 0x7f) return Status::InvalidValue(what + " must not contain control characters");
  return {};
}

Status CheckKey(const std::string& key, const std::string& what) {
  if (key.empty()) return Status::InvalidValue(what + " is required");
  if (key.size() > kMaxIdChars)
    return Status::InvalidValue(what + " must be at most " + std::to_string(kMaxIdChars) + " characters");
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'; };
  if (!std::all_of(key.begin(), key.end(), ok) || !std::isalnum(static_cast<unsigned char>(key.front())))
    return Status::InvalidValue(what + " may hold only lower-case letters a-z, digits, '.', '_' and '-', and must "
                                "start with a letter or digit");
  return {};
}

namespace {

std::string Quoted(const std::string& prefix, const char* name) { return prefix + "'" + name + "'"; }

// "+84 90-000.0001" -> "+84900000001"; anything else is left for the check to refuse.
std::string NormalizedPhone(const std::string& phone) {
  std::string out;
  for (char c : Trimmed(phone))
    if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') out += c;
  return out;
}

Status CheckEmail(const std::string& email, const std::string& what) {
  if (email.empty()) return {};
  const auto at = email.find('@');
  const bool shape = email.size() <= 254 && at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
                     email.find('.', at) != std::string::npos && email.back() != '.' &&
                     email.find_first_of(" \t\r\n,;<>\"") == std::string::npos;
  return shape ? Status() : Status::InvalidValue(what + " is not an email address such as ten@so.gov.vn");
}

Status CheckPhone(const std::string& phone, const std::string& what) {
  if (phone.empty()) return {};
  const std::size_t start = phone.front() == '+' ? 1 : 0;
  const std::size_t digits = phone.size() - start;
  const bool shape = digits >= 8 && digits <= 15 &&
                     std::all_of(phone.begin() + static_cast<long>(start), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  return shape ? Status() : Status::InvalidValue(what + " must be a phone number of 8 to 15 digits, such as +84912345678");
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Org NormalizedOrg(Org org) {
  org.id = Trimmed(org.id);
  org.name = Trimmed(org.name);
  org.short_name = Trimmed(org.short_name);
  org.kind = Trimmed(org.kind);
  org.successor = Trimmed(org.successor);
  return org;
}

User NormalizedUser(User user) {
  user.username = Trimmed(user.username);
  user.display_name = Trimmed(user.display_name);
  user.org = Trimmed(user.org);
  user.email = Trimmed(user.email);
  user.phone = NormalizedPhone(user.phone);
  return user;
}

Status CheckOrg(const Org& org, const std::vector<Org>& orgs, const std::string& prefix) {
  if (Status st = CheckKey(org.id, Quoted(prefix, "id")); !st.ok()) return st;
  if (Status st = CheckText(org.name, Quoted(prefix, "name"), true, kMaxNameChars); !st.ok()) return st;
  if (Status st = CheckText(org.short_name, Quoted(prefix, "short_name"), false, 50); !st.ok()) return st;
  if (!IsOrgKind(org.kind)) {
    std::string kinds;
    for (auto k : kOrgKinds) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
    return Status::InvalidValue(Quoted(prefix, "kind") + " must be one of " + kinds);
  }
  if (!org.successor.empty()) {
    if (org.successor == org.id) return Status::InvalidValue(Quoted(prefix, "successor") + " cannot be the org itself");
    std::vector<Org> after = orgs;
    bool replaced = false;
    for (Org& o : after)
      if (o.id == org.id) o = org, replaced = true;
    if (!replaced) after.push_back(org);
    if (std::none_of(after.begin(), after.end(), [&](const Org& o) { return o.id == org.successor; }))
      return Status::InvalidValue(Quoted(prefix, "successor") + ": no org '" + org.successor + "'");
    // Walk on from the successor: coming back to this org would make a cycle.
    std::set<std::string> seen;
    for (std::string at = org.successor; !at.empty() && seen.insert(at).second;) {
      if (at == org.id)
        return Status::InvalidValue(Quoted(prefix, "successor") + ": '" + org.successor + "' is already taken over by '" +
                                    org.id + "' (a cycle)");
      auto next = std::find_if(after.begin(), after.end(), [&](const Org& o) { return o.id == at; });
      at = next == after.end() ? "" : next->successor;
    }
  }
  return {};
}

Status CheckUser(const User& user, const std::vector<Org>& orgs, const User* before, const std::string& prefix) {
  if (Status st = CheckKey(user.username, Quoted(prefix, "username")); !st.ok()) return st;
  if (user.username == "system")
    return Status::InvalidValue(Quoted(prefix, "username") + ": 'system' is reserved for the engine");
  if (Status st = CheckText(user.display_name, Quoted(prefix, "display_name"), true, kMaxNameChars); !st.ok()) return st;
  auto org = std::find_if(orgs.begin(), orgs.end(), [&](const Org& o) { return o.id == user.org; });
  if (org == orgs.end()) return Status::InvalidValue(Quoted(prefix, "org") + ": no org '" + user.org + "'");
  if (!org->active && (!before || before->org != user.org))
    return Status::InvalidValue(Quoted(prefix, "org") + ": org '" + user.org + "' is deactivated");
  if (user.roles.empty()) return Status::InvalidValue(Quoted(prefix, "roles") + " must name at least one role");
  if (Status st = CheckEmail(user.email, Quoted(prefix, "email")); !st.ok()) return st;
  if (Status st = CheckPhone(user.phone, Quoted(prefix, "phone")); !st.ok()) return st;
  return {};
}

Status CheckPasswordPolicy(const std::string& username, const std::string& password, const std::string& field) {
  // The most used passwords of 12 or more characters (shorter ones fail the length rule),
  // including Vietnamese ones ("matkhau" is "password").
  static const std::set<std::string> kCommon = {
      "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111", "000000000000",
      "123123123123", "qwertyuiop12", "qwerty123456", "qwertyuiopas", "password1234", "password123!",
      "passwordpassword", "iloveyou1234", "abc123456789", "123456789abc", "1q2w3e4r5t6y", "admin1234567",
      "administrator", "matkhau12345", "matkhau123456", "matkhaumoi123", "abcd12345678", "aaaaaaaaaaaa",
      "1qaz2wsx3edc", "zaq12wsxcde3", "welcome12345", "changeme1234", "letmein12345", "anhyeuem1234",
      "anhyeuem123456", "vietnam12345", "vietnam123456", "12345678abcd"};
  const std::string what = "field '" + field + "'";
  if (!base::utf8::IsValid(password)) return Status::InvalidValue(what + " is not valid UTF-8");
  if (base::utf8::Length(password) < 12) return Status::InvalidValue(what + " must be at least 12 characters long");
  if (base::utf8::Length(password) > 256) return Status::InvalidValue(what + " must be at most 256 characters long");
  const std::string lower = Lower(password);
  if (lower == Lower(username) || (username.size() >= 4 && lower.find(Lower(username)) != std::string::npos))
    return Status::InvalidValue(what + " must not contain the username");
  if (kCommon.count(lower) || std::all_of(lower.begin(), lower.end(), [&](char c) { return c == lower.front(); }))
    return Status::InvalidValue(what + " is one of the most common passwords; choose another");
  return {};
}

const Org* DirectoryView::FindOrg(const std::string& id) const {
  for (const Org& o : orgs)
    if (o.id == id) return &o;
  return nullptr;
}

const User* DirectoryView::FindUser(const std::string& username) const {
  for (const User& u : users)
    if (u.username == username) return &u;
  return nullptr;
}

Result<DirectoryView> ReadView(Directory& directory) {
  DirectoryView view;
  auto orgs = directory.ListOrgs();
  if (!orgs.ok()) return orgs.status();
  auto users = directory.ListUsers();
  if (!users.ok()) return users.status();
  auto terms = directory.ListFocalPoints("");
  if (!terms.ok()) return terms.status();
  view.orgs = std::move(orgs).value();
  view.users = std::move(users).value();
  view.terms = std::move(terms).value();
  return view;
}

Result<FocalPoint> ApplyAppointment(DirectoryView& view, const std::string& org_id, const FocalPointAppointment& a,
                                    const std::string& prefix) {
  const Org* org = view.FindOrg(org_id);
  if (!org) return Status::NotFound("no org '" + org_id + "'");
  if (!org->active) return Status::InvalidValue("org '" + org_id + "' is deactivated");
  FocalPoint term;
  term.org = org_id;
  term.role = a.role;
  term.username = Trimmed(a.username);
  term.position = Trimmed(a.position);
  term.since = a.since;
  term.decision_ref = Trimmed(a.decision_ref);
  term.decision_date = a.decision_date;
  if (term.username.empty()) return Status::InvalidValue(Quoted(prefix, "username") + " is required");
  const User* user = view.FindUser(term.username);
  if (!user) return Status::InvalidValue(Quoted(prefix, "username") + ": no user '" + term.username + "'");
  if (!user->active)
    return Status::InvalidValue(Quoted(prefix, "username") + ": user '" + term.username + "' is deactivated");
  // Art. 18.1b: the org appoints one of its own officers (or the org that took it over does).
  if (user->org != org_id && EffectiveOrg(view.orgs, org_id) != user->org)
    return Status::InvalidValue(Quoted(prefix, "username") + ": user '" + term.username + "' belongs to org '" +
                                user->org + "', not '" + org_id + "'");
  if (Status v = CheckText(term.position, Quoted(prefix, "position"), true, kMaxNameChars); !v.ok()) return v;
  if (Status v = CheckText(term.decision_ref, Quoted(prefix, "decision_ref"), true, kMaxRefChars); !v.ok()) return v;
  if (term.decision_date && *term.decision_date > term.since)
    return Status::InvalidValue(Quoted(prefix, "decision_date") + " must not be after 'since'");
  for (const FocalPoint& t : view.terms)
    if (t.org == org_id && t.role == term.role && t.since >= term.since)
      return Status::InvalidValue(Quoted(prefix, "since") + " must be after " + ToIsoString(t.since) +
                                  ", when the latest " + std::string(ToString(term.role)) + " term of this org began");
  for (FocalPoint& t : view.terms)
    if (t.org == org_id && t.role == term.role && !t.until) t.until = term.since;
  view.terms.push_back(term);
  return term;
}

std::vector<FocalPoint> ChangedTerms(const std::vector<FocalPoint>& before, const std::vector<FocalPoint>& after) {
  std::vector<FocalPoint> out;
  for (const FocalPoint& t : after) {
    if (t.id == 0) {
      out.push_back(t);
      continue;
    }
    auto it = std::find_if(before.begin(), before.end(), [&](const FocalPoint& b) { return b.id == t.id; });
    if (it == before.end() || !(*it == t)) out.push_back(t);
  }
  return out;
}

Payload OrgPayload(const Org& o) {
  return Payload{{"id", o.id},         {"name", o.name},     {"short_name", o.short_name},
                 {"kind", o.kind},     {"active", o.active}, {"successor", o.successor.empty() ? JsonValue() : JsonValue(o.successor)}};
}

Payload UserPayload(const User& u) {
  JsonValue::Array roles;
  for (Role r : u.roles) roles.push_back(std::string(ToString(r)));
  // The email and phone are personal data: the history records that they changed, not
  // their values, so that it can be shown and exported without leaking them.
  return Payload{{"username", u.username},
                 {"display_name", u.display_name},
                 {"org", u.org},
                 {"roles", JsonValue(std::move(roles))},
                 {"has_email", !u.email.empty()},
                 {"has_phone", !u.phone.empty()},
                 {"active", u.active}};
}

Payload TermPayload(const FocalPoint& t) {
  return Payload{{"org", t.org},
                 {"role", std::string(ToString(t.role))},
                 {"username", t.username},
                 {"position", t.position},
                 {"since", ToIsoString(t.since)},
                 {"decision_ref", t.decision_ref},
                 {"decision_date", t.decision_date ? JsonValue(ToIsoString(*t.decision_date)) : JsonValue()}};
}

namespace {
Payload Diff(const Payload& before, const Payload& after) {
  Payload out;
  for (const auto& [key, value] : after) {
    auto it = before.find(key);
    if (it == before.end() || !(it->second == value)) out[key] = value;
  }
  return out;
}
}  // namespace

Payload OrgDiff(const Org& before, const Org& after) { return Diff(OrgPayload(before), OrgPayload(after)); }

Payload UserDiff(const User& before, const User& after) {
  Payload out = Diff(UserPayload(before), UserPayload(after));
  if (before.email != after.email) out["email_changed"] = true;
  if (before.phone != after.phone) out["phone_changed"] = true;
  out.erase("has_email");
  out.erase("has_phone");
  return out;
}

Status DecideAndCommit(DirectoryStore& store, const DirectoryDecision& decide, bool* written) {
  constexpr int kAttempts = 32;  // each failed attempt means another write landed
  if (written) *written = false;
  for (int attempt = 0;; ++attempt) {
    auto head = store.DirectoryHead();
    if (!head.ok()) return head.status();
    auto change = decide(head.value());
    if (!change.ok()) return change.status();
    if (change->events.empty()) return {};
    change->expected_head = head.value();
    Status st = store.Commit(change.value());
    if (st.ok() && written) *written = true;
    if (st.code() != ErrorCode::kVersionConflict || attempt + 1 == kAttempts) return st;
  }
}

}  // namespace incidents::engine
