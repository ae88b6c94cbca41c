// The store contract of the ticket list's date ranges and full-text search (issue 16.5;
// TicketQuery::created_*, resolved_*, text): the same cases on SQLite (FTS5) and MariaDB
// (ticket_words: every prefix of each folded word, mysql_ticket_search.h).

#include <catch2/catch.hpp>
#include <functional>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "store_contract.h"
#include "store_contract_commits.h"
#include "store_contract_node.h"

using namespace incidents::engine;
using namespace incidents::testing;
using namespace std::chrono_literals;

namespace {

// The ids a query lists, newest first (every page followed).
std::vector<std::string> Ids(TicketStore& store, TicketQuery q) {
  std::vector<std::string> out;
  while (true) {
    auto page = store.ListTickets(q);
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    for (const Ticket& t : page->items) out.push_back(t.id);
    if (!page->next) return out;
    q.before = page->next;
  }
}

std::vector<std::string> Search(TicketStore& store, const std::string& text) {
  TicketQuery q;
  q.text = text;
  return Ids(store, q);
}

}  // namespace

TEST_CASE("contract: search finds words of title, description and comments, with or without diacritics",
          "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  const std::string a = w.File("Sai lệch dữ liệu hộ tịch");
  const std::string b = w.File("Mất kết nối LGSP với CSDL đất đai");
  const std::string c = w.File("Lỗ hổng bảo mật cổng dịch vụ công");
  REQUIRE(w.store().Commit(CommentCommit(w.store(), b, "Đã phát hiện SAI LỆCH ở bảng đồng bộ")).ok());
  REQUIRE(w.store().Commit(CommentCommit(w.store(), c, "Có thể khai thác từ xa")).ok());
  using V = std::vector<std::string>;

  // Title and comment, folded both ways; newest first.
  CHECK(Search(w.store(), "sai lech") == V{b, a});
  CHECK(Search(w.store(), "Sai Lệch") == V{b, a});
  CHECK(Search(w.store(), "SAI LỆCH") == V{b, a});
  // Words are ANDed, in any order, each a prefix of a word.
  CHECK(Search(w.store(), "lech sai") == V{b, a});
  CHECK(Search(w.store(), "sai hổng").empty());
  CHECK(Search(w.store(), "ho tich") == V{a});
  CHECK(Search(w.store(), "hộ tị") == V{a});
  CHECK(Search(w.store(), "lgs") == V{b});
  CHECK(Search(w.store(), "ich").empty());  // "tịch" does not begin with "ich"
  // Two-letter syllables (under MariaDB's default minimum token) and English stopwords
  // that are Vietnamese words ("thể" -> "the").
  CHECK(Search(w.store(), "lỗ hổng") == V{c});
  CHECK(Search(w.store(), "lo") == V{c});
  CHECK(Search(w.store(), "có thể") == V{c});
  CHECK(Search(w.store(), "the") == V{c});
  // The description (the same on every ticket) and a comment.
  CHECK(Search(w.store(), "thửa đất") == V{c, b, a});
  CHECK(Search(w.store(), "khai thac tu xa") == V{c});
  CHECK(Search(w.store(), "dong bo") == V{b});
  // No word: no search.
  CHECK(Search(w.store(), " *** ").size() == 3);
  CHECK(Search(w.store(), "").size() == 3);
}

TEST_CASE("contract: a search's text is never query syntax", "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  const std::string a = w.File("Sai lệch dữ liệu hộ tịch");
  w.File("Mất kết nối LGSP");
  using V = std::vector<std::string>;
  for (const char* text : {"\"sai\" lech*", "sai\" lech", "sai\"\" lech", "-sai +lech", "(sai) (lech)",
                           "sai:lech", "^sai lech", "sai* lech~", "sai@lech", "'sai' lech;", "sai\\ lech",
                           "{sai} [lech]", "sai% lech_", "sai.*lech", "sai|lech"}) {
    INFO(text);
    CHECK(Search(w.store(), text) == V{a});
  }
  for (const char* text :
       {"NEAR(sai lech)", "sai NOT lech", "sai OR lech", "head:sai lech", "'; DROP TABLE tickets; --", "\" OR 1=1 --"}) {
    INFO(text);
    CHECK(Search(w.store(), text).empty());  // each word must match: "near", "not", "or", "head" too
  }
  CHECK(Search(w.store(), "*").size() == 2);
  CHECK(Search(w.store(), "\"").size() == 2);
  CHECK(w.store().LoadTicket(a).ok());
  // Punctuation in the ticket's text separates words alike on every backend ("_" too).
  const std::string d = w.File("Mã lỗi ERR_TIMEOUT (API/v2) khi gọi dịch-vụ");
  CHECK(Search(w.store(), "timeout") == V{d});
  CHECK(Search(w.store(), "err timeout v2") == V{d});
  CHECK(Search(w.store(), "dich vu api") == V{d});
}

