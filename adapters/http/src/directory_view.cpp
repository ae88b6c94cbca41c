#include "directory_view.h"

#include <set>

namespace incidents::http {

using namespace incidents::engine;

namespace {
// Up to this many people, a look-up each is cheaper than reading every user.
constexpr std::size_t kFindEachMax = 8;
}  // namespace

Result<UsersByName> UsersOf(Directory& directory, const std::vector<FocalPoint>& terms) {
  std::set<std::string> names;
  for (const FocalPoint& t : terms) names.insert(t.username);
  UsersByName out;
  if (names.size() <= kFindEachMax) {
    for (const std::string& name : names) {
      auto u = directory.FindUser(name);
      if (!u.ok()) return u.status();
      if (u.value()) out.emplace(name, std::move(*u.value()));
    }
    return out;
  }
  auto all = directory.ListUsers();
  if (!all.ok()) return all.status();
  for (User& u : all.value())
    if (names.count(u.username)) out.emplace(u.username, std::move(u));
  return out;
}

const FocalPoint* TermInForce(const std::vector<FocalPoint>& terms, const std::string& org, FocalPointRole role,
                              CivilDate day) {
  const FocalPoint* found = nullptr;
  for (const FocalPoint& t : terms)
    if (t.org == org && t.role == role && t.InForceOn(day) && (!found || found->since < t.since)) found = &t;
  return found;
}

}  // namespace incidents::http
