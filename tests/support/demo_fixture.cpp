#include "demo_fixture.h"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "incidents/engine/canonical_json.h"

namespace incidents::testing {

using namespace incidents::engine;

Timestamp DemoStart() { return *ParseRfc3339("2026-01-05T01:00:00Z"); }

namespace {
struct DemoUser {
  const char* username;
  const char* org;
  std::set<Role> roles;
};
const DemoUser kDemoUsers[] = {
    {"stp.reporter", "stp", {Role::kReporter}},
    {"stp.focal", "stp", {Role::kFocalPoint}},
    {"stnmt.reporter", "stnmt", {Role::kReporter}},
    {"stnmt.focal", "stnmt", {Role::kFocalPoint}},
    {"syt.reporter", "syt", {Role::kReporter}},
    {"stttt.engineer", "stttt", {Role::kEngineer}},
    {"stttt.coordinator", "stttt", {Role::kCoordinator, Role::kEngineer}},
    {"chairman", "vp-ubnd", {Role::kChairman}},
    {"admin", "stttt", {Role::kAdmin}},
    // The focal points of the orgs without one above.
    {"stttt.focal", "stttt", {Role::kFocalPoint}},
    {"skhdt.focal", "skhdt", {Role::kFocalPoint}},
    {"syt.focal", "syt", {Role::kFocalPoint}},
    {"ubnd-prtc.focal", "ubnd-prtc", {Role::kFocalPoint}},
    {"vp-ubnd.focal", "vp-ubnd", {Role::kFocalPoint}},
};

// The demo orgs in order: the n-th (from 1) has focal point <id>.focal, reached at
// focal@<id>.ninhthuan.example and +8490000000<n>.
const char* const kDemoOrgs[][4] = {
    {"stttt", "Sở Thông tin và Truyền thông", "STTTT", "provincial_focal"},
    {"stp", "Sở Tư pháp", "STP", "department"},
    {"stnmt", "Sở Tài nguyên và Môi trường", "STNMT", "department"},
    {"skhdt", "Sở Kế hoạch và Đầu tư", "SKHĐT", "department"},
    {"syt", "Sở Y tế", "SYT", "department"},
    {"ubnd-prtc", "UBND thành phố Phan Rang - Tháp Chàm", "UBND TP PR-TC", "district"},
    {"vp-ubnd", "Văn phòng UBND tỉnh", "VP UBND", "chairman_office"},
};

std::string FocalEmail(const std::string& org) { return "focal@" + org + ".ninhthuan.example"; }
std::string FocalPhone(std::size_t n) { return "+8490000000" + std::to_string(n); }

const DemoUser kLeadershipUsers[] = {
    {"stttt.director", "stttt", {Role::kDirector}},
    {"vice.chairman", "vp-ubnd", {Role::kChairman}},
    {"vp-ubnd.office", "vp-ubnd", {Role::kOfficeStaff}},
};

template <std::size_t N>
std::vector<User> UsersOf(const DemoUser (&users)[N]) {
  std::vector<User> out;
  for (const auto& u : users) {
    User user;
    user.username = u.username;
    user.display_name = u.username;
    user.org = u.org;
    user.roles = u.roles;
    out.push_back(user);
  }
  return out;
}
}  // namespace

std::shared_ptr<const Regulation> DemoRegulation() {
  static const std::shared_ptr<const Regulation> regulation = [] {
    std::ifstream in(INCIDENTS_REGULATION_FILE, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto json = ParseJson(text.str());
    if (!json.ok()) throw std::runtime_error("regulation file: " + json.status().message());
    auto parsed = Regulation::FromJson(json.value());
    if (!parsed.ok()) throw std::runtime_error(parsed.status().message());
    return parsed.value();
  }();
  return regulation;
}

WorkflowSettings DemoWorkflowSettings() {
  WorkflowSettings s;
  s.regulation_file = INCIDENTS_REGULATION_FILE;
  s.citations = DemoRegulation();
  s.doict_org = "stttt";
  s.chairman_office_org = "vp-ubnd";
  s.ministry_org = "btttt";
  s.province = "Ninh Thuận";
  s.regulation_vi = "Quy chế khai thác, sử dụng dữ liệu dùng chung tỉnh Ninh Thuận, ban hành kèm theo Quyết định số "
                    "57/2020/QĐ-UBND ngày 29/12/2020 của Ủy ban nhân dân tỉnh Ninh Thuận";
  s.regulation_en = "the Regulation on the exploitation and use of shared data of Ninh Thuận province, issued with "
                    "Decision No. 57/2020/QĐ-UBND of 29 December 2020 of the Ninh Thuận Provincial People's Committee";
  return s;
}

Actor DemoActor(const std::string& username) {
  for (const auto& u : kDemoUsers)
    if (username == u.username) return Actor::User(u.username, u.org, u.roles);
  for (const auto& u : kLeadershipUsers)
    if (username == u.username) return Actor::User(u.username, u.org, u.roles);
  throw std::invalid_argument("no demo user " + username);
}

std::vector<Org> DemoOrgs() {
  std::vector<Org> out;
  for (const auto& o : kDemoOrgs) {
    Org org;
    org.id = o[0];
    org.name = o[1];
    org.short_name = o[2];
    org.kind = o[3];
    out.push_back(org);
  }
  // The ministry the workflow refers to (workflow.ministry_org): outside the province, so
  // without a focal point in its list.
  Org ministry;
  ministry.id = "btttt";
  ministry.name = "Bộ Thông tin và Truyền thông";
  ministry.short_name = "BTTTT";
  ministry.kind = "ministry";
  out.push_back(ministry);
  return out;
}

std::vector<User> DemoUsers() {
  std::vector<User> out;
  for (const auto& u : kDemoUsers) {
    User user;
    user.username = u.username;
    user.display_name = u.username;
    user.org = u.org;
    user.roles = u.roles;
    for (std::size_t n = 1; n <= std::size(kDemoOrgs); ++n) {
      if (user.username != std::string(kDemoOrgs[n - 1][0]) + ".focal") continue;
      user.email = FocalEmail(kDemoOrgs[n - 1][0]);
      user.phone = FocalPhone(n);
    }
    out.push_back(user);
  }
  return out;
}

std::vector<User> LeadershipUsers() { return UsersOf(kLeadershipUsers); }

std::vector<FocalPoint> DemoFocalPoints() {
  std::vector<FocalPoint> out;
  for (const auto& o : kDemoOrgs) {
    FocalPoint t;
    t.org = o[0];
    t.username = std::string(o[0]) + ".focal";
    t.position = "Chuyên viên";
    t.since = CivilDate{2025, 1, 1};
    t.decision_ref = "01/QĐ-UBND";
    t.decision_date = CivilDate{2024, 12, 20};
    out.push_back(t);
  }
  return out;
}

DirectoryChange DemoDirectoryChange(std::int64_t expected_head) {
  DirectoryChange c;
  c.expected_head = expected_head;
  c.orgs = DemoOrgs();
  c.users = DemoUsers();
  c.focal_points = DemoFocalPoints();
  return c;
}

void AddDemoDirectory(InMemoryDirectory& directory) {
  for (auto& org : DemoOrgs()) directory.AddOrg(org);
  for (auto& user : DemoUsers()) directory.AddUser(user);
  for (auto& term : DemoFocalPoints()) directory.AddFocalPoint(term);
}

DemoFixture::DemoFixture(WorkflowSettings settings)
    : workflow(settings),
      data_requests(settings),
      service(store, directory, workflow, clock, workflow.settings()) {
  service.AddWorkflow(data_requests);
  AddDemoDirectory(directory);
  for (auto& user : LeadershipUsers()) directory.AddUser(user);
}

std::string DemoFixture::File(Priority priority) {
  ReportCommand report;
  report.category = Category::kDataDiscrepancy;
  report.title = "Dữ liệu hộ tịch sai lệch";
  report.description = "Số liệu khai sinh tháng 12 không khớp giữa hai hệ thống.";
  report.priority = priority;
  report.parties = {"stnmt"};
  auto t = service.Report(DemoActor("stp.reporter"), report);
  if (!t.ok()) throw std::runtime_error("report failed: " + t.status().ToString());
  return t->id;
}

Ticket DemoFixture::Do(const std::string& username, const std::string& id, const Command& command) {
  auto t = service.Apply(DemoActor(username), id, command);
  if (!t.ok())
    throw std::runtime_error(std::string(ToString(TypeOf(command))) + " by " + username + " failed: " +
                             t.status().ToString());
  return t.value();
}

std::string DemoFixture::TicketIn(State state) {
  const std::string id = File();
  const std::string eng = "stttt.engineer", coord = "stttt.coordinator";
  switch (state) {
    case State::kReported: break;
    case State::kTriage: Do(eng, id, AcknowledgeCommand{}); break;
    case State::kDoictFixing:
      Do(eng, id, AcknowledgeCommand{});
      Do(eng, id, AssignDoictCommand{});
      break;
    case State::kPartyFixing:
      Do(eng, id, AcknowledgeCommand{});
      Do(eng, id, RequestPartyFixCommand{"stnmt", "Kiểm tra lại dữ liệu"});
      break;
    case State::kWaitingReporter:
      Do(eng, id, AcknowledgeCommand{});
      Do(eng, id, RequestInfoCommand{"Xin gửi ảnh chụp màn hình"});
      break;
    case State::kAwaitingMinistry:
      Do(eng, id, AcknowledgeCommand{});
      Do(coord, id, ReferMinistryCommand{"Đề nghị Bộ cho ý kiến"});
      break;
    case State::kAwaitingDirector:
      if (workflow.settings().escalation_signoff != EscalationSignoff::kDirector)
        throw std::invalid_argument("awaiting_director needs escalation_signoff director");
      Do(eng, id, AcknowledgeCommand{});
      Do(coord, id, EscalateChairmanCommand{"Vượt thẩm quyền của Sở"});
      break;
    case State::kAwaitingChairman:
      Do(eng, id, AcknowledgeCommand{});
      Do(coord, id, EscalateChairmanCommand{"Vượt thẩm quyền của Sở"});
      if (workflow.settings().escalation_signoff == EscalationSignoff::kDirector)
        Do("stttt.director", id, ApproveEscalationCommand{});
      break;
    case State::kResolved:
      Do(eng, id, AcknowledgeCommand{});
      Do(eng, id, AssignDoictCommand{});
      Do(eng, id, ResolveCommand{"Đã sửa kết nối"});
      break;
    case State::kClosed:
      Do(eng, id, AcknowledgeCommand{});
      Do(eng, id, AssignDoictCommand{});
      Do(eng, id, ResolveCommand{"Đã sửa kết nối"});
      Do("stp.reporter", id, ConfirmCommand{});
      break;
    case State::kRejected: Do(coord, id, RejectCommand{"Dữ liệu nội bộ, ngoài phạm vi", std::nullopt}); break;
    default: throw std::logic_error("TicketIn: " + std::string(ToString(state)) + " is not an incident's state");
  }
  return id;
}

}  // namespace incidents::testing
