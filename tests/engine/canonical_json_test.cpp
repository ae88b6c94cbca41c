// ToCanonicalJson / ParseJson (engine/include/incidents/engine/canonical_json.h).
//
// The expected canonical strings are written by hand, byte for byte what Python's
// json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False) writes, so that
// an auditor can re-check a hash chain without our code.

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {
namespace {

using Object = JsonValue::Object;
using Array = JsonValue::Array;

// n arrays nested in each other: "[[[...]]]".
std::string NestedArrays(int n) { return std::string(n, '[') + std::string(n, ']'); }

// n objects nested in each other: {"a":{"a":{}}} for n = 3.
std::string NestedObjects(int n) {
  std::string s;
  for (int i = 0; i < n - 1; ++i) s += "{\"a\":";
  s += "{}";
  s += std::string(n - 1, '}');
  return s;
}

// ParseJson must fail with kInvalidArgument and a message naming the offset.
void RequireRejected(const std::string& text) {
  INFO("input: " << text);
  auto r = ParseJson(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Matchers::Contains("offset"));
}

// --------------------------------------------------------------------------------------
// ToCanonicalJson

TEST_CASE("ToCanonicalJson writes scalars like Python json.dumps", "[engine][canonical_json]") {
  CHECK(ToCanonicalJson(JsonValue()) == "null");
  CHECK(ToCanonicalJson(JsonValue(true)) == "true");
  CHECK(ToCanonicalJson(JsonValue(false)) == "false");
  CHECK(ToCanonicalJson(JsonValue(0)) == "0");
  CHECK(ToCanonicalJson(JsonValue(42)) == "42");
  CHECK(ToCanonicalJson(JsonValue(-7)) == "-7");
  CHECK(ToCanonicalJson(JsonValue(std::numeric_limits<std::int64_t>::max())) == "9223372036854775807");
  CHECK(ToCanonicalJson(JsonValue(std::numeric_limits<std::int64_t>::min())) == "-9223372036854775808");
  CHECK(ToCanonicalJson(JsonValue("")) == "\"\"");
  CHECK(ToCanonicalJson(JsonValue("abc")) == "\"abc\"");
  CHECK(ToCanonicalJson(JsonValue(Array{})) == "[]");
  CHECK(ToCanonicalJson(JsonValue(Object{})) == "{}");
}

TEST_CASE("ToCanonicalJson sorts object keys and writes no white space", "[engine][canonical_json]") {
  Object inner{{"d", JsonValue(Array{})}, {"c", JsonValue(Object{})}};
  Object o{{"b", 1},
           {"a", JsonValue(inner)},
           {"list", JsonValue(Array{JsonValue(3), JsonValue("x y"), JsonValue(), JsonValue(false)})},
           {"B", "upper"}};
  CHECK(ToCanonicalJson(JsonValue(o)) == R"({"B":"upper","a":{"c":{},"d":[]},"b":1,"list":[3,"x y",null,false]})");
}

TEST_CASE("ToCanonicalJson sorts keys by code point, not by UTF-16 unit", "[engine][canonical_json]") {
  // Python sorts str keys by code point: "" < "B" < "a" < "z" < "é" (U+00E9) < "ả" (U+1EA3)
  // < "｡" (U+FF61) < "😀" (U+1F600). UTF-16 ordering would put the emoji (a surrogate
  // pair starting 0xD83D) before U+FF61.
  Object o{{"😀", 8}, {"｡", 7}, {"ả", 6}, {"é", 5}, {"z", 4}, {"a", 3}, {"B", 2}, {"", 1}};
  CHECK(ToCanonicalJson(JsonValue(o)) == R"({"":1,"B":2,"a":3,"z":4,"é":5,"ả":6,"｡":7,"😀":8})");
}

TEST_CASE("ToCanonicalJson leaves Vietnamese UTF-8 unescaped", "[engine][canonical_json]") {
  const std::string text = "Sở Thông tin và Truyền thông – Đầu mối; Tháp Chàm";
  CHECK(ToCanonicalJson(JsonValue(text)) == "\"" + text + "\"");
  Object o{{"tiêu_đề", "Dữ liệu hộ tịch sai lệch"}};
  CHECK(ToCanonicalJson(JsonValue(o)) == "{\"tiêu_đề\":\"Dữ liệu hộ tịch sai lệch\"}");
  // Neither '/' nor DEL nor U+2028 is escaped by json.dumps with ensure_ascii=False.
  CHECK(ToCanonicalJson(JsonValue("a/b\x7f\xe2\x80\xa8")) == "\"a/b\x7f\xe2\x80\xa8\"");
}

TEST_CASE("ToCanonicalJson escapes quote, backslash and control characters like Python", "[engine][canonical_json]") {
  CHECK(ToCanonicalJson(JsonValue("say \"hi\"")) == R"("say \"hi\"")");
  CHECK(ToCanonicalJson(JsonValue("C:\\dir")) == R"("C:\\dir")");
  CHECK(ToCanonicalJson(JsonValue("a\nb")) == R"("a\nb")");
  CHECK(ToCanonicalJson(JsonValue("a\rb")) == R"("a\rb")");
  CHECK(ToCanonicalJson(JsonValue("a\tb")) == R"("a\tb")");
  CHECK(ToCanonicalJson(JsonValue("a\bb")) == R"("a\bb")");
  CHECK(ToCanonicalJson(JsonValue("a\fb")) == R"("a\fb")");
  CHECK(ToCanonicalJson(JsonValue(std::string("a\0b", 3))) == R"("a\u0000b")");
  CHECK(ToCanonicalJson(JsonValue("\x01")) == R"("\u0001")");
  CHECK(ToCanonicalJson(JsonValue("\x0b")) == R"("\u000b")");
  CHECK(ToCanonicalJson(JsonValue("\x1b[0m")) == R"("\u001b[0m")");
  CHECK(ToCanonicalJson(JsonValue("\x1f")) == R"("\u001f")");
  CHECK(ToCanonicalJson(JsonValue(" ")) == R"(" ")");  // 0x20 is the first unescaped character
  // Keys are escaped the same way.
  Object o{{"k\"\n\x1e", "v"}};
  CHECK(ToCanonicalJson(JsonValue(o)) == R"({"k\"\n\u001e":"v"})");
}

TEST_CASE("ToCanonicalJson writes every control character as json.dumps does", "[engine][canonical_json]") {
  // Expected forms written out one by one (Python's ESCAPE_DCT).
  const char* const kExpected[32] = {
      R"(\u0000)", R"(\u0001)", R"(\u0002)", R"(\u0003)", R"(\u0004)", R"(\u0005)", R"(\u0006)", R"(\u0007)",
      R"(\b)",     R"(\t)",     R"(\n)",     R"(\u000b)", R"(\f)",     R"(\r)",     R"(\u000e)", R"(\u000f)",
      R"(\u0010)", R"(\u0011)", R"(\u0012)", R"(\u0013)", R"(\u0014)", R"(\u0015)", R"(\u0016)", R"(\u0017)",
      R"(\u0018)", R"(\u0019)", R"(\u001a)", R"(\u001b)", R"(\u001c)", R"(\u001d)", R"(\u001e)", R"(\u001f)",
  };
  for (int c = 0; c < 32; ++c) {
    INFO("control character " << c);
    CHECK(ToCanonicalJson(JsonValue(std::string(1, char(c)))) == std::string("\"") + kExpected[c] + "\"");
  }
}

TEST_CASE("AppendCanonicalJson appends to existing text", "[engine][canonical_json]") {
  std::string out = "prefix";
  AppendCanonicalJson(JsonValue(Object{{"b", 2}, {"a", 1}}), out);
  CHECK(out == R"(prefix{"a":1,"b":2})");
}

// --------------------------------------------------------------------------------------
// ParseJson

TEST_CASE("ParseJson reads every kind of value", "[engine][canonical_json][parse]") {
  auto r = ParseJson(R"( { "b" : [ 1 , -2 , true , false , null ] , "a" : "x" , "c" : { } , "d" : [ ] } )");
  REQUIRE(r.ok());
  const JsonValue expected(Object{{"a", "x"},
                                  {"b", JsonValue(Array{JsonValue(1), JsonValue(-2), JsonValue(true),
                                                        JsonValue(false), JsonValue()})},
                                  {"c", JsonValue(Object{})},
                                  {"d", JsonValue(Array{})}});
  CHECK(r.value() == expected);
  CHECK(ToCanonicalJson(r.value()) == R"({"a":"x","b":[1,-2,true,false,null],"c":{},"d":[]})");
}

TEST_CASE("ParseJson accepts any JSON white space", "[engine][canonical_json][parse]") {
  auto r = ParseJson("\r\n\t [\n1,\t2\r\n]\n\t ");
  REQUIRE(r.ok());
  CHECK(r.value() == JsonValue(Array{JsonValue(1), JsonValue(2)}));
}

TEST_CASE("ParseJson reads 64-bit integer limits and rejects overflow", "[engine][canonical_json][parse]") {
  auto max = ParseJson("9223372036854775807");
  REQUIRE(max.ok());
  CHECK(max.value() == JsonValue(std::numeric_limits<std::int64_t>::max()));
  auto min = ParseJson("-9223372036854775808");
  REQUIRE(min.ok());
  CHECK(min.value() == JsonValue(std::numeric_limits<std::int64_t>::min()));
  auto zero = ParseJson("-0");
  REQUIRE(zero.ok());
  CHECK(zero.value() == JsonValue(0));
  RequireRejected("9223372036854775808");
  RequireRejected("-9223372036854775809");
}

TEST_CASE("ParseJson round trips canonical text", "[engine][canonical_json][parse]") {
  const JsonValue v(Object{
      {"title", "Dữ liệu \"hộ tịch\"\\ sai lệch\n\t\x01\x1f"},
      {"parties", JsonValue(Array{JsonValue("stnmt"), JsonValue("ubnd-prtc")})},
      {"nested", JsonValue(Object{{"n", -12}, {"ok", true}, {"none", JsonValue()}, {"😀", "ả"}})},
      {"empty", ""},
  });
  const std::string text = ToCanonicalJson(v);
  auto parsed = ParseJson(text);
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == v);
  CHECK(ToCanonicalJson(parsed.value()) == text);
}

TEST_CASE("ParseJson then ToCanonicalJson normalises a document", "[engine][canonical_json][parse]") {
  auto r = ParseJson(R"({"z": 1, "a": {"y": [ ], "x": "\u00e9\/"}})");
  REQUIRE(r.ok());
  CHECK(ToCanonicalJson(r.value()) == R"({"a":{"x":"é/","y":[]},"z":1})");
}

TEST_CASE("ParseJson decodes simple escapes", "[engine][canonical_json][parse]") {
  auto r = ParseJson(R"("\"\\\/\b\f\n\r\t")");
  REQUIRE(r.ok());
  REQUIRE(r.value().is_string());
  CHECK(r.value().as_string() == "\"\\/\b\f\n\r\t");
}

TEST_CASE("ParseJson decodes unicode escapes to UTF-8", "[engine][canonical_json][parse]") {
  struct Case {
    const char* json;
    std::string utf8;
  };
  const Case cases[] = {
      {R"("\u0041")", "A"},
      {R"("\u0000")", std::string("\0", 1)},
      {R"("\u001f")", "\x1f"},
      {R"("\u00e9")", "é"},                       // 2 bytes
      {R"("\u00E9")", "é"},                       // upper-case hex
      {R"("\u0110\u1ec7")", "Đệ"},                // Vietnamese, 2 and 3 bytes
      {R"("\u20ac")", "\xe2\x82\xac"},            // €
      {R"("\uffff")", "\xef\xbf\xbf"},            // last BMP code point
      {R"("\ud83d\ude00")", "\xf0\x9f\x98\x80"},  // 😀 as a surrogate pair
      {R"("\uD83D\uDE00")", "\xf0\x9f\x98\x80"},
      {R"("\ud800\udc00")", "\xf0\x90\x80\x80"},  // U+10000
      {R"("\udbff\udfff")", "\xf4\x8f\xbf\xbf"},  // U+10FFFF
      {R"("x\ud83d\ude00y")", "x\xf0\x9f\x98\x80y"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.json);
    auto r = ParseJson(c.json);
    REQUIRE(r.ok());
    REQUIRE(r.value().is_string());
    CHECK(r.value().as_string() == c.utf8);
  }
}

TEST_CASE("ParseJson keeps raw UTF-8 in strings unchanged", "[engine][canonical_json][parse]") {
  auto r = ParseJson("\"Sở Y tế 😀\"");
  REQUIRE(r.ok());
  CHECK(r.value() == JsonValue("Sở Y tế 😀"));
}

TEST_CASE("ParseJson rejects trailing garbage", "[engine][canonical_json][parse]") {
  RequireRejected("{} x");
  RequireRejected("[1,2] ]");
  RequireRejected("1 2");
  RequireRejected("\"a\"\"b\"");
  RequireRejected("truex");
  RequireRejected("null,");
}

TEST_CASE("ParseJson error messages name the offset of the problem", "[engine][canonical_json][parse]") {
  auto r = ParseJson("[1,2] x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ErrorCode::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Matchers::Contains("offset 6"));

  auto f = ParseJson("[10.5]");
  REQUIRE_FALSE(f.ok());
  CHECK_THAT(f.status().message(), Catch::Matchers::Contains("offset 3"));
}

TEST_CASE("ParseJson rejects fractions and exponents", "[engine][canonical_json][parse]") {
  RequireRejected("1.5");
  RequireRejected("1.0");
  RequireRejected("-0.5");
  RequireRejected("1e3");
  RequireRejected("1E3");
  RequireRejected("1e-3");
  RequireRejected("[2.0]");
  RequireRejected(R"({"level":1.0})");
  RequireRejected(".5");
}

TEST_CASE("ParseJson rejects leading zeros and malformed numbers", "[engine][canonical_json][parse]") {
  RequireRejected("01");
  RequireRejected("00");
  RequireRejected("-01");
  RequireRejected("[007]");
  RequireRejected("-");
  RequireRejected("+1");
  RequireRejected("- 1");
  auto zero = ParseJson("0");
  REQUIRE(zero.ok());
  CHECK(zero.value() == JsonValue(0));
  auto ten = ParseJson("10");
  REQUIRE(ten.ok());
  CHECK(ten.value() == JsonValue(10));
}

TEST_CASE("ParseJson rejects unpaired surrogates", "[engine][canonical_json][parse]") {
  RequireRejected(R"("\ud83d")");           // high surrogate at the end
  RequireRejected(R"("\ud83dx")");          // high surrogate followed by text
  RequireRejected(R"("\ud83d\u0041")");     // high surrogate followed by a BMP escape
  RequireRejected(R"("\ud83d\ud83d")");     // two high surrogates
  RequireRejected(R"("\ude00")");           // lone low surrogate
  RequireRejected(R"("\ude00\ud83d")");     // reversed pair
  RequireRejected(R"("\udfff")");
}

TEST_CASE("ParseJson rejects bad escapes", "[engine][canonical_json][parse]") {
  RequireRejected(R"("\x41")");
  RequireRejected(R"("\u12")");
  RequireRejected(R"("\u12g4")");
  RequireRejected(R"("\a")");
  RequireRejected("\"\\");
}

TEST_CASE("ParseJson rejects raw control characters in strings", "[engine][canonical_json][parse]") {
  RequireRejected("\"a\nb\"");
  RequireRejected("\"a\tb\"");
  RequireRejected("\"a\rb\"");
  RequireRejected(std::string("\"a\0b\"", 5));
  RequireRejected("\"\x01\"");
  RequireRejected("\"\x1f\"");
  RequireRejected("{\"k\x1f\":1}");  // in a member name too
}

TEST_CASE("ParseJson accepts 64 levels of nesting and rejects deeper", "[engine][canonical_json][parse]") {
  SECTION("arrays") {
    auto ok = ParseJson(NestedArrays(64));
    INFO(ok.status().ToString());
    CHECK(ok.ok());
    RequireRejected(NestedArrays(65));
    RequireRejected(NestedArrays(1000));
  }
  SECTION("objects") {
    auto ok = ParseJson(NestedObjects(64));
    INFO(ok.status().ToString());
    CHECK(ok.ok());
    RequireRejected(NestedObjects(65));
  }
  SECTION("a scalar inside 64 arrays is at 64 levels of nesting") {
    auto ok = ParseJson(std::string(64, '[') + "1" + std::string(64, ']'));
    INFO(ok.status().ToString());
    CHECK(ok.ok());
    RequireRejected(std::string(65, '[') + "1" + std::string(65, ']'));
  }
}

TEST_CASE("ParseJson rejects structurally malformed documents", "[engine][canonical_json][parse]") {
  RequireRejected("");
  RequireRejected("   ");
  RequireRejected("[");
  RequireRejected("[1,]");
  RequireRejected("[,1]");
  RequireRejected("{\"a\"}");
  RequireRejected("{\"a\":}");
  RequireRejected("{\"a\":1,}");
  RequireRejected("{a:1}");
  RequireRejected("{'a':1}");
  RequireRejected("\"unterminated");
  RequireRejected("tru");
  RequireRejected("nul");
  RequireRejected("True");
  RequireRejected("NaN");
}

TEST_CASE("ParseJson keeps the last of duplicate member names", "[engine][canonical_json][parse]") {
  auto r = ParseJson(R"({"a":1,"a":2})");
  REQUIRE(r.ok());
  CHECK(ToCanonicalJson(r.value()) == R"({"a":2})");
}

}  // namespace
}  // namespace incidents::engine
