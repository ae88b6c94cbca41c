// Notifications end to end (issue 4): the real incidentd, a real SMTP server (postfix's
// smtp-sink) and an HTTP SMS gateway stub, both on 127.0.0.1 and started by the test
// (tests/notifications/test_servers.h). The expected deliveries are written here by hand
// from the default routing rules (notifications/src/routing_rules.cpp,
// DefaultNotificationRules, which config/incidentd.json repeats), and checked three ways:
// the outbox rows that GET /api/v1/tickets/{id}/notifications shows, the mails that
// arrived (decoded by Python's email package, parse_mail.py) and the gateway's requests.
//
// A delivery is named by its outbox idempotency key "<ticket>:<seq>:<channel>:<ref>";
// the mail's Message-ID is that key made a msg-id (':' -> "=3A") at the Message-ID
// domain, and the SMS "id" is the key itself.

#include <catch2/catch.hpp>

#include <signal.h>

#include <atomic>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <Poco/JSON/Parser.h>

#include "notifications_support.h"

using namespace e2e;
using namespace notifications_e2e;
using incidents::testing::DecodeMails;
using incidents::testing::FilesIn;
using incidents::testing::FreePort;
using incidents::testing::MessageIdOfFile;
using incidents::testing::OutboxKey;
using incidents::testing::GatewayStub;
using incidents::testing::SmtpSink;


