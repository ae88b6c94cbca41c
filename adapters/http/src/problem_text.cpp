#include "problem_text.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

namespace incidents::http {

namespace {

// ---------------------------------------------------------------------------------------
// Titles: one row per problem type. The Vietnamese titles are the ones the API has sent so
// far (csrf and rate-limited had one per call site; now one per type, RFC 9457 3.1.3).

struct TypeText {
  std::string_view type;
  std::string_view vi;
  std::string_view en;
  std::string_view generic;
};

// clang-format off
constexpr TypeText kTypes[] = {
// type                      vi title                                         en title
//  generic: the Vietnamese detail of a problem of the type whose message has no translation
  {"invalid-request",        "Yêu cầu không hợp lệ",                         "Invalid request",
   "yêu cầu không đúng dạng API chờ đợi (thiếu trường, sai kiểu dữ liệu hoặc JSON sai cú pháp)"},
  {"invalid-value",          "Giá trị không hợp lệ",                          "Invalid value",
   "một giá trị trong yêu cầu không được chấp nhận"},
  {"unauthenticated",        "Chưa đăng nhập",                                "Not signed in",
   "cần đăng nhập bằng một tài khoản đang hoạt động"},
  {"forbidden",              "Không có quyền thực hiện",                      "Not permitted",
   "tài khoản của bạn không có quyền thực hiện thao tác này"},
  {"csrf",                   "Yêu cầu không qua được kiểm tra chống giả mạo", "Cross-site request check failed",
   "yêu cầu không qua được kiểm tra chống giả mạo (CSRF); hãy tải lại trang rồi thử lại"},
  {"not-found",              "Không tìm thấy",                                "Not found",
   "không có đối tượng được yêu cầu, hoặc bạn không được xem đối tượng đó"},
  {"method-not-allowed",     "Phương thức không được hỗ trợ",                 "Method not allowed",
   "đường dẫn này không hỗ trợ phương thức HTTP đã dùng"},
  {"illegal-transition",     "Thao tác không hợp lệ ở trạng thái hiện tại",   "Action not allowed in the current state",
   "thao tác này không được phép ở trạng thái hiện tại của phiếu"},
  {"version-conflict",       "Phiếu đã được người khác cập nhật",             "Updated by someone else",
   "dữ liệu đã được người khác cập nhật; hãy tải lại rồi thử lại"},
  {"conflict",               "Xung đột dữ liệu",                              "Conflict",
   "dữ liệu gửi lên xung đột với dữ liệu đã có"},
  {"request-in-flight",      "Yêu cầu trước đang được xử lý",                 "Previous request still in progress",
   "một yêu cầu cùng Idempotency-Key vẫn đang được xử lý; hãy thử lại sau giây lát"},
  {"idempotency-key-reused", "Idempotency-Key đã dùng cho yêu cầu khác",      "Idempotency-Key reused",
   "Idempotency-Key này đã được dùng cho một yêu cầu khác"},
  {"unsupported-media-type", "Định dạng không được hỗ trợ",                   "Unsupported media type",
   "hãy gửi nội dung dạng JSON (Content-Type: application/json)"},
  {"length-required",        "Thiếu độ dài nội dung",                         "Length required",
   "yêu cầu có nội dung phải kèm Content-Length hoặc Transfer-Encoding: chunked"},
  {"body-too-large",         "Nội dung quá lớn",                              "Request body too large",
   "nội dung yêu cầu vượt quá giới hạn của máy chủ"},
  {"request-timeout",        "Hết thời gian chờ nội dung yêu cầu",            "Request timeout",
   "nội dung yêu cầu không được gửi đến kịp thời hạn; kết nối đã được đóng"},
  {"rate-limited",           "Quá nhiều yêu cầu",                             "Too many requests",
   "quá nhiều yêu cầu trong thời gian ngắn; hãy thử lại sau"},
  {"unavailable",            "Hệ thống tạm thời không sẵn sàng",              "Service temporarily unavailable",
   "hệ thống tạm thời không sẵn sàng; hãy thử lại sau ít phút"},
  {"internal",               "Lỗi hệ thống",                                  "Internal error",
   "đã xảy ra lỗi hệ thống; lỗi đã được ghi lại"},
};
// clang-format on

constexpr std::string_view kGenericUnknownType = "không thực hiện được yêu cầu";

const TypeText* FindType(std::string_view type) {
  for (const TypeText& t : kTypes)
    if (t.type == type) return &t;
  return nullptr;
}

// ---------------------------------------------------------------------------------------
// Details. A shape is an ECMAScript regex that must match the whole English message, and a
// Vietnamese template. In a pattern, <S> stands for the subject of a message about one
// value: field 'x', query 'x', header 'x' or a bare 'x' (group 1). In a template, {N} is
// group N as it is; {sN} the subject in Vietnamese; {tN} group N translated as a message of
// its own; {oN} a list "a, b or c" with "hoặc"; {kN}, {jN}, {wN}, {aN} group N looked up in
// the word lists below. A template whose lookup or translation fails does not apply; the
// next shape that matches is tried. The first that applies wins, so specific shapes come
// before general ones.

struct Word {
  std::string_view en;
  std::string_view vi;
};

// What a value must be ("must be a string").
constexpr Word kKinds[] = {
    {"a string", "chuỗi ký tự"},
    {"a string or null", "chuỗi ký tự hoặc null"},
    {"an integer", "số nguyên"},
    {"a whole number", "số nguyên"},
    {"true or false", "true hoặc false"},
    {"an array of strings", "mảng các chuỗi ký tự"},
    {"an array of role names", "mảng tên vai trò"},
    {"a date YYYY-MM-DD or null", "ngày dạng YYYY-MM-DD hoặc null"},
    {"a date string such as 2027-01-31", "chuỗi ngày dạng YYYY-MM-DD, ví dụ 2027-01-31"},
    {"a date such as 2027-01-31", "ngày dạng YYYY-MM-DD, ví dụ 2027-01-31"},
    {"a year such as 2027", "một năm, ví dụ 2027"},
};

// Why the JSON parser stopped (engine/src/canonical_json.cpp).
constexpr Word kJsonReasons[] = {
    {"unexpected text after the JSON value", "còn nội dung thừa sau giá trị JSON"},
    {"unexpected end of input", "dữ liệu kết thúc giữa chừng"},
    {"unexpected character", "ký tự không hợp lệ"},
    {"bad number", "số không hợp lệ"},
    {"leading zero in number", "số có chữ số 0 ở đầu"},
    {"a number that must be an integer, not a fraction", "số phải là số nguyên, không phải số thập phân"},
    {"a number that is an integer out of range", "số nguyên vượt quá giới hạn"},
    {"unterminated string", "chuỗi chưa được đóng"},
    {"control character in string", "chuỗi chứa ký tự điều khiển"},
    {"invalid UTF-8 in string", "chuỗi chứa UTF-8 không hợp lệ"},
    {"unterminated escape", "chuỗi thoát chưa hoàn chỉnh"},
    {"bad \\u escape", "chuỗi thoát \\u không hợp lệ"},
    {"unpaired surrogate", "cặp surrogate không đầy đủ"},
    {"bad escape", "chuỗi thoát không hợp lệ"},
    {"expected ',' or ']'", "cần ',' hoặc ']'"},
    {"expected a member name", "cần tên thành viên"},
    {"expected ':'", "cần ':'"},
    {"expected ',' or '}'", "cần ',' hoặc '}'"},
};

// What the sign-in throttle counts (authentication.cpp).
constexpr Word kThrottled[] = {
    {"failed sign-ins", "lần đăng nhập sai"},
    {"failed password checks", "lần nhập sai mật khẩu"},
};

// What only some may do ("only an administrator may <action>").
constexpr Word kActions[] = {
    {"do this", "thực hiện thao tác này"},
    {"change the directory", "thay đổi danh mục đơn vị và người dùng"},
    {"import a directory", "nhập danh mục đơn vị và người dùng"},
    {"read users", "xem danh sách người dùng"},
    {"manage focal points", "quản lý cán bộ đầu mối"},
    {"appoint focal points", "cử cán bộ đầu mối"},
    {"mark a focal point absent", "ghi nhận cán bộ đầu mối vắng mặt"},
    {"submit the list", "trình danh sách cán bộ đầu mối"},
    {"record the list's approval", "ghi nhận việc phê duyệt danh sách cán bộ đầu mối"},
    {"escalate to the Chairman", "trình Chủ tịch UBND tỉnh"},
    {"resolve this", "hoàn thành xử lý phiếu này"},
};

struct Shape {
  const char* english;
  const char* vietnamese;
};

// clang-format off
constexpr Shape kShapes[] = {
  // --- reports (issue 16) ---------------------------------------------------------------
  {"query 'to' is before query 'from'",                 "ngày kết thúc kỳ báo cáo ('to') ở trước ngày bắt đầu ('from')"},
  {"a report covers at most (\\d+) days",               "một báo cáo chỉ bao quát tối đa {1} ngày"},
  {"reports are for DoICT, the Chairman's office and the agencies",
   "báo cáo chỉ dành cho cơ quan điều phối, lãnh đạo và văn phòng UBND tỉnh, và các cơ quan, đơn vị"},
  {"reports are not enabled on this server",           "máy chủ này chưa bật chức năng báo cáo"},
  // --- a public data-sharing request (issue 15.2): before the general shapes below, which
  // would take them first --------------------------------------------------------------
  {"<S> must be person_or_business: agencies outside the province ask through the National Data Portal \\(Art\\. 12\\.1b\\)",
   "{s1} phải là person_or_business: cơ quan ngoài tỉnh gửi yêu cầu qua Cổng dữ liệu quốc gia (điểm b khoản 1 Điều 12)"},
  {"<S> is required: the request is confirmed by email",
   "{s1} là bắt buộc: yêu cầu được xác nhận qua thư điện tử"},
  {"<S> is DoICT's to fill: it names the units that manage the data",
   "{s1} do cơ quan điều phối ghi: đó là các đơn vị quản lý dữ liệu"},
  {"no such data-sharing request, or its link has expired",
   "không có yêu cầu khai thác dữ liệu này, hoặc đường dẫn đã hết hạn"},
  {"too many requests from this email address today; try again tomorrow",
   "địa chỉ thư điện tử này đã gửi quá nhiều yêu cầu trong ngày; xin thử lại vào ngày mai"},
  {"too many requests from this address; try again in an hour",
   "địa chỉ mạng này đã gửi quá nhiều yêu cầu; xin thử lại sau một giờ"},
  {"the request is not filed yet: confirm the email address first",
   "yêu cầu chưa được gửi đi: xin xác nhận địa chỉ thư điện tử trước"},
  {"a requester answers a question \\(provide_info\\) or withdraws \\(withdraw\\)",
   "người yêu cầu chỉ trả lời câu hỏi (provide_info) hoặc rút yêu cầu (withdraw)"},
  // --- the exports of the ticket lists (issue 16.3) ------------------------------------
  {"the export has more than (\\d+) tickets; narrow the filters and export again",
   "danh sách cần xuất có hơn {1} phiếu; xin thu hẹp bộ lọc (khoảng thời gian, trạng thái, đơn vị...) rồi xuất lại"},
  // --- one field, query parameter or header ------------------------------------------
  {"<S> is required",                                   "{s1} là bắt buộc"},
  {"<S> is required and must be (.+)",                  "{s1} là bắt buộc và phải là {k2}"},
  {"<S> is required for a decision recorded on behalf of '(.*)'", "{s1} là bắt buộc khi ghi quyết định thay cho '{2}'"},
  {"<S> is required: the username of the Chairman or Vice-Chairman who signed",
   "{s1} là bắt buộc: tên đăng nhập của Chủ tịch hoặc Phó Chủ tịch đã ký"},
  {"<S> must be an integer, not a fraction \\(malformed JSON at offset (\\d+)\\)",
   "{s1} phải là số nguyên, không phải số thập phân (JSON sai ở vị trí {2})"},
  {"<S> is an integer out of range \\(malformed JSON at offset (\\d+)\\)",
   "{s1} là số nguyên vượt quá giới hạn (JSON sai ở vị trí {2})"},
  {"<S> must be a date (?:YYYY-MM-DD|such as 2027-01-31), not '(.*)'",
   "{s1} phải là ngày dạng YYYY-MM-DD, không phải '{2}'"},
  {"<S> must be (.+), not '(.*)'",                      "{s1} phải là {o2}, không phải '{3}'"},
  {"<S> must be (?:from )?(-?\\d+) to (-?\\d+)",        "{s1} phải từ {2} đến {3}"},
  {"<S> must be between (-?\\d+) and (-?\\d+)",         "{s1} phải từ {2} đến {3}"},
  {"<S> must be at least (\\d+) characters long",       "{s1} phải dài ít nhất {2} ký tự"},
  {"<S> must be at most (\\d+) characters(?: long)?",   "{s1} chỉ được dài tối đa {2} ký tự"},
  {"<S> is longer than (\\d+) characters",              "{s1} dài quá {2} ký tự"},
  {"<S> must be a phone number of 8 to 15 digits, such as \\+84912345678",
   "{s1} phải là số điện thoại gồm 8 đến 15 chữ số, ví dụ +84912345678"},
  {"<S> must be one of (.+)",                           "{s1} phải là một trong các giá trị: {2}"},
  {"<S> must be after (\\d{4}-\\d{2}-\\d{2}), when the latest ([a-z_]+) term of this org began",
   "{s1} phải sau ngày {2}, ngày bắt đầu nhiệm kỳ {3} gần nhất của đơn vị"},
  {"<S> must be (.+)",                                  "{s1} phải là {k2}"},
  {"<S> must not be empty",                             "{s1} không được để trống"},
  {"<S> must not be in the future",                     "{s1} không được là ngày trong tương lai"},
  {"<S> must not be after '(.*)'",                      "{s1} không được sau '{2}'"},
  {"<S> must not contain control characters",           "{s1} không được chứa ký tự điều khiển"},
  {"<S> must not contain the username",                 "{s1} không được chứa tên đăng nhập"},
  {"<S> must name at least one role",                   "{s1} phải có ít nhất một vai trò"},
  {"<S> is not valid UTF-8",                            "{s1} không phải văn bản UTF-8 hợp lệ"},
  {"<S> is not an email address such as ten@so.gov.vn", "{s1} không phải địa chỉ thư điện tử (ví dụ ten@so.gov.vn)"},
  {"<S> may hold only lower-case letters a-z, digits, '.', '_' and '-', and must start with a letter or digit",
   "{s1} chỉ được gồm chữ thường a-z, chữ số, '.', '_' và '-', và phải bắt đầu bằng chữ hoặc số"},
  {"<S> is one of the most common passwords; choose another",
   "{s1} là một trong những mật khẩu phổ biến nhất; hãy chọn mật khẩu khác"},
  {"<S> is not your current password",                  "{s1} không phải mật khẩu hiện tại của bạn"},
  {"<S> is not a cursor this API returned",             "{s1} không phải con trỏ do API này trả về"},
  {"<S> cannot be the org itself",                      "{s1} không được là chính đơn vị này"},
  {"<S> does not apply to data-sharing requests",       "{s1} không áp dụng cho yêu cầu khai thác dữ liệu"},
  {"<S>: (.+)",                                         "{s1}: {t2}"},

  // --- what a value refers to (also after "<S>: ") -------------------------------------
  {"unknown value '(.*)'",                              "giá trị '{1}' không hợp lệ"},
  {"unknown org '(.*)'",                                "không có đơn vị '{1}'"},
  {"unknown role '(.*)' \\(roles: (.*)\\)",             "không có vai trò '{1}' (các vai trò: {2})"},
  {"unknown role '(.*)'",                               "không có vai trò '{1}'"},
  {"unknown kind '(.*)'",                               "không có loại đơn vị '{1}'"},
  {"unknown event '(.*)'",                              "không có sự kiện '{1}'"},
  {"no ticket '(.*)'",                                  "không có phiếu '{1}'"},
  {"no org '(.*)'",                                     "không có đơn vị '{1}'"},
  {"no user '(.*)'",                                    "không có người dùng '{1}'"},
  {"org '(.*)' is deactivated",                         "đơn vị '{1}' đã ngừng hoạt động"},
  {"user '(.*)' is deactivated",                        "tài khoản '{1}' đã bị khóa"},
  {"org '(.*)' already exists",                         "đơn vị '{1}' đã tồn tại"},
  {"user '(.*)' already exists",                        "người dùng '{1}' đã tồn tại"},
  {"org '(.*)' has no focal point in force today",
   "đơn vị '{1}' hôm nay không có cán bộ đầu mối đang làm nhiệm vụ"},
  {"user '([^']*)' belongs to org '([^']*)', not '(.*)'", "người dùng '{1}' thuộc đơn vị '{2}', không thuộc '{3}'"},
  {"'([^']*)' is already taken over by '([^']*)' \\(a cycle\\)", "'{1}' đã do '{2}' kế thừa (sẽ tạo thành vòng lặp)"},
  {"'system' is reserved for the engine",               "'system' là tên dành riêng cho hệ thống"},
  {"DoICT fixes problems itself with assign_doict",     "cơ quan điều phối tự xử lý bằng assign_doict"},
  {"'(.*)' is not an engineer of DoICT",                "'{1}' không phải kỹ thuật viên của cơ quan điều phối"},
  {"'(.*)' is not the Chairman or a Vice-Chairman",     "'{1}' không phải Chủ tịch hoặc Phó Chủ tịch"},
  {"a ticket cannot duplicate itself",                  "phiếu không thể trùng với chính nó"},
  {"file a new ticket with POST /api/v1/tickets",       "hãy tạo phiếu mới bằng POST /api/v1/tickets"},
  {"a report creates a ticket: POST /api/v1/tickets",   "sự kiện report tạo phiếu mới: POST /api/v1/tickets"},

  // --- the request as a whole -----------------------------------------------------------
  {"the request body is empty; a JSON object is expected", "nội dung yêu cầu trống; cần một đối tượng JSON"},
  {"the request body must be a JSON object",            "nội dung yêu cầu phải là một đối tượng JSON"},
  {"the request body is larger than (\\d+) bytes",      "nội dung yêu cầu lớn hơn {1} byte"},
  {"the request body did not arrive within (\\d+) ms, or paused for more than (\\d+) ms",
   "nội dung yêu cầu không được gửi hết trong {1} ms, hoặc bị ngừng quá {2} ms"},
  {"malformed JSON at offset (\\d+): nested more than (\\d+) levels deep",
   "JSON sai ở vị trí {1}: lồng nhau quá {2} cấp"},
  {"malformed JSON at offset (\\d+): (.+)",             "JSON sai ở vị trí {1}: {j2}"},
  {"the request URI is malformed",                      "URI của yêu cầu sai cú pháp"},
  {"send the body as Content-Type: application/json",   "hãy gửi nội dung với Content-Type: application/json"},
  {"([A-Z]+) is not allowed on (.*); allowed: (.*)",
   "không dùng được phương thức {1} với {2}; các phương thức được dùng: {3}"},
  {"no such resource: (.*)",                            "không có tài nguyên {1}"},
  {"no such page or file: (.*)",                        "không có trang hoặc tệp {1}"},
  {"this Idempotency-Key was already used with a different request",
   "Idempotency-Key này đã được dùng cho một yêu cầu khác"},
  {"a request with this Idempotency-Key is still in flight; retry shortly",
   "yêu cầu trước với Idempotency-Key này vẫn đang được xử lý; hãy thử lại sau giây lát"},
  {"idempotency key claimed concurrently",              "Idempotency-Key đang được một yêu cầu khác dùng cùng lúc"},

  // --- signing in -------------------------------------------------------------------------
  {"sign in first: send Authorization: Bearer TOKEN",   "hãy đăng nhập trước: gửi Authorization: Bearer TOKEN"},
  {"the token is not valid",                            "mã truy cập không hợp lệ"},
  {"the token is not valid, has expired or was signed out", "mã truy cập không hợp lệ, đã hết hạn hoặc đã đăng xuất"},
  {"the account is not active",                         "tài khoản không còn hoạt động"},
  {"the account no longer exists",                      "tài khoản không còn tồn tại"},
  {"wrong username or password",                        "sai tên đăng nhập hoặc mật khẩu"},
  {"too many (.+); try again in (\\d+) s",              "quá nhiều {w1}; hãy thử lại sau {2} giây"},
  {"a cookie-authenticated change must carry this server's Origin header (its Host, or the configured public_url)",
   "yêu cầu thay đổi dữ liệu khi đăng nhập bằng cookie phải có tiêu đề Origin của chính máy chủ này (Host của "
   "yêu cầu, hoặc public_url đã cấu hình)"},
  {"a cookie-authenticated change must send the X-CSRF-Token header with the csrf_token of GET /api/v1/me",
   "yêu cầu thay đổi dữ liệu khi đăng nhập bằng cookie phải gửi tiêu đề X-CSRF-Token chứa csrf_token "
   "của GET /api/v1/me"},
  {"the X-CSRF-Token header does not match this session; reload the page to get the current csrf_token from GET "
   "/api/v1/me",
   "tiêu đề X-CSRF-Token không khớp với phiên đăng nhập này; hãy tải lại trang để lấy csrf_token hiện tại từ GET "
   "/api/v1/me"},
  {"this set-password link is unknown, used or expired; ask an administrator for a new one",
   "đường dẫn đặt mật khẩu này không tồn tại, đã được dùng hoặc đã hết hạn; hãy đề nghị quản trị viên cấp "
   "đường dẫn mới"},

  // --- versions (409 version-conflict) --------------------------------------------------
  {"ticket (\\S+) is at version (\\d+), not (\\d+)",    "phiếu {1} đang ở phiên bản {2}, không phải {3}"},
  {"ticket (\\S+) is no longer at version (\\d+)",      "phiếu {1} không còn ở phiên bản {2}"},
  {"ticket (\\S+) is too busy; try again",              "phiếu {1} đang được cập nhật liên tục; hãy thử lại"},
  {"the directory history is at event (\\d+), not (\\d+)", "lịch sử danh mục đang ở sự kiện {1}, không phải {2}"},

  // --- the workflow (409 illegal-transition, 403 forbidden) -----------------------------
  {"([a-z_]+) is not allowed in state not filed",       "thao tác '{1}' không được phép khi phiếu chưa được tạo"},
  {"([a-z_]+) is not allowed in state ([a-z_]+)",       "thao tác '{1}' không được phép ở trạng thái '{2}'"},
  {"([a-z_]+): (.+)",                                   "thao tác '{1}': {t2}"},
  {"the reopen window has passed: a ticket can be reopened at most (\\d+) days after it was resolved",
   "đã quá thời hạn mở lại: phiếu chỉ được mở lại trong vòng {1} ngày sau khi được xử lý xong"},
  {"the focal-point list is ([a-z_]+); only a draft can be submitted",
   "danh sách cán bộ đầu mối đang ở trạng thái '{1}'; chỉ bản dự thảo mới được trình"},
  {"the focal-point list is ([a-z_]+); only a submitted list can be approved",
   "danh sách cán bộ đầu mối đang ở trạng thái '{1}'; chỉ danh sách đã trình mới được phê duyệt"},
  {"only an administrator may (.+)",                    "chỉ quản trị viên mới được {a1}"},
  {"only an administrator or a coordinator of the coordinating department may (.+)",
   "chỉ quản trị viên hoặc điều phối viên của cơ quan điều phối mới được {a1}"},
  {"only an administrator, a coordinator of the coordinating department or the Chairman may (.+)",
   "chỉ quản trị viên, điều phối viên của cơ quan điều phối hoặc Chủ tịch UBND tỉnh mới được {a1}"},
  {"only a DoICT engineer or coordinator may (.+)",
   "chỉ kỹ thuật viên hoặc điều phối viên của cơ quan điều phối mới được {a1}"},
  {"only a DoICT coordinator may (.+)",                 "chỉ điều phối viên của cơ quan điều phối mới được {a1}"},
  {"only a DoICT coordinator or director may (.+)",
   "chỉ điều phối viên hoặc lãnh đạo cơ quan điều phối mới được {a1}"},
  {"only the reporting org may (.+)",                   "chỉ đơn vị báo cáo mới được {a1}"},
  {"only DoICT or the focal point of a party org may (.+)",
   "chỉ cơ quan điều phối hoặc cán bộ đầu mối của đơn vị liên quan mới được {a1}"},
  {"only a reporter or focal point of an agency files tickets",
   "chỉ cán bộ báo cáo hoặc cán bộ đầu mối của cơ quan, đơn vị mới được báo cáo sự cố"},
  {"only the Chairman or the Chairman's office records the Chairman's decisions",
   "chỉ Chủ tịch UBND tỉnh hoặc Văn phòng UBND tỉnh mới được ghi quyết định của Chủ tịch"},
  {"only DoICT's director signs off an escalation",
   "chỉ lãnh đạo cơ quan điều phối mới được ký duyệt hồ sơ trình Chủ tịch"},
  {"only DoICT's director sends an escalation back",    "chỉ lãnh đạo cơ quan điều phối mới được trả lại hồ sơ trình"},
  {"only the Chairman or the Chairman's office sends an escalation back to DoICT",
   "chỉ Chủ tịch UBND tỉnh hoặc Văn phòng UBND tỉnh mới được trả hồ sơ trình về cơ quan điều phối"},
  {"only the engine's timers fire this",                "chỉ bộ hẹn giờ của hệ thống mới kích hoạt được sự kiện này"},
  {"only people who can see the ticket comment on it",  "chỉ người được xem phiếu mới được bình luận"},

  // --- 5xx --------------------------------------------------------------------------------
  {"an internal error occurred; it has been logged",    "đã xảy ra lỗi hệ thống; lỗi đã được ghi lại"},
  {"the database is unavailable; try again shortly",
   "cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau ít phút"},
};
// clang-format on

// The subject of <S>: field 'x', query 'x', header 'x', or 'x' alone.
constexpr std::string_view kSubjectPattern = "((?:field |query |header )?'[^']*')";

struct CompiledShape {
  std::regex english;
  std::string_view vietnamese;
};

const std::vector<CompiledShape>& Shapes() {
  static const std::vector<CompiledShape> compiled = [] {
    std::vector<CompiledShape> out;
    for (const Shape& s : kShapes) {
      std::string pattern = s.english;
      if (auto at = pattern.find("<S>"); at != std::string::npos) pattern.replace(at, 3, kSubjectPattern);
      out.push_back({std::regex(pattern, std::regex::ECMAScript | std::regex::optimize), s.vietnamese});
    }
    return out;
  }();
  return compiled;
}

template <std::size_t N>
std::optional<std::string> Lookup(const Word (&words)[N], const std::string& english) {
  for (const Word& w : words)
    if (w.en == english) return std::string(w.vi);
  return std::nullopt;
}

// What the subject of a message is about.
constexpr Word kSubjects[] = {{"field ", "trường "}, {"query ", "tham số "}, {"header ", "tiêu đề "}};

std::string Subject(const std::string& english) {
  for (const Word& w : kSubjects)
    if (english.rfind(w.en, 0) == 0) return std::string(w.vi) + english.substr(w.en.size());
  return english;  // a bare 'x'
}

// "json, csv or xlsx" -> "json, csv hoặc xlsx".
std::string OrList(std::string list) {
  if (auto at = list.rfind(" or "); at != std::string::npos) list.replace(at, 4, " hoặc ");
  return list;
}

std::optional<std::string> Expand(std::string_view tmpl, const std::smatch& m) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    const std::size_t close = tmpl.find('}', i);
    std::string_view spec = tmpl.substr(i + 1, close - i - 1);
    i = close;
    char how = 0;
    if (!spec.empty() && std::isalpha(static_cast<unsigned char>(spec.front()))) {
      how = spec.front();
      spec.remove_prefix(1);
    }
    const std::size_t group = static_cast<std::size_t>(std::stoul(std::string(spec)));
    const std::string text = m[group].str();
    std::optional<std::string> piece;
    switch (how) {
      case 0: piece = text; break;
      case 's': piece = Subject(text); break;
      case 'o': piece = OrList(text); break;
      case 't': piece = VietnameseDetail(text); break;
      case 'k': piece = Lookup(kKinds, text); break;
      case 'j': piece = Lookup(kJsonReasons, text); break;
      case 'w': piece = Lookup(kThrottled, text); break;
      case 'a': piece = Lookup(kActions, text); break;
      default: break;
    }
    if (!piece) return std::nullopt;
    out += *piece;
  }
  return out;
}

