// Issue 12.3 black box: the real incidentd with workflow.escalation_signoff = director and
// workflow.chairman_may_return = true, and a demo file of its own that adds DoICT's
// director, a Vice-Chairman and a staff member of the Chairman's office (workflow_oracle.h,
// LeadershipUsers). The escalation goes coordinator -> director -> Chairman, back to DoICT,
// and is decided by the office on the Vice-Chairman's behalf; every step is checked against
// the oracle (state, allowed_actions of every user, legal basis) and against the routing
// of the default rules (who is notified). A server with the defaults keeps the contract.

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <Poco/JSON/Parser.h>

#include "e2e_fixture.h"
#include "workflow_oracle.h"

using namespace e2e;

namespace {

const OracleSettings kSettings{true, true};

// The demo directory (config/demo-directory.csv) has the leadership users: the director,
// a Vice-Chairman and the Chairman's office staff.
struct Server {
  DemoServer s{{"--set", "workflow.escalation_signoff=director", "--set", "workflow.chairman_may_return=true"}};
};

std::vector<DemoUser> EveryUser() {
  std::vector<DemoUser> out = DemoUsers();
  out.insert(out.end(), LeadershipUsers().begin(), LeadershipUsers().end());
  return out;
}

// The ticket as `username` sees it; REQUIREs 200.
Poco::JSON::Object::Ptr Ticket(DemoServer& s, const std::string& username, const std::string& id) {
  const Response r = s.GetTicket(username, id);
  INFO(r.Describe());
  REQUIRE(r.status == 200);
  return r.Object();
}

// The state is `state` and every user's allowed_actions (or 404) is the oracle's.
void ExpectState(DemoServer& s, const std::string& id, const std::string& state) {
  const auto t = Ticket(s, "stttt.coordinator", id);
  REQUIRE(Str(t, "state") == state);
  TicketModel model{state, Str(t, "reporter_org"), Strings(ArrAt(t, "parties"))};
  for (const auto& u : EveryUser()) {
    INFO("state " << state << ", user " << u.username);
    const Response r = s.GetTicket(u.username, id);
    if (!CanSee(u, model)) {
      CHECK(r.status == 404);
      continue;
    }
    REQUIRE(r.status == 200);
    const auto allowed = Strings(ArrAt(r.Object(), "allowed_actions"));
    CHECK(std::set<std::string>(allowed.begin(), allowed.end()) == AllowedActions(u, model, kSettings));
  }
}

// Fires an event, REQUIREs 200, and checks the history's last item: type, actor, to_state
// and legal basis.
Poco::JSON::Object::Ptr Fire(DemoServer& s, const std::string& who, const std::string& id, const std::string& type,
                             const Poco::JSON::Object::Ptr& payload, const std::string& to) {
  const Response r = s.PostEvent(who, id, type, payload);
  INFO(type << " by " << who << ": " << r.Describe());
  REQUIRE(r.status == 200);
  CHECK(Str(r.Object(), "state") == to);
  const auto history = Objects(s.History("stttt.coordinator", id));
  const auto last = history.back();
  CHECK(Str(last, "type") == type);
  CHECK(Str(last, "actor") == who);
  CHECK(Str(last, "to_state") == to);
  CHECK(Str(last, "legal_basis") == LegalBasis(type));
  return last;
}

// The recipients ("org:stttt email", ...) of the outbox rows of event `seq`.
std::set<std::string> Recipients(DemoServer& s, const std::string& id, long long seq) {
  const Response r = s.client->Get(TicketPath(id) + "/notifications", s.Token("stttt.coordinator"));
  REQUIRE(r.status == 200);
  std::set<std::string> out;
  for (const auto& row : Objects(ArrAt(r.Object(), "items")))
    if (Int(row, "event_seq") == seq) out.insert(Str(row, "recipient_ref") + " " + Str(row, "channel"));
  return out;
}

std::string PartyFixingTicket(DemoServer& s, const std::string& title) {
  const std::string id = Str(s.CreateTicket("stp.reporter", title, {"stnmt"}, "sharing_disagreement"), "id");
  REQUIRE(s.PostEvent("stttt.engineer", id, "acknowledge").status == 200);
  REQUIRE(s.PostEvent("stttt.engineer", id, "request_party_fix",
                      Obj({{"party", "stnmt"}, {"instructions", "Đề nghị thống nhất danh mục trường dữ liệu."}}))
              .status == 200);
  return id;
}

}  // namespace