TEST_CASE("Notifications: a full ticket life reaches the right focal points, by the default rules",
          "[notifications][integration]") {
  SmtpSink sink;
  GatewayStub gateway;
  DemoServer s(NotifyArgs(sink.port(), gateway.url()));
  Expectation x;

  // Ticket A: report -> acknowledge -> assign_doict -> (comment) -> request_party_fix(stnmt)
  // -> request_info -> provide_info -> resolve -> confirm. Filed by stp with skhdt as a
  // party, so that "party" (the org asked to fix) and "parties" differ.
  const std::string title_a = "Dữ liệu hộ tịch sai lệch giữa Sở Tư pháp và UBND huyện Ninh Hải";
  const std::string a = Str(s.CreateTicket("stp.reporter", title_a, {"skhdt"}), "id");
  x.title_of[a] = title_a;
  x.folded_title_of[a] = "Du lieu ho tich sai lech giua So Tu phap va UBND huyen Ninh Hai";
  // new report to DoICT (email, sms); new report to the reporting org (email)
  x.Event(a, 1, "report", {"org:stttt email", "org:stttt sms", "org:stp email"});
  REQUIRE(Fire(s, "stttt.coordinator", a, "acknowledge") == 2);
  x.Event(a, 2, "acknowledge", {"org:stp email"});  // progress to the reporting org
  REQUIRE(Fire(s, "stttt.coordinator", a, "assign_doict", Obj({{"assignee", "stttt.engineer"}})) == 3);
  // progress to the reporting org; assignment to the engineer (no phone: no SMS)
  x.Event(a, 3, "assign_doict", {"org:stp email", "user:stttt.engineer email"});
  REQUIRE(Fire(s, "stp.reporter", a, "comment", Obj({{"body", "Bổ sung: lỗi xuất hiện từ ngày 02/01."}})) == 4);
  // comment: no rule
  REQUIRE(Fire(s, "stttt.engineer", a, "request_party_fix",
               Obj({{"party", "stnmt"}, {"instructions", "Đề nghị Sở TN&MT rà soát bản ghi đất đai."}})) == 5);
  // progress to the reporting org; fix request to the party (email, sms)
  x.Event(a, 5, "request_party_fix", {"org:stp email", "org:stnmt email", "org:stnmt sms"});
  REQUIRE(Fire(s, "stttt.engineer", a, "request_info", Obj({{"question", "Đề nghị gửi ảnh chụp màn hình lỗi."}})) == 6);
  x.Event(a, 6, "request_info", {"org:stp email", "org:stp sms"});  // question to the reporter
  REQUIRE(Fire(s, "stp.reporter", a, "provide_info", Obj({{"answer", "Đã gửi kèm ảnh chụp."}})) == 7);
  x.Event(a, 7, "provide_info", {"user:stttt.engineer email", "org:stttt email"});  // answer to DoICT
  REQUIRE(Fire(s, "stttt.engineer", a, "resolve", Obj({{"resolution", "Đã đồng bộ lại dữ liệu."}})) == 8);
  x.Event(a, 8, "resolve", {"org:stp email", "org:stp sms"});  // resolution to the reporter
  REQUIRE(Fire(s, "stp.reporter", a, "confirm", Obj({{"feedback", "Đã kiểm tra, dữ liệu khớp."}})) == 9);
  x.Event(a, 9, "confirm", {"user:stttt.engineer email", "org:stttt email"});  // confirmation to DoICT

  // Ticket B: escalated to the Chairman, who decides that the parties must act.
  const std::string title_b = "Kết nối LGSP với Sở Y tế gián đoạn";
  const std::string b = Str(s.CreateTicket("syt.reporter", title_b, {"stnmt", "skhdt"}, "connection_failure"), "id");
  x.title_of[b] = title_b;
  x.folded_title_of[b] = "Ket noi LGSP voi So Y te gian doan";
  x.Event(b, 1, "report", {"org:stttt email", "org:stttt sms", "org:syt email"});
  REQUIRE(Fire(s, "stttt.coordinator", b, "acknowledge") == 2);
  x.Event(b, 2, "acknowledge", {"org:syt email"});
  REQUIRE(Fire(s, "stttt.coordinator", b, "escalate_chairman",
               Obj({{"reason", "Vượt thẩm quyền của Sở: cần chỉ đạo của UBND tỉnh."}})) == 3);
  // progress to the reporting org; escalation to the Chairman (email, sms); to the parties (email)
  x.Event(b, 3, "escalate_chairman",
          {"org:syt email", "org:vp-ubnd email", "org:vp-ubnd sms", "org:stnmt email", "org:skhdt email"});
  REQUIRE(Fire(s, "chairman", b, "record_chairman_decision",
               Obj({{"decision", "Giao Sở TN&MT và Sở KH&ĐT phối hợp khắc phục."}, {"requires_action", true}})) == 4);
  // progress to the reporting org; decision to DoICT (email, sms); decision to act to the
  // parties (email, sms: to_state party_fixing)
  x.Event(b, 4, "record_chairman_decision",
          {"org:syt email", "org:stttt email", "org:stttt sms", "org:stnmt email", "org:stnmt sms", "org:skhdt email",
           "org:skhdt sms"});

  // Ticket C: a Chairman's decision that closes the matter (to resolved): the parties are
  // told of the escalation, not of the decision.
  const std::string title_c = "Tranh chấp phạm vi chia sẻ dữ liệu đất đai";
  const std::string c = Str(s.CreateTicket("stnmt.reporter", title_c, {"stp"}, "sharing_disagreement"), "id");
  x.title_of[c] = title_c;
  x.folded_title_of[c] = "Tranh chap pham vi chia se du lieu dat dai";
  x.Event(c, 1, "report", {"org:stttt email", "org:stttt sms", "org:stnmt email"});
  REQUIRE(Fire(s, "stttt.coordinator", c, "acknowledge") == 2);
  x.Event(c, 2, "acknowledge", {"org:stnmt email"});
  REQUIRE(Fire(s, "stttt.coordinator", c, "escalate_chairman", Obj({{"reason", "Các bên không thống nhất."}})) == 3);
  x.Event(c, 3, "escalate_chairman", {"org:stnmt email", "org:vp-ubnd email", "org:vp-ubnd sms", "org:stp email"});
  REQUIRE(Fire(s, "chairman", c, "record_chairman_decision",
               Obj({{"decision", "Giữ nguyên phạm vi chia sẻ hiện hành."}, {"requires_action", false}})) == 4);
  x.Event(c, 4, "record_chairman_decision", {"org:stnmt email", "org:stttt email", "org:stttt sms"});

  const auto rows = WaitSettled(s, {a, b, c}, x.keys.size());

  {  // the outbox rows are exactly the expected deliveries, all sent once
    std::set<std::string> actual;
    for (const auto& [ticket, items] : rows) {
      for (const auto& row : items) {
        const std::string key = RowKey(row, ticket);
        INFO("row " << Describe(row));
        CHECK(actual.insert(key).second);
        CHECK(Str(row, "status") == "sent");
        CHECK(Int(row, "attempts") == 1);
        CHECK(IsNull(row, "last_error"));
        CHECK_FALSE(IsNull(row, "sent_at"));
        const auto it = x.type_of.find(ticket + ":" + std::to_string(Int(row, "event_seq")));
        if (it != x.type_of.end()) CHECK(Str(row, "event_type") == it->second);
        const std::string ref = Str(row, "recipient_ref");
        if (Str(row, "channel") == "email") {
          CHECK(Str(row, "recipient") == EmailOf(ref));
          CHECK(Int(row, "segments") == 0);
        } else if (kOrgs.count(ref)) {
          CHECK(Str(row, "recipient") == PhoneOf(ref));
          CHECK(Int(row, "segments") >= 1);
        }
      }
    }
    INFO("expected:\n  " << Join(x.keys) << "\nactual:\n  " << Join(actual));
    CHECK(actual == x.keys);
  }

  {  // every expected mail arrives once, in decodable Vietnamese, threaded by ticket
    const auto expected = x.Channel("email");
    const auto files = WaitForFiles(sink.mail_dir(), expected.size());
    const auto mails = DecodeMails(files);
    std::map<std::string, std::string> key_of_id;
    for (const auto& k : expected) key_of_id[MessageIdFor(k)] = k;
    std::set<std::string> got;
    std::set<std::string> ids;
    for (const auto& m : mails) {
      const std::string id = m->getValue<std::string>("message_id");
      INFO("mail " << m->getValue<std::string>("file") << " Message-ID " << id);
      CHECK(ids.insert(id).second);  // Message-IDs are unique
      const auto k = key_of_id.find(id);
      if (k == key_of_id.end()) {
        FAIL_CHECK("unexpected mail " << id << " to " << m->getValue<std::string>("to"));
        continue;
      }
      got.insert(k->second);
      const ParsedKey p = Parse(k->second);
      const std::string type = x.type_of.at(p.ticket + ":" + std::to_string(p.seq));
      const std::string title = x.title_of.at(p.ticket);
      CHECK(m->getValue<std::string>("to") == EmailOf(p.ref));
      CHECK(m->getValue<std::string>("subject") == "[" + p.ticket + "] " + kSubjects.at(type).first + ": " + title);
      CHECK(m->getValue<bool>("subject_words_ok"));  // each encoded word holds whole UTF-8 characters
      CHECK(m->getValue<std::string>("in_reply_to") == "<" + p.ticket + "@" + kDomain + ">");
      CHECK(m->getValue<std::string>("references") == "<" + p.ticket + "@" + kDomain + ">");
      CHECK(m->getValue<std::string>("x_ticket_id") == p.ticket);
      CHECK(m->getValue<std::string>("charset") == "utf-8");
      const std::string body = m->getValue<std::string>("body");
      CHECK_THAT(body, Catch::Contains("Kính gửi: " + OrgNameOf(p.ref) + ",") &&
                           Catch::Contains("Tiêu đề: " + title) && Catch::Contains(kLinkBase + p.ticket));
    }
    INFO("expected:\n  " << Join(expected) << "\nreceived:\n  " << Join(got));
    CHECK(got == expected);
    CHECK(files.size() == expected.size());
  }

  {  // every expected SMS is posted once, folded to GSM-7
    const auto expected = x.Channel("sms");
    std::set<std::string> got;
    std::map<std::string, long long> segments_of;
    for (const auto& [ticket, items] : rows)
      for (const auto& row : items)
        if (Str(row, "channel") == "sms") segments_of[RowKey(row, ticket)] = Int(row, "segments");
    for (const auto& r : gateway.requests()) {
      INFO("gateway request " << r.body);
      CHECK(r.method == "POST");
      CHECK(r.status == 200);
      const std::string key = Field(r.body, "id");
      CHECK(got.insert(key).second);  // once
      if (!expected.count(key)) {
        FAIL_CHECK("unexpected SMS " << key);
        continue;
      }
      const ParsedKey p = Parse(key);
      const std::string type = x.type_of.at(p.ticket + ":" + std::to_string(p.seq));
      const std::string text = Field(r.body, "text");
      CHECK(Field(r.body, "to") == PhoneOf(p.ref));
      CHECK(IsGsm7Ascii(text));
      const std::string head = "[" + p.ticket + "] " + kSubjects.at(type).second + ": " + x.folded_title_of.at(p.ticket);
      const std::string link = kLinkBase + p.ticket;
      CHECK(text == (type == "request_info" ? head + ". " + link : head + " " + link));
      CHECK(segments_of[key] == Gsm7Segments(text));
    }
    INFO("expected:\n  " << Join(expected) << "\nposted:\n  " << Join(got));
    CHECK(got == expected);
  }
}

