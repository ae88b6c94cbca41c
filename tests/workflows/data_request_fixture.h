#pragma once
// What the data-request workflow tests share: requests, decisions and consultations as the
// demo province would write them, and the checks every case makes (an event refused changes
// nothing; every history replays to the stored ticket).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/audit_chain.h"

namespace incidents::testing {

using namespace incidents::engine;

inline SubmitCommand PersonRequest() {
  SubmitCommand c;
  c.scope = Scope::kPersonOrBusiness;
  c.title = "Dữ liệu quy hoạch sử dụng đất huyện Ninh Hải";
  c.data_wanted = "Bản đồ quy hoạch sử dụng đất đến năm 2030, định dạng shapefile.";
  c.purpose = "Lập dự án đầu tư khu du lịch sinh thái.";
  c.legal_basis = "Luật Đất đai 2024, Điều 76.";
  c.requester_name = "Công ty TNHH Du lịch Vĩnh Hy";
  c.organisation = "Công ty TNHH Du lịch Vĩnh Hy";
  c.tax_code = "4500123456";
  c.email = "lienhe@vinhhy.example";
  c.phone = "0912345678";
  return c;
}

inline SubmitCommand AgencyRequest(std::vector<std::string> owners) {
  SubmitCommand c;
  c.scope = Scope::kOutsideAgency;
  c.title = "Dữ liệu đăng ký doanh nghiệp tỉnh Ninh Thuận";
  c.data_wanted = "Danh sách doanh nghiệp đăng ký mới năm 2026.";
  c.purpose = "Đối soát dữ liệu với cơ sở dữ liệu quốc gia.";
  c.legal_basis = "Nghị định 47/2020/NĐ-CP.";
  c.requester_name = "Cục Thống kê";
  c.portal_reference = "CDLQG-2026-000123";
  c.owners = std::move(owners);
  return c;
}

inline DecideCommand Grant(DecisionOutcome outcome = DecisionOutcome::kGrant) {
  DecideCommand d;
  d.outcome = outcome;
  d.datasets = {"Quy hoạch sử dụng đất 2030 (shapefile)"};
  d.conditions = "Chỉ dùng cho mục đích đã nêu; không chuyển cho bên thứ ba.";
  d.valid_until = CivilDate{2027, 12, 31};
  if (outcome != DecisionOutcome::kGrant) d.reason = "Một phần dữ liệu chứa thông tin cá nhân.";
  return d;
}

inline DecideCommand Refusal() {
  DecideCommand d;
  d.outcome = DecisionOutcome::kRefuse;
  d.reason = "Dữ liệu thuộc phạm vi bí mật nhà nước.";
  return d;
}

inline ConsultCommand AskUnits(std::vector<std::string> units) {
  ConsultCommand c;
  c.units = std::move(units);
  c.question = "Đề nghị cho ý kiến về việc chia sẻ dữ liệu.";
  c.due = CivilDate{2026, 3, 13};
  return c;
}

inline std::string Submit(DemoFixture& f, const SubmitCommand& c, const std::string& as = "stttt.engineer") {
  auto t = f.service.Submit(DemoActor(as), c);
  REQUIRE(t.ok());
  return t->id;
}

inline Ticket Do(DemoFixture& f, const std::string& username, const std::string& id, const Command& command) {
  auto t = f.service.Apply(DemoActor(username), id, command);
  INFO(username << " " << ToString(TypeOf(command)) << ": " << t.status().ToString());
  REQUIRE(t.ok());
  return t.value();
}

inline void ExpectRefused(DemoFixture& f, const Actor& actor, const std::string& id, const Command& command, ErrorCode code) {
  auto before = f.service.Get(DemoActor("stttt.engineer"), id);
  REQUIRE(before.ok());
  auto r = f.service.Apply(actor, id, command);
  INFO(actor.username << " " << ToString(TypeOf(command)) << ": " << r.status().ToString());
  CHECK(r.status().code() == code);
  auto after = f.service.Get(DemoActor("stttt.engineer"), id);
  REQUIRE(after.ok());
  CHECK(after.value() == before.value());
}

inline void ExpectVerifies(DemoFixture& f, const std::string& id) {
  const Status st = VerifyTicket(f.store, {&f.workflow, &f.data_requests}, id);
  INFO(st.ToString());
  CHECK(st.ok());
}

}  // namespace incidents::testing