// One language range of Accept-Language and its weight; false for a malformed item.
bool ParseRange(std::string_view item, std::string& range, int& q_thousandths) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  const std::size_t semi = item.find(';');
  const std::string_view tag = trim(item.substr(0, semi));
  if (tag.empty()) return false;
  range.clear();
  for (char c : tag) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '*') return false;
    range += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  q_thousandths = 1000;
  if (semi == std::string_view::npos) return true;
  std::string_view param = trim(item.substr(semi + 1));
  if (param.size() < 3 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') return false;
  param.remove_prefix(2);
  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  if (param[0] != '0' && param[0] != '1') return false;
  int q = (param[0] - '0') * 1000;
  if (param.size() > 1) {
    if (param[1] != '.' || param.size() > 5) return false;
    int scale = 100;
    for (char c : param.substr(2)) {
      if (c < '0' || c > '9') return false;
      q += (c - '0') * scale;
      scale /= 10;
    }
  }
  if (q > 1000) return false;
  q_thousandths = q;
  return true;
}

}  // namespace

ProblemLanguage NegotiateProblemLanguage(std::string_view header) {
  // For each language: the q of its best explicit range and where that range stood; the
  // q of "*" when no explicit range names it.
  struct Preference {
    int q = -1;  // -1: no explicit range
    std::size_t position = 0;
  };
  Preference vi, en;
  int wildcard = -1;
  std::size_t position = 0;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    std::string range;
    int q = 0;
    if (!ParseRange(item, range, q)) continue;
    ++position;
    if (range == "*") {
      wildcard = std::max(wildcard, q);
      continue;
    }
    const std::string primary = range.substr(0, range.find('-'));
    Preference* p = primary == "vi" ? &vi : primary == "en" ? &en : nullptr;
    if (p && q > p->q) *p = {q, position};
  }
  // Weights with "*" filled in; an explicit range beats "*" on a tie of q.
  const int q_vi = vi.q >= 0 ? vi.q : std::max(wildcard, 0);
  const int q_en = en.q >= 0 ? en.q : std::max(wildcard, 0);
  if (q_en > q_vi) return ProblemLanguage::kEn;
  if (q_en < q_vi || q_en == 0) return ProblemLanguage::kVi;
  if (en.q >= 0 && vi.q >= 0) return en.position < vi.position ? ProblemLanguage::kEn : ProblemLanguage::kVi;
  return en.q >= 0 ? ProblemLanguage::kEn : ProblemLanguage::kVi;
}

