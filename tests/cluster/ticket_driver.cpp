#include "ticket_driver.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <random>
#include <thread>

#include "http_client.h"
#include "json_support.h"

namespace cluster {

namespace {

using namespace std::chrono_literals;
using Poco::JSON::Object;

// Tries per step: lost answers, and 409s caused by a timer's event in between.
constexpr int kMaxTries = 40;

const std::string kEngineer = "stttt.engineer";
const std::string kCoordinator = "stttt.coordinator";
const std::string kChairmanUser = "chairman";

struct Reporter {
  const char* user;
  const char* org;
};
constexpr Reporter kReporters[] = {{"stp.reporter", "stp"}, {"stnmt.reporter", "stnmt"}, {"syt.reporter", "syt"}};
// Orgs that may be parties: not DoICT, not the Chairman's office (their own rules notify them).
constexpr const char* kPartyOrgs[] = {"stp", "stnmt", "skhdt", "syt", "ubnd-prtc"};
constexpr const char* kCategories[] = {"data_discrepancy", "connection_failure", "sharing_disagreement",
                                       "operational_incident", "other"};

// Catch-free JSON access for the worker threads: "" / -1 / nullptr when absent.
Object::Ptr ParseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var v = parser.parse(body);
    if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
  } catch (const std::exception&) {
  }
  return nullptr;
}
std::string Text(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) && o->get(key).isString() ? o->getValue<std::string>(key) : "";
}
long long Number(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) && o->get(key).isInteger() ? o->getValue<long long>(key) : -1;
}
Object::Ptr Payload(const Object::Ptr& event) {
  return event && event->has("payload") ? event->getObject("payload") : nullptr;
}

bool IsVersionConflict(const e2e::Response& r) {
  const std::string type = Text(ParseObject(r.body), "type");
  const std::string suffix = "version-conflict";
  return r.status == 409 && type.size() >= suffix.size() && type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A short description of an answer without its body (which may hold contacts).
std::string Brief(const e2e::Response& r) {
  if (r.status == 0) return "no answer (" + r.error + ")";
  const auto o = ParseObject(r.body);
  return std::to_string(r.status) + " " + Text(o, "type") + " " + Text(o, "detail");
}

}  // namespace

std::string_view Name(Script s) {
  switch (s) {
    case Script::kOpen: return "open";
    case Script::kAutoClose: return "auto_close";
    case Script::kFull: return "full";
    case Script::kPartyFix: return "party_fix";
    case Script::kChairman: return "chairman";
    case Script::kReject: return "reject";
  }
  return "?";
}

std::string FinalState(Script s) {
  switch (s) {
    case Script::kOpen: return "reported";
    case Script::kReject: return "rejected";
    default: return "closed";
  }
}

std::vector<TicketPlan> MakePlans(int count, unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const int open = count / 10;
  const int auto_close = count * 15 / 100;
  const int rest = count - open - auto_close;
  const int full = rest * 40 / 100, party = rest * 20 / 100, chairman = rest * 15 / 100;
  std::vector<Script> later;
  later.insert(later.end(), full, Script::kFull);
  later.insert(later.end(), party, Script::kPartyFix);
  later.insert(later.end(), chairman, Script::kChairman);
  later.insert(later.end(), rest - full - party - chairman, Script::kReject);
  std::shuffle(later.begin(), later.end(), rng);
  std::vector<Script> scripts(open, Script::kOpen);
  scripts.insert(scripts.end(), auto_close, Script::kAutoClose);
  scripts.insert(scripts.end(), later.begin(), later.end());

  std::vector<TicketPlan> plans;
  for (Script s : scripts) {
    TicketPlan p;
    p.script = s;
    const Reporter& r = kReporters[pick(3)];
    p.reporter = r.user;
    p.reporter_org = r.org;
    auto other_org = [&] {
      while (true) {
        const std::string org = kPartyOrgs[pick(5)];
        if (org != p.reporter_org) return org;
      }
    };
    if (pick(2) == 0) p.parties.push_back(other_org());
    if (s == Script::kPartyFix) p.party = other_org();
    switch (s) {
      case Script::kOpen: p.priority = "critical"; break;
      case Script::kAutoClose: p.priority = "low"; break;
      case Script::kReject: p.priority = "normal"; break;
      default: p.priority = pick(2) == 0 ? "normal" : "low"; break;
    }
    plans.push_back(std::move(p));
  }
  return plans;
}

