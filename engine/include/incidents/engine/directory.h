#pragma once
// The directory of Chapter VI: the orgs the province registers, their people, and each
// org's focal point (Art. 18.1b) and deputy, appointed for a term, with the list of focal
// points that DoICT submits for approval (Art. 18.3). Value types, and the read port
// `Directory`; writes go through DirectoryStore (directory_store.h) and are decided by
// DirectoryService (directory_service.h).
//
// Thread safety: every Directory method may be called from many threads.

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

// What an org is. Closed list: the pages and the routing rules know each kind.
inline constexpr std::array<std::string_view, 7> kOrgKinds = {
    "department", "district", "commune", "provincial_focal", "chairman_office", "ministry", "outside"};
bool IsOrgKind(std::string_view kind);

struct Org {
  std::string id;          // stable key, e.g. "stp"; tickets keep it forever
  std::string name;        // "Sở Tư pháp"
  std::string short_name;  // "STP"; may be empty
  std::string kind;        // one of kOrgKinds
  bool active = true;
  // The org that took this one over (a merger): its staff see and act on this org's
  // tickets, and notifications for this org go to its focal point. Empty when none.
  std::string successor;
  friend bool operator==(const Org&, const Org&);
};

struct User {
  std::string username;
  std::string display_name;
  std::string org;
  std::set<Role> roles;
  std::string email;
  std::string phone;
  std::string password_hash;  // PHC-style string; empty: no password set yet. Never logged.
  bool active = true;
  friend bool operator==(const User&, const User&);
};

// Roles as stored: "coordinator,engineer" (comma-separated names, sorted).
std::string FormatRoleList(const std::set<Role>& roles);
// kCorruption naming the user for an unknown name.
Result<std::set<Role>> ParseRoleList(const std::string& text, const std::string& username);

// The focal point (đầu mối) of an org, or its deputy, who receives what the focal point
// receives while the focal point is marked absent.
enum class FocalPointRole { kFocal, kDeputy };
std::string_view ToString(FocalPointRole r);
std::optional<FocalPointRole> ParseFocalPointRole(std::string_view s);

// One term of office. A term is in force on day d when since <= d and (no until or
// d < until): appointing a successor sets the previous term's `until` to the new `since`.
struct FocalPoint {
  std::int64_t id = 0;  // assigned by the store when first written; 0 before
  std::string org;
  FocalPointRole role = FocalPointRole::kFocal;
  std::string username;  // a person of the directory, not a free-text contact
  std::string position;  // chức vụ, as the list prints it
  CivilDate since;
  std::optional<CivilDate> until;
  std::string decision_ref;                // the appointing document's number
  std::optional<CivilDate> decision_date;  // and date
  bool absent = false;                     // marked absent: the deputy receives instead
  bool InForceOn(CivilDate day) const { return since <= day && (!until || day < *until); }
  friend bool operator==(const FocalPoint&, const FocalPoint&);
};

// The list of focal points DoICT compiles and submits to the Provincial People's Committee
// for approval (Art. 18.3). Any appointment after approval starts a new draft revision.
enum class FocalListStatus { kDraft, kSubmitted, kApproved };
std::string_view ToString(FocalListStatus s);
std::optional<FocalListStatus> ParseFocalListStatus(std::string_view s);

struct FocalPointList {
  std::int64_t revision = 1;
  FocalListStatus status = FocalListStatus::kDraft;
  std::string decision_ref;                // the approving decision (status approved)
  std::optional<CivilDate> decision_date;
  std::string changed_by;                  // who last changed the status
  std::optional<Timestamp> changed_at;
  friend bool operator==(const FocalPointList&, const FocalPointList&);
};

// One entry of the directory's append-only history, chained by hash like TicketEvent.
// `payload` never holds a password, a hash of one, or a token.
struct DirectoryEvent {
  std::int64_t seq = 0;  // 1, 2, ... across the whole directory
  std::string type;      // "org_created", "user_updated", "focal_point_appointed", ...
  std::string actor;
  std::string actor_org;
  Timestamp at;
  std::string subject;  // "org:stp", "user:stp.focal", "focal_point_list"
  Payload payload;
  std::string legal_basis;
  std::string prev_hash;
  std::string hash;
  friend bool operator==(const DirectoryEvent&, const DirectoryEvent&);
};

JsonValue DirectoryEventToJson(const DirectoryEvent& e, bool with_hash = true);
// SHA-256 hex over prev_hash followed by the canonical JSON of the event without "hash".
std::string ComputeDirectoryEventHash(const DirectoryEvent& e);
// OK when seq runs first_seq.., each prev_hash is the hash before it (64 zeros for seq 1)
// and each hash recomputes; kCorruption naming the first bad event otherwise.
Status VerifyDirectoryChain(const std::vector<DirectoryEvent>& events);

// The read port. Lists are sorted by their key (id, username; terms by org, role, since).
class Directory {
 public:
  virtual ~Directory() = default;
  virtual Result<std::optional<Org>> FindOrg(const std::string& id) = 0;
  virtual Result<std::optional<User>> FindUser(const std::string& username) = 0;
  virtual Result<std::vector<Org>> ListOrgs() = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Every term of one org (empty `org`: of every org), focal and deputy, past and present.
  virtual Result<std::vector<FocalPoint>> ListFocalPoints(const std::string& org) = 0;
  virtual Result<FocalPointList> GetFocalPointList() = 0;
  // History events with seq > after_seq, oldest first, at most `limit`.
  virtual Result<std::vector<DirectoryEvent>> ListDirectoryEvents(std::int64_t after_seq, int limit) = 0;
};

// The org whose people act for `org` today: `org` itself, or the end of its successor
// chain (a cycle or a missing org stops the walk). Pure, over a list from ListOrgs.
std::string EffectiveOrg(const std::vector<Org>& orgs, const std::string& org);
// Orgs whose successor chain leads to `org` (not `org` itself), sorted.
std::set<std::string> PredecessorsOf(const std::vector<Org>& orgs, const std::string& org);

// Who receives what an org's focal point receives on `day`: the focal point in force, or
// the deputy in force when the focal point is marked absent (or there is none). Nullopt
// when the org has neither. `terms` from ListFocalPoints.
std::optional<FocalPoint> FocalPointOnDuty(const std::vector<FocalPoint>& terms, const std::string& org,
                                           CivilDate day);

}  // namespace incidents::engine
