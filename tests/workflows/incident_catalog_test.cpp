// The incident workflow's catalog (event_catalog.h): every event, state, category and
// priority has its names; every event's payload fields are those of its command struct;
// citations are the regulation file's (regulation_test.cpp). Expectations are written by
// hand from spec/WORKFLOW.md and the regulation, not derived from the code.

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "catch_string_makers.h"
#include "incidents/engine/command.h"
#include "incidents/engine/event_catalog.h"
#include "incidents/workflows/incident_workflow.h"

namespace {

using namespace incidents::engine;
using incidents::workflows::IncidentWorkflow;
using E = EventType;

// The "payload" column of spec/WORKFLOW.md "Transitions": name -> required.
const std::map<EventType, std::map<std::string, bool>>& SpecPayloads() {
  static const std::map<EventType, std::map<std::string, bool>> m = {
      {E::kReport,
       {{"category", true}, {"title", true}, {"description", true}, {"priority", false}, {"parties", false},
        {"service", false}, {"scope", false}}},  // scope: issue 13
      {E::kAcknowledge, {}},
      {E::kAssignDoict, {{"assignee", false}}},
      {E::kRequestPartyFix, {{"party", true}, {"instructions", true}}},
      {E::kRequestInfo, {{"question", true}}},
      {E::kProvideInfo, {{"answer", true}}},
      {E::kReferMinistry, {{"question", true}}},
      {E::kRecordMinistryConclusion, {{"conclusion", true}, {"document_number", false}, {"document_date", false}}},
      {E::kEscalateChairman, {{"reason", true}}},
      {E::kApproveEscalation, {{"note", false}}},
      {E::kReturnEscalation, {{"message", true}}},
      {E::kRecordChairmanDecision,
       {{"decision", true},
        {"requires_action", true},
        {"signer", false},
        {"signed_as", false},
        {"document_number", false},
        {"document_date", false}}},
      {E::kReturnToDoict, {{"message", true}}},
      {E::kResolve, {{"resolution", true}}},
      {E::kConfirm, {{"feedback", false}}},
      {E::kReopen, {{"reason", true}}},
      {E::kReject, {{"reason", true}, {"duplicate_of", false}, {"grounds", false}}},  // grounds: issue 13
      {E::kComment, {{"body", true}}},
      {E::kSlaBreach, {{"clock", true}, {"level", true}}},
      {E::kAutoClose, {}},
  };
  return m;
}

TEST_CASE("catalog: every event has names and the payload fields of the spec", "[workflow][catalog]") {
  IncidentWorkflow workflow;
  const WorkflowCatalog& catalog = workflow.Catalog();
  CHECK(catalog.workflow() == "incident");
  REQUIRE(catalog.events().size() == incidents::workflows::kIncidentEventTypes.size());
  for (EventType e : incidents::workflows::kIncidentEventTypes) {
    CAPTURE(ToString(e));
    const EventSpec& spec = catalog.Event(e);
    CHECK(spec.type == e);
    CHECK_FALSE(spec.name.vi.empty());
    CHECK_FALSE(spec.name.en.empty());
    CHECK(spec.name.vi != spec.name.en);
    std::map<std::string, bool> fields;
    for (const FieldSpec& f : spec.fields) fields[f.name] = f.required;
    CHECK(fields == SpecPayloads().at(e));
    if (!spec.message_field.empty()) CHECK(fields.count(spec.message_field) == 1);
  }
}

TEST_CASE("catalog: payload fields carry their rules", "[workflow][catalog]") {
  IncidentWorkflow workflow;
  const WorkflowCatalog& catalog = workflow.Catalog();
  auto field = [&](EventType e, const std::string& name) {
    for (const FieldSpec& f : catalog.Event(e).fields)
      if (f.name == name) return f;
    FAIL("no field " << name);
    return FieldSpec{};
  };
  CHECK(field(E::kReport, "title").limit == TextLimit::kTitle);
  CHECK(field(E::kReport, "title").non_blank);
  CHECK_FALSE(field(E::kReport, "description").non_blank);  // present, may be blank
  CHECK(field(E::kReport, "description").limit == TextLimit::kText);
  CHECK(field(E::kReport, "category").values ==
        std::vector<std::string>{"data_discrepancy", "connection_failure", "sharing_disagreement",
                                 "operational_incident", "other"});
  CHECK(field(E::kReport, "priority").values == std::vector<std::string>{"critical", "high", "normal", "low"});
  CHECK(field(E::kReport, "parties").type == "array");
  CHECK(field(E::kReport, "parties").ref == FieldRef::kOrg);
  CHECK(field(E::kRequestPartyFix, "party").ref == FieldRef::kPartyOrg);
  CHECK(field(E::kAssignDoict, "assignee").ref == FieldRef::kDoictStaff);
  CHECK(field(E::kAssignDoict, "assignee").nullable);
  CHECK(field(E::kReject, "duplicate_of").ref == FieldRef::kOtherTicket);
  CHECK(field(E::kRecordChairmanDecision, "requires_action").type == "boolean");
  CHECK(field(E::kRecordChairmanDecision, "signer").ref == FieldRef::kChairman);
  CHECK(field(E::kRecordChairmanDecision, "signer").nullable);
  CHECK(field(E::kRecordChairmanDecision, "signed_as").values ==
        std::vector<std::string>{"chairman", "vice_chairman"});
  for (EventType e : {E::kRecordChairmanDecision, E::kRecordMinistryConclusion}) {
    CHECK(field(e, "document_date").format == "date");
    CHECK(field(e, "document_date").type == "string");
    CHECK(field(e, "document_number").limit == TextLimit::kTitle);
    CHECK(field(e, "document_number").format.empty());
  }
  CHECK(field(E::kReturnToDoict, "message").non_blank);
  CHECK(field(E::kReturnEscalation, "message").non_blank);
  const FieldSpec level = field(E::kSlaBreach, "level");
  CHECK(level.type == "integer");
  CHECK(level.min == 1);
  CHECK(level.max == 2);
}

TEST_CASE("catalog: every state, category and priority has Vietnamese and English labels", "[workflow][catalog]") {
  IncidentWorkflow workflow;
  const WorkflowCatalog& catalog = workflow.Catalog();
  std::set<std::string> vi;
  for (State s : incidents::workflows::kIncidentStates) {
    CHECK_FALSE(catalog.Of(s).en.empty());
    vi.insert(catalog.Of(s).vi);
  }
  CHECK(vi.size() == incidents::workflows::kIncidentStates.size());  // no two states share a label
  // Issue 13: a ticket nobody has taken yet waits for it ("Tiếp nhận phiếu" is the action).
  CHECK(catalog.Of(State::kReported).vi == "Chờ tiếp nhận");
  CHECK(catalog.Of(State::kAwaitingChairman).vi == "Chờ Chủ tịch UBND tỉnh quyết định");
  CHECK(catalog.Of(State::kAwaitingDirector).vi == "Chờ lãnh đạo Sở ký duyệt");
  CHECK(catalog.Of(State::kAwaitingChairman).In("en") == "Awaiting the Chairman's decision");
  for (Category c : kAllCategories) CHECK_FALSE(catalog.Of(c).vi.empty());
  CHECK(catalog.Of(Priority::kCritical).vi == "Khẩn cấp");
  CHECK(catalog.Of(Priority::kCritical).In("vi") == "Khẩn cấp");
}

TEST_CASE("catalog: a workflow that leaves an event out is refused at start", "[workflow][catalog]") {
  std::vector<EventRow> rows = {{E::kReport, "Báo cáo", "Report", "description"}};
  const WorkflowCatalog catalog("x", rows, {{State::kReported, {"Chờ tiếp nhận", "Awaiting intake"}}}, {}, {});
  // The table's events and states must each have a row (the workflow checks at construction).
  WorkflowTable table{"x", {State::kReported}, {}};
  table.transitions.push_back({E::kReport, {}, State::kReported, {"reporter"}, "their own org", ""});
  CHECK_NOTHROW(RequireCatalogCovers(table, catalog));
  table.transitions.push_back({E::kAcknowledge, {State::kReported}, State::kTriage, {"engineer"}, "DoICT", ""});
  CHECK_THROWS_WITH(RequireCatalogCovers(table, catalog), Catch::Contains("no catalog row for event acknowledge"));
  table.transitions.back().event = E::kReport;
  CHECK_THROWS_WITH(RequireCatalogCovers(table, catalog), Catch::Contains("no catalog row for state triage"));
  rows.push_back(rows[0]);
  CHECK_THROWS_WITH(WorkflowCatalog("x", rows, {}, {}, {}), Catch::Contains("two rows for event report"));
  rows.pop_back();
  rows[0].message_field = "no_such_field";
  CHECK_THROWS_WITH(WorkflowCatalog("x", rows, {}, {}, {}), Catch::Contains("has no field 'no_such_field'"));
}

}  // namespace
