// FormatRfc3339 / ParseRfc3339 (engine/include/incidents/engine/timestamp.h).

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "incidents/engine/timestamp.h"

namespace incidents::engine {
namespace {

using namespace std::chrono;

// A timestamp built without the parser.
Timestamp Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return Timestamp{sys_days{year{y} / month{mo} / day{d}}} + hours{h} + minutes{mi} + seconds{s};
}

std::string Normalised(const char* text) {
  auto t = ParseRfc3339(text);
  if (!t) return "<rejected>";
  return FormatRfc3339(*t);
}

TEST_CASE("FormatRfc3339 writes UTC with Z and whole seconds", "[engine][timestamp]") {
  CHECK(FormatRfc3339(Utc(2026, 1, 5, 1, 0, 0)) == "2026-01-05T01:00:00Z");
  CHECK(FormatRfc3339(Timestamp{}) == "1970-01-01T00:00:00Z");
  CHECK(FormatRfc3339(Utc(2028, 2, 29, 23, 59, 59)) == "2028-02-29T23:59:59Z");
  CHECK(FormatRfc3339(Utc(1969, 12, 31, 23, 59, 59)) == "1969-12-31T23:59:59Z");
  CHECK(FormatRfc3339(Utc(2026, 12, 31, 17, 30, 0)) == "2026-12-31T17:30:00Z");
  CHECK(FormatRfc3339(Utc(9999, 12, 31, 23, 59, 59)) == "9999-12-31T23:59:59Z");
}

TEST_CASE("ParseRfc3339 reads UTC instants", "[engine][timestamp]") {
  CHECK(ParseRfc3339("2026-01-05T01:00:00Z") == Utc(2026, 1, 5, 1, 0, 0));
  CHECK(ParseRfc3339("1970-01-01T00:00:00Z") == Timestamp{});
  CHECK(ParseRfc3339("2028-02-29T12:34:56Z") == Utc(2028, 2, 29, 12, 34, 56));
  CHECK(ParseRfc3339("2026-01-05t01:00:00z") == Utc(2026, 1, 5, 1, 0, 0));  // RFC 3339 allows lower case
  CHECK(ParseRfc3339("2026-01-05T01:00:00+00:00") == Utc(2026, 1, 5, 1, 0, 0));
  CHECK(ParseRfc3339("2026-01-05T01:00:00-00:00") == Utc(2026, 1, 5, 1, 0, 0));
}

TEST_CASE("FormatRfc3339 and ParseRfc3339 round trip", "[engine][timestamp]") {
  for (const char* text : {"2026-01-05T01:00:00Z", "1970-01-01T00:00:00Z", "2000-02-29T00:00:00Z",
                           "2026-12-31T23:59:59Z", "2038-01-19T03:14:08Z", "1999-07-04T09:08:07Z"}) {
    INFO(text);
    auto t = ParseRfc3339(text);
    REQUIRE(t.has_value());
    CHECK(FormatRfc3339(*t) == text);
  }
  for (Timestamp t : {Utc(2026, 1, 5, 1), Utc(2026, 6, 15, 13, 30, 5), Utc(2100, 3, 1)}) {
    auto back = ParseRfc3339(FormatRfc3339(t));
    REQUIRE(back.has_value());
    CHECK(*back == t);
  }
}

TEST_CASE("ParseRfc3339 converts offsets to UTC", "[engine][timestamp]") {
  CHECK(Normalised("2026-01-05T08:00:00+07:00") == "2026-01-05T01:00:00Z");
  CHECK(ParseRfc3339("2026-01-05T08:00:00+07:00") == Utc(2026, 1, 5, 1));
  // Vietnam's New Year's morning is still the old year in UTC.
  CHECK(Normalised("2027-01-01T00:30:00+07:00") == "2026-12-31T17:30:00Z");
  CHECK(Normalised("2026-01-01T03:00:00+07:00") == "2025-12-31T20:00:00Z");
  CHECK(Normalised("2026-03-01T05:00:00+07:00") == "2026-02-28T22:00:00Z");
  CHECK(Normalised("2026-01-04T20:00:00-05:00") == "2026-01-05T01:00:00Z");
  CHECK(Normalised("2026-01-05T06:30:00+05:30") == "2026-01-05T01:00:00Z");
  CHECK(Normalised("2026-12-31T20:15:00-03:45") == "2027-01-01T00:00:00Z");
}

TEST_CASE("ParseRfc3339 truncates fractions of a second", "[engine][timestamp]") {
  CHECK(Normalised("2026-01-05T01:00:00.0Z") == "2026-01-05T01:00:00Z");
  CHECK(Normalised("2026-01-05T01:00:00.999Z") == "2026-01-05T01:00:00Z");
  CHECK(Normalised("2026-01-05T01:00:59.999999999Z") == "2026-01-05T01:00:59Z");
  CHECK(Normalised("2026-01-05T08:00:00.5+07:00") == "2026-01-05T01:00:00Z");
  CHECK(Normalised("2026-12-31T23:59:59.9Z") == "2026-12-31T23:59:59Z");
}

TEST_CASE("ParseRfc3339 rejects impossible dates and times", "[engine][timestamp]") {
  for (const char* text : {"2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
                           "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                           "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-05T24:00:00Z",
                           "2026-01-05T01:60:00Z", "2026-01-05T01:00:61Z", "2026-01-05T99:00:00Z"}) {
    INFO(text);
    CHECK_FALSE(ParseRfc3339(text).has_value());
  }
}

TEST_CASE("ParseRfc3339 requires a time zone", "[engine][timestamp]") {
  for (const char* text : {"2026-01-05T01:00:00", "2026-01-05T01:00:00.123", "2026-01-05T01:00:00 ",
                           "2026-01-05T01:00:00UTC", "2026-01-05T01:00:00GMT"}) {
    INFO(text);
    CHECK_FALSE(ParseRfc3339(text).has_value());
  }
}

TEST_CASE("ParseRfc3339 rejects malformed offsets", "[engine][timestamp]") {
  for (const char* text : {"2026-01-05T01:00:00+0700", "2026-01-05T01:00:00+07", "2026-01-05T01:00:00+7:00",
                           "2026-01-05T01:00:00+07:0", "2026-01-05T01:00:00+07:00:00", "2026-01-05T01:00:00+aa:bb",
                           "2026-01-05T01:00:00Z+07:00"}) {
    INFO(text);
    CHECK_FALSE(ParseRfc3339(text).has_value());
  }
}

TEST_CASE("ParseRfc3339 rejects offsets outside 00:00-23:59", "[engine][timestamp]") {
  for (const char* text : {"2026-01-05T01:00:00+24:00", "2026-01-05T01:00:00+99:00", "2026-01-05T01:00:00+07:60",
                           "2026-01-05T01:00:00-30:00"}) {
    INFO(text);
    CHECK_FALSE(ParseRfc3339(text).has_value());
  }
}

TEST_CASE("ParseRfc3339 rejects garbage", "[engine][timestamp]") {
  for (const char* text : {"", "garbage", "Z", "2026", "2026-01-05", "2026-01-05Z", "01:00:00Z",
                           "2026-01-05T01:00Z", "2026/01/05T01:00:00Z", "2026-1-5T1:0:0Z", "26-01-05T01:00:00Z",
                           "2026-01-05X01:00:00Z", "2026-01-05T01:00:00ZZ", "2026-01-05T01:00:00Z ",
                           " 2026-01-05T01:00:00Z", "2026-01-05T01:00:00.Z", "2026-01-05T01:00:00,5Z",
                           "2026-01-05T01:00:00.5", "2026-01-05T01-00-00Z", "+2026-01-05T01:00:00Z",
                           "２０２６-01-05T01:00:00Z"}) {
    INFO("'" << text << "'");
    CHECK_FALSE(ParseRfc3339(text).has_value());
  }
}

TEST_CASE("ParseRfc3339 does not read past an embedded NUL", "[engine][timestamp]") {
  const std::string text("2026-01-05T01:00:00Z\0junk", 25);
  CHECK_FALSE(ParseRfc3339(text).has_value());
  CHECK(ParseRfc3339(std::string_view(text.data(), 20)) == Utc(2026, 1, 5, 1));
}

}  // namespace
}  // namespace incidents::engine
