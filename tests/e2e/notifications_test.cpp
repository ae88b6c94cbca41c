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

#include "e2e_fixture.h"
#include "message_keys.h"
#include "test_servers.h"

using namespace e2e;
using incidents::testing::DecodeMails;
using incidents::testing::FilesIn;
using incidents::testing::FreePort;
using incidents::testing::MessageIdOfFile;
using incidents::testing::OutboxKey;
using incidents::testing::GatewayStub;
using incidents::testing::SmtpSink;

namespace {

const std::string kDomain = "incidents.e2e";
const std::string kLinkBase = "http://127.0.0.1:8080/tickets/";  // public_url default + the ticket's page

// The flags that point incidentd at the test's servers, with quick retries.
std::vector<std::string> NotifyArgs(int smtp_port, const std::string& gateway_url, int max_attempts = 30,
                                    std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"--set", "notifications.email.smtp_port=" + std::to_string(smtp_port),
                                   "--set", "notifications.email.message_id_domain=" + kDomain,
                                   "--set", "notifications.retry.initial_backoff_ms=20",
                                   "--set", "notifications.retry.max_backoff_ms=200",
                                   "--set", "notifications.retry.max_attempts=" + std::to_string(max_attempts)};
  if (!gateway_url.empty()) args.insert(args.end(), {"--set", "notifications.sms.gateway_url=" + gateway_url});
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string MessageIdFor(const std::string& key) { return incidents::testing::ExpectedMessageId(key, kDomain); }

// The demo directory's contacts (config/demo-directory.csv).
const std::map<std::string, std::pair<std::string, std::string>> kOrgs = {
    // ref -> {organisation name, phone}
    {"org:stttt", {"Sở Thông tin và Truyền thông", "+84900000001"}},
    {"org:stp", {"Sở Tư pháp", "+84900000002"}},
    {"org:stnmt", {"Sở Tài nguyên và Môi trường", "+84900000003"}},
    {"org:skhdt", {"Sở Kế hoạch và Đầu tư", "+84900000004"}},
    {"org:syt", {"Sở Y tế", "+84900000005"}},
    {"org:ubnd-prtc", {"UBND thành phố Phan Rang - Tháp Chàm", "+84900000006"}},
    {"org:vp-ubnd", {"Văn phòng UBND tỉnh", "+84900000007"}},
    {"org:btttt", {"Bộ Thông tin và Truyền thông", "+84900000008"}},
};

std::string EmailOf(const std::string& ref) {
  if (ref == "user:stttt.engineer") return "engineer@stttt.ninhthuan.example";
  REQUIRE(ref.rfind("org:", 0) == 0);
  return "focal@" + ref.substr(4) + ".ninhthuan.example";
}
std::string PhoneOf(const std::string& ref) { return kOrgs.at(ref).second; }
// The addressee's organisation ("Kính gửi: ..."): the org, or the user's org.
std::string OrgNameOf(const std::string& ref) {
  return ref == "user:stttt.engineer" ? kOrgs.at("org:stttt").first : kOrgs.at(ref).first;
}

// Mail subjects (config/templates/vi/<event>.txt, with the demo's authorities filled in)
// and their GSM-7 folding as sent by SMS ("{{subject}} {{link}}", or request_info.sms.txt).
const std::map<std::string, std::pair<std::string, std::string>> kSubjects = {
    {"report", {"Phiếu sự cố mới", "Phieu su co moi"}},
    {"acknowledge", {"Sở Thông tin và Truyền thông đã tiếp nhận phiếu sự cố", ""}},
    {"assign_doict", {"Sở Thông tin và Truyền thông trực tiếp xử lý sự cố", ""}},
    {"request_party_fix", {"Đề nghị đơn vị xử lý sự cố", "De nghi don vi xu ly su co"}},
    {"request_info", {"Đề nghị bổ sung thông tin", "So Thong tin va Truyen thong de nghi bo sung thong tin"}},
    {"provide_info", {"Đơn vị đã bổ sung thông tin", ""}},
    {"resolve", {"Sự cố đã được xử lý, đề nghị xác nhận", "Su co da duoc xu ly, de nghi xac nhan"}},
    {"confirm", {"Đơn vị đã xác nhận kết quả xử lý", ""}},
    {"escalate_chairman", {"Báo cáo Chủ tịch UBND tỉnh xem xét, quyết định", "Bao cao Chu tich UBND tinh xem xet, quyet dinh"}},
    {"record_chairman_decision", {"Đã có quyết định của Chủ tịch UBND tỉnh", "Da co quyet dinh cua Chu tich UBND tinh"}},
};

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : "\n  ") + x;
  return out;
}

// Expected deliveries, by key, with the event type of each key's event.
struct Expectation {
  std::set<std::string> keys;
  std::map<std::string, std::string> type_of;  // "<ticket>:<seq>" -> event type
  std::map<std::string, std::string> title_of;  // ticket -> title (and its folding below)
  std::map<std::string, std::string> folded_title_of;

