// The "notifications.email" TLS keys (notification_settings.h): `tls` says how the SMTP
// session is protected; the older `starttls: true` still means "starttls", and next to
// `tls: "implicit"` it is a contradiction that stops the start with the key named. The
// tree a parser sees always holds every key (the defaults lie under the file), so these
// tests hand it the default section with the keys under test laid over it.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/engine/json_value.h"
#include "incidents/notifications/notification_settings.h"

namespace {

using namespace incidents;
using notifications::SmtpTls;

// The default section with email.tls and email.starttls set as given (tls "" = default).
engine::Result<notifications::NotificationSettings> ParseEmailTls(const std::string& tls, bool starttls) {
  engine::JsonValue section = notifications::DefaultNotificationsSection();
  engine::JsonValue& email = section.as_object().at("email");
  if (!tls.empty()) email.as_object().at("tls") = engine::JsonValue(tls);
  email.as_object().at("starttls") = engine::JsonValue(starttls);
  return notifications::ParseNotificationsSection(section);
}

}  // namespace

TEST_CASE("notification settings: the default is plain SMTP, and the section lists both TLS keys", "[settings]") {
  const engine::JsonValue section = notifications::DefaultNotificationsSection();
  const engine::JsonValue* email = section.Find("email");
  REQUIRE(email);
  const engine::JsonValue* tls = email->Find("tls");
  REQUIRE(tls);
  CHECK(*tls == engine::JsonValue("none"));
  const engine::JsonValue* starttls = email->Find("starttls");
  REQUIRE(starttls);
  CHECK(*starttls == engine::JsonValue(false));
  auto parsed = notifications::ParseNotificationsSection(section);
  REQUIRE(parsed.ok());
  CHECK(parsed->email.tls == SmtpTls::kNone);
}

TEST_CASE("notification settings: email.tls and the older email.starttls", "[settings]") {
  struct Case {
    std::string tls;
    bool starttls;
    SmtpTls want;
  };
  for (const Case& c : {Case{"", false, SmtpTls::kNone}, Case{"", true, SmtpTls::kStartTls},  // an existing config
                        Case{"none", false, SmtpTls::kNone}, Case{"starttls", false, SmtpTls::kStartTls},
                        Case{"starttls", true, SmtpTls::kStartTls}, Case{"implicit", false, SmtpTls::kImplicit}}) {
    CAPTURE(c.tls, c.starttls);
    auto parsed = ParseEmailTls(c.tls, c.starttls);
    INFO(parsed.status().ToString());
    REQUIRE(parsed.ok());
    CHECK(parsed->email.tls == c.want);
  }
}

TEST_CASE("notification settings: starttls true with tls implicit is refused, naming both keys", "[settings]") {
  auto parsed = ParseEmailTls("implicit", true);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == engine::ErrorCode::kInvalidValue);
  CHECK_THAT(parsed.status().message(), Catch::StartsWith("config: 'notifications.email.starttls' is true but "
                                                          "'notifications.email.tls' is \"implicit\""));
}

TEST_CASE("notification settings: an unknown TLS mode names the key and the allowed values", "[settings]") {
  auto parsed = ParseEmailTls("ssl", false);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().message() == "config: 'notifications.email.tls' must be none, starttls or implicit");
}
