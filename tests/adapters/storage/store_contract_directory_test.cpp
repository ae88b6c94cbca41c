// The store contract for the directory (engine::DirectoryStore): what every backend must do
// with orgs, users, focal point terms, the focal point list, set-password links, session
// revocation and the hash-chained directory history. Run per backend like the rest of the
// suite (store_contract.h); each case starts from a fresh database with the demo directory.

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "catch_string_makers.h"
#include "demo_fixture.h"
#include "incidents/engine/ticket_event.h"  // kGenesisHash
#include "store_contract.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;
using namespace std::chrono_literals;

namespace {

// A Storage on a fresh database holding the demo directory (no history yet).
std::unique_ptr<Storage> DemoStorage(const std::string& url) {
  auto storage = OpenForTest(url);
  if (storage->directory().ListOrgs().value().empty()) {
    const Status st = storage->directory().Commit(DemoDirectoryChange());
    INFO(st.ToString());
    REQUIRE(st.ok());
  }
  return storage;
}

DirectoryEvent Event(const std::string& type, const std::string& subject, Payload payload = {}) {
  DirectoryEvent e;
  e.type = type;
  e.actor = "admin";
  e.actor_org = "stttt";
  e.at = DemoStart();
  e.subject = subject;
  e.payload = std::move(payload);
  e.legal_basis = "Art. 18.1b";
  return e;
}

std::int64_t Head(DirectoryStore& d) {
  auto head = d.DirectoryHead();
  REQUIRE(head.ok());
  return head.value();
}

std::vector<DirectoryEvent> History(DirectoryStore& d) {
  auto events = d.ListDirectoryEvents(0, 1000);
  INFO(events.status().ToString());
  REQUIRE(events.ok());
  return events.value();
}

FocalPoint Term(const std::string& org, FocalPointRole role, const std::string& username, CivilDate since) {
  FocalPoint t;
  t.org = org;
  t.role = role;
  t.username = username;
  t.position = "Trưởng phòng Công nghệ thông tin";
  t.since = since;
  t.decision_ref = "15/QĐ-" + org;
  return t;
}

}  // namespace

TEST_CASE("contract: orgs and users round-trip with Vietnamese text, successors and whole-row updates",
          "[contract][directory]") {
  auto storage = DemoStorage(CurrentStore().FreshDatabase());
  DirectoryStore& d = storage->directory();
  const auto orgs = d.ListOrgs().value();
  REQUIRE(orgs.size() == DemoOrgs().size());
  for (std::size_t i = 1; i < orgs.size(); ++i) CHECK(orgs[i - 1].id < orgs[i].id);
  for (const Org& o : DemoOrgs()) CHECK(d.FindOrg(o.id).value() == std::optional<Org>(o));

  Org merged{"zz", "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk", "STNMT ĐL", "department", false, "stnmt"};
  User person;
  person.username = "zz.user";
  person.display_name = "Trần Văn Đức";
  person.org = "zz";
  person.roles = {Role::kReporter, Role::kFocalPoint};
  person.email = "duc@zz.example.vn";
  person.phone = "+84912345678";
  person.password_hash = "pbkdf2-sha256$1000$c2FsdA==$aGFzaA==";
  DirectoryChange c;
  c.orgs = {merged};
  c.users = {person};
  REQUIRE(d.Commit(c).ok());
  CHECK(d.FindOrg("zz").value() == std::optional<Org>(merged));
  CHECK(d.FindUser("zz.user").value() == std::optional<User>(person));
  CHECK_FALSE(d.FindOrg("ZZ").value().has_value());

  // A change replaces the whole row, and clearing the successor clears it.
  merged.name = "Sở Nông nghiệp và Môi trường";
  merged.active = true;
  merged.successor.clear();
  person.roles = {Role::kDirector};
  person.email.clear();
  person.password_hash.clear();
  person.active = false;
  c.orgs = {merged};
  c.users = {person};
  REQUIRE(d.Commit(c).ok());
  CHECK(d.FindOrg("zz").value() == std::optional<Org>(merged));
  CHECK(d.FindUser("zz.user").value() == std::optional<User>(person));

  const auto users = d.ListUsers().value();
  CHECK(users.size() == DemoUsers().size() + 1);
  for (std::size_t i = 1; i < users.size(); ++i) CHECK(users[i - 1].username < users[i].username);
  CHECK_FALSE(d.FindUser("nobody").value().has_value());
}

