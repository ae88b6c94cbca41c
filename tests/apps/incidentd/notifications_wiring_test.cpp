// incidentd's notification wiring refuses, at start, the routing a province cannot have
// meant: a rule for data requests whose event has no template of its own (a request
// would get an incident's wording), or a rule naming an event its workflow does not have
// (it would never fire). The shipped templates and rules pass.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

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