class TicketDriver::Worker {
 public:
  Worker(TicketDriver& d, unsigned seed) : d_(d), rng_(seed) {
    for (int n = 0; n < 2; ++n) {
      clients_[n] = std::make_unique<e2e::Client>(d.options_.ports[n]);
      clients_[n]->SetTimeout(30s);
    }
  }

  void Drive(TicketPlan& p, int index) {
    index_ = index;
    if (!Report(p)) return;
    long long v = 1;
    auto step = [&](const std::string& user, const std::string& type, const Object::Ptr& payload = nullptr) {
      return Step(p, v, user, type, payload);
    };
    const auto assign = e2e::Obj({{"assignee", kEngineer}});
    const auto resolution = e2e::Obj({{"resolution", "Đã khắc phục và đồng bộ lại dữ liệu."}});
    const auto feedback = e2e::Obj({{"feedback", "Đã kiểm tra, kết quả đúng."}});
    switch (p.script) {
      case Script::kOpen:
        p.done = true;
        break;
      case Script::kReject:
        p.done = step(kCoordinator, "reject", e2e::Obj({{"reason", "Ngoài phạm vi quy chế (Điều 1.2)."}}));
        break;
      case Script::kAutoClose:
        p.done = step(kEngineer, "acknowledge") && step(kCoordinator, "assign_doict", assign) &&
                 step(kEngineer, "resolve", resolution);
        break;
      case Script::kFull:
        p.done = AckRace(p, v) && step(kCoordinator, "assign_doict", assign) && CommentRace(p, v) &&
                 step(kEngineer, "resolve", resolution) && step(p.reporter, "confirm", feedback);
        break;
      case Script::kPartyFix:
        p.done = step(kEngineer, "acknowledge") && step(kCoordinator, "assign_doict", assign) &&
                 step(kEngineer, "request_party_fix",
                      e2e::Obj({{"party", p.party}, {"instructions", "Đề nghị rà soát và cập nhật bản ghi."}})) &&
                 step(kEngineer, "request_info", e2e::Obj({{"question", "Đề nghị gửi nhật ký kết nối."}})) &&
                 step(p.reporter, "provide_info", e2e::Obj({{"answer", "Đã gửi kèm nhật ký."}})) &&
                 step(kEngineer, "resolve", resolution) && step(p.reporter, "confirm", feedback);
        break;
      case Script::kChairman:
        p.done = step(kEngineer, "acknowledge") &&
                 step(kCoordinator, "escalate_chairman", e2e::Obj({{"reason", "Vượt thẩm quyền của Sở."}})) &&
                 step(kChairmanUser, "record_chairman_decision",
                      e2e::Obj({{"decision", "Giữ nguyên phạm vi chia sẻ hiện hành."}, {"requires_action", false}})) &&
                 step(p.reporter, "confirm", feedback);
        break;
    }
  }

  void AddStats(DriveStats& s) const {
    s.requests += stats_.requests;
    s.ack_races += stats_.ack_races;
    s.ack_race_both_won += stats_.ack_race_both_won;
    s.comment_races += stats_.comment_races;
    s.lost_answers += stats_.lost_answers;
    s.lost_reports += stats_.lost_reports;
    s.timer_conflicts += stats_.timer_conflicts;
  }

 private:
  std::string Where(const TicketPlan& p) const {
    return "plan " + std::to_string(index_) + " (" + std::string(Name(p.script)) + ", ticket " +
           (p.id.empty() ? "-" : p.id) + ")";
  }
  void Fail(const TicketPlan& p, const std::string& what) { d_.Fail(Where(p) + ": " + what); }

