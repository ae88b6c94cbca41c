// Every transition of WORKFLOW.md through the HTTP API, with the right users and with every
// wrong one: state, version (+1 per event), allowed_actions for every demo user, visibility
// (404 for users of unrelated orgs), and the hash-chained history with legal bases.

#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "e2e_fixture.h"
#include "workflow_oracle.h"

using namespace e2e;

namespace {

const std::regex kRfc3339Utc(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");

std::set<std::string> AsSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out;
}

struct ExpectedEvent {
  std::string type, actor, actor_org, from_state, to_state;  // from_state "" = null
  Poco::JSON::Object::Ptr payload;                            // fields sent (may be null)
};

// Drives one ticket through the workflow and checks everything after each step.
class Walk {
 public:
  Walk(DemoServer& s, const std::string& reporter, const std::string& title, std::vector<std::string> parties)
      : s_(s) {
    const auto body = Obj({{"category", "data_discrepancy"},
                           {"title", title},
                           {"description", "Số liệu không khớp giữa hai hệ thống (" + title + ")"},
                           {"priority", "high"},
                           {"parties", StrArr(parties)},
                           {"service", "LGSP - dịch vụ hộ tịch"}});
    // Agency users of any org may file; DoICT, the Chairman and admin may not.
    for (const auto& u : DemoUsers()) {
      if (u.Has("reporter") || u.Has("focal_point")) continue;
      const Response r = s_.client->Post("/api/v1/tickets", Canonical(body), s_.Token(u.username));
      INFO(u.username << " files a ticket");
      RequireProblem(r, 403);
    }
    const Response r = s_.client->Post("/api/v1/tickets", Canonical(body), s_.Token(reporter));
    INFO("report by " << reporter << ": " << r.Describe());
    REQUIRE(r.status == 201);
    const auto t = r.Object();
    id_ = Str(t, "id");
    TicketNumber(id_);
    CHECK(r.Header("Location") == TicketPath(id_));
    CHECK(Str(t, "workflow") == "incident");
    CHECK(Str(t, "category") == "data_discrepancy");
    CHECK(Str(t, "priority") == "high");
    CHECK(Str(t, "title") == title);
    CHECK(Str(t, "service") == "LGSP - dịch vụ hộ tịch");
    CHECK(Str(t, "state") == "reported");
    CHECK(Str(t, "reporter") == reporter);
    CHECK(Str(t, "reporter_org") == UserNamed(reporter).org);
    CHECK(AsSet(Strings(ArrAt(t, "parties"))) == AsSet(parties));
    CHECK(IsNull(t, "assignee"));
    CHECK(Int(t, "version") == 1);
    CHECK(std::regex_match(Str(t, "created_at"), kRfc3339Utc));
    CHECK(std::regex_match(Str(t, "updated_at"), kRfc3339Utc));
    const auto sla = ObjAt(t, "sla");
    CHECK(sla->has("ack_due"));
    CHECK(sla->has("resolve_due"));
    CHECK(Bool(sla, "paused") == false);
    CHECK(ArrAt(sla, "breaches")->size() == 0);
    model_ = {"reported", UserNamed(reporter).org, parties};
    version_ = 1;
    CHECK(AsSet(Strings(ArrAt(t, "allowed_actions"))) == AllowedActions(UserNamed(reporter), model_));
    events_.push_back({"report", reporter, UserNamed(reporter).org, "", "reported", body});
    CheckViews();
  }

  const std::string& id() const { return id_; }
  const TicketModel& model() const { return model_; }

