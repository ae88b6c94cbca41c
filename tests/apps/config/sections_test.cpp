// The sections of incidentd's configuration, each parsed by the library that owns it
// (incidentd_config.h lists who parses what): every section's errors name the real dotted
// key, every section's defaults are its settings struct's, and the default tree (hence
// config/incidentd.json) is built from them.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "incidents/config/incidentd_config.h"
#include "incidents/config/install_layout.h"
#include "incidents/engine/calendar_section.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/sla_section.h"
#include "incidents/engine/workflow_section.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using incidents::notifications::DefaultNotificationRules;
using incidents::notifications::NotificationRule;
using incidents::notifications::RulesFromJson;
using incidents::notifications::RulesToJson;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

Status LoadError(const std::vector<std::string>& overrides) {
  auto c = config::LoadConfig("/nonexistent/incidentd.json", false, overrides);
  REQUIRE_FALSE(c.ok());
  return c.status();
}

JsonValue Parse(const std::string& text) {
  auto v = ParseJson(text);
  INFO(text);
  REQUIRE(v.ok());
  return v.value();
}

// Rules as RulesFromJson gives them back (it lists a rule's recipients in the enum's
// order, DefaultNotificationRules() in the regulation's), as JSON.
JsonValue Normalized(const std::vector<NotificationRule>& rules) {
  auto parsed = RulesFromJson(RulesToJson(rules));
  REQUIRE(parsed.ok());
  return RulesToJson(parsed.value());
}

std::string KeyOf(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

TEST_CASE("sections: a bad value in any section is one InvalidValue naming its real dotted key") {
  for (const char* set : {
           // incidentd's own keys
           "shutdown_grace_ms=-1", "log.level=verbose", "log.format=xml", "listen=localhost",
           "listen=127.0.0.1:99999",
           // storage
           "storage.pool_size=0", "storage.pool_size=65", "storage.busy_timeout_ms=-1", "storage.sqlite_synchronous=off",
           // http, auth
           "http.threads=0", "http.keep_alive_timeout_ms=99", "http.max_queued=0", "http.body_limit_bytes=1023",
           "auth.token_ttl_hours=721", "auth.login_max_failures_per_minute=0",
           // workflow
           "workflow.reopen_window_days=3651",
           // calendar
           "calendar.workdays=[8]", "calendar.working_periods=[\"7-11\"]", "calendar.national_day_extra=both",
           "calendar.tet_days_before=11", "calendar.tet_days_after=-1",
           R"(calendar.extra_days_off=[{"date":"2027-02-30","name":"x","document":"TB 1"}])",
           R"(calendar.extra_working_days=[{"date":"2027-02-20","name":"x"}])",
           // sla
           "sla.targets.critical.ack_hours=0", "sla.targets.low.resolve_hours=100001", "sla.auto_close_working_days=0",
           "sla.time_unit_seconds=3601",
           // scheduler
           "scheduler.max_sleep_ms=9", "scheduler.lease_ms=999",
           // notifications
           "notifications.workers=0", "notifications.batch_size=1001", "notifications.poll_interval_ms=0",
           "notifications.lease_ms=999", "notifications.locale=fr", "notifications.email.smtp_port=0",
           "notifications.email.timeout_ms=99", "notifications.sms.timeout_ms=0", "notifications.sms.max_segments=11",
           "notifications.retry.initial_backoff_ms=0", "notifications.retry.max_backoff_ms=86400001",
           "notifications.retry.max_attempts=0", R"(notifications.rules=[{"name":"x","events":["nope"]}])",
       }) {
    CAPTURE(set);
    const Status st = LoadError({set});
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), StartsWith("config: '" + KeyOf(set) + "' "));
    CHECK(st.message().find('\n') == std::string::npos);  // one line
  }
  CHECK(LoadError({"notifications.retry.max_attempts=0"}).message() ==
        "config: 'notifications.retry.max_attempts' must be between 1 and 1000, not 0");
  CHECK(LoadError({"storage.sqlite_synchronous=off"}).message() ==
        "config: 'storage.sqlite_synchronous' must be full, normal or extra");
  CHECK(LoadError({"listen=localhost"}).message() == "config: 'listen' must be HOST:PORT, not 'localhost'");
}

