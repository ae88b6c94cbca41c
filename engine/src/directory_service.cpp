#include "incidents/engine/directory_service.h"

#include <algorithm>
#include <functional>
#include <map>
#include <type_traits>

#include "directory_rules.h"
#include "incidents/engine/access.h"
#include "incidents/engine/business_calendar.h"

namespace incidents::engine {

namespace {

bool IsAdmin(const Actor& a) { return a.is_system() || a.Has(Role::kAdmin); }

Status NeedAdmin(const Actor& a) {
  return IsAdmin(a) ? Status() : Status::Forbidden("only an administrator may change the directory");
}

// The change's answer: `committed` rendered when the store commits. A value that is a new
// focal-point term (id 0) gets the first id the store assigns: each change appoints at most
// one term, and the terms it replaces keep their ids.
template <typename Value>
std::optional<DirectoryAnswer> AnswerOf(const DirectoryAnswerToRecord<Value>* answer, Value committed) {
  if (!answer) return std::nullopt;
  return DirectoryAnswer{IdempotencyCompletion{answer->username, answer->key, answer->claim, {}},
                         [answer, committed](const std::vector<std::int64_t>& assigned) {
                           Value shown = committed;
                           if constexpr (std::is_same_v<Value, FocalPoint>)
                             if (shown.id == 0 && !assigned.empty()) shown.id = assigned.front();
                           return answer->render(shown);
                         }};
}

}  // namespace

DirectoryService::DirectoryService(DirectoryStore& store, const Clock& clock, WorkflowSettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)) {}

DirectoryEvent DirectoryService::NewEvent(const Actor& actor, std::string type, std::string subject, Payload payload,
                                          std::string legal_basis) const {
  DirectoryEvent e;
  e.type = std::move(type);
  e.actor = actor.username;
  e.actor_org = actor.org;
  e.at = clock_.Now();
  e.subject = std::move(subject);
  e.payload = std::move(payload);
  e.legal_basis = std::move(legal_basis);
  return e;
}

bool DirectoryService::ManagesFocalPoints(const Actor& a) const {
  return IsAdmin(a) || IsDoictCoordinator(a, settings_);
}

// ---- orgs

