// What only the MySQL/MariaDB store has: error mapping, reconnecting, retrying deadlocks,
// and the schema's engine, character set, collation and append-only triggers. Hidden cases ([.mysql]),
// registered only for the --store=mariadb run of store_contract_tests.

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"
#include "incidents/storage/schema_migrations.h"
#include "incidents/storage/mysql/mysql_database.h"
#include "store_contract.h"

using namespace incidents::engine;
using namespace incidents::storage;
using namespace incidents::testing;

namespace {

// A plain connector connection to the case's database, as an administrator's client.
std::unique_ptr<sql::Connection> Raw(const DatabaseUrl& url) {
  sql::ConnectOptionsMap opts;
  opts["hostName"] = sql::SQLString("tcp://" + url.host + ":" + std::to_string(url.port));
  opts["userName"] = sql::SQLString(url.user);
  opts["password"] = sql::SQLString(url.password);
  opts["schema"] = sql::SQLString(url.database);
  opts["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  return std::unique_ptr<sql::Connection>(sql::mysql::get_mysql_driver_instance()->connect(opts));
}

std::string One(sql::Connection& c, const std::string& query) {
  std::unique_ptr<sql::Statement> s(c.createStatement());
  std::unique_ptr<sql::ResultSet> r(s->executeQuery(query));
  REQUIRE(r->next());
  return r->getString(1).asStdString();
}

void RequireMariadb() {
  if (CurrentStore().name() != "mariadb") FAIL("this case needs --store=mariadb");
}

// Undoes migration `version` on the raw connection: drops what it added and forgets it was
// applied, so that opening the store runs it again as on a database that never had it. One
// list per migration, for every case that goes back to an older schema.
void UndoMigration(sql::Connection& c, int version) {
  static const std::map<int, std::vector<std::string>> kUndo = {
      {10, {"DROP INDEX tickets_workflow ON tickets"}},
      {11, {"DROP TABLE public_requests"}},
      {12, {"DROP TABLE ticket_figures", "DELETE FROM counters WHERE name = 'figures_backfill'"}},
      {13,
       {"DROP TABLE ticket_search", "ALTER TABLE tickets DROP COLUMN resolved_at",
        "DELETE FROM counters WHERE name = 'search_backfill'"}},
      {14, {"DROP TABLE report_drafts"}},
      {15,
       {"DROP INDEX tickets_created ON tickets", "DROP TABLE ticket_words",
        "DELETE FROM counters WHERE name = 'words_backfill'", "SET SESSION innodb_ft_enable_stopword = OFF",
        "ALTER TABLE ticket_search ADD FULLTEXT KEY ticket_search_text (head, comments)",
        "SET SESSION innodb_ft_enable_stopword = DEFAULT"}},
      {16, {}},  // SQLite only
      {17,  // the comments' rows back into the one text they were appended to before
       {"UPDATE ticket_search s SET comments = CONCAT_WS('\\n', NULLIF(s.comments, ''), (SELECT GROUP_CONCAT(x.text "
        "ORDER BY x.seq SEPARATOR '\\n') FROM ticket_search_comments x WHERE x.pos = s.pos)) "
        "WHERE EXISTS (SELECT 1 FROM ticket_search_comments x WHERE x.pos = s.pos)",
        "DROP TABLE ticket_search_comments"}},
  };
  const auto undo = kUndo.find(version);
  REQUIRE(undo != kUndo.end());  // a new migration adds its undo above
  std::unique_ptr<sql::Statement> s(c.createStatement());
  for (const std::string& statement : undo->second) s->execute(statement);
  s->execute("DELETE FROM schema_migrations WHERE version = " + std::to_string(version));
}

// Back to schema `version`: every later migration undone, newest first.
void BackToVersion(sql::Connection& c, int version) {
  for (int v = static_cast<int>(SchemaMigrations().size()); v > version; --v) UndoMigration(c, v);
}

// A TicketService on the demo settings over `storage` (with the demo directory), its clock
// at DemoStart(): how the cases below file and comment their tickets.
struct DemoService {
  explicit DemoService(Storage& storage)
      : service{storage.tickets(), storage.directory(), workflow, clock, workflow.settings()} {}

  // A high-priority ticket filed by stp.reporter.
  Result<Ticket> Report(const std::string& title, const std::string& description,
                        Category category = Category::kConnectionFailure) {
    ReportCommand r;
    r.category = category;
    r.title = title;
    r.description = description;
    r.priority = Priority::kHigh;
    return service.Report(DemoActor("stp.reporter"), r);
  }

  // A comment by stp.reporter on ticket `id`.
  Result<Ticket> Comment(const std::string& id, const std::string& body) {
    CommentCommand comment;
    comment.body = body;
    return service.Apply(DemoActor("stp.reporter"), id, comment);
  }

  ManualClock clock{DemoStart()};
  incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
  TicketService service;
};

}  // namespace

TEST_CASE("mysql: an unreachable server or a refused login is unavailable without the password", "[.mysql]") {
  RequireMariadb();
  auto url = ParseDatabaseUrl("mysql://app:s3cret-pw@127.0.0.1:1/appdb").value();
  auto opened = OpenStorage(url, StorageOptions{});
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().code() == ErrorCode::kUnavailable);
  CHECK(opened.status().message().find("s3cret-pw") == std::string::npos);

