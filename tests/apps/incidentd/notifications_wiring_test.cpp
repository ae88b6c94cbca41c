// incidentd's notification wiring refuses, at start, the routing a province cannot have
// meant: a rule for data requests whose event has no template of its own (a request
// would get an incident's wording), or a rule naming an event its workflow does not have
// (it would never fire). The shipped templates and rules pass. Without an SMS gateway
// (the default install) SMS rows are recorded disabled, not dead; the SMTP password and
// the SMS token can come from the environment.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "in_memory_outbox_store.h"
#include "notifications_wiring.h"

namespace {

using namespace incidents;
using notifications::NotificationRule;
using notifications::NotificationSettings;

NotificationSettings Shipped() {
  NotificationSettings s;
  s.templates_dir = std::string(INCIDENTS_SOURCE_DIR) + "/config/templates";
  return s;
}

NotificationRule RequestRule(engine::EventType event) {
  NotificationRule r;
  r.name = "test rule";
  r.events = {event};
  r.recipients = {notifications::RecipientRole::kProvincialFocal};
  r.channels = {engine::NotificationChannel::kEmail};
  r.workflow = engine::kDataRequestWorkflow;
  return r;
}

}  // namespace

TEST_CASE("notifications wiring: the shipped templates cover the shipped rules of both workflows") {
  testing::InMemoryOutboxStore outbox;
  auto dispatcher = apps::MakeDispatcher(Shipped(), outbox, nullptr);
  INFO(dispatcher.status().ToString());
  CHECK(dispatcher.ok());
}

TEST_CASE("notifications wiring: a rule naming an event its workflow lacks stops the start") {
  testing::InMemoryOutboxStore outbox;
  NotificationSettings s = Shipped();
  s.rules.push_back(RequestRule(engine::EventType::kAcknowledge));  // an incident's event
  auto dispatcher = apps::MakeDispatcher(s, outbox, nullptr);
  REQUIRE_FALSE(dispatcher.ok());
  CHECK(dispatcher.status().code() == engine::ErrorCode::kInvalidValue);
  CHECK(dispatcher.status().message().find("test rule") != std::string::npos);
  CHECK(dispatcher.status().message().find("acknowledge") != std::string::npos);
}

TEST_CASE("notifications wiring: a routed request event shared with incidents needs its .data_request template") {
  // A copy of the shipped templates without comment.data_request.txt: routing comments on
  // requests must then fail at start, not send an incident's wording.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "wiring_templates_test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::string(INCIDENTS_SOURCE_DIR) + "/config/templates", dir,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(dir / "vi" / "comment.data_request.txt");
  testing::InMemoryOutboxStore outbox;
  NotificationSettings s = Shipped();
  s.templates_dir = dir.string();
  s.rules.push_back(RequestRule(engine::EventType::kComment));
  auto dispatcher = apps::MakeDispatcher(s, outbox, nullptr);
  REQUIRE_FALSE(dispatcher.ok());
  CHECK(dispatcher.status().message().find("comment.data_request") != std::string::npos);
  // With it, the same rule is accepted.
  NotificationSettings shipped = Shipped();
  shipped.rules.push_back(RequestRule(engine::EventType::kComment));
  CHECK(apps::MakeDispatcher(shipped, outbox, nullptr).ok());
  std::filesystem::remove_all(dir);
}

TEST_CASE("notifications wiring: with no SMS gateway (the default) SMS rows are recorded disabled, not dead") {
  testing::InMemoryOutboxStore outbox;
  NotificationSettings s = Shipped();
  REQUIRE(s.sms.gateway_url.empty());
  std::ostringstream out;
  auto log = std::make_shared<spdlog::logger>("incidentd", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  auto dispatcher = apps::MakeDispatcher(s, outbox, log);
  REQUIRE(dispatcher.ok());
  CHECK_THAT(out.str(), Catch::Contains("SMS notifications are recorded as disabled"));
  engine::OutboxRow row;
  row.idempotency_key = "INC-2026-000001:1:sms:org:stttt";
  row.ticket_id = "INC-2026-000001";
  row.event_seq = 1;
  row.channel = engine::NotificationChannel::kSms;
  row.recipient = "+84901234567";
  row.recipient_ref = "org:stttt";
  row.vars = "{}";
  const std::int64_t id = outbox.Add(row);
  CHECK(dispatcher.value()->RunOnce() == 1);
  const engine::OutboxRow stored = outbox.Row(id);
  CHECK(stored.status == engine::DeliveryStatus::kDisabled);
  CHECK(stored.attempts == 0);
  CHECK_THAT(stored.last_error, Catch::StartsWith("SMS gateway not configured"));
  CHECK_THAT(out.str(), !Catch::Contains("+84901234567"));
}

namespace {

// An environment of its own, so that the test sees exactly the variables it sets.
apps::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

struct LogCapture {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log =
      std::make_shared<spdlog::logger>("incidentd", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
};

}  // namespace

TEST_CASE("notifications wiring: the SMTP password and the SMS token come from the environment") {
  SECTION("an empty config value takes the environment's, silently") {
    NotificationSettings s;
    LogCapture c;
    apps::ApplySecretsFromEnvironment(
        s, Env({{"INCIDENTD_SMTP_PASSWORD", "mật-khẩu-smtp"}, {"INCIDENTD_SMS_TOKEN", "token-sms"}}), c.log.get());
    CHECK(s.email.password == "mật-khẩu-smtp");
    CHECK(s.sms.token == "token-sms");
    CHECK(c.out.str().empty());
  }
  SECTION("both set: the environment wins, and the warning names the keys, never a value") {
    NotificationSettings s;
    s.email.password = "from-config-pw";
    s.sms.token = "from-config-token";
    LogCapture c;
    apps::ApplySecretsFromEnvironment(
        s, Env({{"INCIDENTD_SMTP_PASSWORD", "from-env-pw"}, {"INCIDENTD_SMS_TOKEN", "from-env-token"}}), c.log.get());
    CHECK(s.email.password == "from-env-pw");
    CHECK(s.sms.token == "from-env-token");
    const std::string log = c.out.str();
    INFO(log);
    CHECK_THAT(log, Catch::Contains("notifications.email.password") && Catch::Contains("INCIDENTD_SMTP_PASSWORD") &&
                        Catch::Contains("notifications.sms.token") && Catch::Contains("INCIDENTD_SMS_TOKEN"));
    CHECK_THAT(log, !Catch::Contains("from-config") && !Catch::Contains("from-env"));
  }
  SECTION("unset or empty variables leave the config's values alone") {
    NotificationSettings s;
    s.email.password = "from-config-pw";
    LogCapture c;
    apps::ApplySecretsFromEnvironment(s, Env({{"INCIDENTD_SMTP_PASSWORD", ""}}), c.log.get());
    CHECK(s.email.password == "from-config-pw");
    CHECK(s.sms.token.empty());
    CHECK(c.out.str().empty());
  }
  SECTION("the real environment, through std::getenv") {
    REQUIRE(::setenv("INCIDENTD_SMTP_PASSWORD", "env-smtp", 1) == 0);
    REQUIRE(::setenv("INCIDENTD_SMS_TOKEN", "env-sms", 1) == 0);
    NotificationSettings s;
    apps::ApplySecretsFromEnvironment(s, [](const char* name) { return std::getenv(name); }, nullptr);
    ::unsetenv("INCIDENTD_SMTP_PASSWORD");
    ::unsetenv("INCIDENTD_SMS_TOKEN");
    CHECK(s.email.password == "env-smtp");
    CHECK(s.sms.token == "env-sms");
  }
}