TEST_CASE("sections: a calendar the keys make invalid together names the calendar section") {
  // No weekday left with working time; a date both off and worked.
  for (const std::vector<std::string>& sets : std::vector<std::vector<std::string>>{
           {"calendar.workdays=[]"},
           {R"(calendar.extra_days_off=[{"date":"2027-02-20","name":"x","document":"TB 1"}])",
            R"(calendar.extra_working_days=[{"date":"2027-02-20","name":"y","document":"TB 1"}])"}}) {
    CAPTURE(sets);
    const Status st = LoadError(sets);
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), StartsWith("config: 'calendar': "));
  }
}

TEST_CASE("sections: each parser names its key for a value of the wrong JSON type too") {
  // The loader refuses these before the parsers see them (sections keep their defaults'
  // types); the parsers check again, so that each stands on its own.
  CHECK(storage::ParseStorageSection(Parse(R"({"pool_size": "16"})")).status().message() ==
        "config: 'storage.pool_size' must be a whole number");
  CHECK(http::ParseHttpSettings(Parse(R"({"cookie_secure": 1})"), JsonValue()).status().message() ==
        "config: 'http.cookie_secure' must be true or false");
  CHECK(http::ParseHttpSettings(JsonValue(), Parse(R"({"token_ttl_hours": true})")).status().message() ==
        "config: 'auth.token_ttl_hours' must be a whole number");
  CHECK(scheduler::ParseSchedulerSection(Parse(R"({"lease_ms": [1]})")).status().message() ==
        "config: 'scheduler.lease_ms' must be a whole number");
  CHECK(notifications::ParseNotificationsSection(Parse(R"({"email": {"from": 5}})")).status().message() ==
        "config: 'notifications.email.from' must be a string");
  CHECK(notifications::ParseNotificationsSection(Parse(R"({"rules": {}})")).status().message() ==
        "config: 'notifications.rules' must be a JSON array");
  CHECK(ParseWorkflowSection(Parse(R"({"doict_org": 1})")).status().message() ==
        "config: 'workflow.doict_org' must be a string");
  CHECK(ParseWorkflowSection(Parse(R"({"regulation": {"vi": 1}})")).status().message() ==
        "config: 'workflow.regulation.vi' must be a string");
  CHECK(ParseCalendarSection(Parse(R"({"workdays": "1-5"})")).status().message() ==
        "config: 'calendar.workdays' must be a JSON array");
  CHECK(ParseSlaSection(Parse(R"({"targets": {"high": {"ack_hours": "2"}}})"), CalendarRules{}).status().message() ==
        "config: 'sla.targets.high.ack_hours' must be a whole number");
  CHECK(storage::ParseStorageSection(JsonValue(5)).status().message() == "config: 'storage' must be a JSON object");
}

