// GET /api/v1/tickets: newest first, cursor pagination without overlap or gap (even while
// tickets are being created), the filters, and visibility.

#include <Poco/URI.h>

#include <algorithm>
#include <ctime>
#include <catch2/catch.hpp>
#include <set>

#include "e2e_fixture.h"
#include "workflow_oracle.h"

using namespace e2e;

namespace {

struct Page {
  std::vector<std::string> ids;
  std::vector<Poco::JSON::Object::Ptr> items;
  std::optional<std::string> next;  // nullopt: next_cursor is null
};

std::string Encode(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

Page GetPage(DemoServer& s, const std::string& user, const std::string& query, const std::optional<std::string>& cursor) {
  std::string path = "/api/v1/tickets?" + query;
  if (cursor) path += std::string(query.empty() ? "" : "&") + "cursor=" + Encode(*cursor);
  const Response r = s.client->Get(path, s.Token(user));
  INFO("GET " << path << " as " << user << ": " << r.Describe());
  REQUIRE(r.status == 200);
  const auto o = r.Object();
  Page p;
  p.items = Objects(ArrAt(o, "items"));
  for (const auto& t : p.items) p.ids.push_back(Str(t, "id"));
  REQUIRE(o->has("next_cursor"));
  if (!IsNull(o, "next_cursor")) {
    p.next = Str(o, "next_cursor");
    REQUIRE(!p.next->empty());
  }
  return p;
}

// Every item of the list, following next_cursor; REQUIREs at most `max_pages` pages.
std::vector<Poco::JSON::Object::Ptr> ListAll(DemoServer& s, const std::string& user, const std::string& query,
                                             int max_pages = 100) {
  std::vector<Poco::JSON::Object::Ptr> out;
  std::optional<std::string> cursor;
  for (int i = 0; i < max_pages; ++i) {
    Page p = GetPage(s, user, query, cursor);
    out.insert(out.end(), p.items.begin(), p.items.end());
    if (!p.next) return out;
    cursor = p.next;
  }
  FAIL("more than " << max_pages << " pages");
  return out;
}

std::set<std::string> IdSet(const std::vector<Poco::JSON::Object::Ptr>& items) {
  std::set<std::string> out;
  for (const auto& t : items) out.insert(Str(t, "id"));
  return out;
}

std::vector<std::string> Reversed(std::vector<std::string> v) {
  std::reverse(v.begin(), v.end());
  return v;
}

std::vector<std::string> CreateMany(DemoServer& s, int n, const std::string& prefix) {
  const std::vector<std::string> reporters{"stp.reporter", "stnmt.reporter", "syt.reporter"};
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i)
    ids.push_back(Str(s.CreateTicket(reporters[static_cast<std::size_t>(i) % reporters.size()],
                                     prefix + " " + std::to_string(i)),
                      "id"));
  return ids;
}

}  // namespace

TEST_CASE("lists: 25 tickets paged by 7 following next_cursor: newest first, no overlap, no gap", "[e2e][lists]") {
  DemoServer s;
  const auto created = CreateMany(s, 25, "Phiếu");

  std::vector<std::string> seen;
  std::vector<std::size_t> sizes;
  std::optional<std::string> cursor;
  for (int i = 0; i < 10; ++i) {
    Page p = GetPage(s, "stttt.coordinator", "limit=7", cursor);
    sizes.push_back(p.ids.size());
    seen.insert(seen.end(), p.ids.begin(), p.ids.end());
    if (!p.next) break;
    cursor = p.next;
  }
  CHECK(sizes == std::vector<std::size_t>{7, 7, 7, 4});
  CHECK(seen == Reversed(created));

  // Newest first also by creation time.
  const auto all = ListAll(s, "stttt.coordinator", "");
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(Str(all[i - 1], "created_at") >= Str(all[i], "created_at"));

  // The default limit (50) holds all 25, so there is no next page; a limit equal to the
  // count also ends with a null cursor.
  Page whole = GetPage(s, "stttt.coordinator", "", std::nullopt);
  CHECK(whole.ids == Reversed(created));
  CHECK(!whole.next);
  Page exact = GetPage(s, "stttt.coordinator", "limit=25", std::nullopt);
  CHECK(exact.ids == Reversed(created));
  CHECK(!exact.next);
  Page one = GetPage(s, "stttt.coordinator", "limit=1", std::nullopt);
  CHECK(one.ids == std::vector<std::string>{created.back()});
  CHECK(one.next);

  // A reporter pages through its own org's tickets only, with the same guarantees.
  std::vector<std::string> mine;
  for (std::size_t i = 0; i < created.size(); i += 3) mine.push_back(created[i]);  // stp.reporter's
  std::vector<std::string> stp_seen;
  for (const auto& t : ListAll(s, "stp.reporter", "limit=3")) {
    stp_seen.push_back(Str(t, "id"));
    CHECK(Str(t, "reporter_org") == "stp");
  }
  CHECK(stp_seen == Reversed(mine));
}

