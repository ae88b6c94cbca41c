#include "data_request_catalog.h"

#include "incidents/engine/workflow_names.h"

namespace incidents::workflows::detail {
namespace {

using namespace incidents::engine;
using E = EventType;

// As in the incident catalog, no label names an authority: the directory names them.
// One row per event; the message field is the payload text a notification quotes.
// clang-format off
const std::vector<EventRow> kEvents = {
  // event                 name (vi)                                        name (en)                               message field
  {E::kSubmit,             "Gửi yêu cầu khai thác dữ liệu",                 "Submit a request for data",            "data_wanted"},
  {E::kScreen,             "Tiếp nhận, xem xét yêu cầu",                    "Take up the request",                  "note"},
  {E::kRequestInfo,        "Yêu cầu bổ sung thông tin",                     "Ask the requester for information",    "question"},
  {E::kProvideInfo,        "Bổ sung thông tin",                             "Provide information",                  "answer"},
  {E::kConsult,            "Lấy ý kiến đơn vị liên quan",                   "Consult the units concerned",          "question"},
  {E::kGiveOpinion,        "Cho ý kiến",                                    "Give an opinion",                      "opinion"},
  {E::kAgree,              "Thống nhất chia sẻ",                            "Agree to share",                       "note"},
  {E::kDisagree,           "Không thống nhất chia sẻ",                      "Disagree with sharing",                "reason"},
  {E::kDecide,             "Quyết định chia sẻ dữ liệu",                    "Decide",                               "reason"},
  {E::kEscalateChairman,   "Báo cáo Chủ tịch UBND tỉnh xem xét quyết định", "Refer to the Chairman",                "reason"},
  {E::kWithdraw,           "Rút yêu cầu",                                   "Withdraw the request",                 "reason"},
  {E::kClose,              "Kết thúc yêu cầu",                              "Close the request",                    "note"},
  {E::kComment,            "Bình luận",                                     "Comment",                              "body"},
  {E::kSlaBreach,          "Quá thời hạn",                                  "Deadline passed",                      ""},
};
// clang-format on

std::map<State, Labels> StateLabels() {
  return {
      {State::kSubmitted, {"Chờ tiếp nhận", "Awaiting intake"}},
      {State::kScreening, {"Đang xem xét", "Under review"}},
      {State::kWaitingReporter, {"Chờ người yêu cầu bổ sung", "Waiting for the requester"}},
      {State::kConsulting, {"Đang lấy ý kiến đơn vị liên quan", "Consulting the units concerned"}},
      {State::kAwaitingAgreement, {"Chờ đơn vị quản lý dữ liệu thống nhất", "Awaiting the data owners' agreement"}},
      {State::kAwaitingChairman, {"Chờ Chủ tịch UBND tỉnh quyết định", "Awaiting the Chairman's decision"}},
      {State::kGranted, {"Đồng ý chia sẻ", "Granted"}},
      {State::kPartiallyGranted, {"Đồng ý chia sẻ một phần", "Partly granted"}},
      {State::kRefused, {"Từ chối chia sẻ", "Refused"}},
      {State::kWithdrawn, {"Đã rút yêu cầu", "Withdrawn"}},
      {State::kClosed, {"Đã kết thúc", "Closed"}},
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

const WorkflowCatalog& DataRequestCatalog() {
  static const WorkflowCatalog catalog(engine::kDataRequestWorkflow, kEvents, StateLabels(), {}, PriorityLabels());
  return catalog;
}

}  // namespace incidents::workflows::detail