TEST_CASE("contract: a user of an unknown org, a term of an unknown user or a reserved name writes nothing",
          "[contract][directory]") {
  auto storage = DemoStorage(CurrentStore().FreshDatabase());
  DirectoryStore& d = storage->directory();
  Org fresh{"new-org", "Sở Mới", "", "department", true, ""};
  User stray = DemoUsers().front();
  stray.username = "stray";
  stray.org = "no-such-org";

  DirectoryChange c;
  c.orgs = {fresh};
  c.users = {stray};
  c.events = {Event("org_created", "org:new-org")};
  CHECK(d.Commit(c).code() == ErrorCode::kInvalidValue);

  DirectoryChange term;
  term.orgs = {fresh};
  term.focal_points = {Term("new-org", FocalPointRole::kFocal, "nobody", {2026, 1, 1})};
  CHECK(d.Commit(term).code() == ErrorCode::kInvalidValue);
  term.focal_points = {Term("no-such-org", FocalPointRole::kFocal, "stp.focal", {2026, 1, 1})};
  CHECK(d.Commit(term).code() == ErrorCode::kInvalidValue);
  FocalPoint ghost = Term("stp", FocalPointRole::kFocal, "stp.focal", {2026, 1, 1});
  ghost.id = 999999;
  term.focal_points = {ghost};
  CHECK(d.Commit(term).code() == ErrorCode::kInvalidValue);

  DirectoryChange reserved;
  reserved.orgs = {fresh};
  User system = DemoUsers().front();
  system.username = "system";
  reserved.users = {system};
  CHECK(d.Commit(reserved).code() == ErrorCode::kInvalidValue);

  DirectoryChange reset;
  reset.new_resets = {{std::string(64, 'a'), "nobody", DemoStart() + 24h}};
  CHECK(d.Commit(reset).code() == ErrorCode::kInvalidValue);

  // None of it landed: not the org that came with the bad rows, nor any history.
  CHECK_FALSE(d.FindOrg("new-org").value().has_value());
  CHECK_FALSE(d.FindUser("stray").value().has_value());
  CHECK_FALSE(d.FindUser("system").value().has_value());
  CHECK(d.ListFocalPoints("new-org").value().empty());
  CHECK(d.ListFocalPoints("").value().size() == DemoFocalPoints().size());
  CHECK(Head(d) == 0);
}