  // `deliveries`: "<ref> <channel>" items.
  void Event(const std::string& ticket, long long seq, const std::string& type,
             const std::vector<std::string>& deliveries) {
    type_of[ticket + ":" + std::to_string(seq)] = type;
    for (const auto& d : deliveries) {
      const auto space = d.find(' ');
      keys.insert(OutboxKey(ticket, seq, d.substr(space + 1), d.substr(0, space)));
    }
  }
  std::set<std::string> Channel(const std::string& channel) const {
    std::set<std::string> out;
    for (const auto& k : keys)
      if (k.find(":" + channel + ":") != std::string::npos) out.insert(k);
    return out;
  }
};

struct ParsedKey {
  std::string ticket, channel, ref;
  long long seq = 0;
};
ParsedKey Parse(const std::string& key) {
  ParsedKey p;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const auto colon = key.find(':', start);
    REQUIRE(colon != std::string::npos);
    parts.push_back(key.substr(start, colon - start));
    start = colon + 1;
  }
  p.ticket = parts[0];
  p.seq = std::stoll(parts[1]);
  p.channel = parts[2];
  p.ref = key.substr(start);
  return p;
}

std::vector<Poco::JSON::Object::Ptr> Rows(DemoServer& s, const std::string& id) {
  const Response r = s.client->Get(TicketPath(id) + "/notifications", s.Token("stttt.coordinator"));
  INFO("notifications of " << id << ": " << r.Describe());
  REQUIRE(r.status == 200);
  return Objects(ArrAt(r.Object(), "items"));
}

std::string RowKey(const Poco::JSON::Object::Ptr& row, const std::string& ticket) {
  return OutboxKey(ticket, Int(row, "event_seq"), Str(row, "channel"), Str(row, "recipient_ref"));
}

std::string Describe(const Poco::JSON::Object::Ptr& row) {
  std::ostringstream s;
  row->stringify(s);
  return s.str();
}

// Polls until every outbox row of these tickets is sent, dead or disabled (and there is at least
// `min_rows` of them); returns the rows by ticket.
std::map<std::string, std::vector<Poco::JSON::Object::Ptr>> WaitSettled(DemoServer& s,
                                                                        const std::vector<std::string>& ids,
                                                                        std::size_t min_rows,
                                                                        std::chrono::milliseconds within = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  std::map<std::string, std::vector<Poco::JSON::Object::Ptr>> rows;
  std::string unsettled;
  while (true) {
    rows.clear();
    unsettled.clear();
    std::size_t total = 0;
    for (const auto& id : ids) {
      rows[id] = Rows(s, id);
      total += rows[id].size();
      for (const auto& row : rows[id]) {
        const std::string st = Str(row, "status");
        if (st != "sent" && st != "dead" && st != "disabled") unsettled += "\n  " + Describe(row);
      }
    }
    if (unsettled.empty() && total >= min_rows) break;
    if (std::chrono::steady_clock::now() > deadline) {
      FAIL("outbox rows not settled within " << within.count() << " ms (" << total << " rows):" << unsettled);
    }
    std::this_thread::sleep_for(50ms);
  }
  return rows;
}

// Waits until `dir` holds at least `count` files (or the time is up), then lets the
// server close the last one.
std::vector<std::string> WaitForFiles(const std::string& dir, std::size_t count, std::chrono::milliseconds within = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (FilesIn(dir).size() < count && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  std::this_thread::sleep_for(300ms);  // and a moment for anything extra to show up
  return FilesIn(dir);
}

// A value of /metrics, by its full series name with labels; -1 when absent.
double Metric(Client& c, const std::string& series) {
  const Response r = c.Get("/metrics");
  REQUIRE(r.status == 200);
  std::istringstream in(r.body);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return -1;
}

// GSM 03.38 basic + extension tables restricted to ASCII: printable ASCII but '`', and LF.
bool IsGsm7Ascii(const std::string& text) {
  for (unsigned char c : text)
    if (!((c >= 0x20 && c < 0x7F && c != '`') || c == '\n')) return false;
  return true;
}

// Parts of a GSM-7 text: 160 septets in one SMS, 153 per part; extension characters take two.
long long Gsm7Segments(const std::string& text) {
  long long septets = 0;
  for (char c : text) septets += std::string_view("^{}[]~\\|").find(c) != std::string_view::npos ? 2 : 1;
  return septets <= 160 ? 1 : (septets + 152) / 153;
}

// POSTs an event; REQUIREs 200 and returns the ticket's new version (= the event's seq).
long long Fire(DemoServer& s, const std::string& user, const std::string& id, const std::string& type,
               const Poco::JSON::Object::Ptr& payload = nullptr) {
  const Response r = s.PostEvent(user, id, type, payload);
  INFO(type << " on " << id << " by " << user << ": " << r.Describe());
  REQUIRE(r.status == 200);
  return Int(r.Object(), "version");
}

std::map<std::string, int> CountBy(const std::vector<std::string>& items) {
  std::map<std::string, int> out;
  for (const auto& i : items) ++out[i];
  return out;
}

std::string Field(const std::string& json, const std::string& key) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(key);
}

}  // namespace

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

