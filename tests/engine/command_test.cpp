// Commands and their payloads (engine/include/incidents/engine/command.h): the mapping the
// HTTP adapter uses to build commands and replay uses to turn stored payloads back.

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/command.h"
#include "incidents/engine/domain.h"

namespace incidents::engine {
namespace {

using Array = JsonValue::Array;

std::string Describe(const Command& c) {
  return std::string(ToString(TypeOf(c))) + " " + ToCanonicalJson(JsonValue(ToPayload(c)));
}

// A command of each type with every field set to a non-default value.
Command Populated(EventType type) {
  switch (type) {
    case EventType::kReport: {
      ReportCommand c;
      c.category = Category::kSharingDisagreement;
      c.title = "Dữ liệu \"hộ tịch\" sai lệch";
      c.description = "Số liệu khai sinh\ntháng 12 không khớp.";
      c.priority = Priority::kHigh;
      c.parties = {"stnmt", "ubnd-prtc"};
      c.service = "LGSP – hộ tịch";
      return c;
    }
    case EventType::kAcknowledge: return AcknowledgeCommand{};
    case EventType::kAssignDoict: return AssignDoictCommand{"stttt.engineer"};
    case EventType::kRequestPartyFix: return RequestPartyFixCommand{"stnmt", "Kiểm tra lại dữ liệu đất đai"};
    case EventType::kRequestInfo: return RequestInfoCommand{"Xin gửi ảnh chụp màn hình"};
    case EventType::kProvideInfo: return ProvideInfoCommand{"Đã gửi kèm tệp"};
    case EventType::kReferMinistry: return ReferMinistryCommand{"Đề nghị Bộ cho ý kiến"};
    case EventType::kRecordMinistryConclusion:
      return RecordMinistryConclusionCommand{"Bộ kết luận: sửa theo chuẩn", "123/BTTTT-CĐSQG", CivilDate{2025, 12, 30}};
    case EventType::kEscalateChairman: return EscalateChairmanCommand{"Vượt thẩm quyền của Sở"};
    case EventType::kApproveEscalation: return ApproveEscalationCommand{"Đồng ý trình"};
    case EventType::kReturnEscalation: return ReturnEscalationCommand{"Bổ sung ý kiến các bên"};
    case EventType::kRecordChairmanDecision:
      return RecordChairmanDecisionCommand{"Giao Sở TN&MT xử lý", true,           "vice.chairman",
                                           SignedAs::kViceChairman, "45/QĐ-UBND", CivilDate{2026, 1, 5}};
    case EventType::kReturnToDoict: return ReturnToDoictCommand{"Đề nghị làm rõ"};
    case EventType::kResolve: return ResolveCommand{"Đã sửa kết nối"};
    case EventType::kConfirm: return ConfirmCommand{"Cảm ơn"};
    case EventType::kReopen: return ReopenCommand{"Lỗi tái diễn"};
    case EventType::kReject: return RejectCommand{"Trùng lặp", "INC-2026-000001"};
    case EventType::kComment: return CommentCommand{"Ghi chú \\ nội bộ"};
    case EventType::kSlaBreach: return SlaBreachCommand{SlaClockKind::kResolve, 2};
    case EventType::kAutoClose: return AutoCloseCommand{};
    case EventType::kSubmit: {
      SubmitCommand c;
      c.scope = Scope::kOutsideAgency;
      c.title = "Dữ liệu \"đăng ký doanh nghiệp\"";
      c.data_wanted = "Danh sách doanh nghiệp\nđăng ký mới";
      c.purpose = "Đối soát";
      c.legal_basis = "Nghị định 47/2020/NĐ-CP";
      c.requester_name = "Cục Thống kê";
      c.organisation = "Bộ Tài chính";
      c.tax_code = "0100000000";
      c.email = "tk@example.gov.vn";
      c.phone = "02433333333";
      c.portal_reference = "CDLQG-2026-1";
      c.period_from = CivilDate{2026, 1, 1};
      c.period_to = CivilDate{2026, 12, 31};
      c.personal_data = true;
      c.owners = {"skhdt", "stnmt"};
      return c;
    }
    case EventType::kScreen: return ScreenCommand{"Hồ sơ đầy đủ"};
    case EventType::kConsult: return ConsultCommand{{"stnmt"}, "Xin ý kiến", CivilDate{2026, 2, 2}};
    case EventType::kGiveOpinion: return GiveOpinionCommand{"Đồng ý", true};
    case EventType::kAgree: return AgreeCommand{"Thống nhất"};
    case EventType::kDisagree: return DisagreeCommand{"Chưa thống nhất"};
    case EventType::kDecide:
      return DecideCommand{DecisionOutcome::kPartial, {"Bản đồ", "Danh mục"}, "Không chuyển cho bên thứ ba",
                           CivilDate{2027, 6, 30}, "Một phần là dữ liệu cá nhân", "12/QĐ-STTTT",
                           CivilDate{2026, 2, 10}};
    case EventType::kWithdraw: return WithdrawCommand{"Không còn nhu cầu"};
    case EventType::kClose: return CloseCommand{"Đã kết nối"};
  }
  FAIL("unknown event type");
  return CommentCommand{};
}

struct FieldRule {
  EventType type;
  const char* field;
};

// Every required payload field of spec/WORKFLOW.md "Transitions".
const FieldRule kRequiredFields[] = {
    {EventType::kReport, "category"},
    {EventType::kSubmit, "scope"},
    {EventType::kSubmit, "title"},
    {EventType::kSubmit, "data_wanted"},
    {EventType::kSubmit, "purpose"},
    {EventType::kSubmit, "legal_basis"},
    {EventType::kSubmit, "requester_name"},
    {EventType::kConsult, "question"},
    {EventType::kGiveOpinion, "opinion"},
    {EventType::kGiveOpinion, "agrees"},
    {EventType::kDisagree, "reason"},
    {EventType::kDecide, "outcome"},
    {EventType::kReport, "title"},
    {EventType::kReport, "description"},
    {EventType::kRequestPartyFix, "party"},
    {EventType::kRequestPartyFix, "instructions"},
    {EventType::kRequestInfo, "question"},
    {EventType::kProvideInfo, "answer"},
    {EventType::kReferMinistry, "question"},
    {EventType::kRecordMinistryConclusion, "conclusion"},
    {EventType::kEscalateChairman, "reason"},
    {EventType::kReturnEscalation, "message"},
    {EventType::kRecordChairmanDecision, "decision"},
    {EventType::kReturnToDoict, "message"},
    {EventType::kRecordChairmanDecision, "requires_action"},
    {EventType::kResolve, "resolution"},
    {EventType::kReopen, "reason"},
    {EventType::kReject, "reason"},
    {EventType::kComment, "body"},
    {EventType::kSlaBreach, "clock"},
    {EventType::kSlaBreach, "level"},
};

// Expects kInvalidArgument (or `code`) naming `field`.
void CheckRefused(const Result<Command>& r, const std::string& field, ErrorCode code = ErrorCode::kInvalidArgument) {
  REQUIRE_FALSE(r.ok());
  INFO(r.status().ToString());
  CHECK(r.status().code() == code);
  CHECK_THAT(r.status().message(), Catch::Matchers::Contains(field));
}

TEST_CASE("every event type has a command and a name that round trip", "[engine][command]") {
  for (EventType t : kAllEventTypes) {
    INFO("event " << ToString(t));
    CHECK(TypeOf(BlankCommand(t)) == t);
    CHECK(TypeOf(Populated(t)) == t);
    CHECK(ParseEventType(ToString(t)) == t);
  }
  CHECK_FALSE(ParseEventType("Report").has_value());
  CHECK_FALSE(ParseEventType("").has_value());
}

TEST_CASE("CommandFromPayload(ToPayload(command)) gives the command back for every event type",
          "[engine][command]") {
  for (EventType t : kAllEventTypes) {
    const Command cmd = Populated(t);
    INFO(Describe(cmd));
    auto back = CommandFromPayload(t, ToPayload(cmd));
    REQUIRE(back.ok());
    CHECK(TypeOf(back.value()) == t);
    CHECK(back.value() == cmd);
  }
}

TEST_CASE("payloads survive the canonical JSON text too", "[engine][command]") {
  for (EventType t : kAllEventTypes) {
    const Command cmd = Populated(t);
    INFO(Describe(cmd));
    auto parsed = ParseJson(ToCanonicalJson(JsonValue(ToPayload(cmd))));
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().is_object());
    auto back = CommandFromPayload(t, parsed.value().as_object());
    REQUIRE(back.ok());
    CHECK(back.value() == cmd);
  }
}

TEST_CASE("blank commands round trip through their payload", "[engine][command]") {
  for (EventType t : kAllEventTypes) {
    const Command cmd = BlankCommand(t);
    INFO(Describe(cmd));
    auto back = CommandFromPayload(t, ToPayload(cmd));
    REQUIRE(back.ok());
    CHECK(back.value() == cmd);
  }
}

TEST_CASE("other values of enums and booleans round trip", "[engine][command]") {
  std::vector<Command> cmds;
  for (Category c : kAllCategories)
    for (Priority p : kAllPriorities) {
      ReportCommand r;
      r.category = c;
      r.priority = p;
      r.title = "t";
      r.description = "";
      cmds.push_back(r);
    }
  cmds.push_back(RecordChairmanDecisionCommand{"Không cần hành động", false});
  cmds.push_back(SlaBreachCommand{SlaClockKind::kAck, 1});
  cmds.push_back(SlaBreachCommand{SlaClockKind::kResolve, 1});
  cmds.push_back(SlaBreachCommand{SlaClockKind::kAck, 2});
  for (const Command& cmd : cmds) {
    INFO(Describe(cmd));
    auto back = CommandFromPayload(TypeOf(cmd), ToPayload(cmd));
    REQUIRE(back.ok());
    CHECK(back.value() == cmd);
  }
}

TEST_CASE("ToPayload writes the payload members of spec/WORKFLOW.md", "[engine][command]") {
  CHECK(ToCanonicalJson(JsonValue(ToPayload(Populated(EventType::kReport)))) ==
        R"({"category":"sharing_disagreement","description":"Số liệu khai sinh\ntháng 12 không khớp.",)"
        R"("parties":["stnmt","ubnd-prtc"],"priority":"high","scope":"intra_province","service":"LGSP – hộ tịch",)"
        R"("title":"Dữ liệu \"hộ tịch\" sai lệch"})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(AcknowledgeCommand{}))) == "{}");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(AutoCloseCommand{}))) == "{}");
  // Issue 12.3's members are written too: null when absent, signed_as at its default.
  CHECK(ToCanonicalJson(JsonValue(ToPayload(RecordChairmanDecisionCommand{"d", true}))) ==
        R"({"decision":"d","document_date":null,"document_number":null,"requires_action":true,)"
        R"("signed_as":"chairman","signer":null})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(Populated(EventType::kRecordChairmanDecision)))) ==
        R"({"decision":"Giao Sở TN&MT xử lý","document_date":"2026-01-05","document_number":"45/QĐ-UBND",)"
        R"("requires_action":true,"signed_as":"vice_chairman","signer":"vice.chairman"})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(Populated(EventType::kRecordMinistryConclusion)))) ==
        R"({"conclusion":"Bộ kết luận: sửa theo chuẩn","document_date":"2025-12-30",)"
        R"("document_number":"123/BTTTT-CĐSQG"})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(SlaBreachCommand{SlaClockKind::kResolve, 2}))) ==
        R"({"clock":"resolve","level":2})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(RequestPartyFixCommand{"stnmt", "i"}))) ==
        R"({"instructions":"i","party":"stnmt"})");
}

