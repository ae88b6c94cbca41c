// The words of problem documents (adapters/http/src/problem_text.h): Accept-Language
// negotiation, the title table, and the Vietnamese of the engine's and the adapter's
// English messages.

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

#include "problem.h"
#include "problem_text.h"

namespace incidents::testing {
namespace {

using http::NegotiateProblemLanguage;
using http::ProblemLanguage;
using http::VietnameseDetail;
using Catch::Matchers::Contains;

constexpr ProblemLanguage kVi = ProblemLanguage::kVi;
constexpr ProblemLanguage kEn = ProblemLanguage::kEn;

TEST_CASE("problem text: Accept-Language picks vi or en by q, vi by default") {
  struct Case {
    const char* header;
    ProblemLanguage want;
  };
  const Case cases[] = {
      {"", kVi},
      {"vi", kVi},
      {"en", kEn},
      {"EN", kEn},
      {"en-US", kEn},                         // a range matches by its primary subtag
      {"vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", kVi},  // a browser set to Vietnamese
      {"en-GB,en;q=0.9,vi;q=0.5", kEn},
      {"vi;q=0.4, en;q=0.9", kEn},
      {"en;q=0.1, vi", kVi},
      {"vi;q=0.500, en;q=0.501", kEn},        // three decimals count
      {"fr", kVi},                            // neither: the API's language
      {"fr, de;q=0.8", kVi},
      {"fr, en;q=0.1", kEn},                  // en is acceptable, vi is not
      {"*", kVi},
      {"*;q=0.5, en;q=0.4", kVi},             // vi gets 0.5 through "*"
      {"*, en", kEn},                         // an explicit range beats "*" on a tie
      {"en;q=0", kVi},                        // q=0: not en
      {"vi;q=0, en;q=0.1", kEn},
      {"vi;q=0, fr", kVi},                    // nothing acceptable: still vi
      {"en, vi", kEn},                        // equal q: the earlier range
      {"vi, en", kVi},
      {"en;q=abc, vi;q=0.2", kVi},            // a malformed item is skipped
      {"en;q=1.5", kVi},
      {"en;q=0.1234", kVi},
      {"en;x=1", kVi},
      {" en ; q=0.8 , vi ; q=0.7 ", kEn},     // optional white space
      {",,en,", kEn},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header);
    CHECK(NegotiateProblemLanguage(c.header) == c.want);
  }
  CHECK(std::string(http::LanguageTag(kVi)) == "vi");
  CHECK(std::string(http::LanguageTag(kEn)) == "en");
}

TEST_CASE("problem text: every problem type of the adapter has a title in both languages") {
  const char* types[] = {"invalid-request", "invalid-value",     "unauthenticated",    "forbidden",
                         "csrf",            "not-found",         "method-not-allowed", "illegal-transition",
                         "version-conflict", "conflict",         "request-in-flight",  "idempotency-key-reused",
                         "unsupported-media-type", "body-too-large", "length-required", "request-timeout", "rate-limited",
                         "unavailable",
                         "internal"};
  std::set<std::string> vi_titles, en_titles, generics;
  for (const char* type : types) {
    CAPTURE(type);
    const auto vi = http::ProblemTitle(type, kVi);
    const auto en = http::ProblemTitle(type, kEn);
    REQUIRE(vi.has_value());
    REQUIRE(en.has_value());
    CHECK(*vi != *en);
    vi_titles.emplace(*vi);
    en_titles.emplace(*en);
    generics.emplace(http::GenericVietnameseDetail(type));
  }
  CHECK(vi_titles.size() == std::size(types));
  CHECK(en_titles.size() == std::size(types));
  CHECK(generics.size() == std::size(types));
  // The titles the pages and their tests know.
  CHECK(*http::ProblemTitle("forbidden", kVi) == "Không có quyền thực hiện");
  CHECK(*http::ProblemTitle("not-found", kVi) == "Không tìm thấy");
  CHECK(*http::ProblemTitle("not-found", kEn) == "Not found");
  CHECK_FALSE(http::ProblemTitle("teapot", kVi).has_value());
  CHECK_FALSE(http::GenericVietnameseDetail("teapot").empty());
}

// Messages as the engine and the adapter write them, and their Vietnamese.
TEST_CASE("problem text: the frequent message shapes have a Vietnamese detail") {
  struct Case {
    const char* english;
    const char* vietnamese;
  };
  const Case cases[] = {
      // fields: required, blank, too long, not one of, not a date, unknown
      {"field 'title' is required", "trường 'title' là bắt buộc"},
      {"field 'username' is required and must be a string", "trường 'username' là bắt buộc và phải là chuỗi ký tự"},
      {"field 'title' must not be empty", "trường 'title' không được để trống"},
      {"field 'title' is longer than 200 characters", "trường 'title' dài quá 200 ký tự"},
      {"field 'name' must be at most 200 characters", "trường 'name' chỉ được dài tối đa 200 ký tự"},
      {"field 'new' must be at least 12 characters long", "trường 'new' phải dài ít nhất 12 ký tự"},
      {"field 'kind' must be one of agency, district, ministry",
       "trường 'kind' phải là một trong các giá trị: agency, district, ministry"},
      {"field 'role' must be focal or deputy, not 'boss'", "trường 'role' phải là focal hoặc deputy, không phải 'boss'"},
      {"query 'format' must be json, csv or xlsx, not 'pdf'",
       "tham số 'format' phải là json, csv hoặc xlsx, không phải 'pdf'"},
      {"field 'document_date' must be a date YYYY-MM-DD, not '31/12/2026'",
       "trường 'document_date' phải là ngày dạng YYYY-MM-DD, không phải '31/12/2026'"},
      {"field 'since' must be a date such as 2027-01-31, not 'mai'",
       "trường 'since' phải là ngày dạng YYYY-MM-DD, không phải 'mai'"},
      {"query 'from' must be a date such as 2027-01-31", "tham số 'from' phải là ngày dạng YYYY-MM-DD, ví dụ 2027-01-31"},
      {"field 'priority': unknown value 'urgent'", "trường 'priority': giá trị 'urgent' không hợp lệ"},
      {"field 'parties': unknown org 'no-such-org'", "trường 'parties': không có đơn vị 'no-such-org'"},
      {"field 'type': unknown event 'explode'", "trường 'type': không có sự kiện 'explode'"},
      {"field 'roles': unknown role 'boss' (roles: reporter, admin)",
       "trường 'roles': không có vai trò 'boss' (các vai trò: reporter, admin)"},
      {"field 'expected_version' must be an integer", "trường 'expected_version' phải là số nguyên"},
      {"query 'limit' must be 1 to 500", "tham số 'limit' phải từ 1 đến 500"},
      {"query 'year' must be between 1900 and 2100", "tham số 'year' phải từ 1900 đến 2100"},
      {"header 'Idempotency-Key' is longer than 255 characters", "tiêu đề 'Idempotency-Key' dài quá 255 ký tự"},
      {"field 'a.b[1]' must be an integer, not a fraction (malformed JSON at offset 12)",
       "trường 'a.b[1]' phải là số nguyên, không phải số thập phân (JSON sai ở vị trí 12)"},
      {"malformed JSON at offset 7: expected ':'", "JSON sai ở vị trí 7: cần ':'"},
      {"the request body must be a JSON object", "nội dung yêu cầu phải là một đối tượng JSON"},
      // not found, forbidden, state, version
      {"no ticket 'INC-2026-000999'", "không có phiếu 'INC-2026-000999'"},
      {"no org 'xyz'", "không có đơn vị 'xyz'"},
      {"acknowledge: only a DoICT engineer or coordinator may do this",
       "thao tác 'acknowledge': chỉ kỹ thuật viên hoặc điều phối viên của cơ quan điều phối mới được thực hiện thao "
       "tác này"},
      {"only an administrator may change the directory",
       "chỉ quản trị viên mới được thay đổi danh mục đơn vị và người dùng"},
      {"resolve is not allowed in state reported", "thao tác 'resolve' không được phép ở trạng thái 'reported'"},
      {"comment is not allowed in state not filed", "thao tác 'comment' không được phép khi phiếu chưa được tạo"},
      {"reopen: the reopen window has passed: a ticket can be reopened at most 30 days after it was resolved",
       "thao tác 'reopen': đã quá thời hạn mở lại: phiếu chỉ được mở lại trong vòng 30 ngày sau khi được xử lý xong"},
      {"ticket INC-2026-000001 is at version 3, not 2", "phiếu INC-2026-000001 đang ở phiên bản 3, không phải 2"},
      {"org 'stp' already exists", "đơn vị 'stp' đã tồn tại"},
      // signing in and the request around the handler
      {"sign in first: send Authorization: Bearer TOKEN", "hãy đăng nhập trước: gửi Authorization: Bearer TOKEN"},
      {"too many failed sign-ins; try again in 42 s", "quá nhiều lần đăng nhập sai; hãy thử lại sau 42 giây"},
      {"PUT is not allowed on /api/v1/me; allowed: GET",
       "không dùng được phương thức PUT với /api/v1/me; các phương thức được dùng: GET"},
      {"the request body is larger than 1048576 bytes", "nội dung yêu cầu lớn hơn 1048576 byte"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.english);
    const auto vi = VietnameseDetail(c.english);
    REQUIRE(vi.has_value());
    CHECK(*vi == c.vietnamese);
  }
}

TEST_CASE("problem text: a translation keeps the names a client looks for") {
  // web/assets/forms.js finds the field a problem names by "'name'".
  const std::pair<const char*, const char*> cases[] = {
      {"field 'title' must not be empty", "'title'"},
      {"field 'new' must not contain the username", "'new'"},
      {"field 'since' must be after 2026-01-01, when the latest focal term of this org began", "'since'"},
      {"field 'current' is not your current password", "'current'"},
  };
  for (const auto& [english, quoted] : cases) {
    CAPTURE(english);
    const auto vi = VietnameseDetail(english);
    REQUIRE(vi.has_value());
    CHECK_THAT(*vi, Contains(quoted));
  }
  const auto csrf = VietnameseDetail(
      "a cookie-authenticated change must send the X-CSRF-Token header with the csrf_token of GET /api/v1/me");
  REQUIRE(csrf.has_value());
  CHECK_THAT(*csrf, Contains("X-CSRF-Token") && Contains("csrf_token"));
}

TEST_CASE("problem text: a message of no known shape has no translation") {
  for (const char* english : {"", "UNIQUE constraint failed: orgs.id", "something went sideways",
                              "field 'title' glows in the dark", "acknowledge: the moon is full",
                              "only a wizard may do this"}) {
    CAPTURE(english);
    CHECK_FALSE(VietnameseDetail(english).has_value());
  }
}

TEST_CASE("problem text: a detail echoing a megabyte of client text is not matched, and does not crash") {
  // Before the cap, std::regex recursed once per character of this detail and overflowed
  // the stack (a signed-in client's POST of {"type":"aaaa…"} took the server down).
  const std::string huge = "field 'type': unknown event '" + std::string(1 << 20, 'a') + "'";
  CHECK_FALSE(http::VietnameseDetail(huge).has_value());
  CHECK(http::VietnameseDetail("field 'type': unknown event 'x'").has_value());
  const std::string at_cap = "field 'type': unknown event '" +
                             std::string(http::kMaxTranslatedDetail - 31, 'a') + "'";
  REQUIRE(at_cap.size() <= http::kMaxTranslatedDetail);
  CHECK(http::VietnameseDetail(at_cap).has_value());
  const auto localized = http::LocalizeProblem(http::Problem(422, "invalid-value", huge), "vi");
  CHECK(localized.status == 422);
  CHECK(localized.body.find("detail_en") != std::string::npos);
}

}  // namespace
}  // namespace incidents::testing
