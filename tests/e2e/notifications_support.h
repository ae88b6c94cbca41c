#pragma once
// What the notification e2e cases share (notifications_test.cpp, notifications_sms_test.cpp):
// the flags that point incidentd at the test's SMTP sink and SMS gateway, the demo
// directory's contacts, the deliveries the default routing rules produce, and reading them
// back from the API, the mails and the gateway.

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Parser.h>

#include "e2e_fixture.h"
#include "message_keys.h"
#include "test_servers.h"

namespace notifications_e2e {

using namespace e2e;
using namespace std::chrono_literals;
using incidents::testing::FilesIn;
using incidents::testing::OutboxKey;


inline const std::string kDomain = "incidents.e2e";
inline const std::string kLinkBase = "http://127.0.0.1:8080/tickets/";  // public_url default + the ticket's page

// The flags that point incidentd at the test's servers, with quick retries.
inline std::vector<std::string> NotifyArgs(int smtp_port, const std::string& gateway_url, int max_attempts = 30,
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

inline std::string MessageIdFor(const std::string& key) { return incidents::testing::ExpectedMessageId(key, kDomain); }

// The demo directory's contacts (config/demo-directory.csv).
inline const std::map<std::string, std::pair<std::string, std::string>> kOrgs = {
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

inline std::string EmailOf(const std::string& ref) {
  if (ref == "user:stttt.engineer") return "engineer@stttt.ninhthuan.example";
  REQUIRE(ref.rfind("org:", 0) == 0);
  return "focal@" + ref.substr(4) + ".ninhthuan.example";
}
inline std::string PhoneOf(const std::string& ref) { return kOrgs.at(ref).second; }
// The addressee's organisation ("Kính gửi: ..."): the org, or the user's org.
inline std::string OrgNameOf(const std::string& ref) {
  return ref == "user:stttt.engineer" ? kOrgs.at("org:stttt").first : kOrgs.at(ref).first;
}

// Mail subjects (config/templates/vi/<event>.txt, with the demo's authorities filled in)
// and their GSM-7 folding as sent by SMS ("{{subject}} {{link}}", or request_info.sms.txt).
inline const std::map<std::string, std::pair<std::string, std::string>> kSubjects = {
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

inline std::string Join(const std::set<std::string>& s) {
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
inline ParsedKey Parse(const std::string& key) {
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

inline std::vector<Poco::JSON::Object::Ptr> Rows(DemoServer& s, const std::string& id) {
  const Response r = s.client->Get(TicketPath(id) + "/notifications", s.Token("stttt.coordinator"));
  INFO("notifications of " << id << ": " << r.Describe());
  REQUIRE(r.status == 200);
  return Objects(ArrAt(r.Object(), "items"));
}

inline std::string RowKey(const Poco::JSON::Object::Ptr& row, const std::string& ticket) {
  return OutboxKey(ticket, Int(row, "event_seq"), Str(row, "channel"), Str(row, "recipient_ref"));
}

inline std::string Describe(const Poco::JSON::Object::Ptr& row) {
  std::ostringstream s;
  row->stringify(s);
  return s.str();
}

// Polls until every outbox row of these tickets is sent, dead or disabled (and there is at least
// `min_rows` of them); returns the rows by ticket.
inline std::map<std::string, std::vector<Poco::JSON::Object::Ptr>> WaitSettled(DemoServer& s,
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
inline std::vector<std::string> WaitForFiles(const std::string& dir, std::size_t count, std::chrono::milliseconds within = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (FilesIn(dir).size() < count && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  std::this_thread::sleep_for(300ms);  // and a moment for anything extra to show up
  return FilesIn(dir);
}

// A value of /metrics, by its full series name with labels; -1 when absent.
inline double Metric(Client& c, const std::string& series) {
  const Response r = c.Get("/metrics");
  REQUIRE(r.status == 200);
  std::istringstream in(r.body);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return -1;
}

// GSM 03.38 basic + extension tables restricted to ASCII: printable ASCII but '`', and LF.
inline bool IsGsm7Ascii(const std::string& text) {
  for (unsigned char c : text)
    if (!((c >= 0x20 && c < 0x7F && c != '`') || c == '\n')) return false;
  return true;
}

// Parts of a GSM-7 text: 160 septets in one SMS, 153 per part; extension characters take two.
inline long long Gsm7Segments(const std::string& text) {
  long long septets = 0;
  for (char c : text) septets += std::string_view("^{}[]~\\|").find(c) != std::string_view::npos ? 2 : 1;
  return septets <= 160 ? 1 : (septets + 152) / 153;
}

// POSTs an event; REQUIREs 200 and returns the ticket's new version (= the event's seq).
inline long long Fire(DemoServer& s, const std::string& user, const std::string& id, const std::string& type,
               const Poco::JSON::Object::Ptr& payload = nullptr) {
  const Response r = s.PostEvent(user, id, type, payload);
  INFO(type << " on " << id << " by " << user << ": " << r.Describe());
  REQUIRE(r.status == 200);
  return Int(r.Object(), "version");
}

inline std::map<std::string, int> CountBy(const std::vector<std::string>& items) {
  std::map<std::string, int> out;
  for (const auto& i : items) ++out[i];
  return out;
}

inline std::string Field(const std::string& json, const std::string& key) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(key);
}


}  // namespace notifications_e2e