TEST_CASE("contract: focal point terms get ids, update by id and list by org then focal before deputy then since",
          "[contract][directory]") {
  auto storage = DemoStorage(CurrentStore().FreshDatabase());
  DirectoryStore& d = storage->directory();
  // The demo's terms, one per org, were inserted with id 0 and got distinct ids.
  const auto demo = d.ListFocalPoints("").value();
  REQUIRE(demo.size() == DemoFocalPoints().size());
  std::set<std::int64_t> ids;
  for (const FocalPoint& t : demo) {
    CHECK(t.id > 0);
    ids.insert(t.id);
  }
  CHECK(ids.size() == demo.size());

  // stp appoints a deputy and, later, a new focal point whose term follows the old one's.
  const auto before = d.ListFocalPoints("stp").value();
  REQUIRE(before.size() == 1);
  FocalPoint old_focal = before.front();
  CHECK(old_focal.org == "stp");
  CHECK(old_focal.role == FocalPointRole::kFocal);
  CHECK(old_focal.username == "stp.focal");
  CHECK(old_focal.since == CivilDate{2025, 1, 1});
  CHECK_FALSE(old_focal.until.has_value());
  CHECK(old_focal.decision_date == std::optional<CivilDate>(CivilDate{2024, 12, 20}));

  DirectoryChange c;
  FocalPoint deputy = Term("stp", FocalPointRole::kDeputy, "stp.reporter", {2025, 6, 1});
  FocalPoint next = Term("stp", FocalPointRole::kFocal, "stp.reporter", {2026, 3, 1});
  next.decision_date = CivilDate{2026, 2, 27};
  old_focal.until = CivilDate{2026, 3, 1};
  old_focal.absent = true;
  c.focal_points = {deputy, next, old_focal};
  REQUIRE(d.Commit(c).ok());

  const auto after = d.ListFocalPoints("stp").value();
  REQUIRE(after.size() == 3);
  // Focal terms first, by since; then the deputy.
  CHECK(after[0] == old_focal);
  CHECK(after[1].role == FocalPointRole::kFocal);
  CHECK(after[1].since == CivilDate{2026, 3, 1});
  CHECK(after[1].decision_date == std::optional<CivilDate>(CivilDate{2026, 2, 27}));
  CHECK(after[1].position == "Trưởng phòng Công nghệ thông tin");
  CHECK(after[1].decision_ref == "15/QĐ-stp");
  CHECK_FALSE(after[1].until.has_value());
  CHECK(after[2].role == FocalPointRole::kDeputy);
  CHECK(after[2].username == "stp.reporter");
  CHECK_FALSE(after[2].decision_date.has_value());
  CHECK(ids.count(after[1].id) == 0);
  CHECK(after[1].id != after[2].id);

  // Every org's terms: orgs in id order, and within stp the same order as above.
  const auto all = d.ListFocalPoints("").value();
  CHECK(all.size() == demo.size() + 2);
  for (std::size_t i = 1; i < all.size(); ++i) {
    const FocalPoint& a = all[i - 1];
    const FocalPoint& b = all[i];
    CHECK(std::tie(a.org, a.role, a.since) <= std::tie(b.org, b.role, b.since));
  }
  CHECK(FocalPointOnDuty(all, "stp", {2026, 2, 1})->username == "stp.reporter");  // focal absent: the deputy
  CHECK(FocalPointOnDuty(all, "stp", {2026, 3, 1})->id == after[1].id);
  CHECK(FocalPointOnDuty(all, "stnmt", {2026, 3, 1})->username == "stnmt.focal");
}

TEST_CASE("contract: the focal point list's status round-trips", "[contract][directory]") {
  auto storage = DemoStorage(CurrentStore().FreshDatabase());
  DirectoryStore& d = storage->directory();
  const FocalPointList fresh = d.GetFocalPointList().value();
  CHECK(fresh == FocalPointList{});
  FocalPointList approved;
  approved.revision = 3;
  approved.status = FocalListStatus::kApproved;
  approved.decision_ref = "2150/QĐ-UBND";
  approved.decision_date = CivilDate{2026, 1, 12};
  approved.changed_by = "chairman";
  approved.changed_at = DemoStart() + 3h;
  DirectoryChange c;
  c.list = approved;
  REQUIRE(d.Commit(c).ok());
  CHECK(d.GetFocalPointList().value() == approved);
  FocalPointList draft;
  draft.revision = 4;
  c.list = draft;
  REQUIRE(d.Commit(c).ok());
  CHECK(d.GetFocalPointList().value() == draft);
}