TEST_CASE("Notifications: mails wait while the SMTP server is down, then arrive exactly once",
          "[notifications][integration]") {
  const int port = FreePort();  // nothing listens there yet
  GatewayStub gateway;
  // max_attempts 2: an outage must not use up attempts (issue 14.4), however many tries.
  DemoServer s(NotifyArgs(port, gateway.url(), 2, {"--set", "notifications.retry.unreachable_pause_ms=200"}));
  Expectation x;
  const std::string a = Str(s.CreateTicket("stp.reporter", "Máy chủ thư tạm ngừng"), "id");
  x.Event(a, 1, "report", {"org:stttt email", "org:stp email"});
  REQUIRE(Fire(s, "stttt.coordinator", a, "acknowledge") == 2);
  x.Event(a, 2, "acknowledge", {"org:stp email"});
  REQUIRE(Fire(s, "stttt.coordinator", a, "assign_doict", Obj({{"assignee", "stttt.engineer"}})) == 3);
  x.Event(a, 3, "assign_doict", {"org:stp email", "user:stttt.engineer email"});
  const std::string b = Str(s.CreateTicket("syt.reporter", "Kết nối gián đoạn khi máy chủ thư ngừng"), "id");
  x.Event(b, 1, "report", {"org:stttt email", "org:syt email"});

  const std::string head = OutboxKey(a, 1, "email", "org:stttt");
  auto row_of = [&](const std::string& key) -> Poco::JSON::Object::Ptr {
    const ParsedKey p = Parse(key);
    for (const auto& row : Rows(s, p.ticket))
      if (RowKey(row, p.ticket) == key) return row;
    FAIL("no outbox row " << key);
    return nullptr;
  };
  // The first report mail is tried and waits, uncounted, for the server: one try per pause
  // (200 ms), well past max_attempts (2) tries in these 2 s, and never dead.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (IsNull(row_of(head), "last_error") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(2s);
  auto first = row_of(head);
  INFO("row " << Describe(first));
  CHECK(Str(first, "status") == "pending");
  CHECK(Int(first, "attempts") == 0);
  CHECK_THAT(Str(first, "last_error"),
             (Catch::Contains("127.0.0.1:" + std::to_string(port)) && Catch::Contains("refused")) ||
                 Catch::Contains("could not be reached"));
  // Meanwhile: no mail is sent, a recipient's later mails of the ticket wait behind its
  // first (pending, not tried), and SMS go out unaffected.
  for (const auto& id : {a, b}) {
    for (const auto& row : Rows(s, id)) {
      INFO("row " << Describe(row));
      if (Str(row, "channel") == "sms") {
        CHECK(Str(row, "status") == "sent");
      } else {
        CHECK(Str(row, "status") != "sent");
      }
    }
  }
  for (const auto& key : {OutboxKey(a, 2, "email", "org:stp"), OutboxKey(a, 3, "email", "org:stp")}) {
    const auto row = row_of(key);
    INFO("row " << Describe(row));
    CHECK(Str(row, "status") == "pending");
    CHECK(Int(row, "attempts") == 0);
  }

  SmtpSink sink({}, port);  // the server comes back
  const auto rows = WaitSettled(s, {a, b}, x.keys.size() + 2 /* the two report SMS */);
  for (const auto& [ticket, items] : rows) {
    for (const auto& row : items) {
      INFO("row " << Describe(row));
      CHECK(Str(row, "status") == "sent");
      CHECK(IsNull(row, "last_error"));
    }
  }
  CHECK(Int(row_of(head), "attempts") == 1);  // the one try that reached the server

  const auto files = WaitForFiles(sink.mail_dir(), x.keys.size());
  std::vector<std::string> ids;
  for (const auto& f : files) ids.push_back(MessageIdOfFile(f));
  std::map<std::string, int> expected;
  for (const auto& k : x.keys) expected[MessageIdFor(k)] = 1;
  CHECK(CountBy(ids) == expected);  // each expected Message-ID exactly once, nothing else
}