  auto good = ParseDatabaseUrl(CurrentStore().FreshDatabase()).value();
  good.password = "wrong-pw";
  auto refused = OpenStorage(good, StorageOptions{});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ErrorCode::kUnavailable);
  CHECK(refused.status().message().find("wrong-pw") == std::string::npos);
}

TEST_CASE("mysql: a host list (Galera, docs/galera.md) passes over a node that cannot be reached", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  const auto at = text.find('@');
  // Port 1 of 127.0.0.1 refuses connections: the first node of the list is down.
  const std::string listed = text.substr(0, at + 1) + "127.0.0.1:1," + text.substr(at + 1);
  auto storage = OpenForTest(listed);
  DirectoryChange one;
  one.orgs = {DemoOrgs()[0]};
  REQUIRE(storage->directory().Commit(one).ok());
  CHECK(storage->directory().FindOrg(DemoOrgs()[0].id).value().has_value());
  CHECK(storage->Ping().ok());

  // No node usable: unavailable, every node named, the password never shown.
  auto dead = ParseDatabaseUrl("mysql://app:s3cret-pw@127.0.0.1:1,127.0.0.1:2/appdb").value();
  auto opened = OpenStorage(dead, StorageOptions{});
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().code() == ErrorCode::kUnavailable);
  CHECK(opened.status().message().find("127.0.0.1:1/") != std::string::npos);
  CHECK(opened.status().message().find("127.0.0.1:2/") != std::string::npos);
  CHECK(opened.status().message().find("s3cret-pw") == std::string::npos);
}

