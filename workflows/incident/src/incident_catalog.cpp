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
// One row per event. The citation is recorded in every event of the history
// (legal_basis) and quoted in Vietnamese legal form in messages; the message field is the
// payload text a notification quotes.
// clang-format off
const std::vector<EventRow> kEvents = {
  // event                          name (vi)                     name (en)                          legal basis                 in Vietnamese legal form                                                      message field
  {E::kReport,                      "Báo cáo sự cố",              "Report",                          "Art. 16",                  "Điều 16",                                                                    "description"},
  {E::kAcknowledge,                 "Tiếp nhận phiếu",            "Acknowledge",                     "Art. 17.1",                "khoản 1 Điều 17",                                                            ""},
  {E::kAssignDoict,                 "Cơ quan điều phối tự xử lý", "The coordinating department fixes it", "Art. 17.2",                "khoản 2 Điều 17",                                                            "assignee"},
  {E::kRequestPartyFix,             "Yêu cầu đơn vị xử lý",       "Ask a party to fix it",           "Art. 17.2",                "khoản 2 Điều 17",                                                            "instructions"},
  {E::kRequestInfo,                 "Yêu cầu bổ sung thông tin",  "Ask for information",             "Art. 17.1",                "khoản 1 Điều 17",                                                            "question"},
  {E::kProvideInfo,                 "Bổ sung thông tin",          "Provide information",             "Art. 17.1",                "khoản 1 Điều 17",                                                            "answer"},
  {E::kReferMinistry,               "Xin ý kiến Bộ",              "Refer to the Ministry",           "Art. 17.3",                "khoản 3 Điều 17",                                                            "question"},
  {E::kRecordMinistryConclusion,    "Ghi kết luận của Bộ",        "Record the Ministry's conclusion","Art. 17.3",                "khoản 3 Điều 17",                                                            "conclusion"},
  {E::kEscalateChairman,            "Trình Chủ tịch UBND tỉnh",   "Escalate to the Chairman",        "Art. 12.2, 13.2b",         "khoản 2 Điều 12, điểm b khoản 2 Điều 13",                                    "reason"},
  // Issue 12.3. The director's sign-off is DoICT advising the Chairman on a difficulty
  // (11.2b), asking the Chairman's opinion (12.2) or reporting for decision (13.2b); sending
  // it back is that advice being reworked (11.2b). The Chairman's return is part of
  // considering the matter (11.1 directs, 12.2 and 13.2b "xem xét quyết định").
  {E::kApproveEscalation,           "Ký duyệt trình Chủ tịch",    "Sign off the escalation",         "Art. 11.2b, 12.2, 13.2b",  "điểm b khoản 2 Điều 11, khoản 2 Điều 12, điểm b khoản 2 Điều 13",            "note"},
  {E::kReturnEscalation,            "Trả lại để hoàn thiện hồ sơ","Send back for rework",            "Art. 11.2b",               "điểm b khoản 2 Điều 11",                                                     "message"},
  {E::kRecordChairmanDecision,      "Ra quyết định",              "Decide",                          "Art. 11.1, 12.2, 13.2b",   "khoản 1 Điều 11, khoản 2 Điều 12, điểm b khoản 2 Điều 13",                   "decision"},
  {E::kReturnToDoict,               "Trả lại Sở để bổ sung",      "Send back to the department",     "Art. 11.1, 12.2, 13.2b",   "khoản 1 Điều 11, khoản 2 Điều 12, điểm b khoản 2 Điều 13",                   "message"},
  {E::kResolve,                     "Hoàn thành xử lý",           "Mark resolved",                   "Art. 17.2",                "khoản 2 Điều 17",                                                            "resolution"},
  {E::kConfirm,                     "Đồng ý kết quả",             "Accept the result",               "Art. 17",                  "Điều 17",                                                                    "feedback"},
  {E::kReopen,                      "Mở lại phiếu",               "Reopen",                          "Art. 16.1",                "khoản 1 Điều 16",                                                            "reason"},
  {E::kReject,                      "Từ chối phiếu",              "Reject",                          "Art. 1.2",                 "khoản 2 Điều 1",                                                             "reason"},
  {E::kComment,                     "Bình luận",                  "Comment",                         "Art. 20.1",                "khoản 1 Điều 20",                                                            "body"},
  {E::kSlaBreach,                   "Quá thời hạn",               "SLA breached",                    "Art. 19.1",                "khoản 1 Điều 19",                                                            ""},
  {E::kAutoClose,                   "Tự động đóng",               "Closed automatically",            "Art. 17",                  "Điều 17",                                                                    ""},
};
// clang-format on

std::map<State, Labels> StateLabels() {
  return {
      {State::kReported, {"Đã tiếp nhận", "Reported"}},
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
      {Category::kDataDiscrepancy, {"Dữ liệu sai lệch", "Data discrepancy"}},
      {Category::kConnectionFailure, {"Sự cố kết nối, chia sẻ", "Connection failure"}},
      {Category::kSharingDisagreement, {"Chưa thống nhất nội dung chia sẻ", "Sharing disagreement"}},
      {Category::kOperationalIncident, {"Sự cố ảnh hưởng hoạt động", "Operational incident"}},
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
