#include "problem.h"

#include "incidents/engine/canonical_json.h"

namespace incidents::http {

using engine::ErrorCode;

ApiResponse Problem(int status, const std::string& type_name, const std::string& title, const std::string& detail) {
  ApiResponse r;
  r.status = status;
  r.content_type = "application/problem+json; charset=utf-8";
  r.body = engine::ToCanonicalJson(engine::JsonValue::Object{
      {"type", "urn:datashare-incidents:problem:" + type_name},
      {"title", title},
      {"status", std::int64_t{status}},
      {"detail", detail},
  });
  return r;
}

ApiResponse ProblemFromStatus(const engine::Status& st) {
  switch (st.code()) {
    case ErrorCode::kInvalidArgument: return Problem(400, "invalid-request", "Yêu cầu không hợp lệ", st.message());
    case ErrorCode::kUnauthenticated: return Problem(401, "unauthenticated", "Chưa đăng nhập", st.message());
    case ErrorCode::kForbidden: return Problem(403, "forbidden", "Không có quyền thực hiện", st.message());
    case ErrorCode::kNotFound: return Problem(404, "not-found", "Không tìm thấy", st.message());
    case ErrorCode::kIllegalTransition:
      return Problem(409, "illegal-transition", "Thao tác không hợp lệ ở trạng thái hiện tại", st.message());
    case ErrorCode::kVersionConflict:
      return Problem(409, "version-conflict", "Phiếu đã được người khác cập nhật", st.message());
    case ErrorCode::kConflict: return Problem(409, "conflict", "Xung đột dữ liệu", st.message());
    case ErrorCode::kInvalidValue: return Problem(422, "invalid-value", "Giá trị không hợp lệ", st.message());
    case ErrorCode::kRateLimited: return Problem(429, "rate-limited", "Quá nhiều yêu cầu", st.message());
    case ErrorCode::kUnavailable:
      return Problem(503, "unavailable", "Hệ thống tạm thời không sẵn sàng",
                     "the database is unavailable; try again shortly");
    case ErrorCode::kOk:
    case ErrorCode::kCorruption:
    case ErrorCode::kInternal: break;
  }
  return Problem(500, "internal", "Lỗi hệ thống", "an internal error occurred; it has been logged");
}

}  // namespace incidents::http