TEST_CASE("escalation: coordinator, director sign-off, the Chairman sends it back, the office records the decision",
          "[e2e][escalation]") {
  Server server;
  DemoServer& s = server.s;
  const std::string id = PartyFixingTicket(s, "Không thống nhất phạm vi chia sẻ dữ liệu đất đai");
  ExpectState(s, id, "party_fixing");

  // The coordinator escalates: it waits for the director, and DoICT's focal point is asked
  // to have it signed off; the Chairman's office hears nothing yet.
  CHECK(EscalationTarget(UserNamed("stttt.coordinator"), kSettings) == "awaiting_director");
  auto ev = Fire(s, "stttt.coordinator", id, "escalate_chairman", Obj({{"reason", "Vượt thẩm quyền của Sở."}}),
                 "awaiting_director");
  ExpectState(s, id, "awaiting_director");
  auto to = Recipients(s, id, Int(ev, "seq"));
  CHECK(to.count("org:stttt email") == 1);
  CHECK(to.count("org:stttt sms") == 1);
  CHECK(to.count("org:vp-ubnd email") == 0);
  CHECK(to.count("org:stnmt email") == 0);
  // The resolve clock keeps running while DoICT's director signs off.
  CHECK_FALSE(Bool(ObjAt(Ticket(s, "stttt.coordinator", id), "sla"), "paused"));

  // Only the director signs off or sends back.
  RequireProblem(s.PostEvent("stttt.coordinator", id, "approve_escalation"), 403);
  RequireProblem(s.PostEvent("chairman", id, "approve_escalation"), 403);
  RequireProblem(s.PostEvent("stttt.director", id, "return_escalation", Obj({{"message", ""}})), 422);

  // The director sends it back for rework: party_fixing again.
  ev = Fire(s, "stttt.director", id, "return_escalation", Obj({{"message", "Bổ sung ý kiến của Sở Tư pháp."}}),
            "party_fixing");
  ExpectState(s, id, "party_fixing");
  to = Recipients(s, id, Int(ev, "seq"));
  CHECK(to.count("org:stttt email") == 1);

  // Escalated again and signed off: now the Chairman's office and the parties hear of it.
  Fire(s, "stttt.coordinator", id, "escalate_chairman", Obj({{"reason", "Đã bổ sung ý kiến các bên."}}),
       "awaiting_director");
  ev = Fire(s, "stttt.director", id, "approve_escalation", Obj({{"note", "Đồng ý trình Chủ tịch."}}),
            "awaiting_chairman");
  ExpectState(s, id, "awaiting_chairman");
  to = Recipients(s, id, Int(ev, "seq"));
  CHECK(to.count("org:vp-ubnd email") == 1);
  CHECK(to.count("org:vp-ubnd sms") == 1);
  CHECK(to.count("org:stnmt email") == 1);
  CHECK(Bool(ObjAt(Ticket(s, "stttt.coordinator", id), "sla"), "paused"));

  // The Chairman asks DoICT for more: back where it was escalated from.
  RequireProblem(s.PostEvent("stttt.director", id, "return_to_doict", Obj({{"message", "x"}})), 403);
  ev = Fire(s, "chairman", id, "return_to_doict", Obj({{"message", "Đề nghị Sở làm rõ phương án kỹ thuật."}}),
            "party_fixing");
  ExpectState(s, id, "party_fixing");
  to = Recipients(s, id, Int(ev, "seq"));
  CHECK(to.count("org:stttt email") == 1);
  CHECK(to.count("org:stttt sms") == 1);

  // The director escalates in person: straight to the Chairman.
  CHECK(EscalationTarget(UserNamed("stttt.director"), kSettings) == "awaiting_chairman");
  Fire(s, "stttt.director", id, "escalate_chairman", Obj({{"reason", "Lãnh đạo Sở trình Chủ tịch."}}),
       "awaiting_chairman");
  ExpectState(s, id, "awaiting_chairman");

  // The office records the Vice-Chairman's decision: signer, number and date required.
  const auto decision = [](std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> more) {
    auto o = Obj({{"decision", "Giao Sở TN&MT chia sẻ số thửa trong 10 ngày làm việc."}, {"requires_action", true}});
    for (const auto& [k, v] : more) o->set(k, v);
    return o;
  };
  std::string detail = RequireProblem(s.PostEvent("vp-ubnd.office", id, "record_chairman_decision", decision({})), 422);
  CHECK(detail.find("signer") != std::string::npos);
  detail = RequireProblem(s.PostEvent("vp-ubnd.office", id, "record_chairman_decision",
                                      decision({{"signer", "vice.chairman"}, {"signed_as", "vice_chairman"}})),
                          422);
  CHECK(detail.find("document_number") != std::string::npos);
  detail = RequireProblem(s.PostEvent("vp-ubnd.office", id, "record_chairman_decision",
                                      decision({{"signer", "stttt.director"},
                                                {"document_number", "45/QĐ-UBND"},
                                                {"document_date", "2026-01-05"}})),
                          422);
  CHECK(detail.find("signer") != std::string::npos);
  detail = RequireProblem(s.PostEvent("vp-ubnd.office", id, "record_chairman_decision",
                                      decision({{"signer", "vice.chairman"},
                                                {"document_number", "45/QĐ-UBND"},
                                                {"document_date", "2026-02-30"}})),
                          422);
  CHECK(detail.find("document_date") != std::string::npos);
  ev = Fire(s, "vp-ubnd.office", id, "record_chairman_decision",
            decision({{"signer", "vice.chairman"},
                      {"signed_as", "vice_chairman"},
                      {"document_number", "45/QĐ-UBND"},
                      {"document_date", "2026-01-05"}}),
            "party_fixing");
  const auto payload = ObjAt(ev, "payload");
  CHECK(Str(payload, "signer") == "vice.chairman");
  CHECK(Str(payload, "signed_as") == "vice_chairman");
  CHECK(Str(payload, "document_number") == "45/QĐ-UBND");
  CHECK(Str(payload, "document_date") == "2026-01-05");
  CHECK(Str(ev, "actor_org") == "vp-ubnd");
  ExpectState(s, id, "party_fixing");

  VerifyHashChain(s.History("stttt.coordinator", id), id);
}