TEST_CASE("contract: a changed title is searched by its new words, not its old ones", "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  const std::string a = w.File("Sai lệch dữ liệu hộ tịch");
  const std::string b = w.File("Mất kết nối LGSP");
  REQUIRE(w.store().Commit(CommentCommit(w.store(), b, "sai lệch thời gian")).ok());
  REQUIRE(w.store()
              .Commit(CommentCommit(w.store(), a, "ghi chú đường truyền",
                                    [](Ticket& t) {
                                      t.title = "Sự cố mạng WAN";
                                      t.description = "Đứt cáp quang";
                                    }))
              .ok());
  using V = std::vector<std::string>;
  CHECK(Search(w.store(), "ho tich").empty());
  CHECK(Search(w.store(), "thua dat") == V{b});
  CHECK(Search(w.store(), "mang wan") == V{a});
  CHECK(Search(w.store(), "cap quang") == V{a});
  CHECK(Search(w.store(), "sai lech") == V{b});
  CHECK(Search(w.store(), "duong truyen") == V{a});  // the comment of the same commit
  // A later comment keeps the new head and adds its words.
  REQUIRE(w.store().Commit(CommentCommit(w.store(), a, "đã khắc phục")).ok());
  CHECK(Search(w.store(), "wan khac phuc") == V{a});
  CHECK(Search(w.store(), "ghi chu khac phuc") == V{a});
}

TEST_CASE("contract: a search pages newest first by the cursor and keeps the other filters and visibility",
          "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(w.File("Sai lệch số liệu " + std::to_string(i)));
  w.File("Mất kết nối");
  REQUIRE(w.service.Apply(DemoActor("stttt.engineer"), ids[3], AcknowledgeCommand{}).ok());
  TicketQuery q;
  q.text = "so lieu sai";
  q.limit = 2;
  auto p1 = w.store().ListTickets(q).value();
  REQUIRE(p1.items.size() == 2);
  CHECK(p1.items[0].id == ids[4]);
  CHECK(p1.items[1].id == ids[3]);
  REQUIRE(p1.next);
  q.before = p1.next;
  auto p2 = w.store().ListTickets(q).value();
  REQUIRE(p2.items.size() == 2);
  CHECK(p2.items[0].id == ids[2]);
  CHECK(p2.items[1].id == ids[1]);
  q.before = p2.next;
  auto p3 = w.store().ListTickets(q).value();
  REQUIRE(p3.items.size() == 1);
  CHECK(p3.items[0].id == ids[0]);
  CHECK_FALSE(p3.next);

  using V = std::vector<std::string>;
  TicketQuery visible;
  visible.text = "sai lech";
  visible.visible_to = "stnmt";
  CHECK(Ids(w.store(), visible) == V{ids[4], ids[3], ids[2], ids[1], ids[0]});
  visible.visible_to = "skhdt";
  CHECK(Ids(w.store(), visible).empty());
  TicketQuery acked;
  acked.text = "sai";
  acked.state = w.store().LoadTicket(ids[3]).value().state;
  CHECK(Ids(w.store(), acked) == V{ids[3]});
  TicketQuery requests;
  requests.text = "sai";
  requests.workflow = "data_request";
  CHECK(Ids(w.store(), requests).empty());
  requests.workflow = "incident";
  CHECK(Ids(w.store(), requests).size() == 5);
}