TEST_CASE("contract: the directory history chains by hash, pages by seq and verifies", "[contract][directory]") {
  const std::string url = CurrentStore().FreshDatabase();
  auto storage = DemoStorage(url);
  DirectoryStore& d = storage->directory();
  CHECK(Head(d) == 0);
  CHECK(History(d).empty());

  DirectoryChange first;
  first.orgs = {Org{"zz", "Sở Khoa học và Công nghệ", "SKHCN", "provincial_focal", true, ""}};
  first.events = {Event("org_created", "org:zz", {{"name", "Sở Khoa học và Công nghệ"}, {"active", true}}),
                  Event("org_updated", "org:stttt", {{"successor", "zz"}, {"changes", JsonValue::Array{"successor"}}})};
  REQUIRE(d.Commit(first).ok());
  CHECK(Head(d) == 2);
  DirectoryChange second;
  second.expected_head = 2;
  DirectoryEvent system = Event("password_reset_expired", "user:stp.focal", {{"count", std::int64_t{1}}});
  system.actor = "system";
  system.actor_org.clear();  // the system has no org: stored as null, read back empty
  second.events = {system};
  REQUIRE(d.Commit(second).ok());
  CHECK(Head(d) == 3);

  const auto events = History(d);
  REQUIRE(events.size() == 3);
  CHECK(VerifyDirectoryChain(events).ok());
  CHECK(events[0].seq == 1);
  CHECK(events[0].prev_hash == std::string(kGenesisHash));
  CHECK(events[1].prev_hash == events[0].hash);
  CHECK(events[2].prev_hash == events[1].hash);
  CHECK(events[0].type == "org_created");
  CHECK(events[0].payload == first.events[0].payload);
  CHECK(events[1].payload == first.events[1].payload);
  CHECK(events[0].actor_org == "stttt");
  CHECK(events[2].actor_org.empty());
  CHECK(events[2].actor == "system");
  CHECK(events[2].at == DemoStart());
  CHECK(events[2].legal_basis == "Art. 18.1b");
  CHECK(events[2].subject == "user:stp.focal");
  for (const auto& e : events) CHECK(e.hash == ComputeDirectoryEventHash(e));

  // Pages: after a seq, at most a limit.
  const auto page = d.ListDirectoryEvents(1, 1).value();
  REQUIRE(page.size() == 1);
  CHECK(page.front() == events[1]);
  CHECK(d.ListDirectoryEvents(3, 10).value().empty());
  CHECK(d.ListDirectoryEvents(0, 0).value().empty());
  CHECK(VerifyDirectoryChain(d.ListDirectoryEvents(1, 10).value()).ok());

  // What another opener of the database sees is the same chain.
  auto again = OpenForTest(url);
  CHECK(again->directory().ListDirectoryEvents(0, 100).value() == events);
  CHECK(again->directory().DirectoryHead().value() == 3);
}

TEST_CASE("contract: two directory commits decided on the same head - one conflicts and writes nothing",
          "[contract][directory]") {
  const std::string url = CurrentStore().FreshDatabase();
  auto a = DemoStorage(url);
  auto b = OpenForTest(url);
  const std::int64_t head = Head(a->directory());

  DirectoryChange first;
  first.expected_head = head;
  first.orgs = {Org{"first", "Sở Thứ nhất", "", "department", true, ""}};
  first.events = {Event("org_created", "org:first")};
  DirectoryChange second;
  second.expected_head = head;
  second.orgs = {Org{"second", "Sở Thứ hai", "", "department", true, ""}};
  User u = DemoUsers().front();
  u.username = "second.user";
  u.org = "second";
  second.users = {u};
  second.list = FocalPointList{7, FocalListStatus::kSubmitted, "", std::nullopt, "admin", DemoStart()};
  second.revoke_sessions = {{"stp.reporter", ""}};
  second.events = {Event("org_created", "org:second"), Event("user_created", "user:second.user")};

  const Timestamp t0 = DemoStart();
  REQUIRE(a->sessions().CreateSession({"s1", "stp.reporter", t0, t0 + 1h}).ok());

  REQUIRE(a->directory().Commit(first).ok());
  // The second was decided on the same head, through another opener: it must not land.
  CHECK(b->directory().Commit(second).code() == ErrorCode::kVersionConflict);
  CHECK_FALSE(b->directory().FindOrg("second").value().has_value());
  CHECK_FALSE(b->directory().FindUser("second.user").value().has_value());
  CHECK(b->directory().GetFocalPointList().value() == FocalPointList{});
  CHECK(b->sessions().FindSession("s1").value().has_value());
  CHECK(Head(b->directory()) == head + 1);
  const auto events = History(b->directory());
  REQUIRE(events.size() == 1);
  CHECK(events.front().subject == "org:first");
  // Decided again on the new head, it lands after the first.
  second.expected_head = head + 1;
  REQUIRE(b->directory().Commit(second).ok());
  CHECK(Head(a->directory()) == head + 3);
  CHECK(VerifyDirectoryChain(History(a->directory())).ok());
  CHECK_FALSE(a->sessions().FindSession("s1").value().has_value());
}