TEST_CASE("ToPayload writes absent optional fields as null", "[engine][command]") {
  CHECK(ToCanonicalJson(JsonValue(ToPayload(AssignDoictCommand{}))) == R"({"assignee":null})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(ConfirmCommand{}))) == R"({"feedback":null})");
  CHECK(ToCanonicalJson(JsonValue(ToPayload(RejectCommand{"r", std::nullopt}))) ==
        R"({"duplicate_of":null,"grounds":"out_of_scope","reason":"r"})");
  ReportCommand r;
  r.category = Category::kOther;
  r.title = "t";
  r.description = "d";
  CHECK(ToCanonicalJson(JsonValue(ToPayload(r))) ==
        R"({"category":"other","description":"d","parties":[],"priority":"normal","scope":"intra_province",)"
        R"("service":null,"title":"t"})");
}

TEST_CASE("a missing required field is InvalidArgument naming the field", "[engine][command]") {
  for (const auto& rule : kRequiredFields) {
    INFO("event " << ToString(rule.type) << ", field " << rule.field);
    Payload p = ToPayload(Populated(rule.type));
    REQUIRE(p.erase(rule.field) == 1);
    CheckRefused(CommandFromPayload(rule.type, p), rule.field);
  }
}

TEST_CASE("a required field set to null is InvalidArgument naming the field", "[engine][command]") {
  for (const auto& rule : kRequiredFields) {
    INFO("event " << ToString(rule.type) << ", field " << rule.field);
    Payload p = ToPayload(Populated(rule.type));
    p[rule.field] = JsonValue();
    CheckRefused(CommandFromPayload(rule.type, p), rule.field);
  }
}

TEST_CASE("an empty payload is refused for events with required fields", "[engine][command]") {
  for (const auto& rule : kRequiredFields) {
    INFO("event " << ToString(rule.type));
    auto r = CommandFromPayload(rule.type, Payload{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ErrorCode::kInvalidArgument);
  }
  // ...and accepted for those without.
  for (EventType t : {EventType::kAcknowledge, EventType::kAssignDoict, EventType::kConfirm, EventType::kAutoClose}) {
    INFO("event " << ToString(t));
    auto r = CommandFromPayload(t, Payload{});
    REQUIRE(r.ok());
    CHECK(r.value() == BlankCommand(t));
  }
}

TEST_CASE("a field of the wrong JSON type is InvalidArgument naming the field", "[engine][command]") {
  struct Case {
    EventType type;
    const char* field;
    JsonValue bad;
  };
  const Case cases[] = {
      {EventType::kRecordChairmanDecision, "requires_action", JsonValue("true")},
      {EventType::kRecordChairmanDecision, "requires_action", JsonValue(1)},
      {EventType::kRecordChairmanDecision, "decision", JsonValue(false)},
      {EventType::kReport, "parties", JsonValue("stnmt")},
      {EventType::kReport, "parties", JsonValue(Array{JsonValue("stnmt"), JsonValue(1)})},
      {EventType::kReport, "parties", JsonValue(Array{JsonValue()})},
      {EventType::kReport, "parties", JsonValue(JsonValue::Object{})},
      {EventType::kReport, "title", JsonValue(5)},
      {EventType::kReport, "title", JsonValue(Array{JsonValue("t")})},
      {EventType::kReport, "description", JsonValue(true)},
      {EventType::kReport, "category", JsonValue(1)},
      {EventType::kReport, "priority", JsonValue(2)},
      {EventType::kReport, "service", JsonValue(5)},
      {EventType::kAssignDoict, "assignee", JsonValue(true)},
      {EventType::kRequestPartyFix, "party", JsonValue(Array{JsonValue("stnmt")})},
      {EventType::kRequestPartyFix, "instructions", JsonValue(1)},
      {EventType::kRequestInfo, "question", JsonValue(1)},
      {EventType::kProvideInfo, "answer", JsonValue(JsonValue::Object{})},
      {EventType::kReferMinistry, "question", JsonValue(true)},
      {EventType::kRecordMinistryConclusion, "conclusion", JsonValue(0)},
      {EventType::kEscalateChairman, "reason", JsonValue(0)},
      {EventType::kResolve, "resolution", JsonValue(0)},
      {EventType::kConfirm, "feedback", JsonValue(Array{})},
      {EventType::kReopen, "reason", JsonValue(0)},
      {EventType::kReject, "reason", JsonValue(0)},
      {EventType::kReject, "duplicate_of", JsonValue(JsonValue::Object{})},
      {EventType::kComment, "body", JsonValue(7)},
      {EventType::kSlaBreach, "clock", JsonValue(1)},
      {EventType::kSlaBreach, "level", JsonValue("1")},
      {EventType::kSlaBreach, "level", JsonValue(true)},
  };
  for (const auto& c : cases) {
    INFO("event " << ToString(c.type) << ", " << c.field << " = " << ToCanonicalJson(c.bad));
    Payload p = ToPayload(Populated(c.type));
    p[c.field] = c.bad;
    CheckRefused(CommandFromPayload(c.type, p), c.field);
  }
}

TEST_CASE("an unknown category, priority or clock is InvalidValue naming the field", "[engine][command]") {
  struct Case {
    EventType type;
    const char* field;
    const char* value;
  };
  const Case cases[] = {
      {EventType::kReport, "category", "bug"},
      {EventType::kReport, "category", "Data_Discrepancy"},
      {EventType::kReport, "category", ""},
      {EventType::kReport, "priority", "urgent"},
      {EventType::kReport, "priority", "HIGH"},
      {EventType::kReport, "priority", ""},
      {EventType::kSlaBreach, "clock", "acknowledge"},
  };
  for (const auto& c : cases) {
    INFO("event " << ToString(c.type) << ", " << c.field << " = '" << c.value << "'");
    Payload p = ToPayload(Populated(c.type));
    p[c.field] = c.value;
    CheckRefused(CommandFromPayload(c.type, p), c.field, ErrorCode::kInvalidValue);
  }
}

TEST_CASE("every known category and priority name is accepted", "[engine][command]") {
  for (Category c : kAllCategories) {
    Payload p = ToPayload(Populated(EventType::kReport));
    p["category"] = std::string(ToString(c));
    auto r = CommandFromPayload(EventType::kReport, p);
    REQUIRE(r.ok());
    CHECK(std::get<ReportCommand>(r.value()).category == c);
  }
  for (Priority pr : kAllPriorities) {
    Payload p = ToPayload(Populated(EventType::kReport));
    p["priority"] = std::string(ToString(pr));
    auto r = CommandFromPayload(EventType::kReport, p);
    REQUIRE(r.ok());
    CHECK(std::get<ReportCommand>(r.value()).priority == pr);
  }
}

TEST_CASE("optional report fields accept null and absence", "[engine][command]") {
  const Payload base = ToPayload(Populated(EventType::kReport));
  for (bool as_null : {true, false}) {
    INFO((as_null ? "null" : "absent"));
    Payload p = base;
    for (const char* f : {"priority", "parties", "service"}) {
      if (as_null) p[f] = JsonValue();
      else p.erase(f);
    }
    auto r = CommandFromPayload(EventType::kReport, p);
    REQUIRE(r.ok());
    const auto& c = std::get<ReportCommand>(r.value());
    CHECK(c.priority == Priority::kNormal);
    CHECK(c.parties.empty());
    CHECK_FALSE(c.service.has_value());
    CHECK(c.category == Category::kSharingDisagreement);
    CHECK(c.title == "Dữ liệu \"hộ tịch\" sai lệch");
  }
}

TEST_CASE("optional assignee, feedback and duplicate_of accept null and absence", "[engine][command]") {
  for (bool as_null : {true, false}) {
    INFO((as_null ? "null" : "absent"));
    auto with = [&](const char* field, Payload p) {
      if (as_null) p[field] = JsonValue();
      else p.erase(field);
      return p;
    };
    auto assign = CommandFromPayload(EventType::kAssignDoict, with("assignee", ToPayload(Populated(EventType::kAssignDoict))));
    REQUIRE(assign.ok());
    CHECK(assign.value() == Command(AssignDoictCommand{std::nullopt}));

    auto confirm = CommandFromPayload(EventType::kConfirm, with("feedback", ToPayload(Populated(EventType::kConfirm))));
    REQUIRE(confirm.ok());
    CHECK(confirm.value() == Command(ConfirmCommand{std::nullopt}));

    auto reject = CommandFromPayload(EventType::kReject, with("duplicate_of", ToPayload(Populated(EventType::kReject))));
    REQUIRE(reject.ok());
    CHECK(reject.value() == Command(RejectCommand{"Trùng lặp", std::nullopt}));
  }
}

TEST_CASE("an empty string is a present optional value, not an absent one", "[engine][command]") {
  auto r = CommandFromPayload(EventType::kConfirm, Payload{{"feedback", ""}});
  REQUIRE(r.ok());
  CHECK(r.value() == Command(ConfirmCommand{std::string()}));
}

TEST_CASE("unknown extra payload members are ignored", "[engine][command]") {
  for (EventType t : kAllEventTypes) {
    const Command cmd = Populated(t);
    INFO(Describe(cmd));
    Payload p = ToPayload(cmd);
    p["type"] = "something_else";
    p["expected_version"] = 3;
    p["extra"] = JsonValue(JsonValue::Object{{"nested", JsonValue(Array{JsonValue(1)})}});
    p["zzz"] = JsonValue();
    auto back = CommandFromPayload(t, p);
    REQUIRE(back.ok());
    CHECK(back.value() == cmd);
  }
}

TEST_CASE("members of another event's payload are not taken", "[engine][command]") {
  // A comment payload does not carry a reason: reopen needs its own field.
  auto r = CommandFromPayload(EventType::kReopen, ToPayload(CommentCommand{"body text"}));
  CheckRefused(r, "reason");
  // ...and reject ignores the comment's body.
  Payload p = ToPayload(RejectCommand{"lý do", std::nullopt});
  p["body"] = "x";
  auto ok = CommandFromPayload(EventType::kReject, p);
  REQUIRE(ok.ok());
  CHECK(ok.value() == Command(RejectCommand{"lý do", std::nullopt}));
}

TEST_CASE("an sla_breach level that does not fit an int is not silently truncated", "[engine][command]") {
  // 2^32 + 1 would become level 1 if narrowed to a 32-bit int.
  Payload p{{"clock", "ack"}, {"level", JsonValue(std::int64_t{4294967297})}};
  auto r = CommandFromPayload(EventType::kSlaBreach, p);
  INFO((r.ok() ? "accepted as level " + std::to_string(std::get<SlaBreachCommand>(r.value()).level)
               : r.status().ToString()));
  CHECK_FALSE(r.ok());
  if (!r.ok()) CHECK_THAT(r.status().message(), Catch::Matchers::Contains("level"));
}

TEST_CASE("a decision or conclusion recorded before issue 12.3 reads with the new members absent",
          "[engine][command][issue12]") {
  auto d = CommandFromPayload(EventType::kRecordChairmanDecision,
                              Payload{{"decision", "Giao xử lý"}, {"requires_action", true}});
  REQUIRE(d.ok());
  CHECK(d.value() == Command(RecordChairmanDecisionCommand{"Giao xử lý", true}));
  auto m = CommandFromPayload(EventType::kRecordMinistryConclusion, Payload{{"conclusion", "Kết luận"}});
  REQUIRE(m.ok());
  CHECK(m.value() == Command(RecordMinistryConclusionCommand{"Kết luận"}));
}

TEST_CASE("a document_date is a calendar date YYYY-MM-DD or null", "[engine][command][issue12]") {
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-5", "05/01/2026", " 2026-01-05", ""}) {
    INFO(bad);
    CheckRefused(CommandFromPayload(EventType::kRecordMinistryConclusion,
                                    Payload{{"conclusion", "k"}, {"document_date", bad}}),
                 "document_date", ErrorCode::kInvalidValue);
  }
  CheckRefused(CommandFromPayload(EventType::kRecordMinistryConclusion,
                                  Payload{{"conclusion", "k"}, {"document_date", JsonValue(true)}}),
               "document_date");
  auto ok = CommandFromPayload(EventType::kRecordMinistryConclusion,
                               Payload{{"conclusion", "k"}, {"document_date", "2028-02-29"}, {"document_number", JsonValue()}});
  REQUIRE(ok.ok());
  CHECK(std::get<RecordMinistryConclusionCommand>(ok.value()).document_date == std::optional<CivilDate>(CivilDate{2028, 2, 29}));
}

TEST_CASE("the signer left absent is the caller, and a blank document number is absent", "[engine][command][issue12]") {
  Command c = RecordChairmanDecisionCommand{"d", false, std::nullopt, SignedAs::kChairman, std::string("  ")};
  NormalizeCommand(c, "chairman");
  const auto& d = std::get<RecordChairmanDecisionCommand>(c);
  CHECK(d.signer == std::optional<std::string>("chairman"));
  CHECK_FALSE(d.document_number.has_value());
  const auto refs = CommandReferences(c);
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].ref == FieldRef::kChairman);
  CHECK(std::string(refs[0].field) == "signer");
}