TEST_CASE("sections: each section's defaults are its settings struct's, and an empty section means them") {
  for (const JsonValue& empty : {JsonValue(), JsonValue(JsonValue::Object{})}) {
    auto storage_defaults = storage::ParseStorageSection(storage::DefaultStorageSection());
    auto storage_empty = storage::ParseStorageSection(empty);
    REQUIRE(storage_defaults.ok());
    REQUIRE(storage_empty.ok());
    for (const storage::StorageOptions& o : {storage_defaults.value(), storage_empty.value()}) {
      const storage::StorageOptions d;
      CHECK(o.sqlite_synchronous == d.sqlite_synchronous);
      CHECK(o.pool_size == d.pool_size);
      CHECK(o.busy_timeout_ms == d.busy_timeout_ms);
    }

    auto http_defaults = http::ParseHttpSettings(http::DefaultHttpSection(), http::DefaultAuthSection());
    auto http_empty = http::ParseHttpSettings(empty, empty);
    REQUIRE(http_defaults.ok());
    REQUIRE(http_empty.ok());
    for (const http::ApiServerOptions& o : {http_defaults.value(), http_empty.value()}) {
      const http::ApiServerOptions d;
      CHECK(o.threads == d.threads);
      CHECK(o.keep_alive_timeout == d.keep_alive_timeout);
      CHECK(o.max_queued == d.max_queued);
      CHECK(o.body_limit_bytes == d.body_limit_bytes);
      CHECK(o.cookie_secure == d.cookie_secure);
      CHECK(o.web_root == d.web_root);
      CHECK(o.token_ttl == d.token_ttl);
      CHECK(o.login_max_failures == d.login_max_failures);
    }

    auto scheduler_defaults = scheduler::ParseSchedulerSection(scheduler::DefaultSchedulerSection());
    REQUIRE(scheduler_defaults.ok());
    CHECK(scheduler_defaults->max_sleep == scheduler::SchedulerSettings{}.max_sleep);
    CHECK(scheduler_defaults->lease == scheduler::SchedulerSettings{}.lease);

    auto n_defaults = notifications::ParseNotificationsSection(notifications::DefaultNotificationsSection());
    auto n_empty = notifications::ParseNotificationsSection(empty);
    REQUIRE(n_defaults.ok());
    REQUIRE(n_empty.ok());
    for (const notifications::NotificationSettings& n : {n_defaults.value(), n_empty.value()}) {
      const notifications::NotificationSettings d;
      CHECK(n.dispatcher.workers == d.dispatcher.workers);
      CHECK(n.dispatcher.batch_size == d.dispatcher.batch_size);
      CHECK(n.dispatcher.poll_interval == d.dispatcher.poll_interval);
      CHECK(n.dispatcher.lease == d.dispatcher.lease);
      CHECK(n.dispatcher.retry.initial_backoff == d.dispatcher.retry.initial_backoff);
      CHECK(n.dispatcher.retry.max_backoff == d.dispatcher.retry.max_backoff);
      CHECK(n.dispatcher.retry.max_attempts == d.dispatcher.retry.max_attempts);
      CHECK(n.email.smtp_host == d.email.smtp_host);
      CHECK(n.email.smtp_port == d.email.smtp_port);
      CHECK(n.email.from == d.email.from);
      CHECK(n.email.timeout == d.email.timeout);
      CHECK(n.email.message_id_domain == d.email.message_id_domain);
      CHECK(n.sms.timeout == d.sms.timeout);
      CHECK(n.sms.max_segments == d.sms.max_segments);
      CHECK(n.sms.unicode == d.sms.unicode);
      CHECK(n.locale == d.locale);
      CHECK(n.templates_dir == d.templates_dir);
      CHECK(Normalized(n.rules) == Normalized(DefaultNotificationRules()));
    }

    auto w = ParseWorkflowSection(DefaultWorkflowSection());
    REQUIRE(w.ok());
    CHECK(w->doict_org == WorkflowSettings{}.doict_org);
    CHECK(w->chairman_office_org == WorkflowSettings{}.chairman_office_org);
    CHECK(w->ministry_org == WorkflowSettings{}.ministry_org);
    CHECK(w->province == WorkflowSettings{}.province);
    CHECK(w->regulation_vi == WorkflowSettings{}.regulation_vi);
    CHECK(w->regulation_en == WorkflowSettings{}.regulation_en);
    CHECK(w->reopen_window == WorkflowSettings{}.reopen_window);

    // The calendar: the same days off, make-up days and working periods as CalendarRules{}.
    for (const JsonValue& section : {DefaultCalendarSection(), empty}) {
      auto rules = ParseCalendarSection(section);
      REQUIRE(rules.ok());
      auto parsed = BusinessCalendar::Create(rules.value());
      REQUIRE(parsed.ok());
      const BusinessCalendar defaults;
      for (int year : {2026, 2027, 2029}) {
        CAPTURE(year);
        CHECK(parsed->DaysOff(year) == defaults.DaysOff(year));
      }
      for (std::size_t d = 0; d < 7; ++d) {
        REQUIRE(rules->weekly_periods[d].size() == CalendarRules{}.weekly_periods[d].size());
        for (std::size_t i = 0; i < rules->weekly_periods[d].size(); ++i) {
          CHECK(rules->weekly_periods[d][i].start_minute == CalendarRules{}.weekly_periods[d][i].start_minute);
          CHECK(rules->weekly_periods[d][i].end_minute == CalendarRules{}.weekly_periods[d][i].end_minute);
        }
      }
    }

    // SLA: DefaultSlaTargets().
    for (const JsonValue& section : {DefaultSlaSection(), empty}) {
      auto sla = ParseSlaSection(section, CalendarRules{});
      REQUIRE(sla.ok());
      const SlaTargets d = DefaultSlaTargets();
      for (Priority p : kAllPriorities) {
        CAPTURE(std::string(ToString(p)));
        CHECK(sla->by_priority.at(p).acknowledge == d.by_priority.at(p).acknowledge);
        CHECK(sla->by_priority.at(p).resolve == d.by_priority.at(p).resolve);
      }
      CHECK(sla->auto_close_working_days == d.auto_close_working_days);
      CHECK(sla->working_day == d.working_day);
    }
  }
}

