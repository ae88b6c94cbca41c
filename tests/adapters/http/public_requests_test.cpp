// The public requester's API (issue 15.2) through the router: no account, a 202 with the
// tracking code, the confirmation from the mailed token, the request's public face (in
// Vietnamese, without the province's internal exchanges), the requester's two actions,
// the limits, and Vietnamese problems for every refusal.

#include <catch2/catch.hpp>

#include <string>

#include "api_harness.h"
#include "incidents/engine/canonical_json.h"

namespace {

using namespace incidents;
using namespace incidents::testing;
using engine::JsonValue;

std::string FormBody(const std::string& email = "lienhe@vinhhy.example") {
  return engine::ToCanonicalJson(JsonValue::Object{
      {"title", "Dữ liệu quy hoạch sử dụng đất huyện Ninh Hải"},
      {"data_wanted", "Bản đồ quy hoạch sử dụng đất đến năm 2030."},
      {"purpose", "Lập dự án đầu tư khu du lịch sinh thái."},
      {"legal_basis", "Luật Đất đai 2024, Điều 76."},
      {"requester_name", "Công ty TNHH Du lịch Vĩnh Hy"},
      {"organisation", "Công ty TNHH Du lịch Vĩnh Hy"},
      {"tax_code", "4500123456"},
      {"email", email},
      {"phone", "0912345678"},
  });
}

// The token in the confirmation link the harness's mail planner was given last.
std::string MailedToken(const ApiHarness& h) {
  REQUIRE_FALSE(h.confirmation_mail.links.empty());
  const std::string& link = h.confirmation_mail.links.back().confirm;
  const auto at = link.find("token=");
  REQUIRE(at != std::string::npos);
  return link.substr(at + 6);
}

std::string Detail(const http::ApiResponse& r) { return Str(Json(r), "detail"); }

}  // namespace

TEST_CASE("public requests: filed without an account, confirmed from the mail, then followed by its code") {
  ApiHarness h;
  auto created = h.Call(h.Request("POST", "/api/v1/public/data-requests", FormBody()));
  INFO(created.body);
  REQUIRE(created.status == 202);
  const JsonValue answer = Json(created);
  const std::string code = Str(answer, "code");
  CHECK(code.size() >= 20);  // 128 random bits
  CHECK(Str(answer, "status") == "unconfirmed");
  CHECK(Str(answer, "tracking_url") == "http://127.0.0.1:8080/request-data/status#code=" + code);
  // The links the mail carries: the secrets in the fragment, never in a path or a query.
  REQUIRE(h.confirmation_mail.links.size() == 1);
  CHECK(h.confirmation_mail.links[0].confirm.rfind("http://127.0.0.1:8080/request-data/confirm#code=" + code, 0) == 0);
  CHECK(h.TicketCount() == 0);  // DoICT sees nothing yet

  auto pending = h.Call(h.Request("GET", "/api/v1/public/data-requests/" + code));
  REQUIRE(pending.status == 200);
  CHECK(Str(Json(pending), "status") == "unconfirmed");
  CHECK(Str(Json(pending), "status_label_vi") == "Chờ xác nhận địa chỉ thư điện tử");

  // A wrong token: 404 in Vietnamese, nothing filed.
  auto wrong = h.Call(h.Request("POST", "/api/v1/public/data-requests/" + code + "/confirm", R"({"token":"nope"})"));
  CHECK(wrong.status == 404);
  CHECK(Detail(wrong) == "không có yêu cầu khai thác dữ liệu này, hoặc đường dẫn đã hết hạn");
  CHECK(h.TicketCount() == 0);

  const std::string confirm_body = engine::ToCanonicalJson(JsonValue::Object{{"token", MailedToken(h)}});
  auto confirmed = h.Call(h.Request("POST", "/api/v1/public/data-requests/" + code + "/confirm", confirm_body));
  INFO(confirmed.body);
  REQUIRE(confirmed.status == 200);
  const JsonValue filed = Json(confirmed);
  CHECK(Str(filed, "status") == "filed");
  CHECK(Str(filed, "state") == "submitted");
  CHECK(Str(filed, "state_label_vi").size() > 0);
  const std::string id = Str(filed, "id");
  CHECK(id.rfind("YC-", 0) == 0);
  CHECK(h.TicketCount() == 1);
  // Twice: the same request.
  auto again = h.Call(h.Request("POST", "/api/v1/public/data-requests/" + code + "/confirm", confirm_body));
  REQUIRE(again.status == 200);
  CHECK(Str(Json(again), "id") == id);
  CHECK(h.TicketCount() == 1);

  // DoICT consults a unit, which gives an opinion, then asks the requester a question.
  const std::string doict = h.Login("stttt.engineer");
  const std::string focal = h.Login("stnmt.focal");
  auto post = [&](const std::string& token, const std::string& body) {
    auto r = h.Call(h.Request("POST", "/api/v1/data-requests/" + id + "/events", body, token));
    INFO(r.body);
    REQUIRE(r.status == 200);
  };
  post(doict, R"({"type":"screen"})");
  post(doict, R"({"type":"consult","units":["stnmt"],"question":"Xin ý kiến.","due":"2026-01-20"})");
  post(focal, R"({"type":"give_opinion","opinion":"Chỉ chia sẻ bản đồ đã công bố.","agrees":false})");
  post(doict, R"({"type":"request_info","question":"Xin nêu rõ phạm vi bản đồ."})");

  auto seen = h.Call(h.Request("GET", "/api/v1/public/data-requests/" + code));
  REQUIRE(seen.status == 200);
  CHECK(seen.body.find("Chỉ chia sẻ bản đồ đã công bố") == std::string::npos);  // no opinion
  CHECK(seen.body.find("stnmt") == std::string::npos);                          // no unit
  CHECK(seen.body.find("stttt.engineer") == std::string::npos);                 // no DoICT user
  CHECK(seen.body.find("Xin nêu rõ phạm vi bản đồ.") != std::string::npos);      // the question
  const JsonValue view = Json(seen);
  CHECK(Str(view, "state") == "waiting_reporter");
  REQUIRE(view.Find("allowed_actions")->as_array().size() == 2);

  auto answered = h.Call(h.Request("POST", "/api/v1/public/data-requests/" + code + "/events",
                                   R"({"type":"provide_info","answer":"Toàn huyện Ninh Hải."})"));
  INFO(answered.body);
  REQUIRE(answered.status == 200);
  CHECK(Str(Json(answered), "state") == "consulting");
  auto comment = h.Call(h.Request("POST", "/api/v1/public/data-requests/" + code + "/events",
                                  R"({"type":"comment","body":"Cảm ơn."})"));
  CHECK(comment.status == 422);
  auto withdrawn = h.Call(h.Request("POST", "/api/v1/public/data-requests/" + code + "/events",
                                    R"({"type":"withdraw","reason":"Không còn nhu cầu."})"));
  REQUIRE(withdrawn.status == 200);
  CHECK(Str(Json(withdrawn), "state") == "withdrawn");
}

