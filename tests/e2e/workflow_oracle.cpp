#include "workflow_oracle.h"

#include <map>
#include <stdexcept>

namespace e2e {

const std::vector<DemoUser>& DemoUsers() {
  static const std::vector<DemoUser> users{
      {"stp.reporter", "stp", {"reporter"}},
      {"stp.focal", "stp", {"focal_point"}},
      {"stnmt.reporter", "stnmt", {"reporter"}},
      {"stnmt.focal", "stnmt", {"focal_point"}},
      {"syt.reporter", "syt", {"reporter"}},
      {"stttt.engineer", "stttt", {"engineer"}},
      {"stttt.coordinator", "stttt", {"coordinator", "engineer"}},
      {"chairman", "vp-ubnd", {"chairman"}},
      {"admin", "stttt", {"admin"}},
  };
  return users;
}

const std::vector<DemoUser>& LeadershipUsers() {
  static const std::vector<DemoUser> users{
      {"stttt.director", "stttt", {"director"}},
      {"vice.chairman", "vp-ubnd", {"chairman"}},
      {"vp-ubnd.office", "vp-ubnd", {"office_staff"}},
  };
  return users;
}

const DemoUser& UserNamed(const std::string& username) {
  for (const auto* list : {&DemoUsers(), &LeadershipUsers()})
    for (const auto& u : *list)
      if (u.username == username) return u;
  throw std::invalid_argument("no demo user " + username);
}

namespace {

bool IsAgencyUser(const DemoUser& u) { return u.Has("reporter") || u.Has("focal_point"); }
bool IsDoictStaff(const DemoUser& u) { return u.org == "stttt" && (u.Has("engineer") || u.Has("coordinator")); }
bool IsCoordinator(const DemoUser& u) { return u.org == "stttt" && u.Has("coordinator"); }
bool IsChairman(const DemoUser& u) { return u.org == "vp-ubnd" && u.Has("chairman"); }
bool IsDirector(const DemoUser& u) { return u.org == "stttt" && u.Has("director"); }
bool IsOfficeStaff(const DemoUser& u) { return u.org == "vp-ubnd" && u.Has("office_staff"); }
bool HasParty(const TicketModel& t, const std::string& org) {
  for (const auto& p : t.parties)
    if (p == org) return true;
  return false;
}
bool OfReporterOrg(const DemoUser& u, const TicketModel& t) { return IsAgencyUser(u) && u.org == t.reporter_org; }
bool In(const std::string& s, std::initializer_list<const char*> set) {
  for (const char* x : set)
    if (s == x) return true;
  return false;
}

}  // namespace

bool CanSee(const DemoUser& u, const TicketModel& t) {
  if (IsDoictStaff(u) || IsChairman(u) || u.Has("admin") || IsDirector(u) || IsOfficeStaff(u)) return true;
  return IsAgencyUser(u) && (u.org == t.reporter_org || HasParty(t, u.org));
}

std::string EscalationTarget(const DemoUser& u, const OracleSettings& s) {
  return s.director_signoff && !IsDirector(u) ? "awaiting_director" : "awaiting_chairman";
}

std::set<std::string> AllowedActions(const DemoUser& u, const TicketModel& t, const OracleSettings& settings) {
  std::set<std::string> out;
  if (!CanSee(u, t)) return out;
  const std::string& s = t.state;
  const bool staff = IsDoictStaff(u), coord = IsCoordinator(u);
  if (s == "reported" && staff) out.insert("acknowledge");
  if (s == "triage" && staff) out.insert("assign_doict");
  if (In(s, {"triage", "doict_fixing"}) && staff) out.insert("request_party_fix");
  if (In(s, {"triage", "doict_fixing", "party_fixing"}) && staff) out.insert("request_info");
  if (s == "waiting_reporter" && OfReporterOrg(u, t)) out.insert("provide_info");
  if (In(s, {"triage", "doict_fixing", "party_fixing"}) && coord) out.insert("refer_ministry");
  if (s == "awaiting_ministry" && coord) out.insert("record_ministry_conclusion");
  // Escalation: the coordinator; with director sign-off, DoICT's director too.
  if (In(s, {"triage", "doict_fixing", "party_fixing", "awaiting_ministry"}) &&
      (coord || (settings.director_signoff && IsDirector(u))))
    out.insert("escalate_chairman");
  if (s == "awaiting_director" && IsDirector(u)) {
    out.insert("approve_escalation");
    out.insert("return_escalation");
  }
  const bool chairman_desk = IsChairman(u) || IsOfficeStaff(u);
  if (s == "awaiting_chairman" && chairman_desk) out.insert("record_chairman_decision");
  if (s == "awaiting_chairman" && chairman_desk && settings.chairman_may_return) out.insert("return_to_doict");
  if (s == "doict_fixing" && staff) out.insert("resolve");
  if (s == "party_fixing" && (staff || (u.Has("focal_point") && HasParty(t, u.org)))) out.insert("resolve");
  if (s == "resolved" && OfReporterOrg(u, t)) out.insert("confirm");
  if (In(s, {"resolved", "closed"}) && OfReporterOrg(u, t)) out.insert("reopen");  // within 30 days
  if (In(s, {"reported", "triage"}) && coord) out.insert("reject");
  out.insert("comment");
  return out;
}

std::string LegalBasis(const std::string& event, const std::string& grounds, bool duplicate) {
  // Version 2 of config/regulations/qd-57-2020-ubnd-ninhthuan.json for a ticket inside the
  // province filed as a data discrepancy (issue 13, checked against the seed: 11.2b DoICT
  // advises on difficulties inside the province, 11.1 the Chairman directs; reopen the Art.
  // 16 item of the category; reject by its grounds; the deadlines the province's own service
  // levels under 11.2b; confirm and auto_close the system's own procedure).
  static const std::map<std::string, std::string> kBasis{
      {"report", "Art. 16"},
      {"acknowledge", "Art. 17.1"},
      {"assign_doict", "Art. 17.2"},
      {"request_party_fix", "Art. 17.2"},
      {"request_info", "Art. 17.1"},
      {"provide_info", "Art. 17.1"},
      {"refer_ministry", "Art. 17.3"},
      {"record_ministry_conclusion", "Art. 17.3"},
      {"escalate_chairman", "Art. 11.2b"},
      {"record_chairman_decision", "Art. 11.1"},
      {"approve_escalation", "Art. 11.2b"},
      {"return_escalation", "Art. 11.2b"},
      {"return_to_doict", "Art. 11.1"},
      {"resolve", "Art. 17.2"},
      {"confirm", ""},
      {"reopen", "Art. 16.1"},
      {"reject", "Art. 1.1"},
      {"comment", "Art. 20.1"},
      {"sla_breach", "Art. 11.2b"},
      {"auto_close", ""},
  };
  auto it = kBasis.find(event);
  if (it == kBasis.end()) throw std::invalid_argument("no event " + event);
  if (event == "reject" && duplicate) return "";
  if (event == "reject" && (grounds == "state_secret" || grounds == "internal_data")) return "Art. 1.2";
  return it->second;
}

std::string WorkflowLegalBasis(const std::string& event) {
  // Where the article depends on the ticket, every article it may cite, in the text's order.
  static const std::map<std::string, std::string> kAny{
      {"escalate_chairman", "Art. 11.2b, 12.2, 13.2b"},
      {"approve_escalation", "Art. 11.2b, 12.2, 13.2b"},
      {"return_escalation", "Art. 11.2b, 12.2, 13.2b"},
      {"record_chairman_decision", "Art. 11.1, 12.2, 13.2b"},
      {"return_to_doict", "Art. 11.1, 12.2, 13.2b"},
      {"reopen", "Art. 16.1, 16.2, 16.3, 16.4, 16.5"},
      {"reject", "Art. 1.1, 1.2"},
  };
  auto it = kAny.find(event);
  return it != kAny.end() ? it->second : LegalBasis(event);
}

const std::vector<StateSpec>& States() {
  static const std::vector<StateSpec> states{
      {"reported", "Chờ tiếp nhận", false},
      {"triage", "Đang kiểm tra", false},
      {"doict_fixing", "Cơ quan điều phối đang xử lý", false},
      {"party_fixing", "Các bên đang xử lý", false},
      {"waiting_reporter", "Chờ bổ sung thông tin", false},
      {"awaiting_ministry", "Chờ kết luận của Bộ", false},
      {"awaiting_chairman", "Chờ Chủ tịch UBND tỉnh quyết định", false},
      {"resolved", "Đã xử lý", false},
      {"closed", "Đã đóng", true},
      {"rejected", "Từ chối", true},
  };
  return states;
}

const std::vector<std::string>& UserEvents() {
  static const std::vector<std::string> events{
      "acknowledge",  "assign_doict",      "request_party_fix",
      "request_info", "provide_info",      "refer_ministry",
      "record_ministry_conclusion",        "escalate_chairman",
      "record_chairman_decision",          "resolve",
      "confirm",      "reopen",            "reject",
      "comment"};
  return events;
}

}  // namespace e2e