TEST_CASE("contract: created and resolved date ranges include from and exclude to", "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  const Timestamp t0 = w.clock.Now();
  const std::string a = w.File("Sai lệch A");
  w.clock.Advance(24h);
  const std::string b = w.File("Sai lệch B");
  w.clock.Advance(24h);
  const std::string c = w.File("Mất kết nối C");
  REQUIRE(w.store().LoadTicket(b).value().created_at == t0 + 24h);
  using V = std::vector<std::string>;

  TicketQuery q;
  q.created_from = t0 + 24h;
  CHECK(Ids(w.store(), q) == V{c, b});
  q.created_to = t0 + 48h;
  CHECK(Ids(w.store(), q) == V{b});
  q.created_from = t0 + 24h + 1s;
  CHECK(Ids(w.store(), q).empty());
  q = {};
  q.created_to = t0 + 24h;
  CHECK(Ids(w.store(), q) == V{a});
  q.created_to = t0 + 24h + 1s;
  q.text = "sai lech";
  CHECK(Ids(w.store(), q) == V{b, a});
  q.text = "ket noi";
  CHECK(Ids(w.store(), q).empty());

  // Resolved: set on a, c (b never resolved, so any resolved bound excludes it).
  const Timestamp r = t0 + 72h;
  REQUIRE(w.store().Commit(CommentCommit(w.store(), a, "xong", [&](Ticket& t) { t.resolved_at = r; })).ok());
  REQUIRE(w.store().Commit(CommentCommit(w.store(), c, "xong", [&](Ticket& t) { t.resolved_at = r + 1h; })).ok());
  TicketQuery res;
  res.resolved_from = r;
  CHECK(Ids(w.store(), res) == V{c, a});
  res.resolved_to = r + 1h;
  CHECK(Ids(w.store(), res) == V{a});
  res.resolved_from = r + 1s;
  CHECK(Ids(w.store(), res).empty());
  res = {};
  res.resolved_to = r + 2h;
  res.visible_to = "stnmt";
  CHECK(Ids(w.store(), res) == V{c, a});
  res.text = "ket noi xong";
  CHECK(Ids(w.store(), res) == V{c});
  // Reopened: resolved_at cleared, and the ticket leaves the range.
  REQUIRE(w.store().Commit(CommentCommit(w.store(), c, "mở lại", [&](Ticket& t) { t.resolved_at.reset(); })).ok());
  CHECK(Ids(w.store(), res).empty());
}

TEST_CASE("contract: a creation-date range is exact when creation times and positions disagree",
          "[contract][search]") {
  // The stores bound a dated list by the positions created in the range (migration 15);
  // a ticket filed with an earlier clock after later ones (another node's clock, a
  // commit that waited) must still be found, and one outside the range never.
  Node w(CurrentStore().FreshDatabase());
  const Timestamp t0 = w.clock.Now();
  w.clock.Advance(48h);
  const std::string late = w.File("Sai lệch ngày 3");
  w.clock.Advance(-48h);
  const std::string early = w.File("Sai lệch ngày 1");
  w.clock.Advance(24h);
  const std::string middle = w.File("Sai lệch ngày 2");
  w.clock.Advance(-24h);
  const std::string early2 = w.File("Mất kết nối ngày 1");
  using V = std::vector<std::string>;

  TicketQuery q;
  q.created_from = t0;
  q.created_to = t0 + 24h;
  CHECK(Ids(w.store(), q) == V{early2, early});
  q.text = "sai lech";
  CHECK(Ids(w.store(), q) == V{early});
  q.created_from = t0 + 24h;
  q.created_to = t0 + 72h;
  CHECK(Ids(w.store(), q) == V{middle, late});
  q.text.reset();
  q.limit = 1;  // pages within the window keep the cursor
  CHECK(Ids(w.store(), q) == V{middle, late});
  q.created_from = t0 + 96h;
  q.created_to.reset();
  CHECK(Ids(w.store(), q).empty());
}