  // `user` fires `type`; first every user who may not fire it now tries and is refused
  // (403 if they see the ticket, 404 if not) without changing anything.
  Poco::JSON::Object::Ptr Step(const std::string& user, const std::string& type, Poco::JSON::Object::Ptr payload,
                               const std::string& expect_state) {
    ++step_;
    INFO("step " << step_ << " on " << id_ << ": " << user << " fires " << type << " in " << model_.state);
    for (const auto& u : DemoUsers()) {
      if (AllowedActions(u, model_).count(type)) continue;
      const Response r = s_.PostEvent(u.username, id_, type, payload);
      INFO("wrong user " << u.username << " (allowed here: " << Join(AllowedActions(u, model_)) << ")");
      RequireProblem(r, CanSee(u, model_) ? 403 : 404);
    }
    {
      const Response r = s_.GetTicket(user, id_);
      REQUIRE(r.status == 200);
      INFO("refused attempts must change nothing");
      REQUIRE(Int(r.Object(), "version") == version_);
      REQUIRE(Str(r.Object(), "state") == model_.state);
    }
    const std::string from = model_.state;
    const Response r = s_.PostEvent(user, id_, type, payload);
    INFO("response: " << r.Describe());
    REQUIRE(r.status == 200);
    const auto t = r.Object();
    CHECK(Str(t, "id") == id_);
    REQUIRE(Str(t, "state") == expect_state);
    REQUIRE(Int(t, "version") == version_ + 1);
    ++version_;
    model_.state = expect_state;
    if (type == "request_party_fix") {
      const std::string party = payload->getValue<std::string>("party");
      if (std::find(model_.parties.begin(), model_.parties.end(), party) == model_.parties.end())
        model_.parties.push_back(party);
    }
    CHECK(AsSet(Strings(ArrAt(t, "parties"))) == AsSet(model_.parties));
    CHECK(AsSet(Strings(ArrAt(t, "allowed_actions"))) == AllowedActions(UserNamed(user), model_));
    events_.push_back({type, user, UserNamed(user).org, from, expect_state, payload});
    CheckViews();
    return t;
  }

  // Every demo user: 200 with the same state/version and its own allowed_actions, or 404.
  void CheckViews() {
    for (const auto& u : DemoUsers()) {
      INFO("GET " << id_ << " as " << u.username);
      const Response r = s_.GetTicket(u.username, id_);
      if (!CanSee(u, model_)) {
        RequireProblem(r, 404);
        const Response h = s_.client->Get(TicketPath(id_) + "/history", s_.Token(u.username));
        RequireProblem(h, 404);
        continue;
      }
      INFO(r.Describe());
      REQUIRE(r.status == 200);
      const auto t = r.Object();
      CHECK(Str(t, "state") == model_.state);
      CHECK(Int(t, "version") == version_);
      const auto allowed = Strings(ArrAt(t, "allowed_actions"));
      CHECK(allowed.size() == AsSet(allowed).size());
      CHECK(AsSet(allowed) == AllowedActions(u, model_));
    }
  }

  // The history as two different viewers see it: one item per event, in order, with the
  // legal basis of WORKFLOW.md, and a valid hash chain.
  void VerifyHistory(const std::string& viewer) {
    INFO("history of " << id_ << " as " << viewer);
    const auto items = s_.History(viewer, id_);
    const auto events = Objects(items);
    REQUIRE(events.size() == events_.size());
    REQUIRE(static_cast<long long>(events.size()) == version_);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      const auto& want = events_[i];
      INFO("event " << i + 1 << ": " << Canonical(e));
      CHECK(Int(e, "seq") == static_cast<long long>(i + 1));
      CHECK(Str(e, "type") == want.type);
      CHECK(Str(e, "actor") == want.actor);
      CHECK(Str(e, "actor_org") == want.actor_org);
      if (want.from_state.empty()) CHECK(IsNull(e, "from_state"));
      else CHECK(Str(e, "from_state") == want.from_state);
      CHECK(Str(e, "to_state") == want.to_state);
      const bool duplicate = want.payload && want.payload->has("duplicate_of");
      const std::string grounds =
          want.payload && want.payload->has("grounds") ? want.payload->getValue<std::string>("grounds") : "";
      CHECK(Str(e, "legal_basis") == LegalBasis(want.type, grounds, duplicate));
      CHECK(std::regex_match(Str(e, "at"), kRfc3339Utc));
      const auto payload = ObjAt(e, "payload");
      if (want.payload) {
        for (const auto& [k, v] : *want.payload) {
          INFO("payload field " << k);
          REQUIRE(payload->has(k));
          CHECK(Canonical(payload->get(k)) == Canonical(v));
        }
      }
      if (i > 0) CHECK(Str(e, "at") >= Str(events[i - 1], "at"));
    }
    CHECK(Str(events.front(), "prev_hash") == kZeroHash);
    VerifyHashChain(items, id_);
  }

  void VerifyHistory() {
    VerifyHistory(events_.front().actor);
    VerifyHistory("stttt.coordinator");
  }

