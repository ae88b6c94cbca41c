#pragma once
// The rules for directory values: normalisation (trimmed text, phone without separators),
// checks that name the field, and the history payloads (what changed; never a password
// or its hash). Shared by DirectoryService's operations and its import. Pure functions.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/directory_store.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

// Citations of Decision 57/2020/QĐ-UBND for the directory's history (Chapter VI).
inline constexpr char kOrgBasis[] = "Art. 18.1";      // the focal organisation of the province and its agencies
inline constexpr char kUserBasis[] = "Art. 18.1";
inline constexpr char kAppointBasis[] = "Art. 18.1b";  // each agency appoints one officer
inline constexpr char kListBasis[] = "Art. 18.3";      // DoICT compiles the list, the PPC approves it

inline constexpr std::size_t kMaxIdChars = 64;
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxRefChars = 100;

std::string Trimmed(const std::string& text);

// `what` names the value in the error ("field 'name'"); required: must not be empty.
Status CheckText(const std::string& text, const std::string& what, bool required, std::size_t max_chars);
// Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.
Status CheckKey(const std::string& key, const std::string& what);

Org NormalizedOrg(Org org);
User NormalizedUser(User user);

// `prefix` is put before quoted field names ("field " -> "field 'kind' must ...").
Status CheckOrg(const Org& org, const std::vector<Org>& orgs, const std::string& prefix);
// `before`: the stored user when this is an update (an unchanged org may be deactivated).
Status CheckUser(const User& user, const std::vector<Org>& orgs, const User* before, const std::string& prefix);

// A change decided on what was read at `head`. A change without events writes nothing:
// every write of the directory is an audited event.
using DirectoryDecision = std::function<Result<DirectoryChange>(std::int64_t head)>;
// Decides and commits; decides again (up to 32 times) when another write moved the head in
// between. *written, when given, says whether a change was committed.
Status DecideAndCommit(DirectoryStore& store, const DirectoryDecision& decide, bool* written = nullptr);

// What the directory holds, read at one head, to decide a change on.
struct DirectoryView {
  std::vector<Org> orgs;
  std::vector<User> users;
  std::vector<FocalPoint> terms;  // new terms (id 0) are appended as they are planned
  const Org* FindOrg(const std::string& id) const;
  const User* FindUser(const std::string& username) const;
};
Result<DirectoryView> ReadView(Directory& directory);

struct FocalPointAppointment;
// Appoints in `view`: ends the term in force of the org and role the day the new one
// begins and appends the new term (id 0). The org must be active, the user active and of
// the org (or of the org that took it over), and `since` after the latest term's start.
Result<FocalPoint> ApplyAppointment(DirectoryView& view, const std::string& org, const FocalPointAppointment& a,
                                    const std::string& prefix);
// The terms of `after` that are new (id 0) or differ from `before` (by id).
std::vector<FocalPoint> ChangedTerms(const std::vector<FocalPoint>& before, const std::vector<FocalPoint>& after);

Payload OrgPayload(const Org& org);
Payload UserPayload(const User& user);  // without the password hash
Payload TermPayload(const FocalPoint& term);
// The members that differ, with their new values; empty when none.
Payload OrgDiff(const Org& before, const Org& after);
Payload UserDiff(const User& before, const User& after);

}  // namespace incidents::engine