TEST_CASE("lists: tickets created while paging appear only before the first page", "[e2e][lists]") {
  DemoServer s;
  const auto created = CreateMany(s, 25, "Trước");
  std::vector<std::string> seen;
  Page p = GetPage(s, "stttt.coordinator", "limit=7", std::nullopt);
  seen.insert(seen.end(), p.ids.begin(), p.ids.end());
  std::vector<std::string> later;
  int round = 0;
  while (p.next) {
    // New tickets arrive between pages.
    for (int i = 0; i < 2; ++i)
      later.push_back(Str(s.CreateTicket("stp.reporter", "Trong khi phân trang " + std::to_string(round * 2 + i)), "id"));
    ++round;
    p = GetPage(s, "stttt.coordinator", "limit=7", p.next);
    seen.insert(seen.end(), p.ids.begin(), p.ids.end());
  }
  CHECK(round == 3);
  CHECK(seen == Reversed(created));  // no overlap, no gap, none of the new ones
  // A new listing shows the new tickets first.
  const Page first = GetPage(s, "stttt.coordinator", "limit=6", std::nullopt);
  CHECK(first.ids == Reversed(later));
  CHECK(IdSet(ListAll(s, "stttt.coordinator", "limit=500")).size() == created.size() + later.size());
}

TEST_CASE("lists: filters by state, category, priority and org - a reporter sees only its org's tickets",
          "[e2e][lists]") {
  DemoServer s;
  struct Made {
    std::string id, reporter, category, priority;
    std::vector<std::string> parties;
    std::string state = "reported";
    std::string reporter_org() const { return UserNamed(reporter).org; }
  };
  std::vector<Made> made{
      {"", "stp.reporter", "data_discrepancy", "high", {"stnmt"}},
      {"", "stp.reporter", "data_discrepancy", "high", {"stnmt"}},
      {"", "stp.reporter", "connection_failure", "normal", {}},
      {"", "stp.focal", "connection_failure", "normal", {}},
      {"", "stnmt.reporter", "sharing_disagreement", "low", {"stp"}},
      {"", "stnmt.focal", "operational_incident", "critical", {}},
      {"", "syt.reporter", "other", "normal", {}},
      {"", "syt.reporter", "other", "normal", {}},
      {"", "syt.reporter", "data_discrepancy", "critical", {"skhdt"}},
  };
  for (auto& m : made)
    m.id = Str(s.CreateTicket(m.reporter, "Lọc " + m.category, m.parties, m.category, m.priority), "id");
  // Move some on.
  for (std::size_t i : {0u, 2u, 5u, 8u}) {
    REQUIRE(s.PostEvent("stttt.engineer", made[i].id, "acknowledge").status == 200);
    made[i].state = "triage";
  }
  REQUIRE(s.PostEvent("stttt.coordinator", made[6].id, "reject", Obj({{"reason", "Ngoài phạm vi"}})).status == 200);
  made[6].state = "rejected";

  auto expect = [&](auto pred) {
    std::set<std::string> out;
    for (const auto& m : made)
      if (pred(m)) out.insert(m.id);
    return out;
  };
  auto involved = [](const Made& m, const std::string& org) {
    return m.reporter_org() == org || std::find(m.parties.begin(), m.parties.end(), org) != m.parties.end();
  };

  for (const char* state : {"reported", "triage", "rejected", "closed"}) {
    INFO("state=" << state);
    const auto items = ListAll(s, "stttt.coordinator", std::string("limit=2&state=") + state);
    CHECK(IdSet(items) == expect([&](const Made& m) { return m.state == state; }));
    for (const auto& t : items) CHECK(Str(t, "state") == state);
  }
  for (const char* category : {"data_discrepancy", "connection_failure", "sharing_disagreement",
                               "operational_incident", "other"}) {
    INFO("category=" << category);
    CHECK(IdSet(ListAll(s, "chairman", std::string("category=") + category)) ==
          expect([&](const Made& m) { return m.category == category; }));
  }
  for (const char* priority : {"critical", "high", "normal", "low"}) {
    INFO("priority=" << priority);
    CHECK(IdSet(ListAll(s, "admin", std::string("priority=") + priority)) ==
          expect([&](const Made& m) { return m.priority == priority; }));
  }
  for (const char* org : {"stp", "stnmt", "syt", "skhdt", "ubnd-prtc"}) {
    INFO("org=" << org);
    const auto got = IdSet(ListAll(s, "stttt.engineer", std::string("org=") + org));
    const auto own = expect([&](const Made& m) { return m.reporter_org() == org; });
    const auto any = expect([&](const Made& m) { return involved(m, org); });
    // Every ticket the org filed is listed; nothing the org has no part in is.
    CHECK(std::includes(got.begin(), got.end(), own.begin(), own.end()));
    CHECK(std::includes(any.begin(), any.end(), got.begin(), got.end()));
  }
  // Combined filters.
  CHECK(IdSet(ListAll(s, "stttt.coordinator", "state=triage&category=data_discrepancy")) ==
        expect([](const Made& m) { return m.state == "triage" && m.category == "data_discrepancy"; }));
  CHECK(IdSet(ListAll(s, "stttt.coordinator", "state=reported&priority=normal&category=other")) ==
        expect([](const Made& m) { return m.state == "reported" && m.priority == "normal" && m.category == "other"; }));

  // Visibility: reporters and focal points see their org's tickets and those it is a party to.
  for (const char* user : {"stp.reporter", "stp.focal", "stnmt.reporter", "stnmt.focal", "syt.reporter"}) {
    INFO("as " << user);
    const std::string org = UserNamed(user).org;
    CHECK(IdSet(ListAll(s, user, "limit=2")) == expect([&](const Made& m) { return involved(m, org); }));
    // A filter never widens what one sees.
    const auto visible = expect([&](const Made& m) { return involved(m, org); });
    for (const char* q : {"org=skhdt", "org=syt", "state=reported", "category=data_discrepancy"}) {
      INFO(q);
      const auto got = IdSet(ListAll(s, user, q));
      CHECK(std::includes(visible.begin(), visible.end(), got.begin(), got.end()));
    }
  }
  CHECK(IdSet(ListAll(s, "syt.reporter", "org=stp")).empty());
  CHECK(IdSet(ListAll(s, "syt.reporter", "category=data_discrepancy")) ==
        std::set<std::string>{made[8].id});
  // Everyone with a global view sees all nine.
  for (const char* user : {"stttt.engineer", "stttt.coordinator", "chairman", "admin"}) {
    INFO("as " << user);
    CHECK(IdSet(ListAll(s, user, "")).size() == made.size());
  }
}

