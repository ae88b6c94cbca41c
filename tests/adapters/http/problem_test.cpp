// Problem documents (adapters/http/src/problem.h): every engine error becomes an RFC 9457
// document with the HTTP status of spec/API.md "Conventions".

#include <catch2/catch.hpp>

#include <string>

#include "api_harness.h"
#include "incidents/engine/canonical_json.h"
#include "problem.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

struct Expect {
  ErrorCode code;
  int status;
};

const Expect kAll[] = {
    {ErrorCode::kInvalidArgument, 400}, {ErrorCode::kInvalidValue, 422},      {ErrorCode::kUnauthenticated, 401},
    {ErrorCode::kForbidden, 403},       {ErrorCode::kNotFound, 404},          {ErrorCode::kIllegalTransition, 409},
    {ErrorCode::kVersionConflict, 409}, {ErrorCode::kConflict, 409},          {ErrorCode::kRateLimited, 429},
    {ErrorCode::kUnavailable, 503},     {ErrorCode::kCorruption, 500},        {ErrorCode::kInternal, 500},
    {ErrorCode::kClaimLost, 409},
};

// A problem body: type, title, status, detail with the right JSON types.
JsonValue CheckProblem(const http::ApiResponse& r, int status) {
  CHECK(r.status == status);
  CHECK_THAT(r.content_type, StartsWith("application/problem+json"));
  const JsonValue j = Json(r);
  REQUIRE(j.is_object());
  for (const char* k : {"type", "title", "detail"}) {
    INFO(k);
    REQUIRE(j.Find(k) != nullptr);
    CHECK(j.Find(k)->is_string());
    CHECK_FALSE(j.Find(k)->as_string().empty());
  }
  REQUIRE(j.Find("status") != nullptr);
  REQUIRE(j.Find("status")->is_int());
  CHECK(j.Find("status")->as_int() == status);
  return j;
}

TEST_CASE("problem: every engine error code maps to the HTTP status of spec/API.md") {
  for (const auto& e : kAll) {
    CAPTURE(ErrorCodeName(e.code));
    const auto r = http::ProblemFromStatus(Status(e.code, "message for " + std::string(ErrorCodeName(e.code))));
    CheckProblem(r, e.status);
  }
}

TEST_CASE("problem: client errors carry the engine's message as detail") {
  for (const auto& e : kAll) {
    if (e.status >= 500) continue;
    CAPTURE(ErrorCodeName(e.code));
    const auto j = Json(http::ProblemFromStatus(Status(e.code, "field 'title' must not be empty")));
    CHECK(j.Find("detail")->as_string() == "field 'title' must not be empty");
  }
}

TEST_CASE("problem: type ends with illegal-transition and version-conflict for those codes") {
  const auto illegal = Json(http::ProblemFromStatus(Status::IllegalTransition("reject is not allowed in closed")));
  CHECK_THAT(illegal.Find("type")->as_string(), EndsWith("illegal-transition"));
  const auto stale = Json(http::ProblemFromStatus(Status::VersionConflict("ticket is at version 3, not 2")));
  CHECK_THAT(stale.Find("type")->as_string(), EndsWith("version-conflict"));
  // The two 409s are distinguishable; a plain conflict is neither.
  const auto conflict = Json(http::ProblemFromStatus(Status::Conflict("duplicate")));
  CHECK_THAT(conflict.Find("type")->as_string(), !EndsWith("illegal-transition") && !EndsWith("version-conflict"));
}

// Issue 14.3 review: only a lost Idempotency-Key claim tells the client to retry shortly.
TEST_CASE("problem: a lost idempotency claim is request-in-flight and a plain conflict is not") {
  const auto lost = Json(http::ProblemFromStatus(Status::ClaimLost("Idempotency-Key 'k' is not in flight")));
  CHECK_THAT(lost.Find("type")->as_string(), EndsWith(":request-in-flight"));
  const auto conflict = Json(http::ProblemFromStatus(Status::Conflict("UNIQUE constraint failed")));
  CHECK_THAT(conflict.Find("type")->as_string(), EndsWith(":conflict"));
}

TEST_CASE("problem: every code has its own type") {
  std::set<std::string> types;
  for (const auto& e : kAll) {
    if (e.code == ErrorCode::kCorruption) continue;  // reported as a plain internal error
    types.insert(Json(http::ProblemFromStatus(Status(e.code, "m"))).Find("type")->as_string());
  }
  CHECK(types.size() == std::size(kAll) - 1);
}

TEST_CASE("problem: internal errors do not leak the internal message") {
  const std::string secret = "sqlite3_step failed: disk I/O error at /srv/incidents/var/incidents.db, password=hunter2";
  for (ErrorCode code : {ErrorCode::kInternal, ErrorCode::kCorruption, ErrorCode::kUnavailable}) {
    CAPTURE(ErrorCodeName(code));
    const auto r = http::ProblemFromStatus(Status(code, secret));
    CHECK(r.body.find("hunter2") == std::string::npos);
    CHECK(r.body.find("sqlite3_step") == std::string::npos);
    CHECK(r.body.find("/srv/incidents") == std::string::npos);
  }
}

TEST_CASE("problem: Problem() builds exactly the four members with a URN type ending in the name") {
  const auto r = http::Problem(418, "teapot", "Tiêu đề", "chi tiết");
  const auto j = CheckProblem(r, 418);
  CHECK(j.as_object().size() == 4);
  CHECK_THAT(j.Find("type")->as_string(), EndsWith(":teapot"));
  CHECK(j.Find("title")->as_string() == "Tiêu đề");
  CHECK(j.Find("detail")->as_string() == "chi tiết");
}

}  // namespace
}  // namespace incidents::testing