TEST_CASE("sections: the Tết span is the calendar section's, on the Tết holiday of the rules") {
  auto rules = ParseCalendarSection(Parse(R"({"tet_days_before": 2, "tet_days_after": 5})"));
  REQUIRE(rules.ok());
  int tet = 0;
  for (const auto& h : rules->lunar_holidays) {
    if (h.month == 1 && h.day == 1) {
      ++tet;
      CHECK(h.days_before == 2);
      CHECK(h.days_after == 5);
    } else {
      CHECK(h.days_before == 0);  // Giỗ Tổ Hùng Vương keeps its one day
      CHECK(h.days_after == 0);
    }
  }
  CHECK(tet == 1);
  // The default tree reads the span off DefaultLunarHolidays(): lunar 1/1 with 1 day before, 3 after.
  CHECK(*DefaultCalendarSection().Find("tet_days_before") == JsonValue(1));
  CHECK(*DefaultCalendarSection().Find("tet_days_after") == JsonValue(3));
}

TEST_CASE("defaults: storage.pool_size has one default, StorageOptions{}'s, everywhere") {
  const int pool_size = storage::StorageOptions{}.pool_size;
  CHECK(pool_size == 16);  // config/README.md
  CHECK(*config::DefaultConfigTree().Find("storage")->Find("pool_size") == JsonValue(pool_size));
  auto c = config::LoadConfig("/nonexistent/incidentd.json", false, {});
  REQUIRE(c.ok());
  CHECK(c->storage.pool_size == pool_size);
  CHECK(config::IncidentdConfig{}.storage.pool_size == pool_size);
}