 private:
  DemoServer& s_;
  std::string id_;
  TicketModel model_;
  long long version_ = 0;
  int step_ = 0;
  std::vector<ExpectedEvent> events_;
};

Poco::JSON::Object::Ptr Body(const std::string& text) { return Obj({{"body", text}}); }

}  // namespace

TEST_CASE("lifecycle: report, triage, DoICT, parties, info, Ministry, Chairman (action), resolve by the party's "
          "focal point, confirm, reopen, reject as duplicate",
          "[e2e][lifecycle]") {
  DemoServer s;
  Walk w(s, "stp.reporter", "Sai lệch dữ liệu hộ tịch giữa Sở Tư pháp và Sở TN&MT", {"stnmt"});
  w.Step("stnmt.reporter", "comment", Body("Bên liên quan đã nhận được thông tin."), "reported");
  w.Step("stttt.engineer", "acknowledge", nullptr, "triage");
  const auto assigned = w.Step("stttt.engineer", "assign_doict", nullptr, "doict_fixing");
  CHECK(Str(assigned, "assignee") == "stttt.engineer");
  w.Step("chairman", "comment", Body("Đề nghị xử lý sớm."), "doict_fixing");
  w.Step("stttt.engineer", "request_party_fix",
         Obj({{"party", "skhdt"}, {"instructions", "Đề nghị Sở KH&ĐT kiểm tra lại dữ liệu doanh nghiệp."}}),
         "party_fixing");
  w.Step("stttt.engineer", "request_info", Obj({{"question", "Đề nghị cung cấp mã hồ sơ bị sai lệch."}}),
         "waiting_reporter");
  w.Step("stp.focal", "provide_info", Obj({{"answer", "Mã hồ sơ: HT-2026-00017."}}), "party_fixing");
  w.Step("stttt.coordinator", "refer_ministry", Obj({{"question", "Xin ý kiến Bộ về chuẩn dữ liệu."}}),
         "awaiting_ministry");
  w.Step("stnmt.focal", "comment", Body("Chờ kết luận của Bộ."), "awaiting_ministry");
  w.Step("stttt.coordinator", "record_ministry_conclusion",
         Obj({{"conclusion", "Bộ kết luận: áp dụng chuẩn dữ liệu quốc gia."}}), "party_fixing");
  w.Step("stttt.coordinator", "escalate_chairman", Obj({{"reason", "Vượt thẩm quyền của Sở TT&TT."}}),
         "awaiting_chairman");
  w.Step("chairman", "record_chairman_decision",
         Obj({{"decision", "Giao Sở TN&MT cập nhật dữ liệu."}, {"requires_action", true}}), "party_fixing");
  w.Step("stnmt.focal", "resolve", Obj({{"resolution", "Đã cập nhật dữ liệu theo chuẩn."}}), "resolved");
  w.Step("stp.reporter", "confirm", Obj({{"feedback", "Đã kiểm tra, dữ liệu đúng."}}), "closed");
  w.Step("stp.focal", "comment", Body("Cảm ơn các đơn vị."), "closed");
  w.Step("stp.reporter", "reopen", Obj({{"reason", "Lỗi xuất hiện lại."}}), "triage");
  const std::string original = Str(s.CreateTicket("stp.reporter", "Phiếu gốc"), "id");
  w.Step("stttt.coordinator", "reject", Obj({{"reason", "Trùng với phiếu khác."}, {"duplicate_of", original}}),
         "rejected");
  w.Step("admin", "comment", Body("Đã lưu hồ sơ."), "rejected");
  w.VerifyHistory();
  // Nothing but comments is possible in a terminal state.
  RequireProblem(s.PostEvent("stp.reporter", w.id(), "reopen", Obj({{"reason", "x"}})), 409, "illegal-transition");
  RequireProblem(s.PostEvent("stttt.coordinator", w.id(), "acknowledge"), 409, "illegal-transition");
}

