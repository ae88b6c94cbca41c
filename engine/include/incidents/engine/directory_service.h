#pragma once
// DirectoryService: administration of the directory (Chapter VI). Each operation checks
// who may do it and the values, then commits the change and its audited history events
// through DirectoryStore in one transaction (retrying when another write moved the
// history's head). Bad input: kInvalidArgument/kInvalidValue naming the field ("field
// 'kind' must be one of ..."), and nothing changes.
//
// Who may: admin for orgs, users and password resets; admin or a DoICT coordinator for
// focal points and their list; the Chairman too for recording the list's approval.
// Passwords arrive both in clear (for the policy check only, never kept) and hashed by the
// adapter (engine code does no hashing).
//
// Thread safety: all methods may be called from many threads.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/actor.h"
#include "incidents/engine/clock.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/directory_store.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/workflow_settings.h"

namespace incidents::engine {

// Absent members are left as they are.
struct OrgPatch {
  std::optional<std::string> name, short_name, kind, successor;
  std::optional<bool> active;
};

struct UserPatch {
  std::optional<std::string> display_name, org, email, phone;
  std::optional<std::set<Role>> roles;
  std::optional<bool> active;  // false also revokes the user's sessions
};

struct FocalPointAppointment {
  std::string username;
  FocalPointRole role = FocalPointRole::kFocal;
  std::string position;
  CivilDate since;
  std::string decision_ref;
  std::optional<CivilDate> decision_date;
};

// length >= 12 characters, not the username (in any case), not a common password.
// kInvalidValue naming field `field`.
Status CheckPasswordPolicy(const std::string& username, const std::string& password,
                           const std::string& field = "new");

// The answer of a request sent with an Idempotency-Key, to commit with its directory change
// (issue 14.3), as TicketService's AnswerToRecord: the claim it completes, and how to render
// the answer from the value as committed (a new focal-point term with the id the store
// assigned). `render` runs inside the store's transaction (DirectoryAnswer's contract: pure,
// no store calls, no throw), only for the attempt that commits, so the answer stored is the
// one of that attempt. kClaimLost when the key is no longer in flight under `claim`.
template <typename Value>
struct DirectoryAnswerToRecord {
  std::string username;
  std::string key;
  std::string claim;
  std::function<StoredResponse(const Value& committed)> render;
};

// A whole directory to load (incidentctl directory import, --demo): rows are matched by
// key; a row equal to what is stored changes nothing, so importing twice is a no-op.
struct DirectoryImport {
  std::vector<Org> orgs;
  struct UserRow {
    User user;             // password_hash: set when the file gives a password; else kept
    bool has_password = false;
  };
  std::vector<UserRow> users;
  struct FocalPointRow {
    std::string org;
    FocalPointAppointment appointment;
  };
  std::vector<FocalPointRow> focal_points;  // matched by (org, role, username, since)
};

// One row the import refuses: which section and row (0-based), which field, and why.
struct ImportProblem {
  std::string section;  // "orgs", "users", "focal_points"
  std::size_t row = 0;
  std::string field;
  std::string message;
};

struct ImportOutcome {
  std::vector<std::string> changes;    // "create org stp", "update user a.b (roles, email)"
  std::vector<ImportProblem> problems;  // non-empty: nothing was written
  bool written = false;
};

class DirectoryService {
 public:
  DirectoryService(DirectoryStore& store, const Clock& clock, WorkflowSettings settings);

  // `answer`, when given, commits with the change (it must outlive the call); a call that
  // changes nothing (an empty patch) commits nothing and answers no key.
  Result<Org> CreateOrg(const Actor& actor, const Org& org, const DirectoryAnswerToRecord<Org>* answer = nullptr);
  Result<Org> UpdateOrg(const Actor& actor, const std::string& id, const OrgPatch& patch,
                        const DirectoryAnswerToRecord<Org>* answer = nullptr);

  // The new user has no password until a reset link is used (password_hash is ignored).
  Result<User> CreateUser(const Actor& actor, const User& user);
  Result<User> UpdateUser(const Actor& actor, const std::string& username, const UserPatch& patch);

  // Records a one-time set-password link (only its token's hash) valid until expires_at;
  // earlier unused links of the user are superseded.
  Status IssuePasswordReset(const Actor& actor, const std::string& username, const std::string& token_hash,
                            Timestamp expires_at);
  // Uses a link: kNotFound for an unknown, used or expired one. Revokes every session of
  // the user.
  Status ResetPassword(const std::string& token_hash, const std::string& new_password, const std::string& new_hash);
  // The caller's own password (the adapter has checked the current one). Revokes the
  // caller's other sessions.
  Status ChangePassword(const Actor& actor, const std::string& new_password, const std::string& new_hash,
                        const std::string& keep_session_hash);

  // Appoints the org's focal point or deputy from `since`, ending the term in force.
  Result<FocalPoint> AppointFocalPoint(const Actor& actor, const std::string& org, const FocalPointAppointment& a,
                                       const DirectoryAnswerToRecord<FocalPoint>* answer = nullptr);
  // Marks the org's focal point in force (role focal) absent or back.
  Result<FocalPoint> SetFocalPointAbsent(const Actor& actor, const std::string& org, bool absent);
  // draft -> submitted (18.3).
  Result<FocalPointList> SubmitFocalPointList(const Actor& actor,
                                             const DirectoryAnswerToRecord<FocalPointList>* answer = nullptr);
  // submitted -> approved, with the approving decision.
  Result<FocalPointList> ApproveFocalPointList(const Actor& actor, const std::string& decision_ref,
                                               CivilDate decision_date,
                                               const DirectoryAnswerToRecord<FocalPointList>* answer = nullptr);

  // Admin only. All rows are checked before anything is written; with dry_run, or any
  // problem, nothing is.
  Result<ImportOutcome> Import(const Actor& actor, const DirectoryImport& import, bool dry_run);

  DirectoryStore& store() { return store_; }

 private:
  DirectoryEvent NewEvent(const Actor& actor, std::string type, std::string subject, Payload payload,
                          std::string legal_basis) const;
  bool ManagesFocalPoints(const Actor& a) const;
  // The import's change on what the directory holds now; no events when nothing is to be
  // written (a problem, a dry run, or nothing new). Fills `outcome`'s changes and problems.
  Result<DirectoryChange> DecideImport(const Actor& actor, const DirectoryImport& import, bool dry_run,
                                       ImportOutcome& outcome);
  Status ReopenListIfApproved(const Actor& actor, DirectoryChange& c) const;

  DirectoryStore& store_;
  const Clock& clock_;
  const WorkflowSettings settings_;
};

}  // namespace incidents::engine