TEST_CASE("defaults: the default tree's own keys come from the owners' structs") {
  const JsonValue tree = config::DefaultConfigTree();
  const http::ApiServerOptions http_defaults;
  CHECK(*tree.Find("listen") == JsonValue(http_defaults.host + ":" + std::to_string(http_defaults.port)));
  CHECK(*tree.Find("log")->Find("format") == JsonValue(http_defaults.log_format));
  CHECK(*tree.Find("public_url") == JsonValue(notifications::DispatcherSettings{}.public_url));
  CHECK(*tree.Find("database") == JsonValue(std::string(storage::kDefaultDatabaseUrl)));
  // And parsing the default tree gives IncidentdConfig{} (the sections compared above).
  auto c = config::ParseConfig(tree);
  REQUIRE(c.ok());
  const config::IncidentdConfig d;
  CHECK(c->listen == d.listen);
  CHECK(c->http.host == d.http.host);
  CHECK(c->http.port == d.http.port);
  CHECK(c->database == d.database);
  CHECK(c->demo_file == config::InstallLayout::Here().Resolve(d.demo_file));  // install_layout.h
  CHECK(c->public_url == d.public_url);
  CHECK(c->notifications.dispatcher.public_url == d.public_url);
  CHECK(c->log_level == d.log_level);
  CHECK(c->http.log_format == d.http.log_format);
  CHECK(c->shutdown_grace_ms == d.shutdown_grace_ms);
}

TEST_CASE("print: the effective tree shows every key, secrets as ***") {
  auto tree = config::LoadConfigTree("/nonexistent/incidentd.json", false,
                                     {"notifications.email.password=hunter2", "notifications.sms.token=t0ken",
                                      "notifications.email.username=mailer"});
  REQUIRE(tree.ok());
  const std::string printed = config::PrintableConfig(tree.value());
  CHECK_THAT(printed, !Contains("hunter2"));
  CHECK_THAT(printed, !Contains("t0ken"));
  CHECK_THAT(printed, Contains("mailer"));
  auto shown = ParseJson(printed);
  REQUIRE(shown.ok());
  CHECK(*shown->Find("notifications")->Find("email")->Find("password") == JsonValue("***"));
  CHECK(*shown->Find("notifications")->Find("sms")->Find("token") == JsonValue("***"));
  // Unset secrets stay empty, so that the defaults print as config/incidentd.json.
  CHECK(config::PrintableConfig(config::DefaultConfigTree()) == ToCanonicalJson(config::DefaultConfigTree()));
}

TEST_CASE("set: an object with keys of its own is merged key by key, its keys checked") {
  auto c = config::LoadConfig("/nonexistent/incidentd.json", false, {R"(sla.targets={"high":{"ack_hours":3}})"});
  REQUIRE(c.ok());
  CHECK(c->sla.by_priority.at(Priority::kHigh).acknowledge == std::chrono::hours(3));
  CHECK(c->sla.by_priority.at(Priority::kHigh).resolve == std::chrono::hours(16));  // kept
  CHECK_THAT(LoadError({R"(notifications.email={"smtp_prot":25})"}).message(), Contains("notifications.email.smtp_prot"));
}

// Issue 14.3 review: the node's name for its Idempotency-Key claims is http.node_id when
// set; host:port otherwise; and none on port 0, where host:0 would be every such node's
// name and a starting node would release a live peer's claims.
TEST_CASE("sections: http.node_id names the node, else host and port, else none on port 0") {
  auto c = config::LoadConfig("/nonexistent/incidentd.json", false, {"http.node_id=node-a", "listen=127.0.0.1:0"});
  REQUIRE(c.ok());
  CHECK(c->http.node == "node-a");
  CHECK(http::NodeName(c->http, "web-1") == "node-a");
  auto d = config::LoadConfig("/nonexistent/incidentd.json", false, {"listen=127.0.0.1:8443"});
  REQUIRE(d.ok());
  CHECK(d->http.node.empty());
  CHECK(http::NodeName(d->http, "web-1") == "web-1:8443");
  CHECK(http::NodeName(d->http, "").empty());
  auto any_port = config::LoadConfig("/nonexistent/incidentd.json", false, {"listen=127.0.0.1:0"});
  REQUIRE(any_port.ok());
  CHECK(http::NodeName(any_port->http, "web-1").empty());
  CHECK_THAT(LoadError({"http.node_id=" + std::string(192, 'n')}).message(), Contains("http.node_id"));
}

}  // namespace
}  // namespace incidents::testing