TEST_CASE("Notifications: a gateway that answers 500 three times, then 200, gets the SMS once",
          "[notifications][integration]") {
  SmtpSink sink;
  GatewayStub gateway({500, 500, 500});
  DemoServer s(NotifyArgs(sink.port(), gateway.url()));
  const std::string a = Str(s.CreateTicket("stp.reporter", "Cổng SMS quá tải"), "id");
  const std::string key = OutboxKey(a, 1, "sms", "org:stttt");
  const auto rows = WaitSettled(s, {a}, 3);

  std::vector<std::string> accepted, statuses;
  for (const auto& r : gateway.requests()) {
    INFO("gateway request " << r.body);
    CHECK(Field(r.body, "id") == key);  // the retries carry the same idempotency key
    CHECK(Field(r.body, "to") == "+84900000001");
    statuses.push_back(std::to_string(r.status));
    if (r.status / 100 == 2) accepted.push_back(Field(r.body, "id"));
  }
  CHECK(statuses == std::vector<std::string>{"500", "500", "500", "200"});
  CHECK(accepted == std::vector<std::string>{key});
  for (const auto& row : rows.at(a)) {
    INFO("row " << Describe(row));
    CHECK(Str(row, "status") == "sent");
    if (Str(row, "channel") == "sms") {
      CHECK(Int(row, "attempts") == 4);
      CHECK(IsNull(row, "last_error"));
      CHECK(Int(row, "segments") == 1);
    }
  }
}

TEST_CASE("Notifications: without an SMS gateway (the default) SMS rows are disabled, visibly, and nothing is dead",
          "[notifications][integration]") {
  SmtpSink sink;
  DemoServer s(NotifyArgs(sink.port(), ""));
  const std::string a = Str(s.CreateTicket("stp.reporter", "Không có cổng SMS"), "id");
  WaitSettled(s, {a}, 3);
  std::this_thread::sleep_for(300ms);  // time enough for a retry, if there were one

  const Response r = s.client->Get(TicketPath(a) + "/notifications", s.Token("stp.reporter"));
  REQUIRE(r.status == 200);
  int disabled = 0;
  for (const auto& row : Objects(ArrAt(r.Object(), "items"))) {
    INFO("row " << Describe(row));
    if (Str(row, "channel") == "email") {
      CHECK(Str(row, "status") == "sent");
      continue;
    }
    ++disabled;
    CHECK(Str(row, "status") == "disabled");
    CHECK(Int(row, "attempts") == 0);
    CHECK(IsNull(row, "sent_at"));
    CHECK_THAT(Str(row, "last_error"), Catch::StartsWith("SMS gateway not configured"));
  }
  CHECK(disabled == 1);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"sms\",status=\"disabled\"}") == 1);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"sms\",status=\"dead\"}") == 0);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"email\",status=\"dead\"}") == 0);
}

TEST_CASE("Notifications: a gateway's 4xx makes the SMS dead, visibly", "[notifications][integration]") {
  SmtpSink sink;
  GatewayStub gateway({}, 0ms, "", /*default_status=*/400);
  DemoServer s(NotifyArgs(sink.port(), gateway.url()));
  const std::string a = Str(s.CreateTicket("stp.reporter", "Số điện thoại không hợp lệ"), "id");
  WaitSettled(s, {a}, 3);
  std::this_thread::sleep_for(500ms);  // time enough for retries, if there were any

  // The reporter sees it too.
  const Response r = s.client->Get(TicketPath(a) + "/notifications", s.Token("stp.reporter"));
  REQUIRE(r.status == 200);
  int dead = 0;
  for (const auto& row : Objects(ArrAt(r.Object(), "items"))) {
    INFO("row " << Describe(row));
    if (Str(row, "channel") == "email") {
      CHECK(Str(row, "status") == "sent");
      continue;
    }
    ++dead;
    CHECK(Str(row, "status") == "dead");
    CHECK(Int(row, "attempts") == 1);
    CHECK(IsNull(row, "sent_at"));
    CHECK_THAT(Str(row, "last_error"), Catch::Contains("400"));
  }
  CHECK(dead == 1);
  CHECK(gateway.requests().size() == 1);  // not retried
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"sms\",status=\"dead\"}") == 1);
  CHECK(Metric(*s.client, "incidentd_notifications{channel=\"email\",status=\"sent\"}") == 2);
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