  bool BothUp() const { return !d_.down_[0] && !d_.down_[1]; }
  int Pick() {
    if (d_.down_[0]) return 1;
    if (d_.down_[1]) return 0;
    return static_cast<int>(rng_() % 2);
  }

  e2e::Headers Auth(const std::string& user) const {
    return {{"Authorization", "Bearer " + d_.options_.tokens.at(user)}};
  }
  e2e::Response Post(int node, const std::string& path, const Object::Ptr& body, const std::string& user) {
    ++stats_.requests;
    return clients_[node]->Send("POST", path, e2e::Canonical(body), Auth(user));
  }

  // GET on a live node, trying again while answers are lost; nullptr (and a failure) when
  // it cannot get a 200.
  Object::Ptr Get(const TicketPlan& p, const std::string& path) {
    for (int attempt = 0; attempt < kMaxTries; ++attempt) {
      ++stats_.requests;
      const e2e::Response r = clients_[Pick()]->Send("GET", path, "", Auth(kCoordinator));
      if (r.status == 200) {
        if (auto o = ParseObject(r.body)) return o;
        Fail(p, "GET " + path + ": not a JSON object");
        return nullptr;
      }
      if (r.status != 0) {
        Fail(p, "GET " + path + ": " + Brief(r));
        return nullptr;
      }
      std::this_thread::sleep_for(50ms);
    }
    Fail(p, "GET " + path + ": no answer from any node");
    return nullptr;
  }

