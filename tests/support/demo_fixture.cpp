#include "demo_fixture.h"

#include <stdexcept>

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
};
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

Actor DemoActor(const std::string& username) {
  for (const auto& u : kDemoUsers)
    if (username == u.username) return Actor::User(u.username, u.org, u.roles);
  for (const auto& u : kLeadershipUsers)
    if (username == u.username) return Actor::User(u.username, u.org, u.roles);
  throw std::invalid_argument("no demo user " + username);
}

std::vector<Org> DemoOrgs() {
  const char* orgs[][3] = {
      {"stttt", "Sở Thông tin và Truyền thông", "provincial_focal"},
      {"stp", "Sở Tư pháp", "department"},
      {"stnmt", "Sở Tài nguyên và Môi trường", "department"},
      {"skhdt", "Sở Kế hoạch và Đầu tư", "department"},
      {"syt", "Sở Y tế", "department"},
      {"ubnd-prtc", "UBND thành phố Phan Rang - Tháp Chàm", "district"},
      {"vp-ubnd", "Văn phòng UBND tỉnh", "chairman_office"},
  };
  std::vector<Org> out;
  int n = 1;
  for (const auto& o : orgs) {
    out.push_back({o[0], o[1], o[2],
                   {std::string("Đầu mối ") + o[1], std::string("focal@") + o[0] + ".ninhthuan.example",
                    "+8490000000" + std::to_string(n++)}});
  }
  return out;
}

std::vector<User> DemoUsers() { return UsersOf(kDemoUsers); }

std::vector<User> LeadershipUsers() { return UsersOf(kLeadershipUsers); }

void AddDemoDirectory(InMemoryDirectory& directory) {
  for (auto& org : DemoOrgs()) directory.AddOrg(org);
  for (auto& user : DemoUsers()) directory.AddUser(user);
}

DemoFixture::DemoFixture(WorkflowSettings settings)
    : workflow(std::move(settings)), service(store, directory, workflow, clock, workflow.settings()) {
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
  }
  return id;
}

}  // namespace incidents::testing