TEST_CASE("contract: a word longer than any index key is matched whole, and a replaced head keeps the comments' words",
          "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  // MariaDB indexes prefixes of up to 12 characters; the rest of a term is checked.
  const std::string a = w.File("Lỗi interoperabilityservice khi đồng bộ");
  const std::string b = w.File("Lỗi interoperabilitycheck khi đồng bộ");
  using V = std::vector<std::string>;
  CHECK(Search(w.store(), "interoperability") == V{b, a});
  CHECK(Search(w.store(), "interoperabilityserv") == V{a});
  CHECK(Search(w.store(), "interoperabilitycheck dong") == V{b});
  CHECK(Search(w.store(), "interoperabilitycheckx").empty());
  // A comment repeats a word of the head; when the head changes, the word stays found
  // through the comment, and the head's other words go.
  REQUIRE(w.store().Commit(CommentCommit(w.store(), a, "kiểm tra đồng bộ lại")).ok());
  REQUIRE(w.store()
              .Commit(CommentCommit(w.store(), a, "đổi tiêu đề",
                                    [](Ticket& t) {
                                      t.title = "Sự cố mạng";
                                      t.description = "Đứt cáp";
                                    }))
              .ok());
  CHECK(Search(w.store(), "dong bo") == V{b, a});
  CHECK(Search(w.store(), "interoperability") == V{b});
  CHECK(Search(w.store(), "thua dat") == V{b});
  CHECK(Search(w.store(), "doi tieu de cap") == V{a});

  // A description of 600 distinct words (more keys than one statement of the MariaDB
  // index holds), then replaced: every word found, then none of them.
  std::string many;
  for (int i = 0; i < 600; ++i) many += " muc" + std::to_string(1000 + i);
  REQUIRE(w.store().Commit(CommentCommit(w.store(), b, "thêm mô tả", [&](Ticket& t) { t.description = many; })).ok());
  CHECK(Search(w.store(), "muc1000") == V{b});
  CHECK(Search(w.store(), "muc1599 muc1300") == V{b});
  CHECK(Search(w.store(), "muc16").empty());
  REQUIRE(w.store().Commit(CommentCommit(w.store(), b, "rút gọn", [](Ticket& t) { t.description = "Ngắn gọn"; })).ok());
  CHECK(Search(w.store(), "muc1000").empty());
  CHECK(Search(w.store(), "muc").empty());
  CHECK(Search(w.store(), "ngan gon them mo ta") == V{b});
}

TEST_CASE("contract: every comment of a long discussion is searched, and a party added later finds the ticket",
          "[contract][search]") {
  Node w(CurrentStore().FreshDatabase());
  const std::string a = w.File("Sự cố đường truyền");
  const std::string b = w.File("Mất kết nối LGSP");
  REQUIRE(w.store().Commit(CommentCommit(w.store(), b, "kiểm tra dau1000")).ok());
  // 50 comments, each with the words of the one before it (keys the ticket has) and a
  // word of its own.
  for (int i = 0; i < 50; ++i)
    REQUIRE(w.store().Commit(CommentCommit(w.store(), a, "lần kiểm tra dau" + std::to_string(1000 + i))).ok());
  using V = std::vector<std::string>;
  CHECK(Search(w.store(), "dau1000") == V{b, a});                 // the first comment
  CHECK(Search(w.store(), "dau1049") == V{a});                    // the last one
  CHECK(Search(w.store(), "dau1049 dau1000") == V{a});            // two comments, ANDed
  CHECK(Search(w.store(), "dau1017 lan dau1032") == V{a});
  CHECK(Search(w.store(), "duong truyen dau1025") == V{a});       // head and comment
  CHECK(Search(w.store(), "kiem tra") == V{b, a});
  CHECK(Search(w.store(), "dau1050").empty());                    // never written
  CHECK(Search(w.store(), "dau1049 dau1050").empty());
  CHECK(Search(w.store(), "lgsp dau1049").empty());               // words of two tickets
  CHECK(Search(w.store(), "dau10").size() == 2);

  // Comments add no party; a party asked to fix it later sees the ticket, found by its
  // comments, and the parties it had still do.
  TicketQuery q;
  q.text = "dau1049";
  q.visible_to = "skhdt";
  CHECK(Ids(w.store(), q).empty());
  const Actor eng = DemoActor("stttt.engineer");
  REQUIRE(w.service.Apply(eng, a, AcknowledgeCommand{}).ok());
  REQUIRE(w.service.Apply(eng, a, RequestPartyFixCommand{"skhdt", "Đề nghị kiểm tra đường truyền"}).ok());
  CHECK(Ids(w.store(), q) == V{a});
  q.visible_to = "stnmt";
  CHECK(Ids(w.store(), q) == V{a});
  REQUIRE(w.store().Commit(CommentCommit(w.store(), a, "đã xử lý")).ok());
  q.text = "xu ly dau1000";
  q.visible_to = "skhdt";
  CHECK(Ids(w.store(), q) == V{a});
}