Result<Org> DirectoryService::CreateOrg(const Actor& actor, const Org& input,
                                        const DirectoryAnswerToRecord<Org>* answer) {
  if (Status st = NeedAdmin(actor); !st.ok()) return st;
  Org org = NormalizedOrg(input);
  Org out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto orgs = store_.ListOrgs();
    if (!orgs.ok()) return orgs.status();
    for (const Org& o : orgs.value())
      if (o.id == org.id) return Status::Conflict("org '" + org.id + "' already exists");
    if (Status v = CheckOrg(org, orgs.value(), "field "); !v.ok()) return v;
    DirectoryChange c;
    c.orgs.push_back(org);
    c.events.push_back(NewEvent(actor, "org_created", "org:" + org.id, OrgPayload(org), kOrgBasis));
    c.answer = AnswerOf(answer, org);
    out = org;
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

Result<Org> DirectoryService::UpdateOrg(const Actor& actor, const std::string& id, const OrgPatch& patch,
                                        const DirectoryAnswerToRecord<Org>* answer) {
  if (Status st = NeedAdmin(actor); !st.ok()) return st;
  Org out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto orgs = store_.ListOrgs();
    if (!orgs.ok()) return orgs.status();
    auto it = std::find_if(orgs->begin(), orgs->end(), [&](const Org& o) { return o.id == id; });
    if (it == orgs->end()) return Status::NotFound("no org '" + id + "'");
    Org org = *it;
    if (patch.name) org.name = *patch.name;
    if (patch.short_name) org.short_name = *patch.short_name;
    if (patch.kind) org.kind = *patch.kind;
    if (patch.successor) org.successor = *patch.successor;
    if (patch.active) org.active = *patch.active;
    org = NormalizedOrg(org);
    if (Status v = CheckOrg(org, orgs.value(), "field "); !v.ok()) return v;
    DirectoryChange c;
    out = org;
    const Payload diff = OrgDiff(*it, org);
    if (diff.empty()) return c;  // nothing to change: no event either
    c.orgs.push_back(org);
    c.events.push_back(NewEvent(actor, "org_updated", "org:" + org.id, diff, kOrgBasis));
    c.answer = AnswerOf(answer, org);
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

// ---- users

Result<User> DirectoryService::CreateUser(const Actor& actor, const User& input) {
  if (Status st = NeedAdmin(actor); !st.ok()) return st;
  User user = NormalizedUser(input);
  user.password_hash.clear();
  User out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto existing = store_.FindUser(user.username);
    if (!existing.ok()) return existing.status();
    if (existing.value()) return Status::Conflict("user '" + user.username + "' already exists");
    auto orgs = store_.ListOrgs();
    if (!orgs.ok()) return orgs.status();
    if (Status v = CheckUser(user, orgs.value(), nullptr, "field "); !v.ok()) return v;
    DirectoryChange c;
    c.users.push_back(user);
    c.events.push_back(NewEvent(actor, "user_created", "user:" + user.username, UserPayload(user), kUserBasis));
    out = user;
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

Result<User> DirectoryService::UpdateUser(const Actor& actor, const std::string& username, const UserPatch& patch) {
  if (Status st = NeedAdmin(actor); !st.ok()) return st;
  User out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto found = store_.FindUser(username);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::NotFound("no user '" + username + "'");
    const User before = *found.value();
    User user = before;
    if (patch.display_name) user.display_name = *patch.display_name;
    if (patch.org) user.org = *patch.org;
    if (patch.email) user.email = *patch.email;
    if (patch.phone) user.phone = *patch.phone;
    if (patch.roles) user.roles = *patch.roles;
    if (patch.active) user.active = *patch.active;
    user = NormalizedUser(user);
    auto orgs = store_.ListOrgs();
    if (!orgs.ok()) return orgs.status();
    if (Status v = CheckUser(user, orgs.value(), &before, "field "); !v.ok()) return v;
    DirectoryChange c;
    out = user;
    const Payload diff = UserDiff(before, user);
    if (diff.empty()) return c;
    c.users.push_back(user);
    if (before.active && !user.active) c.revoke_sessions.push_back({user.username, ""});
    c.events.push_back(NewEvent(actor, "user_updated", "user:" + user.username, diff, kUserBasis));
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

// ---- passwords

Status DirectoryService::IssuePasswordReset(const Actor& actor, const std::string& username,
                                           const std::string& token_hash, Timestamp expires_at) {
  if (Status st = NeedAdmin(actor); !st.ok()) return st;
  return DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto found = store_.FindUser(username);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::NotFound("no user '" + username + "'");
    if (!found.value()->active) return Status::InvalidValue("user '" + username + "' is deactivated");
    DirectoryChange c;
    c.new_resets.push_back({token_hash, username, expires_at});
    c.events.push_back(NewEvent(actor, "password_reset_issued", "user:" + username,
                                Payload{{"expires_at", FormatRfc3339(expires_at)}}, ""));
    return c;
  });
}

Status DirectoryService::ResetPassword(const std::string& token_hash, const std::string& new_password,
                                      const std::string& new_hash) {
  return DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto reset = store_.FindPasswordReset(token_hash);
    if (!reset.ok()) return reset.status();
    if (!reset.value() || reset.value()->expires_at <= clock_.Now())
      return Status::NotFound("this set-password link is unknown, used or expired; ask an administrator for a new one");
    auto found = store_.FindUser(reset.value()->username);
    if (!found.ok()) return found.status();
    if (!found.value() || !found.value()->active)
      return Status::NotFound("this set-password link is unknown, used or expired; ask an administrator for a new one");
    if (Status v = CheckPasswordPolicy(found.value()->username, new_password); !v.ok()) return v;
    User user = *found.value();
    user.password_hash = new_hash;
    DirectoryChange c;
    c.users.push_back(user);
    c.used_resets.push_back(token_hash);
    c.revoke_sessions.push_back({user.username, ""});
    Actor self = Actor::User(user.username, user.org, user.roles);
    c.events.push_back(NewEvent(self, "password_set", "user:" + user.username, Payload{{"via", "reset_link"}}, ""));
    return c;
  });
}

Status DirectoryService::ChangePassword(const Actor& actor, const std::string& new_password,
                                       const std::string& new_hash, const std::string& keep_session_hash) {
  if (Status v = CheckPasswordPolicy(actor.username, new_password); !v.ok()) return v;
  return DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto found = store_.FindUser(actor.username);
    if (!found.ok()) return found.status();
    if (!found.value() || !found.value()->active) return Status::Unauthenticated("the account is not active");
    User user = *found.value();
    user.password_hash = new_hash;
    DirectoryChange c;
    c.users.push_back(user);
    c.revoke_sessions.push_back({user.username, keep_session_hash});
    c.events.push_back(NewEvent(actor, "password_set", "user:" + user.username, Payload{{"via", "own_change"}}, ""));
    return c;
  });
}

// ---- focal points

Result<FocalPoint> DirectoryService::AppointFocalPoint(const Actor& actor, const std::string& org,
                                                       const FocalPointAppointment& a,
                                                       const DirectoryAnswerToRecord<FocalPoint>* answer) {
  if (!ManagesFocalPoints(actor))
    return Status::Forbidden("only an administrator or a coordinator of the coordinating department may appoint focal points");
  FocalPoint out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto view = ReadView(store_);
    if (!view.ok()) return view.status();
    const std::vector<FocalPoint> before = view->terms;
    auto term = ApplyAppointment(view.value(), org, a, "field ");
    if (!term.ok()) return term.status();
    out = term.value();
    DirectoryChange c;
    c.focal_points = ChangedTerms(before, view->terms);
    c.events.push_back(NewEvent(actor, "focal_point_appointed", "org:" + org, TermPayload(out), kAppointBasis));
    if (Status ls = ReopenListIfApproved(actor, c); !ls.ok()) return ls;
    c.answer = AnswerOf(answer, out);
    return c;
  });
  if (!st.ok()) return st;
  // The store assigned the new term's id: read it back.
  auto terms = store_.ListFocalPoints(org);
  if (terms.ok())
    for (const FocalPoint& t : terms.value())
      if (t.role == out.role && t.username == out.username && t.since == out.since) out = t;
  return out;
}

