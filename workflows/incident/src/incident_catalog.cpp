#include "incident_catalog.h"

namespace incidents::workflows::detail {
namespace {

using namespace incidents::engine;
using E = EventType;

// No label names an authority (the directory names them, and they get renamed): "the
// coordinating department" is DoICT, whatever the directory calls it; "the Chairman" and
// "the Ministry" are positions, not names. Pages show the names from the workflow export's
// "authorities" member.
//
// One row per event; the message field is the payload text a notification quotes. What
// each event cites is config/regulations/*.json (regulation.h).
// clang-format off
const std::vector<EventRow> kEvents = {
  // event                          name (vi)                     name (en)                          message field
  {E::kReport,                      "Báo cáo sự cố",              "Report",                          "description"},
  {E::kAcknowledge,                 "Tiếp nhận phiếu",            "Acknowledge",                     ""},
  {E::kAssignDoict,                 "Cơ quan điều phối tự xử lý", "The coordinating department fixes it", "assignee"},
  {E::kRequestPartyFix,             "Yêu cầu đơn vị xử lý",       "Ask a party to fix it",           "instructions"},
  {E::kRequestInfo,                 "Yêu cầu bổ sung thông tin",  "Ask for information",             "question"},
  {E::kProvideInfo,                 "Bổ sung thông tin",          "Provide information",             "answer"},
  {E::kReferMinistry,               "Xin ý kiến Bộ",              "Refer to the Ministry",           "question"},
  {E::kRecordMinistryConclusion,    "Ghi kết luận của Bộ",        "Record the Ministry's conclusion","conclusion"},
  {E::kEscalateChairman,            "Trình Chủ tịch UBND tỉnh",   "Escalate to the Chairman",        "reason"},
  {E::kApproveEscalation,           "Ký duyệt trình Chủ tịch",    "Sign off the escalation",         "note"},
  {E::kReturnEscalation,            "Trả lại để hoàn thiện hồ sơ","Send back for rework",            "message"},
  {E::kRecordChairmanDecision,      "Ra quyết định",              "Decide",                          "decision"},
  {E::kReturnToDoict,               "Trả lại Sở để bổ sung",      "Send back to the department",     "message"},
  {E::kResolve,                     "Hoàn thành xử lý",           "Mark resolved",                   "resolution"},
  {E::kConfirm,                     "Đồng ý kết quả",             "Accept the result",               "feedback"},
  {E::kReopen,                      "Mở lại phiếu",               "Reopen",                          "reason"},
  {E::kReject,                      "Từ chối phiếu",              "Reject",                          "reason"},
  {E::kComment,                     "Bình luận",                  "Comment",                         "body"},
  {E::kSlaBreach,                   "Quá thời hạn",               "SLA breached",                    ""},
  {E::kAutoClose,                   "Tự động đóng",               "Closed automatically",            ""},
};
// clang-format on

std::map<State, Labels> StateLabels() {
  return {
      {State::kReported, {"Chờ tiếp nhận", "Awaiting intake"}},
      {State::kTriage, {"Đang kiểm tra", "Under review"}},
      {State::kDoictFixing, {"Cơ quan điều phối đang xử lý", "The coordinating department is fixing"}},
      {State::kPartyFixing, {"Các bên đang xử lý", "The parties are fixing"}},
      {State::kWaitingReporter, {"Chờ bổ sung thông tin", "Waiting for the reporter"}},
      {State::kAwaitingMinistry, {"Chờ kết luận của Bộ", "Awaiting the Ministry's conclusion"}},
      {State::kAwaitingDirector, {"Chờ lãnh đạo Sở ký duyệt", "Awaiting DoICT leadership's sign-off"}},
      {State::kAwaitingChairman, {"Chờ Chủ tịch UBND tỉnh quyết định", "Awaiting the Chairman's decision"}},
      {State::kResolved, {"Đã xử lý", "Resolved"}},
      {State::kClosed, {"Đã đóng", "Closed"}},
      {State::kRejected, {"Từ chối", "Rejected"}},
  };
}

// Art. 16, items 1-5.
std::map<Category, Labels> CategoryLabels() {
  return {
      {Category::kDataDiscrepancy, {"Sai lệch dữ liệu", "Data discrepancy"}},
      {Category::kConnectionFailure, {"Sự cố kết nối", "Connection failure"}},
      {Category::kSharingDisagreement, {"Không thống nhất nội dung chia sẻ", "Disagreement on what is shared"}},
      {Category::kOperationalIncident, {"Sự cố ảnh hưởng nghiệp vụ", "Incident affecting operations"}},
      {Category::kOther, {"Vấn đề khác", "Other problem"}},
  };
}

std::map<Priority, Labels> PriorityLabels() {
  return {
      {Priority::kCritical, {"Khẩn cấp", "Critical"}},
      {Priority::kHigh, {"Cao", "High"}},
      {Priority::kNormal, {"Bình thường", "Normal"}},
      {Priority::kLow, {"Thấp", "Low"}},
  };
}

}  // namespace

const WorkflowCatalog& IncidentCatalog() {
  static const WorkflowCatalog catalog("incident", kEvents, StateLabels(), CategoryLabels(), PriorityLabels());
  return catalog;
}

}  // namespace incidents::workflows::detail