TEST_CASE("mysql: InnoDB and utf8mb4 with the Vietnamese collation and every migration and append-only events", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto storage = OpenForTest(text);
  REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
  DirectoryChange audited;
  DirectoryEvent created;
  created.type = "org_created";
  created.actor = "admin";
  created.actor_org = "stttt";
  created.at = DemoStart();
  created.subject = "org:stp";
  created.payload = {{"name", "Sở Tư pháp"}};
  created.legal_basis = "Art. 18";
  audited.events = {created};
  REQUIRE(storage->directory().Commit(audited).ok());
  REQUIRE(DemoService{*storage}.Report("Mất kết nối", "Không gọi được dịch vụ.").ok());

  const DatabaseUrl url = ParseDatabaseUrl(text).value();
  auto c = Raw(url);
  CHECK(One(*c, "SELECT MAX(version) FROM schema_migrations") == std::to_string(SchemaMigrations().size()));
  CHECK(One(*c, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND ENGINE <> 'InnoDB'") == "0");
  const std::string collation =
      One(*c, "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets'");
  const bool has_vietnamese = One(*c, "SELECT COUNT(*) FROM information_schema.COLLATIONS "
                                      "WHERE COLLATION_NAME = 'utf8mb4_vietnamese_ci'") == "1";
  CHECK(collation == (has_vietnamese ? "utf8mb4_vietnamese_ci" : "utf8mb4_unicode_ci"));
  // Round trip of Vietnamese text through the store's own connections.
  const Org demo = DemoOrgs()[0];
  CHECK(storage->directory().FindOrg(demo.id).value() == std::optional<Org>(demo));
  CHECK(One(*c, "SELECT name FROM orgs WHERE id = '" + demo.id + "'") == demo.name);
  std::unique_ptr<sql::Statement> s(c->createStatement());
  const int triggers = std::stoi(One(*c, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
  if (triggers == 4) {
    CHECK_THROWS_AS(s->execute("UPDATE ticket_events SET payload = '{}' WHERE seq = 1"), sql::SQLException);
    CHECK_THROWS_AS(s->execute("DELETE FROM ticket_events"), sql::SQLException);
    CHECK(One(*c, "SELECT COUNT(*) FROM ticket_events") == "1");
    CHECK_THROWS_AS(s->execute("UPDATE directory_events SET payload = '{}' WHERE seq = 1"), sql::SQLException);
    CHECK_THROWS_AS(s->execute("DELETE FROM directory_events"), sql::SQLException);
    CHECK(One(*c, "SELECT COUNT(*) FROM directory_events") == "1");
  } else {
    CHECK(triggers == 0);
    WARN("append-only triggers were skipped (no TRIGGER/SUPER privilege); the hash chain still detects edits");
  }
}

TEST_CASE("mysql: a connection the server dropped is replaced on the next call", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto storage = OpenForTest(text, /*pool_size=*/1);
  DirectoryChange one;
  one.orgs = {DemoOrgs()[0]};
  REQUIRE(storage->directory().Commit(one).ok());
  REQUIRE(storage->directory().FindOrg(DemoOrgs()[0].id).value().has_value());
  // Kill the store's connection (a server restart or wait_timeout looks the same).
  auto c = Raw(ParseDatabaseUrl(text).value());
  std::unique_ptr<sql::Statement> s(c->createStatement());
  std::unique_ptr<sql::ResultSet> ids(s->executeQuery(
      "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"));
  int killed = 0;
  while (ids->next()) {
    std::unique_ptr<sql::Statement> k(c->createStatement());
    k->execute("KILL CONNECTION " + std::to_string(ids->getInt64(1)));
    ++killed;
  }
  REQUIRE(killed >= 1);
  auto found = storage->directory().FindOrg(DemoOrgs()[0].id);
  INFO(found.status().ToString());
  REQUIRE(found.ok());
  CHECK(found.value().has_value());
  CHECK(storage->tickets().AllocateTicketNumber().ok());
  CHECK(storage->Ping().ok());  // readiness (/readyz) on the replaced connection
}

TEST_CASE("mysql: a real deadlock (1213) between two writers is retried - the victim re-runs and both commit",
          "[.mysql]") {
  RequireMariadb();
  const DatabaseUrl url = ParseDatabaseUrl(CurrentStore().FreshDatabase()).value();
  auto admin = Raw(url);
  auto exec = [](sql::Connection& c, const std::string& statement) {
    std::unique_ptr<sql::Statement> s(c.createStatement());
    s->execute(statement);
  };
  exec(*admin, "CREATE TABLE deadlock_probe (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB");
  exec(*admin, "INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)");
  auto deadlocks = [&] {  // the server's count of deadlocks InnoDB detected
    std::unique_ptr<sql::Statement> s(admin->createStatement());
    std::unique_ptr<sql::ResultSet> r(s->executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'"));
    REQUIRE(r->next());
    return std::stoll(r->getString(2).asStdString());
  };
  const long long deadlocks_before = deadlocks();

  incidents::storage::mysql::MysqlOptions o;
  o.host = url.host;
  o.port = url.port;
  o.user = url.user;
  o.password = url.password;
  o.database = url.database;
  o.pool_size = 2;  // one connection per writer
  auto opened = incidents::storage::mysql::MysqlDatabase::Open(o);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  auto& db = *opened.value();

  // Writer w adds 1 to row `first`, waits (on its first attempt only) until the other
  // writer holds its own first row, then adds 10 to row `second`: the two transactions wait
  // for each other and InnoDB rolls one back with 1213 inside Write. Re-run, the victim
  // waits for the winner's commit instead, so each row ends at exactly 1 + 10, once.
  std::atomic<int> attempts[2] = {0, 0};
  std::atomic<int> holding{0};
  auto writer = [&](int w, int first, int second) {
    return db.Write([&, w, first, second](sql::Connection& c) -> Status {
      const int attempt = ++attempts[w];
      exec(c, "UPDATE deadlock_probe SET v = v + 1 WHERE id = " + std::to_string(first));
      if (attempt == 1) {
        ++holding;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (holding < 2 && std::chrono::steady_clock::now() < give_up)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      exec(c, "UPDATE deadlock_probe SET v = v + 10 WHERE id = " + std::to_string(second));
      return {};
    });
  };
  const auto start = std::chrono::steady_clock::now();
  Status a, b;
  std::thread ta([&] { a = writer(0, 1, 2); });
  std::thread tb([&] { b = writer(1, 2, 1); });
  ta.join();
  tb.join();
  const auto took = std::chrono::steady_clock::now() - start;

  INFO("writer 0: " << a.ToString() << " after " << attempts[0] << " attempt(s); writer 1: " << b.ToString()
                    << " after " << attempts[1] << " attempt(s)");
  CHECK(holding == 2);  // both held their first row at once: the waits formed a cycle
  CHECK(a.ok());
  CHECK(b.ok());
  // Exactly one victim, re-run once.
  CHECK(attempts[0] + attempts[1] == 3);
  CHECK(std::max(attempts[0].load(), attempts[1].load()) == 2);
  // The server saw a deadlock, not a lock wait timeout (innodb_lock_wait_timeout is 10 s on
  // the adapter's connections, and a timeout is retried too).
  CHECK(deadlocks() > deadlocks_before);
  CHECK(took < std::chrono::seconds(8));
  // Both writes committed, each once: the victim's first attempt was rolled back.
  CHECK(One(*admin, "SELECT v FROM deadlock_probe WHERE id = 1") == "11");
  CHECK(One(*admin, "SELECT v FROM deadlock_probe WHERE id = 2") == "11");
}

// Migration 10 on a database at version 9 (as a node of the previous release left it):
// the index on the tickets' workflow is created, and the tickets stay listed by workflow.
TEST_CASE("mysql: migration 10 indexes the tickets' workflow on a version 9 database", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto c = Raw(ParseDatabaseUrl(text).value());
  std::string id;
  {
    auto storage = OpenForTest(text);
    REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
    DemoService demo{*storage};
    auto t = demo.Report("Mất kết nối", "Không gọi được dịch vụ.");
    REQUIRE(t.ok());
    id = t->id;
  }
  // Back to version 9: what migration 10 (and every later one) added is gone.
  BackToVersion(*c, 9);
  const std::string index_columns =
      "SELECT COALESCE(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX), '') FROM information_schema.STATISTICS "
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets' AND INDEX_NAME = 'tickets_workflow'";
  REQUIRE(One(*c, index_columns) == "");
  REQUIRE(One(*c, "SELECT MAX(version) FROM schema_migrations") == "9");

  auto storage = OpenForTest(text);
  CHECK(One(*c, "SELECT MAX(version) FROM schema_migrations") == std::to_string(SchemaMigrations().size()));
  CHECK(One(*c, "SELECT COUNT(*) FROM schema_migrations WHERE version = 10") == "1");
  CHECK(One(*c, index_columns) == "workflow,pos");
  TicketQuery q;
  q.workflow = "incident";
  auto incidents_page = storage->tickets().ListTickets(q);
  REQUIRE(incidents_page.ok());
  REQUIRE(incidents_page->items.size() == 1);
  CHECK(incidents_page->items[0].id == id);
  q.workflow = "data_request";
  CHECK(storage->tickets().ListTickets(q)->items.empty());
}

// Migration 11 on a database at version 10 (as a node of the previous release left it): the
// public requests' table is created with its keys and its foreign key to the tickets, and
// the store answers through it.
TEST_CASE("mysql: migration 11 adds the public requests to a version 10 database", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto c = Raw(ParseDatabaseUrl(text).value());
  auto exec = [&](const std::string& statement) {
    std::unique_ptr<sql::Statement> s(c->createStatement());
    s->execute(statement);
  };
  std::string id;
  {
    auto storage = OpenForTest(text);
    REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
    DemoService demo{*storage};
    auto t = demo.Report("Mất kết nối", "Không gọi được dịch vụ.");
    REQUIRE(t.ok());
    id = t->id;
  }
  // Back to version 10: what migration 11 (and every later one) added is gone.
  BackToVersion(*c, 10);
  const std::string tables =
      "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'public_requests'";
  REQUIRE(One(*c, tables) == "0");
  REQUIRE(One(*c, "SELECT MAX(version) FROM schema_migrations") == "10");

  auto storage = OpenForTest(text);
  CHECK(One(*c, "SELECT MAX(version) FROM schema_migrations") == std::to_string(SchemaMigrations().size()));
  CHECK(One(*c, "SELECT COUNT(*) FROM schema_migrations WHERE version = 11") == "1");
  CHECK(One(*c, tables) == "1");
  const auto index = [&](const std::string& name) {
    return One(*c,
               "SELECT COALESCE(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX), '') FROM information_schema.STATISTICS "
               "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'public_requests' AND INDEX_NAME = '" + name + "'");
  };
  CHECK(index("PRIMARY") == "code");
  CHECK(index("public_requests_by_ticket") == "ticket_id");
  CHECK(index("public_requests_by_email") == "email_hash,created_at");
  CHECK(index("public_requests_by_client") == "client_hash,created_at");
  CHECK(index("public_requests_expiry") == "ticket_id,expires_at");
  CHECK(One(*c, "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                "AND TABLE_NAME = 'public_requests' AND INDEX_NAME = 'public_requests_by_ticket' AND NON_UNIQUE = 0") !=
        "0");
  CHECK(One(*c, "SELECT REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() "
                "AND TABLE_NAME = 'public_requests' AND COLUMN_NAME = 'ticket_id' AND REFERENCED_TABLE_NAME IS NOT NULL") ==
        "tickets");

  PublicRequest r;
  r.code = "pr-after-11";
  r.token_hash = r.email_hash = r.client_hash = std::string(64, 'a');
  r.form = {{"title", "Dữ liệu hộ tịch"}};
  r.created_at = DemoStart();
  r.expires_at = DemoStart() + std::chrono::hours(24);
  OutboxRow mail;
  mail.idempotency_key = "public-request:1:email:requester";
  mail.ticket_id = "public-request:1";
  mail.recipient = "a@example.vn";
  mail.recipient_ref = "requester";
  mail.vars = "{}";
  REQUIRE(storage->public_requests().CreatePublicRequest(r, mail).ok());
  CHECK(storage->public_requests().FindPublicRequest(r.code).value() == r);
  CHECK(One(*c, "SELECT form FROM public_requests WHERE code = 'pr-after-11'") == R"({"title":"Dữ liệu hộ tịch"})");
  // The ticket a request links to must exist (foreign key).
  CHECK_THROWS_AS(exec("UPDATE public_requests SET ticket_id = 'no-such-ticket'"), sql::SQLException);
  exec("UPDATE public_requests SET ticket_id = '" + id + "'");
  CHECK(storage->public_requests().FindPublicRequest(r.code)->ticket_id == std::optional<std::string>(id));
  CHECK(storage->tickets().LoadTicket(id).ok());
}

// Migration 13 on a database whose tickets predate it: opening indexes them for search
// (title, description, comments) and copies their resolved_at, once.
TEST_CASE("mysql: opening a database migrated to 13 indexes its existing tickets for search", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto c = Raw(ParseDatabaseUrl(text).value());
  auto exec = [&](const std::string& statement) {
    std::unique_ptr<sql::Statement> s(c->createStatement());
    s->execute(statement);
  };
  std::vector<std::string> ids;
  {
    auto storage = OpenForTest(text);
    REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
    DemoService demo{*storage};
    for (int i = 0; i < 3; ++i) {
      auto t = demo.Report("Mất kết nối LGSP", "Không gọi được dịch vụ tra cứu thửa đất.");
      REQUIRE(t.ok());
      ids.push_back(t->id);
    }
    REQUIRE(demo.Comment(ids[1], "Đã kiểm tra đường truyền").ok());
  }
  // Back to before migration 13, with a resolution time in a snapshot only.
  BackToVersion(*c, 12);
  exec("UPDATE tickets SET snapshot = JSON_SET(snapshot, '$.resolved_at', 1800000000) WHERE id = '" + ids[2] + "'");

  auto storage = OpenForTest(text);
  CHECK(One(*c, "SELECT value FROM counters WHERE name = 'search_backfill'") == "0");
  TicketQuery q;
  q.text = "duong truyen";
  auto found = storage->tickets().ListTickets(q);
  REQUIRE(found.ok());
  REQUIRE(found->items.size() == 1);
  CHECK(found->items[0].id == ids[1]);
  q.text = "mat ket noi LGSP";
  CHECK(storage->tickets().ListTickets(q)->items.size() == 3);
  TicketQuery resolved;
  resolved.resolved_from = Timestamp(std::chrono::seconds(1800000000));
  auto listed = storage->tickets().ListTickets(resolved);
  REQUIRE(listed.ok());
  REQUIRE(listed->items.size() == 1);
  CHECK(listed->items[0].id == ids[2]);
}

// Migration 15 on a database whose tickets were indexed with FULLTEXT (version 14): opening
// writes their word prefixes from the stored folded text, once, and the list's search and
// creation-date window work on them.
TEST_CASE("mysql: opening a database migrated to 15 indexes the words of its existing tickets", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto c = Raw(ParseDatabaseUrl(text).value());
  std::vector<std::string> ids;
  {
    auto storage = OpenForTest(text);
    REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
    DemoService demo{*storage};
    for (const char* title : {"Sai lệch dữ liệu hộ tịch", "Mất kết nối LGSP", "Sai lệch mã định danh"}) {
      auto t = demo.Report(title, "Phát hiện khi đối soát.", Category::kDataDiscrepancy);
      REQUIRE(t.ok());
      ids.push_back(t->id);
      demo.clock.Advance(std::chrono::hours(24));
    }
    REQUIRE(demo.Comment(ids[1], "Đã kiểm tra đường truyền").ok());
  }
  BackToVersion(*c, 14);
  CHECK(One(*c, "SELECT COUNT(*) FROM ticket_search") == "3");

  auto storage = OpenForTest(text);
  CHECK(One(*c, "SELECT value FROM counters WHERE name = 'words_backfill'") == "0");
  CHECK(One(*c, "SELECT COUNT(*) FROM ticket_words WHERE word = 'lech'") == "2");
  CHECK(One(*c, "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() "
                "AND table_name = 'ticket_search' AND index_type = 'FULLTEXT'") == "0");
  auto ids_of = [&](TicketQuery q) {
    auto page = storage->tickets().ListTickets(q);
    REQUIRE(page.ok());
    std::vector<std::string> out;
    for (const Ticket& t : page->items) out.push_back(t.id);
    return out;
  };
  using V = std::vector<std::string>;
  TicketQuery q;
  q.text = "sai lech";
  CHECK(ids_of(q) == V{ids[2], ids[0]});
  q.text = "duong truyen";
  CHECK(ids_of(q) == V{ids[1]});
  q.text = "sai lech";
  q.created_to = DemoStart() + std::chrono::hours(24);
  CHECK(ids_of(q) == V{ids[0]});
}

// Migration 17 on a database whose comments were appended to ticket_search.comments
// (version 16): nothing is copied; the old text is still found, a new comment gets a row of
// its own and leaves the old text as it was, and a term longer than the 12-character keys
// (checked on the text) is found in either.
TEST_CASE("mysql: after migration 17 a ticket is found by its comments from before and after it", "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto c = Raw(ParseDatabaseUrl(text).value());
  std::string id;
  {
    auto storage = OpenForTest(text);
    REQUIRE(storage->directory().Commit(DemoDirectoryChange()).ok());
    DemoService demo{*storage};
    auto t = demo.Report("Mất kết nối LGSP", "Không gọi được dịch vụ tra cứu thửa đất.");
    REQUIRE(t.ok());
    id = t->id;
    REQUIRE(demo.Comment(id, "Lỗi synchronization ở đường truyền").ok());
    CHECK(One(*c, "SELECT COUNT(*) FROM ticket_search_comments") == "1");
  }
  BackToVersion(*c, 16);
  CHECK(One(*c, "SELECT comments FROM ticket_search") == "loi synchronization o duong truyen");

  auto storage = OpenForTest(text);
  CHECK(One(*c, "SELECT COUNT(*) FROM ticket_search_comments") == "0");
  REQUIRE(DemoService{*storage}.Comment(id, "Chờ authentication của Bộ").ok());
  CHECK(One(*c, "SELECT COUNT(*) FROM ticket_search_comments") == "1");
  CHECK(One(*c, "SELECT comments FROM ticket_search") == "loi synchronization o duong truyen");

  auto found = [&](const std::string& words) {
    TicketQuery q;
    q.text = words;
    auto page = storage->tickets().ListTickets(q);
    REQUIRE(page.ok());
    return page->items.size() == 1 && page->items[0].id == id;
  };
  CHECK(found("duong truyen"));                    // keys written before
  CHECK(found("cua bo"));                          // keys of the new comment
  CHECK(found("synchronization"));                 // > 12 characters: the old text's REGEXP
  CHECK(found("authentication"));                  // > 12 characters: the new row's REGEXP
  CHECK(found("synchronization authentication"));  // one in each
  CHECK_FALSE(found("synchronizations"));          // same 12-character key, not a word of it
  CHECK_FALSE(found("authenticationx"));
}

// The store skips reading back a ticket's search row and orgs when the commit is on the
// version its own last commit made (MysqlTicketStore::WrittenTicket); two stores over one
// database stand in for two nodes.
TEST_CASE("mysql: a node's commits on its own last version and on another node's keep ticket_orgs exact",
          "[.mysql]") {
  RequireMariadb();
  const std::string text = CurrentStore().FreshDatabase();
  auto c = Raw(ParseDatabaseUrl(text).value());
  auto node_a = OpenForTest(text);
  auto node_b = OpenForTest(text);
  REQUIRE(node_a->directory().Commit(DemoDirectoryChange()).ok());
  DemoService a{*node_a};
  DemoService b{*node_b};
  auto orgs_of = [&](const std::string& id) {
    return One(*c, "SELECT GROUP_CONCAT(org_id ORDER BY org_id) FROM ticket_orgs WHERE ticket_id = '" + id + "'");
  };
  auto visible_to = [](Storage& node, const std::string& org, const std::string& id) {
    TicketQuery q;
    q.visible_to = org;
    auto page = node.tickets().ListTickets(q);
    REQUIRE(page.ok());
    return std::any_of(page->items.begin(), page->items.end(), [&](const Ticket& t) { return t.id == id; });
  };
  const Actor engineer = DemoActor("stttt.engineer");

  // One node all along: each commit after the first is on the version its last one made.
  auto mine = a.Report("Mất kết nối LGSP", "Không gọi được dịch vụ tra cứu thửa đất.");
  REQUIRE(mine.ok());
  REQUIRE(a.service.Apply(engineer, mine->id, AcknowledgeCommand{}).ok());
  REQUIRE(a.service.Apply(engineer, mine->id, RequestPartyFixCommand{"stnmt", "Kiểm tra cổng dữ liệu"}).ok());
  REQUIRE(a.Comment(mine->id, "Đã gửi nhật ký đường truyền").ok());
  CHECK(orgs_of(mine->id) == "stnmt,stp");
  CHECK(visible_to(*node_b, "stnmt", mine->id));
  CHECK(visible_to(*node_b, "stp", mine->id));
  auto found = [&](const std::string& words) {
    TicketQuery q;
    q.text = words;
    auto page = node_b->tickets().ListTickets(q);
    REQUIRE(page.ok());
    std::vector<std::string> ids;
    for (const Ticket& t : page->items) ids.push_back(t.id);
    return ids;
  };
  CHECK(found("nhat ky") == std::vector<std::string>{mine->id});   // the comment, on the kept pos
  CHECK(found("thua dat") == std::vector<std::string>{mine->id});  // the head, untouched

  // Another node moves the ticket on between two of this node's commits, and (as a later
  // event that changed the text would) rewrites its search head: this node's next commit
  // is on a version it did not make, so it reads the row back and puts the head right.
  auto shared = a.Report("Sai lệch dữ liệu hộ tịch", "Số định danh không khớp.");
  REQUIRE(shared.ok());
  REQUIRE(a.service.Apply(engineer, shared->id, AcknowledgeCommand{}).ok());  // this store wrote version 2
  const std::string head = One(*c, "SELECT s.head FROM ticket_search s JOIN tickets t ON t.pos = s.pos WHERE t.id = '" +
                                       shared->id + "'");
  REQUIRE(b.service.Apply(engineer, shared->id, RequestPartyFixCommand{"stnmt", "Đối chiếu dữ liệu"}).ok());
  std::unique_ptr<sql::Statement>(c->createStatement())
      ->execute("UPDATE ticket_search s JOIN tickets t ON t.pos = s.pos SET s.head = 'khac' WHERE t.id = '" +
                shared->id + "'");
  // The caller's version (3) keeps the engine from starting on its copy (2), so the store
  // commits version 3 while it remembers writing 2.
  CommentCommand comment;
  comment.body = "Chờ Sở Tài nguyên và Môi trường";
  auto commented = a.service.Apply(DemoActor("stp.reporter"), shared->id, comment, 3);
  REQUIRE(commented.ok());
  CHECK(commented->version == 4);
  CHECK(One(*c, "SELECT s.head FROM ticket_search s JOIN tickets t ON t.pos = s.pos WHERE t.id = '" + shared->id +
                    "'") == head);
  CHECK(orgs_of(shared->id) == "stnmt,stp");
  CHECK(visible_to(*node_a, "stnmt", shared->id));
  CHECK(found("tai nguyen") == std::vector<std::string>{shared->id});
  CHECK(found("dinh danh") == std::vector<std::string>{shared->id});
  CHECK(VerifyTicket(node_a->tickets(), a.workflow, shared->id).ok());
}