Result<FocalPoint> DirectoryService::SetFocalPointAbsent(const Actor& actor, const std::string& org, bool absent) {
  if (!ManagesFocalPoints(actor))
    return Status::Forbidden("only an administrator or a coordinator of the coordinating department may mark a focal point absent");
  FocalPoint out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto terms = store_.ListFocalPoints(org);
    if (!terms.ok()) return terms.status();
    const CivilDate today = LocalDateOf(clock_.Now());
    const FocalPoint* current = nullptr;
    for (const FocalPoint& t : terms.value())
      if (t.org == org && t.role == FocalPointRole::kFocal && t.InForceOn(today)) current = &t;
    if (!current) return Status::NotFound("org '" + org + "' has no focal point in force today");
    DirectoryChange c;
    out = *current;
    if (out.absent == absent) return c;
    out.absent = absent;
    c.focal_points.push_back(out);
    c.events.push_back(NewEvent(actor, absent ? "focal_point_absent" : "focal_point_back", "org:" + org,
                                Payload{{"username", out.username}, {"absent", absent}}, kAppointBasis));
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

Result<FocalPointList> DirectoryService::SubmitFocalPointList(const Actor& actor,
                                                              const DirectoryAnswerToRecord<FocalPointList>* answer) {
  if (!ManagesFocalPoints(actor))
    return Status::Forbidden("only an administrator or a coordinator of the coordinating department may submit the list");
  FocalPointList out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto list = store_.GetFocalPointList();
    if (!list.ok()) return list.status();
    if (list->status != FocalListStatus::kDraft)
      return Status::IllegalTransition("the focal-point list is " + std::string(ToString(list->status)) +
                                       "; only a draft can be submitted");
    out = list.value();
    out.status = FocalListStatus::kSubmitted;
    out.changed_by = actor.username;
    out.changed_at = clock_.Now();
    DirectoryChange c;
    c.list = out;
    c.events.push_back(NewEvent(actor, "focal_point_list_submitted", "focal_point_list",
                                Payload{{"revision", out.revision}}, kListBasis));
    c.answer = AnswerOf(answer, out);
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

Result<FocalPointList> DirectoryService::ApproveFocalPointList(const Actor& actor, const std::string& decision_ref,
                                                               CivilDate decision_date,
                                                               const DirectoryAnswerToRecord<FocalPointList>* answer) {
  if (!ManagesFocalPoints(actor) && !IsChairman(actor, settings_))
    return Status::Forbidden("only an administrator, a coordinator of the coordinating department or the Chairman may "
                             "record the list's approval");
  const std::string ref = Trimmed(decision_ref);
  if (Status v = CheckText(ref, "field 'decision_ref'", true, kMaxRefChars); !v.ok()) return v;
  if (decision_date > LocalDateOf(clock_.Now()))
    return Status::InvalidValue("field 'decision_date' must not be in the future");
  FocalPointList out;
  Status st = DecideAndCommit(store_, [&](std::int64_t) -> Result<DirectoryChange> {
    auto list = store_.GetFocalPointList();
    if (!list.ok()) return list.status();
    if (list->status != FocalListStatus::kSubmitted)
      return Status::IllegalTransition("the focal-point list is " + std::string(ToString(list->status)) +
                                       "; only a submitted list can be approved");
    out = list.value();
    out.status = FocalListStatus::kApproved;
    out.decision_ref = ref;
    out.decision_date = decision_date;
    out.changed_by = actor.username;
    out.changed_at = clock_.Now();
    DirectoryChange c;
    c.list = out;
    c.events.push_back(NewEvent(actor, "focal_point_list_approved", "focal_point_list",
                                Payload{{"revision", out.revision},
                                        {"decision_ref", ref},
                                        {"decision_date", ToIsoString(decision_date)}},
                                kListBasis));
    c.answer = AnswerOf(answer, out);
    return c;
  });
  if (!st.ok()) return st;
  return out;
}

// An appointment after approval (or submission) changes the list: a new draft revision.
Status DirectoryService::ReopenListIfApproved(const Actor& actor, DirectoryChange& c) const {
  auto list = store_.GetFocalPointList();
  if (!list.ok()) return list.status();
  if (list->status == FocalListStatus::kDraft) return {};
  FocalPointList next;
  next.revision = list->revision + 1;
  next.status = FocalListStatus::kDraft;
  next.changed_by = actor.username;
  next.changed_at = clock_.Now();
  c.list = next;
  return {};
}

}  // namespace incidents::engine