TEST_CASE("lists: invalid query values are refused with a problem", "[e2e][lists]") {
  DemoServer s;
  s.CreateTicket("stp.reporter", "Phiếu");
  const std::string& token = s.Token("stttt.coordinator");
  for (const char* q : {"state=bogus", "category=weather", "priority=urgent", "limit=0", "limit=abc",
                        "cursor=not-a-cursor", "org=no-such-org"}) {
    INFO(q);
    const Response r = s.client->Get(std::string("/api/v1/tickets?") + q, token);
    INFO(r.Describe());
    CHECK((r.status == 400 || r.status == 422));
    RequireProblem(r, r.status);
  }
  // limit up to 500 is fine.
  CHECK(s.client->Get("/api/v1/tickets?limit=500", token).status == 200);
}

// Issue 16.5: q searches the title, the description and the comments, with or without
// diacritics and in any case, every word ANDed, within what the caller may see; the date
// ranges are local dates, both ends included; wrong values are Vietnamese problems.
TEST_CASE("lists: q finds words without diacritics in titles and comments, and created dates bound the list",
          "[e2e][lists][search]") {
  DemoServer s;
  const std::string a = Str(s.CreateTicket("stp.reporter", "Sai lệch dữ liệu hộ tịch phường Đạo Long"), "id");
  const std::string b = Str(s.CreateTicket("syt.reporter", "Mất kết nối cổng dữ liệu y tế"), "id");
  const std::string c = Str(s.CreateTicket("stp.reporter", "Lỗi đồng bộ danh mục"), "id");
  auto body = Poco::JSON::Object::Ptr(new Poco::JSON::Object);
  body->set("body", "Phát hiện SAI LỆCH số liệu khai sinh");
  REQUIRE(s.PostEvent("stp.reporter", c, "comment", body).status == 200);
  auto ids = [&](const std::string& user, const std::string& query) {
    std::vector<std::string> out;
    for (const auto& t : ListAll(s, user, query)) out.push_back(Str(t, "id"));
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(ids("stttt.coordinator", "q=" + Encode("sai lech")) == V{c, a});
  CHECK(ids("stttt.coordinator", "q=" + Encode("Sai Lệch")) == V{c, a});
  CHECK(ids("stttt.coordinator", "q=" + Encode("SAI LECH ho tich")) == V{a});
  CHECK(ids("stttt.coordinator", "q=" + Encode("khai sinh")) == V{c});
  CHECK(ids("stttt.coordinator", "q=" + Encode("\"y te\" OR *")).empty());  // "or" is a word like any other
  CHECK(ids("stttt.coordinator", "q=" + Encode("\"y te\" *")) == V{b});
  CHECK(ids("stttt.coordinator", "q=" + Encode("sai lech") + "&limit=1") == V{c, a});  // paged by the cursor
  // Visibility holds: syt's reporter finds its own ticket only.
  CHECK(ids("syt.reporter", "q=" + Encode("du lieu")) == V{b});
  CHECK(ids("syt.reporter", "q=" + Encode("sai lech")).empty());

  // Created today (Vietnam's date, as the server keeps it), not in 2020.
  const auto today = Str(ListAll(s, "stttt.coordinator", "").front(), "created_at");
  const std::time_t now = std::time(nullptr) + 7 * 3600;
  char date[11];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  INFO("today " << date << ", created_at " << today);
  CHECK(ids("stttt.coordinator", std::string("created_from=") + date + "&created_to=" + date + "&q=sai") == V{c, a});
  CHECK(ids("stttt.coordinator", "created_from=2020-01-01&created_to=2020-12-31").empty());
  CHECK(ids("stttt.coordinator", std::string("resolved_from=2020-01-01&resolved_to=") + date).empty());

  const std::string& token = s.Token("stttt.coordinator");
  for (const auto& [query, status] : std::vector<std::pair<std::string, int>>{
           {"created_from=31-01-2027", 400},
           {"resolved_to=2027-02-30", 400},
           {"created_from=2027-02-01&created_to=2027-01-31", 422},
           {"q=" + std::string(201, 'x'), 422}}) {
    INFO(query);
    const Response r = s.client->Get("/api/v1/tickets?" + query, token);
    INFO(r.Describe());
    CHECK(r.status == status);
    RequireProblem(r, status);
  }
  const Response long_q = s.client->Get("/api/v1/tickets?q=" + std::string(201, 'x'), token);
  CHECK(Str(long_q.Object(), "detail").find("tối đa 200 ký tự") != std::string::npos);
  const Response range = s.client->Get("/api/v1/data-requests?created_from=2027-02-01&created_to=2027-01-31", token);
  CHECK(range.status == 422);
  CHECK(Str(range.Object(), "detail").find("không được sau") != std::string::npos);
  CHECK(s.client->Get("/api/v1/tickets?q=" + std::string(200, 'x'), token).status == 200);
}