TEST_CASE("Notifications: SIGKILL in the middle of dispatching loses no mail and repeats at most the batches in flight",
          "[notifications][integration]") {
  constexpr int kTickets = 100;    // 200 mails and 100 SMS
  constexpr int kBatch = 5;        // notifications.batch_size
  constexpr int kWorkers = 2;      // notifications.workers (the default)
  constexpr std::size_t kKillAt = 50;  // mails received when incidentd is killed
  SmtpSink sink;
  GatewayStub gateway;
  // lease_ms: how long the rows a dead process had claimed stay claimed (the minimum, so
  // that the test need not wait the default 2 minutes).
  const auto args = NotifyArgs(sink.port(), gateway.url(), 30,
                               {"--set", "notifications.batch_size=" + std::to_string(kBatch), "--set",
                                "notifications.workers=" + std::to_string(kWorkers), "--set",
                                "notifications.lease_ms=1000"});
  DemoServer s(args);
  s.Token("stp.reporter");

  // SIGKILL as soon as kKillAt mails have arrived, while tickets are still being filed or
  // the backlog is being sent, whichever is the case then.
  std::atomic<bool> killed{false};
  std::atomic<std::size_t> files_at_kill{0};
  std::atomic<bool> stop_watch{false};
  const pid_t pid = s.server->pid();
  std::thread watcher([&] {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!stop_watch && std::chrono::steady_clock::now() < deadline) {
      const std::size_t n = FilesIn(sink.mail_dir()).size();
      if (n >= kKillAt) {
        ::kill(pid, SIGKILL);
        files_at_kill = n;
        killed = true;
        return;
      }
      std::this_thread::sleep_for(1ms);
    }
  });
  int created = 0;
  for (int i = 0; i < kTickets && !killed; ++i) {
    const Response r = s.client->Post(
        "/api/v1/tickets",
        Canonical(Obj({{"category", "connection_failure"},
                       {"title", "Phiếu số " + std::to_string(i + 1) + ": mất kết nối"},
                       {"description", "Đo khả năng chịu lỗi khi dừng đột ngột"}})),
        s.Token("stp.reporter"));
    if (r.status != 201) break;  // killed meanwhile
    ++created;
  }
  // Not killed yet: the backlog is still going out, or all went out before kKillAt.
  const auto wait_until = std::chrono::steady_clock::now() + 20s;
  while (!killed && std::chrono::steady_clock::now() < wait_until) std::this_thread::sleep_for(5ms);
  stop_watch = true;
  watcher.join();
  INFO("created " << created << " tickets; " << files_at_kill << " mails had arrived at the SIGKILL");
  REQUIRE(killed);
  REQUIRE(s.server->WaitExit(5s) == 128 + SIGKILL);

  // Restart on the same database, the sink and the gateway still up.
  s.server = StartServer(s.dir, args);
  s.client = std::make_unique<Client>(s.server->port());
  s.tokens.clear();
  const Response list = s.client->Get("/api/v1/tickets?limit=500", s.Token("stttt.coordinator"));
  REQUIRE(list.status == 200);
  std::vector<std::string> ids;
  for (const auto& t : Objects(ArrAt(list.Object(), "items"))) ids.push_back(Str(t, "id"));
  CHECK(ids.size() >= static_cast<std::size_t>(created));  // + the one whose answer the kill cut off, if any
  CHECK(ids.size() <= static_cast<std::size_t>(created) + 1);

  std::set<std::string> expected_mail, expected_sms;
  for (const auto& id : ids) {
    expected_mail.insert(MessageIdFor(OutboxKey(id, 1, "email", "org:stttt")));
    expected_mail.insert(MessageIdFor(OutboxKey(id, 1, "email", "org:stp")));
    expected_sms.insert(OutboxKey(id, 1, "sms", "org:stttt"));
  }
  const auto rows = WaitSettled(s, ids, 3 * ids.size(), 25s);
  for (const auto& [ticket, items] : rows) {
    CHECK(items.size() == 3);
    for (const auto& row : items) {
      INFO("row " << Describe(row));
      CHECK(Str(row, "status") == "sent");
    }
  }

  const auto files = WaitForFiles(sink.mail_dir(), expected_mail.size());
  std::vector<std::string> mail_ids;
  for (const auto& f : files) mail_ids.push_back(MessageIdOfFile(f));
  const auto mail_counts = CountBy(mail_ids);
  std::vector<std::string> sms_ids;
  for (const auto& r : gateway.requests()) {
    CHECK(r.status == 200);
    sms_ids.push_back(Field(r.body, "id"));
  }
  const auto sms_counts = CountBy(sms_ids);

  std::set<std::string> got_mail, got_sms;
  for (const auto& [id, n] : mail_counts) got_mail.insert(id);
  for (const auto& [id, n] : sms_counts) got_sms.insert(id);
  CHECK(got_mail == expected_mail);  // none lost, nothing else
  CHECK(got_sms == expected_sms);
  const std::size_t mail_dups = mail_ids.size() - mail_counts.size();
  const std::size_t sms_dups = sms_ids.size() - sms_counts.size();
  INFO(mail_dups << " mail(s) and " << sms_dups << " SMS sent twice");
  std::cout << "SIGKILL test: " << created << " tickets filed before the kill, " << files_at_kill
            << " mails had arrived at the kill; after the restart " << mail_dups << " mail(s) and " << sms_dups
            << " SMS were sent twice (bound " << kBatch * kWorkers << ")\n";
  // A worker sends its whole batch, then records the outcomes: what the kill cuts off
  // between the two is sent again, at most one batch per worker.
  CHECK(mail_dups + sms_dups <= static_cast<std::size_t>(kBatch * kWorkers));
  for (const auto& [id, n] : mail_counts) CHECK(n <= 2);
  for (const auto& [id, n] : sms_counts) CHECK(n <= 2);

  s.server->Stop();
  const RunResult verify = RunCommand({INCIDENTCTL_PATH, "verify", "--database", TestDatabaseUrl(s.dir)});
  INFO("incidentctl verify: " << verify.output);
  CHECK(verify.exit_code == 0);
}