  std::vector<Object::Ptr> History(const TicketPlan& p) {
    std::vector<Object::Ptr> out;
    const auto o = Get(p, "/api/v1/tickets/" + p.id + "/history");
    if (!o || !o->has("items")) return out;
    const auto items = o->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) out.push_back(items->getObject(static_cast<unsigned>(i)));
    return out;
  }

  bool Report(TicketPlan& p) {
    const std::string title = "Hai nút, phiếu " + std::to_string(index_ + 1) + " (" + d_.options_.tag + ")";
    const auto body = e2e::Obj({{"category", kCategories[index_ % 5]},
                                {"title", title},
                                {"description", "Kiểm thử hai nút dùng chung một cơ sở dữ liệu."},
                                {"priority", p.priority},
                                {"parties", e2e::StrArr(p.parties)}});
    // A report whose answer is lost may or may not exist; it is filed again (the test
    // finds and rejects such strays afterwards, so that no timer of theirs stays armed).
    for (int attempt = 0; attempt < 5; ++attempt) {
      const e2e::Response r = Post(Pick(), "/api/v1/tickets", body, p.reporter);
      if (r.status == 201) {
        p.id = Text(ParseObject(r.body), "id");
        if (p.id.empty()) Fail(p, "201 without an id");
        return !p.id.empty();
      }
      if (r.status != 0) {
        Fail(p, "report: " + Brief(r));
        return false;
      }
      ++stats_.lost_reports;
      std::this_thread::sleep_for(50ms);
    }
    Fail(p, "report: no answer from any node");
    return false;
  }

  // Settles what happened after `version` from the history: sets `version` to the last
  // seq and returns how many events of `type` by `user` came after it. Every other event
  // after it must be a timer's (actor `system`); -1 (and a failure) otherwise.
  int Since(const TicketPlan& p, long long& version, const std::string& user, const std::string& type) {
    const auto history = History(p);
    if (history.empty()) return -1;
    int ours = 0;
    const long long from = version;
    for (const auto& e : history) {
      const long long seq = Number(e, "seq");
      if (seq <= from) continue;
      if (Text(e, "type") == type && Text(e, "actor") == user) {
        ++ours;
      } else if (Text(e, "actor") != "system") {
        Fail(p, "unexpected event " + Text(e, "type") + " by " + Text(e, "actor") + " at seq " + std::to_string(seq));
        return -1;
      }
    }
    version = Number(history.back(), "seq");
    return ours;
  }

  // How many comments with this body by `user` the history holds; -1 when it cannot be read.
  int Comments(const TicketPlan& p, const std::string& user, const std::string& body) {
    const auto history = History(p);
    if (history.empty()) return -1;
    int n = 0;
    for (const auto& e : history)
      if (Text(e, "type") == "comment" && Text(e, "actor") == user && Text(Payload(e), "body") == body) ++n;
    return n;
  }

  // Fires `type` as `user` with expected_version = `version`; on success `version` is the
  // ticket's version after it.
  bool Step(TicketPlan& p, long long& version, const std::string& user, const std::string& type,
            const Object::Ptr& payload) {
    const std::string path = "/api/v1/tickets/" + p.id + "/events";
    for (int attempt = 0; attempt < kMaxTries; ++attempt) {
      auto body = payload ? e2e::CopyWithout(payload) : e2e::Obj({});
      body->set("type", type);
      body->set("expected_version", version);
      const e2e::Response r = Post(Pick(), path, body, user);
      if (r.status == 200) {
        const long long now = Number(ParseObject(r.body), "version");
        if (now != version + 1) Fail(p, type + ": version " + std::to_string(now) + " after " + std::to_string(version));
        version = now;
        return true;
      }
      const bool lost = r.status == 0;
      if (!lost && !IsVersionConflict(r)) {
        Fail(p, type + " at version " + std::to_string(version) + ": " + Brief(r));
        return false;
      }
      ++(lost ? stats_.lost_answers : stats_.timer_conflicts);
      const long long before = version;
      const int ours = Since(p, version, user, type);
      if (ours < 0) return false;
      if (ours == 1) return true;  // the lost answer's event was applied
      if (ours > 1) {
        Fail(p, type + " applied " + std::to_string(ours) + " times");
        return false;
      }
      if (!lost && version == before) {
        Fail(p, type + ": 409 version-conflict, yet the ticket is still at version " + std::to_string(before));
        return false;
      }
      if (lost) std::this_thread::sleep_for(50ms);
    }
    Fail(p, type + ": gave up after " + std::to_string(kMaxTries) + " tries");
    return false;
  }

  // `acknowledge` by two DoICT users, one request to each node at once, with the same
  // expected_version: exactly one may win.
  bool AckRace(TicketPlan& p, long long& version) {
    if (!BothUp()) return Step(p, version, kEngineer, "acknowledge", nullptr);
    ++stats_.ack_races;
    const int first = static_cast<int>(rng_() % 2);
    const std::string path = "/api/v1/tickets/" + p.id + "/events";
    const std::string body = e2e::Canonical(e2e::Obj({{"type", "acknowledge"}, {"expected_version", version}}));
    e2e::Response a, b;
    e2e::Client& other_client = *clients_[1 - first];
    const e2e::Headers other_auth = Auth(kCoordinator);
    std::thread other([&] { b = other_client.Send("POST", path, body, other_auth); });
    a = clients_[first]->Send("POST", path, body, Auth(kEngineer));
    other.join();
    stats_.requests += 2;
    if (a.status == 200 && b.status == 200) {
      ++stats_.ack_race_both_won;
      Fail(p, "acknowledge at version " + std::to_string(version) + " succeeded on both nodes");
    }
    // Exactly one acknowledge after `version`, by either user.
    const long long before = version;
    const auto history = History(p);
    if (history.empty()) return false;
    int acks = 0;
    for (const auto& e : history) {
      if (Number(e, "seq") <= before) continue;
      if (Text(e, "type") == "acknowledge") ++acks;
      else if (Text(e, "actor") != "system") Fail(p, "unexpected " + Text(e, "type") + " during the acknowledge race");
    }
    version = Number(history.back(), "seq");
    if (acks == 1) {
      const bool a_won = a.status == 200, b_won = b.status == 200;
      const bool answered = a.status != 0 && b.status != 0;
      if (answered && !((a_won && IsVersionConflict(b)) || (b_won && IsVersionConflict(a))))
        Fail(p, "acknowledge race answers: " + Brief(a) + " / " + Brief(b));
      return true;
    }
    if (acks == 0) return Step(p, version, kEngineer, "acknowledge", nullptr);  // a timer's event beat both
    Fail(p, "acknowledged " + std::to_string(acks) + " times");
    return false;
  }

  // Two comments without expected_version, one to each node at once: both must land once.
  bool CommentRace(TicketPlan& p, long long& version) {
    const std::string path = "/api/v1/tickets/" + p.id + "/events";
    const std::string stem = " " + d_.options_.tag + " " + p.id;
    p.comments = {"Ghi chú của đơn vị" + stem, "Ghi chú của Sở TT&TT" + stem};
    const std::string users[2] = {p.reporter, kEngineer};
    auto body = [&](int i) { return e2e::Canonical(e2e::Obj({{"type", "comment"}, {"body", p.comments[i]}})); };
    e2e::Response answers[2];  // status 0: not sent (a node is down) or the answer was lost
    const bool raced = BothUp();
    if (raced) {
      ++stats_.comment_races;
      const int first = static_cast<int>(rng_() % 2);
      e2e::Client& other_client = *clients_[1 - first];
      const e2e::Headers other_auth = Auth(users[1]);
      const std::string other_body = body(1);
      std::thread other([&] { answers[1] = other_client.Send("POST", path, other_body, other_auth); });
      answers[0] = clients_[first]->Send("POST", path, body(0), Auth(users[0]));
      other.join();
      stats_.requests += 2;
    }
    for (int i = 0; i < 2; ++i) {
      if (answers[i].status == 200) continue;
      if (answers[i].status != 0) {
        Fail(p, "comment in the race: " + Brief(answers[i]));
        return false;
      }
      bool may_exist = raced;  // sent, and the answer lost
      bool landed = false;
      for (int attempt = 0; attempt < kMaxTries && !landed; ++attempt) {
        if (may_exist) {
          ++stats_.lost_answers;
          const int found = Comments(p, users[i], p.comments[i]);
          if (found < 0) return false;
          if (found > 1) {
            Fail(p, "comment landed " + std::to_string(found) + " times");
            return false;
          }
          if (found == 1) {
            landed = true;
            break;
          }
          std::this_thread::sleep_for(50ms);
        }
        const e2e::Response r = Post(Pick(), path, e2e::Obj({{"type", "comment"}, {"body", p.comments[i]}}), users[i]);
        if (r.status == 200) {
          landed = true;
        } else if (r.status != 0) {
          Fail(p, "comment: " + Brief(r));
          return false;
        }
        may_exist = true;
      }
      if (!landed) {
        Fail(p, "comment: gave up after " + std::to_string(kMaxTries) + " tries");
        return false;
      }
    }
    const auto history = History(p);
    if (history.empty()) return false;
    version = Number(history.back(), "seq");
    return true;
  }

  TicketDriver& d_;
  std::mt19937 rng_;
  std::array<std::unique_ptr<e2e::Client>, 2> clients_;
  DriveStats stats_;
  int index_ = 0;
};

TicketDriver::TicketDriver(DriverOptions options, std::vector<TicketPlan> plans)
    : options_(std::move(options)), plans_(std::move(plans)) {}

void TicketDriver::Run() {
  std::vector<std::thread> threads;
  for (int t = 0; t < options_.threads; ++t) {
    threads.emplace_back([this, t] {
      Worker w(*this, options_.seed * 7919u + static_cast<unsigned>(t));
      for (int k; (k = next_++) < static_cast<int>(plans_.size());) {
        try {
          w.Drive(plans_[k], k);
        } catch (const std::exception& e) {
          Fail("plan " + std::to_string(k) + ": exception " + e.what());
        }
        ++completed_;
      }
      std::lock_guard lock(mu_);
      w.AddStats(stats_);
    });
  }
  for (auto& t : threads) t.join();
}

DriveStats TicketDriver::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::vector<std::string> TicketDriver::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

void TicketDriver::Fail(std::string what) {
  std::lock_guard lock(mu_);
  failures_.push_back(std::move(what));
}

}  // namespace cluster
