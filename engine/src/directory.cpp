#include "incidents/engine/directory.h"

#include <algorithm>
#include <map>

#include "incidents/base/sha256.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/directory_store.h"
#include "incidents/engine/ticket_event.h"  // kGenesisHash

namespace incidents::engine {

bool IsOrgKind(std::string_view kind) {
  return std::find(kOrgKinds.begin(), kOrgKinds.end(), kind) != kOrgKinds.end();
}

bool operator==(const Org& a, const Org& b) {
  return a.id == b.id && a.name == b.name && a.short_name == b.short_name && a.kind == b.kind &&
         a.active == b.active && a.successor == b.successor;
}

bool operator==(const User& a, const User& b) {
  return a.username == b.username && a.display_name == b.display_name && a.org == b.org && a.roles == b.roles &&
         a.email == b.email && a.phone == b.phone && a.password_hash == b.password_hash && a.active == b.active;
}

bool operator==(const FocalPoint& a, const FocalPoint& b) {
  return a.id == b.id && a.org == b.org && a.role == b.role && a.username == b.username && a.position == b.position &&
         a.since == b.since && a.until == b.until && a.decision_ref == b.decision_ref &&
         a.decision_date == b.decision_date && a.absent == b.absent;
}

bool operator==(const FocalPointList& a, const FocalPointList& b) {
  return a.revision == b.revision && a.status == b.status && a.decision_ref == b.decision_ref &&
         a.decision_date == b.decision_date && a.changed_by == b.changed_by && a.changed_at == b.changed_at;
}

bool operator==(const DirectoryEvent& a, const DirectoryEvent& b) {
  return a.seq == b.seq && a.type == b.type && a.actor == b.actor && a.actor_org == b.actor_org && a.at == b.at &&
         a.subject == b.subject && a.payload == b.payload && a.legal_basis == b.legal_basis &&
         a.prev_hash == b.prev_hash && a.hash == b.hash;
}

bool operator==(const PasswordReset& a, const PasswordReset& b) {
  return a.token_hash == b.token_hash && a.username == b.username && a.expires_at == b.expires_at;
}

std::string FormatRoleList(const std::set<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ',';
    out += ToString(r);
  }
  return out;
}

Result<std::set<Role>> ParseRoleList(const std::string& text, const std::string& username) {
  std::set<Role> roles;
  std::size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    auto role = ParseRole(text.substr(start, end - start));
    if (!role) return Status::Corruption("user " + username + ": unknown role in '" + text + "'");
    roles.insert(*role);
    start = end + 1;
  }
  return roles;
}

std::string_view ToString(FocalPointRole r) { return r == FocalPointRole::kFocal ? "focal" : "deputy"; }

std::optional<FocalPointRole> ParseFocalPointRole(std::string_view s) {
  if (s == "focal") return FocalPointRole::kFocal;
  if (s == "deputy") return FocalPointRole::kDeputy;
  return std::nullopt;
}

std::string_view ToString(FocalListStatus s) {
  switch (s) {
    case FocalListStatus::kDraft: return "draft";
    case FocalListStatus::kSubmitted: return "submitted";
    case FocalListStatus::kApproved: return "approved";
  }
  return "draft";
}

std::optional<FocalListStatus> ParseFocalListStatus(std::string_view s) {
  for (FocalListStatus v : {FocalListStatus::kDraft, FocalListStatus::kSubmitted, FocalListStatus::kApproved})
    if (ToString(v) == s) return v;
  return std::nullopt;
}

JsonValue DirectoryEventToJson(const DirectoryEvent& e, bool with_hash) {
  JsonValue::Object o;
  o["seq"] = e.seq;
  o["type"] = e.type;
  o["actor"] = e.actor;
  o["actor_org"] = e.actor_org.empty() ? JsonValue() : JsonValue(e.actor_org);
  o["at"] = FormatRfc3339(e.at);
  o["subject"] = e.subject;
  o["payload"] = e.payload;
  o["legal_basis"] = e.legal_basis;
  o["prev_hash"] = e.prev_hash;
  if (with_hash) o["hash"] = e.hash;
  return JsonValue(std::move(o));
}

std::string ComputeDirectoryEventHash(const DirectoryEvent& e) {
  return base::Sha256Hex(e.prev_hash + ToCanonicalJson(DirectoryEventToJson(e, false)));
}

Status VerifyDirectoryChain(const std::vector<DirectoryEvent>& events) {
  std::string prev;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const DirectoryEvent& e = events[i];
    const std::string where = "directory event " + std::to_string(e.seq);
    if (i == 0) {
      if (e.seq == 1 && e.prev_hash != kGenesisHash) return Status::Corruption(where + ": prev_hash is not the genesis");
    } else {
      if (e.seq != events[i - 1].seq + 1)
        return Status::Corruption(where + ": follows " + std::to_string(events[i - 1].seq));
      if (e.prev_hash != prev) return Status::Corruption(where + ": prev_hash does not match the event before it");
    }
    if (ComputeDirectoryEventHash(e) != e.hash) return Status::Corruption(where + ": hash does not match its content");
    prev = e.hash;
  }
  return {};
}

namespace {
const Org* Lookup(const std::vector<Org>& orgs, const std::string& id) {
  for (const Org& o : orgs)
    if (o.id == id) return &o;
  return nullptr;
}
}  // namespace

std::string EffectiveOrg(const std::vector<Org>& orgs, const std::string& org) {
  std::string at = org;
  std::set<std::string> seen{org};
  while (const Org* o = Lookup(orgs, at)) {
    if (o->successor.empty() || !seen.insert(o->successor).second || !Lookup(orgs, o->successor)) break;
    at = o->successor;
  }
  return at;
}

std::set<std::string> PredecessorsOf(const std::vector<Org>& orgs, const std::string& org) {
  std::set<std::string> out;
  for (const Org& o : orgs) {
    std::set<std::string> seen{o.id};
    for (const Org* at = &o; !at->successor.empty() && seen.insert(at->successor).second;) {
      if (at->successor == org) {
        if (o.id != org) out.insert(o.id);
        break;
      }
      if (!(at = Lookup(orgs, at->successor))) break;
    }
  }
  return out;
}

std::optional<FocalPoint> FocalPointOnDuty(const std::vector<FocalPoint>& terms, const std::string& org,
                                           CivilDate day) {
  const FocalPoint* focal = nullptr;
  const FocalPoint* deputy = nullptr;
  for (const FocalPoint& t : terms) {
    if (t.org != org || !t.InForceOn(day)) continue;
    (t.role == FocalPointRole::kFocal ? focal : deputy) = &t;
  }
  if (focal && !focal->absent) return *focal;
  if (deputy) return *deputy;
  if (focal) return *focal;  // absent, but nobody stands in: still the one to inform
  return std::nullopt;
}

}  // namespace incidents::engine