TEST_CASE("a decision recorded for another signer names its document", "[engine][command][issue12]") {
  const CivilDate date{2026, 1, 5};
  // Own decision: nothing more needed.
  CHECK(CheckCommandRules(RecordChairmanDecisionCommand{"d", false, "chairman"}, "chairman").ok());
  // For someone else: number, then date.
  Status st = CheckCommandRules(RecordChairmanDecisionCommand{"d", false, "vice.chairman"}, "vp-ubnd.office");
  CHECK(st.code() == ErrorCode::kInvalidValue);
  CHECK_THAT(st.message(), Catch::Matchers::Contains("document_number"));
  st = CheckCommandRules(RecordChairmanDecisionCommand{"d", false, "vice.chairman", SignedAs::kViceChairman, "1/QĐ"},
                         "vp-ubnd.office");
  CHECK_THAT(st.message(), Catch::Matchers::Contains("document_date"));
  CHECK(CheckCommandRules(
            RecordChairmanDecisionCommand{"d", false, "vice.chairman", SignedAs::kViceChairman, "1/QĐ", date},
            "vp-ubnd.office")
            .ok());
  // Other events have no such rule.
  CHECK(CheckCommandRules(CommentCommand{"x"}, "anyone").ok());
}

}  // namespace
}  // namespace incidents::engine