TEST_CASE("contract: concurrent directory commits on one head - exactly one wins", "[contract][directory][concurrency]") {
  const std::string url = CurrentStore().FreshDatabase();
  auto seeded = DemoStorage(url);
  const int kNodes = CurrentStore().multi_node() ? 3 : 1;
  std::vector<std::unique_ptr<Storage>> nodes;
  for (int n = 0; n < kNodes; ++n) nodes.push_back(OpenForTest(url));
  for (int round = 0; round < 5; ++round) {
    const std::int64_t head = Head(seeded->directory());
    std::atomic<int> won{0}, conflicted{0}, other{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w) {
      threads.emplace_back([&, w] {
        DirectoryStore& d = nodes[w % kNodes]->directory();
        DirectoryChange c;
        c.expected_head = head;
        const std::string id = "r" + std::to_string(round) + "w" + std::to_string(w);
        c.orgs = {Org{id, "Đơn vị " + id, "", "commune", true, ""}};
        c.events = {Event("org_created", "org:" + id)};
        const Status st = d.Commit(c);
        if (st.ok()) ++won;
        else if (st.code() == ErrorCode::kVersionConflict) ++conflicted;
        else ++other;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(won == 1);
    CHECK(conflicted == 3);
    CHECK(other == 0);
    CHECK(Head(seeded->directory()) == head + 1);
  }
  const auto events = History(seeded->directory());
  CHECK(events.size() == 5);
  CHECK(VerifyDirectoryChain(events).ok());
  CHECK(seeded->directory().ListOrgs().value().size() == DemoOrgs().size() + 5);
}

TEST_CASE("contract: set-password links are added, found and deleted with the change", "[contract][directory]") {
  auto storage = DemoStorage(CurrentStore().FreshDatabase());
  DirectoryStore& d = storage->directory();
  const std::string h1(64, 'a'), h2(64, 'b');
  const Timestamp until = DemoStart() + 24h;
  DirectoryChange issue;
  issue.new_resets = {{h1, "stp.focal", until}, {h2, "stnmt.focal", until + 1h}};
  REQUIRE(d.Commit(issue).ok());
  CHECK(d.FindPasswordReset(h1).value() == std::optional<PasswordReset>(PasswordReset{h1, "stp.focal", until}));
  CHECK(d.FindPasswordReset(h2).value()->username == "stnmt.focal");
  CHECK_FALSE(d.FindPasswordReset(std::string(64, 'A')).value().has_value());
  // A new link replaces the user's earlier ones (one live link a user); using one deletes it.
  const std::string h3(64, 'c');
  DirectoryChange supersede;
  supersede.new_resets = {{h3, "stp.focal", until + 2h}};
  REQUIRE(d.Commit(supersede).ok());
  CHECK_FALSE(d.FindPasswordReset(h1).value().has_value());
  CHECK(d.FindPasswordReset(h3).value()->expires_at == until + 2h);
  CHECK(d.FindPasswordReset(h2).value().has_value());  // another user's stays
  DirectoryChange use;
  use.used_resets = {h2, h3, std::string(64, 'f')};  // an unknown one is not an error
  REQUIRE(d.Commit(use).ok());
  CHECK_FALSE(d.FindPasswordReset(h2).value().has_value());
  CHECK_FALSE(d.FindPasswordReset(h3).value().has_value());
}

TEST_CASE("contract: a directory commit revokes a user's sessions except the one it keeps", "[contract][directory]") {
  auto storage = DemoStorage(CurrentStore().FreshDatabase());
  SessionStore& sessions = storage->sessions();
  const Timestamp t0 = DemoStart();
  for (const char* token : {"mine-1", "mine-2", "mine-kept"})
    REQUIRE(sessions.CreateSession({token, "stp.focal", t0, t0 + 1h}).ok());
  REQUIRE(sessions.CreateSession({"theirs", "stnmt.focal", t0, t0 + 1h}).ok());
  DirectoryChange c;
  c.revoke_sessions = {{"stp.focal", "mine-kept"}};
  REQUIRE(storage->directory().Commit(c).ok());
  CHECK_FALSE(sessions.FindSession("mine-1").value().has_value());
  CHECK_FALSE(sessions.FindSession("mine-2").value().has_value());
  CHECK(sessions.FindSession("mine-kept").value().has_value());
  CHECK(sessions.FindSession("theirs").value().has_value());
  // Without an exception every session of the user goes.
  c.revoke_sessions = {{"stp.focal", ""}};
  REQUIRE(storage->directory().Commit(c).ok());
  CHECK_FALSE(sessions.FindSession("mine-kept").value().has_value());
  CHECK(sessions.FindSession("theirs").value().has_value());
}