TEST_CASE("escalation: the workflow export shows the sign-off state and events under these settings",
          "[e2e][escalation]") {
  Server server;
  const Response r = server.s.client->Get("/api/v1/workflows/incident", server.s.Token("stttt.director"));
  REQUIRE(r.status == 200);
  std::set<std::string> states, events;
  for (const auto& st : Objects(ArrAt(r.Object(), "states"))) {
    states.insert(Str(st, "id"));
    if (Str(st, "id") == "awaiting_director") CHECK(Str(st, "label_vi") == "Chờ lãnh đạo Sở ký duyệt");
  }
  for (const auto& t : Objects(ArrAt(r.Object(), "transitions"))) events.insert(Str(t, "event"));
  CHECK(states.size() == 11);
  CHECK(states.count("awaiting_director") == 1);
  for (const char* e : {"approve_escalation", "return_escalation", "return_to_doict"}) CHECK(events.count(e) == 1);
  // The decision's new fields are described.
  bool date_described = false;
  for (const auto& e : Objects(ArrAt(r.Object(), "events")))
    if (Str(e, "type") == "record_chairman_decision")
      for (const auto& f : Objects(ArrAt(e, "fields")))
        if (Str(f, "name") == "document_date") date_described = Str(f, "format") == "date";
  CHECK(date_described);
}

TEST_CASE("escalation: with the default settings the contract holds", "[e2e][escalation][contract]") {
  DemoServer s;
  const std::string id = PartyFixingTicket(s, "Tranh chấp về quyền khai thác dữ liệu quy hoạch");
  const Response esc = s.PostEvent("stttt.coordinator", id, "escalate_chairman", Obj({{"reason", "Vượt thẩm quyền."}}));
  REQUIRE(esc.status == 200);
  CHECK(Str(esc.Object(), "state") == "awaiting_chairman");
  const auto allowed = Strings(ArrAt(s.GetTicket("chairman", id).Object(), "allowed_actions"));
  CHECK(std::set<std::string>(allowed.begin(), allowed.end()) ==
        AllowedActions(UserNamed("chairman"), {"awaiting_chairman", "stp", {"stnmt"}}));
  CHECK(std::set<std::string>(allowed.begin(), allowed.end()) ==
        std::set<std::string>{"record_chairman_decision", "comment"});
  RequireProblem(s.PostEvent("chairman", id, "return_to_doict", Obj({{"message", "Làm rõ"}})), 409,
                 "illegal-transition");
  RequireProblem(s.PostEvent("stttt.coordinator", id, "approve_escalation"), 409, "illegal-transition");

  const Response wf = s.client->Get("/api/v1/workflows/incident", s.Token("chairman"));
  REQUIRE(wf.status == 200);
  CHECK(ArrAt(wf.Object(), "states")->size() == States().size());
  for (const auto& t : Objects(ArrAt(wf.Object(), "transitions"))) {
    INFO(Str(t, "event"));
    CHECK(Str(t, "legal_basis") == WorkflowLegalBasis(Str(t, "event")));
    for (const char* e : {"approve_escalation", "return_escalation", "return_to_doict"}) CHECK(Str(t, "event") != e);
  }
  // The Chairman's own decision records the Chairman as the signer.
  const Response dec = s.PostEvent("chairman", id, "record_chairman_decision",
                                   Obj({{"decision", "Không chia sẻ dữ liệu chưa công bố."}, {"requires_action", false}}));
  REQUIRE(dec.status == 200);
  const auto last = Objects(s.History("chairman", id)).back();
  CHECK(Str(ObjAt(last, "payload"), "signer") == "chairman");
  CHECK(Str(ObjAt(last, "payload"), "signed_as") == "chairman");
}