TEST_CASE("lifecycle: provide_info returns to triage - Ministry then Chairman - a decision without action resolves - "
          "reopen from resolved - escalate from triage - resolve by DoICT in party_fixing",
          "[e2e][lifecycle]") {
  DemoServer s;
  Walk w(s, "stnmt.reporter", "Không kết nối được trục LGSP", {});
  w.Step("stttt.coordinator", "acknowledge", nullptr, "triage");
  w.Step("stttt.engineer", "request_info", Obj({{"question", "Lỗi xuất hiện từ khi nào?"}}), "waiting_reporter");
  w.Step("stnmt.focal", "provide_info", Obj({{"answer", "Từ 8 giờ sáng nay."}}), "triage");
  w.Step("stttt.coordinator", "refer_ministry", Obj({{"question", "Xin ý kiến Bộ."}}), "awaiting_ministry");
  w.Step("stttt.coordinator", "escalate_chairman", Obj({{"reason", "Bộ chưa trả lời, cần quyết định."}}),
         "awaiting_chairman");
  w.Step("chairman", "record_chairman_decision",
         Obj({{"decision", "Chấp nhận hiện trạng."}, {"requires_action", false}}), "resolved");
  w.Step("stnmt.reporter", "comment", Body("Đã nhận quyết định."), "resolved");
  w.Step("stnmt.reporter", "reopen", Obj({{"reason", "Quyết định chưa được thực hiện."}}), "triage");
  w.Step("stttt.coordinator", "escalate_chairman", Obj({{"reason", "Cần quyết định lại."}}), "awaiting_chairman");
  w.Step("chairman", "record_chairman_decision",
         Obj({{"decision", "Giao Sở TN&MT khắc phục."}, {"requires_action", true}}), "party_fixing");
  w.Step("stttt.engineer", "resolve", Obj({{"resolution", "Đã khôi phục kết nối."}}), "resolved");
  w.Step("stnmt.focal", "confirm", nullptr, "closed");
  w.VerifyHistory();
}

TEST_CASE("lifecycle: assign to another engineer, provide_info returns to doict_fixing, refer to the Ministry from "
          "doict_fixing, resolve in doict_fixing",
          "[e2e][lifecycle]") {
  DemoServer s;
  Walk w(s, "stnmt.focal", "Dữ liệu đất đai chia sẻ cho Sở Tư pháp bị thiếu", {"stp"});
  w.Step("stttt.engineer", "acknowledge", nullptr, "triage");
  const auto t = w.Step("stttt.engineer", "assign_doict", Obj({{"assignee", "stttt.coordinator"}}), "doict_fixing");
  CHECK(Str(t, "assignee") == "stttt.coordinator");
  w.Step("stttt.coordinator", "request_info", Obj({{"question", "Thiếu những trường nào?"}}), "waiting_reporter");
  w.Step("stnmt.reporter", "provide_info", Obj({{"answer", "Thiếu số thửa và tờ bản đồ."}}), "doict_fixing");
  w.Step("stttt.coordinator", "refer_ministry", Obj({{"question", "Chuẩn trường dữ liệu?"}}), "awaiting_ministry");
  w.Step("stttt.coordinator", "record_ministry_conclusion", Obj({{"conclusion", "Bổ sung theo chuẩn."}}),
         "party_fixing");
  w.Step("stp.focal", "resolve", Obj({{"resolution", "Sở Tư pháp đã điều chỉnh truy vấn."}}), "resolved");
  w.Step("stnmt.focal", "reopen", Obj({{"reason", "Vẫn thiếu trường."}}), "triage");
  w.Step("stttt.engineer", "assign_doict", nullptr, "doict_fixing");
  w.Step("stttt.engineer", "resolve", Obj({{"resolution", "Đã bổ sung trường còn thiếu."}}), "resolved");
  w.Step("stnmt.reporter", "confirm", Obj({{"feedback", "Tốt."}}), "closed");
  w.VerifyHistory();
}