const char* LanguageTag(ProblemLanguage language) { return language == ProblemLanguage::kEn ? "en" : "vi"; }

std::optional<std::string_view> ProblemTitle(std::string_view type_name, ProblemLanguage language) {
  const TypeText* t = FindType(type_name);
  if (!t) return std::nullopt;
  return language == ProblemLanguage::kEn ? t->en : t->vi;
}

std::optional<std::string> VietnameseDetail(std::string_view english) {
  // libstdc++'s std::regex matches recursively, about one frame per character of (.*):
  // a detail that echoes a megabyte of client input would overflow the stack and take the
  // server down. No message the server writes for a person is this long; a longer one is
  // the client's own text echoed back, and gets the generic sentence (and detail_en).
  if (english.size() > kMaxTranslatedDetail) return std::nullopt;
  const std::string text(english);
  std::smatch m;
  for (const CompiledShape& shape : Shapes()) {
    if (!std::regex_match(text, m, shape.english)) continue;
    if (auto vi = Expand(shape.vietnamese, m)) return vi;
  }
  return std::nullopt;
}

std::string_view GenericVietnameseDetail(std::string_view type_name) {
  const TypeText* t = FindType(type_name);
  return t ? t->generic : kGenericUnknownType;
}

}  // namespace incidents::http
