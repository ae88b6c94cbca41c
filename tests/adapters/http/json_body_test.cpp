// ParseJsonObjectBody (adapters/http/src/json_body.h): request bodies become engine
// JsonValues; anything that is not one JSON object of integers, strings, bools, null,
// arrays and objects is a 400 (kInvalidArgument) naming what is wrong.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/engine/canonical_json.h"
#include "json_body.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using http::ParseJsonObjectBody;
using Catch::Matchers::Contains;

JsonValue::Object ParseOk(const std::string& text) {
  auto r = ParseJsonObjectBody(text);
  INFO(text << " -> " << r.status().ToString());
  REQUIRE(r.ok());
  return r.value();
}

Status ParseError(const std::string& text) {
  auto r = ParseJsonObjectBody(text);
  INFO(text);
  REQUIRE_FALSE(r.ok());
  return r.status();
}

TEST_CASE("json_body: a valid object becomes a JsonValue::Object with every JSON type") {
  const auto o = ParseOk(
      R"({"s":"text","i":-42,"zero":0,"big":9007199254740993,"t":true,"f":false,"n":null,)"
      R"("arr":[1,"x",false,null,{"k":"v"}],"obj":{"inner":{"deep":7}},"empty_arr":[],"empty_obj":{}})");
  REQUIRE(o.size() == 11);
  CHECK(o.at("s") == JsonValue("text"));
  REQUIRE(o.at("i").is_int());
  CHECK(o.at("i").as_int() == -42);
  CHECK(o.at("zero") == JsonValue(0));
  // Beyond 2^53: must stay an exact integer, not go through a double.
  REQUIRE(o.at("big").is_int());
  CHECK(o.at("big").as_int() == 9007199254740993LL);
  CHECK(o.at("t") == JsonValue(true));
  CHECK(o.at("f") == JsonValue(false));
  CHECK(o.at("n").is_null());
  const JsonValue expected_arr = JsonValue::Array{1, "x", false, JsonValue(), JsonValue::Object{{"k", "v"}}};
  CHECK(o.at("arr") == expected_arr);
  REQUIRE(o.at("obj").is_object());
  CHECK(o.at("obj") == JsonValue(JsonValue::Object{{"inner", JsonValue::Object{{"deep", 7}}}}));
  CHECK(o.at("empty_arr") == JsonValue(JsonValue::Array{}));
  CHECK(o.at("empty_obj") == JsonValue(JsonValue::Object{}));
}

TEST_CASE("json_body: white space around and inside the object is fine") {
  const auto o = ParseOk(" \n\t{ \"type\" : \"comment\" ,\n \"body\":\"x\" }\r\n ");
  CHECK(o.at("type") == JsonValue("comment"));
  CHECK(o.at("body") == JsonValue("x"));
}

TEST_CASE("json_body: an empty object is a valid body") { CHECK(ParseOk("{}").empty()); }

TEST_CASE("json_body: a fraction is kInvalidArgument naming the field") {
  const Status st = ParseError(R"({"type":"comment","expected_version":1.5})");
  CHECK(st.code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(st.message(), Contains("expected_version"));
}

TEST_CASE("json_body: a whole number written as a fraction (2.0) or with an exponent is refused") {
  for (const char* text : {R"({"expected_version":2.0})", R"({"expected_version":1e3})"}) {
    const Status st = ParseError(text);
    CHECK(st.code() == ErrorCode::kInvalidArgument);
    CHECK_THAT(st.message(), Contains("expected_version"));
  }
}

TEST_CASE("json_body: a nested fraction is refused with the path to it") {
  const Status st = ParseError(R"({"a":{"b":[1,2.5]}})");
  CHECK(st.code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(st.message(), Contains("a.b[1]"));
}

TEST_CASE("json_body: malformed JSON is kInvalidArgument") {
  for (const char* text : {R"({"a":)", R"({"a" 1})", R"({a:1})", R"({"a":1,})", "{", "}", "nul", R"({"a":tru})",
                           R"({'a':1})", "not json"}) {
    CAPTURE(text);
    CHECK(ParseError(text).code() == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("json_body: trailing data after the object is refused") {
  // A body of two objects, or an object followed by garbage, is not "one JSON object".
  for (const char* text : {R"({"a":1}xyz)", R"({"a":1}{"b":2})", R"({"a":1}])"}) {
    CAPTURE(text);
    CHECK(ParseError(text).code() == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("json_body: a top-level value that is not an object is kInvalidArgument") {
  for (const char* text : {"[]", R"([{"a":1}])", R"("text")", "42", "true", "null"}) {
    CAPTURE(text);
    const Status st = ParseError(text);
    CHECK(st.code() == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("json_body: an empty or blank body is kInvalidArgument") {
  CHECK(ParseError("").code() == ErrorCode::kInvalidArgument);
  CHECK(ParseError("   \n").code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("json_body: an integer beyond 64 bits is refused and not wrapped") {
  const Status st = ParseError(R"({"expected_version":99999999999999999999999})");
  CHECK(st.code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("json_body: nesting deeper than the limit is refused") {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  CHECK(ParseError(deep).code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("json_body: Vietnamese UTF-8 round trips byte for byte") {
  const std::string title = "Dữ liệu hộ tịch sai lệch giữa Sở Tư pháp và UBND thành phố Phan Rang - Tháp Chàm";
  const auto o = ParseOk(R"({"title":")" + title + R"("})");
  REQUIRE(o.at("title").is_string());
  CHECK(o.at("title").as_string() == title);
  // And back out through the canonical writer and in again.
  const std::string text = ToCanonicalJson(JsonValue(o));
  CHECK(text.find(title) != std::string::npos);
  CHECK(ParseOk(text) == o);
}

TEST_CASE("json_body: u-escapes decode to UTF-8 with surrogate pairs") {
  const auto o = ParseOk(R"({"vi":"Vi\u1ec7t Nam","emoji":"\ud83d\ude00","q":"a\"b\\c\/d","nl":"x\ny\tz"})");
  CHECK(o.at("vi").as_string() == "Việt Nam");
  CHECK(o.at("vi").as_string() == "Vi\xE1\xBB\x87t Nam");
  CHECK(o.at("emoji").as_string() == "\xF0\x9F\x98\x80");
  CHECK(o.at("q").as_string() == "a\"b\\c/d");
  CHECK(o.at("nl").as_string() == "x\ny\tz");
  // Round trip through the canonical form.
  CHECK(ParseOk(ToCanonicalJson(JsonValue(o))) == o);
}

}  // namespace
}  // namespace incidents::testing