TEST_CASE("lifecycle: request_party_fix from triage adds the party (which then sees the ticket) - escalate from "
          "doict_fixing - reject from reported",
          "[e2e][lifecycle]") {
  DemoServer s;
  {
    Walk w(s, "syt.reporter", "Dữ liệu y tế không đồng bộ", {"stp"});
    w.Step("stttt.engineer", "acknowledge", nullptr, "triage");
    // stnmt does not see the ticket yet...
    RequireProblem(s.GetTicket("stnmt.reporter", w.id()), 404);
    w.Step("stttt.coordinator", "request_party_fix",
           Obj({{"party", "stnmt"}, {"instructions", "Đề nghị Sở TN&MT kiểm tra."}}), "party_fixing");
    // ...and does once it is a party.
    REQUIRE(s.GetTicket("stnmt.reporter", w.id()).status == 200);
    w.Step("stnmt.reporter", "comment", Body("Sở TN&MT đang kiểm tra."), "party_fixing");
    w.Step("stp.focal", "resolve", Obj({{"resolution", "Đã đồng bộ."}}), "resolved");
    w.Step("syt.reporter", "confirm", nullptr, "closed");
    w.VerifyHistory();
  }
  {
    Walk w(s, "stp.reporter", "Lỗi vận hành khi dùng dữ liệu", {});
    w.Step("stttt.engineer", "acknowledge", nullptr, "triage");
    w.Step("stttt.engineer", "assign_doict", nullptr, "doict_fixing");
    w.Step("stttt.coordinator", "escalate_chairman", Obj({{"reason", "Cần quyết định đầu tư."}}), "awaiting_chairman");
    w.Step("chairman", "record_chairman_decision",
           Obj({{"decision", "Không cần khắc phục thêm."}, {"requires_action", false}}), "resolved");
    w.Step("stp.reporter", "confirm", nullptr, "closed");
    w.Step("stp.reporter", "reopen", Obj({{"reason", "Phát sinh lại."}}), "triage");
    w.Step("stttt.coordinator", "request_party_fix", Obj({{"party", "ubnd-prtc"}, {"instructions", "Đề nghị UBND thành phố kiểm tra."}}),
           "party_fixing");
    w.VerifyHistory();
  }
  {
    Walk w(s, "stp.focal", "Yêu cầu ngoài phạm vi (dữ liệu mật)", {"skhdt"});
    w.Step("stttt.coordinator", "reject", Obj({{"reason", "Dữ liệu thuộc bí mật nhà nước."}, {"grounds", "state_secret"}}), "rejected");
    w.Step("stp.reporter", "comment", Body("Đã hiểu."), "rejected");
    w.VerifyHistory();
  }
}

TEST_CASE("lifecycle: the ticket representation has the fields of API.md", "[e2e][lifecycle]") {
  DemoServer s;
  const auto t = s.CreateTicket("stp.reporter", Obj({{"category", "other"},
                                                      {"title", "Vấn đề khác"},
                                                      {"description", ""}}));
  for (const char* field : {"id", "workflow", "category", "priority", "title", "description", "service", "state",
                            "reporter", "reporter_org", "parties", "assignee", "version", "created_at", "updated_at",
                            "sla", "allowed_actions"}) {
    INFO("field " << field << " in " << Canonical(t));
    CHECK(t->has(field));
  }
  CHECK(Str(t, "priority") == "normal");  // the default
  CHECK(IsNull(t, "service"));
  CHECK(ArrAt(t, "parties")->size() == 0);
  CHECK(Str(t, "description").empty());
  const auto sla = ObjAt(t, "sla");
  for (const char* field : {"ack_due", "resolve_due", "paused", "breaches"}) {
    INFO("sla field " << field << " in " << Canonical(sla));
    CHECK(sla->has(field));
  }
}

TEST_CASE("lifecycle: a new ticket carries its SLA deadlines (API.md: ack_due and resolve_due are RFC 3339), and "
          "waiting_reporter pauses them",
          "[e2e][lifecycle][sla]") {
  DemoServer s;
  const auto t = s.CreateTicket("stp.reporter", "Sự cố khẩn", {}, "connection_failure", "critical");
  const auto sla = ObjAt(t, "sla");
  INFO("sla: " << Canonical(sla));
  CHECK((sla->has("ack_due") && sla->get("ack_due").isString() &&
         std::regex_match(sla->getValue<std::string>("ack_due"), kRfc3339Utc)));
  CHECK((sla->has("resolve_due") && sla->get("resolve_due").isString() &&
         std::regex_match(sla->getValue<std::string>("resolve_due"), kRfc3339Utc)));
  const std::string id = Str(t, "id");
  REQUIRE(s.PostEvent("stttt.engineer", id, "acknowledge").status == 200);
  const Response r = s.PostEvent("stttt.engineer", id, "request_info", Obj({{"question", "?"}}));
  REQUIRE(r.status == 200);
  INFO("after request_info: " << r.body);
  CHECK(Bool(ObjAt(r.Object(), "sla"), "paused") == true);
}