TEST_CASE("public requests: a bad form, an outside agency and a missing email are refused in Vietnamese") {
  ApiHarness h;
  auto agency = h.Call(h.Request("POST", "/api/v1/public/data-requests",
                                 R"({"scope":"outside_agency","title":"x","data_wanted":"x","purpose":"x",)"
                                 R"("legal_basis":"x","requester_name":"Cục Thống kê","email":"a@b.vn"})"));
  CHECK(agency.status == 422);
  CHECK(Detail(agency).find("Cổng dữ liệu quốc gia") != std::string::npos);
  auto no_email = h.Call(h.Request("POST", "/api/v1/public/data-requests",
                                   R"({"title":"x","data_wanted":"x","purpose":"x","legal_basis":"x",)"
                                   R"("requester_name":"Nguyễn Văn A"})"));
  CHECK(no_email.status == 422);
  CHECK(Detail(no_email) == "trường 'email' là bắt buộc: yêu cầu được xác nhận qua thư điện tử");
  auto no_title = h.Call(h.Request("POST", "/api/v1/public/data-requests",
                                   R"({"data_wanted":"x","purpose":"x","legal_basis":"x","requester_name":"A","email":"a@b.vn"})"));
  CHECK(no_title.status == 400);
  CHECK(h.confirmation_mail.links.empty());
  auto unknown = h.Call(h.Request("GET", "/api/v1/public/data-requests/not-a-code"));
  CHECK(unknown.status == 404);
}

TEST_CASE("public requests: the fourth request of a day from one email is 429") {
  ApiHarness h;
  for (int i = 0; i < 3; ++i) {
    auto r = h.Call(h.Request("POST", "/api/v1/public/data-requests", FormBody("mot@example.vn")));
    REQUIRE(r.status == 202);
  }
  auto fourth = h.Call(h.Request("POST", "/api/v1/public/data-requests", FormBody("MOT@example.vn")));
  CHECK(fourth.status == 429);
  CHECK(Detail(fourth) == "địa chỉ thư điện tử này đã gửi quá nhiều yêu cầu trong ngày; xin thử lại vào ngày mai");
}
