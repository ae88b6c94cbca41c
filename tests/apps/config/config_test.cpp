// incidentd's configuration (apps/config, incidentd_config.h): defaults, the shipped file,
// --set overrides, and the errors for bad keys, types, ranges and files. The errors of each
// section's values, through the same loader: sections_test.cpp.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "incidents/config/environment_secrets.h"
#include "incidents/config/incidentd_config.h"
#include "incidents/config/install_layout.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/workflow_section.h"
#include "temp_dir.h"

namespace incidents::testing {
namespace {

using namespace incidents::engine;
using config::DefaultConfigTree;
using config::IncidentdConfig;
using config::LoadConfig;
using config::LoadConfigTree;
using http::ParseListen;
using Catch::Matchers::Contains;

const std::string kSourceDir = INCIDENTS_SOURCE_DIR;
const std::string kShippedConfig = kSourceDir + "/config/incidentd.json";
const std::string kRegulationFile = kSourceDir + "/config/regulations/qd-57-2020-ubnd-ninhthuan.json";

const JsonValue& At(const JsonValue& tree, const std::string& dotted) {
  const JsonValue* node = &tree;
  std::size_t pos = 0;
  while (true) {
    const auto dot = dotted.find('.', pos);
    node = node->Find(dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
    INFO(dotted);
    REQUIRE(node != nullptr);
    if (dot == std::string::npos) return *node;
    pos = dot + 1;
  }
}

IncidentdConfig LoadOk(const std::vector<std::string>& overrides, const std::string& path = "/nonexistent/incidentd.json",
                       bool required = false) {
  auto c = LoadConfig(path, required, overrides);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return c.value();
}

// The effective tree (what --print-config shows).
JsonValue TreeOk(const std::vector<std::string>& overrides, const std::string& path = "/nonexistent/incidentd.json",
                 bool required = false) {
  auto t = LoadConfigTree(path, required, overrides);
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  return t.value();
}

Status LoadError(const std::vector<std::string>& overrides, const std::string& path = "/nonexistent/incidentd.json",
                 bool required = false) {
  auto c = LoadConfig(path, required, overrides);
  REQUIRE_FALSE(c.ok());
  return c.status();
}

std::string WriteFile(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.File(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST_CASE("defaults: with no file every setting has its default") {
  const auto c = LoadOk({});
  CHECK(c.listen == "127.0.0.1:8080");
  CHECK(c.http.host == "127.0.0.1");
  CHECK(c.http.port == 8080);
  CHECK(c.database == "sqlite:var/incidents.db");
  // The files read at start are the source tree's here (a build tree's binary), whatever
  // the working directory (install_layout.h).
  CHECK(c.demo_file == kSourceDir + "/config/demo-directory.csv");
  CHECK(c.http.threads == 64);
  CHECK(c.http.max_queued == 256);
  CHECK(c.http.body_limit_bytes == 1u << 20);
  CHECK(c.http.token_ttl == std::chrono::hours(12));
  CHECK(c.http.login_max_failures == 10);
  CHECK_FALSE(c.http.cookie_secure);
  CHECK(c.http.web_root == kSourceDir + "/web");
  CHECK(c.notifications.templates_dir == kSourceDir + "/config/templates");
  CHECK(c.http.log_format == "text");
  CHECK(c.log_level == "info");
  CHECK(c.shutdown_grace_ms == 10000);
  CHECK(c.storage.sqlite_synchronous == "full");
  // The authorities have no built-in value: each province names its own (incidentd
  // refuses to start without them, CheckAuthorities).
  CHECK(c.workflow.doict_org.empty());
  CHECK(c.workflow.chairman_office_org.empty());
  CHECK(c.workflow.ministry_org.empty());
  CHECK(c.workflow.province.empty());
  CHECK(c.workflow.regulation_vi.empty());
  CHECK(c.workflow.regulation_en.empty());
  CHECK(CheckAuthorities(c.workflow).message() ==
        "config: 'workflow.doict_org' is not set: every province names its own authorities (config/README.md)");
  CHECK(c.workflow.reopen_window == std::chrono::hours(24 * 30));
  CHECK(c.storage.pool_size == 16);
  CHECK(c.notifications.email.smtp_port == 25);
  CHECK(c.notifications.email.smtp_host == "127.0.0.1");
  CHECK(c.notifications.dispatcher.retry.max_attempts == 30);
  CHECK(c.notifications.dispatcher.public_url == "http://127.0.0.1:8080");
  CHECK(c.notifications.locale == "vi");
  CHECK(c.notifications.rules.size() == incidents::notifications::DefaultNotificationRules().size());
  CHECK(TreeOk({}) == DefaultConfigTree());
  CHECK(At(TreeOk({}), "notifications.email.smtp_port") == JsonValue(25));
}

TEST_CASE("defaults: the default calendar is Monday-Friday 07:00-11:30 and 13:30-17:00") {
  const auto c = LoadOk({});
  for (int d = 0; d < 5; ++d) {
    REQUIRE(c.calendar.weekly_periods[d].size() == 2);
    CHECK(c.calendar.weekly_periods[d][0].start_minute == 7 * 60);
    CHECK(c.calendar.weekly_periods[d][0].end_minute == 11 * 60 + 30);
    CHECK(c.calendar.weekly_periods[d][1].start_minute == 13 * 60 + 30);
    CHECK(c.calendar.weekly_periods[d][1].end_minute == 17 * 60);
  }
  CHECK(c.calendar.weekly_periods[5].empty());
  CHECK(c.calendar.weekly_periods[6].empty());
  CHECK(c.calendar.compensate_weekend_holidays);
  CHECK(c.calendar.extra_days_off.empty());
  // The defaults make a valid calendar.
  CHECK(BusinessCalendar::Create(c.calendar).ok());
}

TEST_CASE("file: the shipped config/incidentd.json loads and documents every key with its default") {
  std::ifstream in(kShippedConfig, std::ios::binary);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto raw = ParseJson(text.str());
  INFO(raw.status().ToString());
  REQUIRE(raw.ok());
  // The file itself (not only the merge) equals the defaults, no key left out, none stale,
  // except the authorities, which have no default: the file names the demo province's.
  JsonValue without_authorities = raw.value();
  JsonValue& workflow = without_authorities.as_object().at("workflow");
  for (const char* key : {"doict_org", "chairman_office_org", "ministry_org", "province", "regulation"}) {
    INFO(key);
    REQUIRE(workflow.Find(key) != nullptr);
    workflow.as_object()[key] = *DefaultConfigTree().Find("workflow")->Find(key);
  }
  CHECK(ToCanonicalJson(without_authorities) == ToCanonicalJson(DefaultConfigTree()));
  CHECK(TreeOk({}, kShippedConfig, /*required=*/true) == raw.value());
  const IncidentdConfig shipped = LoadOk({}, kShippedConfig, /*required=*/true);
  CHECK(shipped.storage.pool_size == 16);
  CHECK(CheckAuthorities(shipped.workflow).ok());
  CHECK(shipped.workflow.doict_org == "stttt");
  CHECK(shipped.workflow.ministry_org == "btttt");
  CHECK(shipped.workflow.chairman_office_org == "vp-ubnd");
}

TEST_CASE("set: the authorities are set key by key, and each one left empty is named") {
  const std::vector<std::string> all = {"workflow.doict_org=sokhcn", "workflow.chairman_office_org=vp",
                                        "workflow.ministry_org=bkhcn", "workflow.province=Tỉnh Mới",
                                        "workflow.regulation.vi=Quy chế X", "workflow.regulation.en=Regulation X",
                                        "workflow.regulation.file=" + kRegulationFile};
  const auto c = LoadOk(all);
  CHECK(CheckAuthorities(c.workflow).ok());
  CHECK(c.workflow.doict_org == "sokhcn");
  CHECK(c.workflow.ministry_org == "bkhcn");
  CHECK(c.workflow.province == "Tỉnh Mới");
  CHECK(c.workflow.RegulationTitle("vi") == "Quy chế X");
  CHECK(c.workflow.RegulationTitle("en") == "Regulation X");
  REQUIRE(c.workflow.citations != nullptr);
  CHECK(c.workflow.citations->id() == "qd-57-2020-ubnd-ninhthuan");
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::vector<std::string> missing = all;
    const std::string key = all[i].substr(0, all[i].find('='));
    missing[i] = key + "= ";
    CAPTURE(key);
    CHECK_THAT(CheckAuthorities(LoadOk(missing).workflow).message(), Contains("'" + key + "' is not set"));
  }
}

TEST_CASE("set: a regulation file that cannot be read or is malformed stops the start, naming it") {
  auto missing = LoadConfig("/nonexistent/incidentd.json", false, {"workflow.regulation.file=/nonexistent/regulation.json"});
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(),
             Contains("cannot read the regulation file /nonexistent/regulation.json (workflow.regulation.file)"));
  // A device would never end: refused at once.
  CHECK_THAT(LoadConfig("/nonexistent/incidentd.json", false, {"workflow.regulation.file=/dev/zero"}).status().message(),
             Contains("not a regular file of at most 4 MiB"));
  TempDir dir;
  const std::string bad = (dir.path() / "bad.json").string();
  std::ofstream(bad) << R"({"id":"qd-x","glosses":{},"labels":{},"versions":[]})";
  auto malformed = LoadConfig("/nonexistent/incidentd.json", false, {"workflow.regulation.file=" + bad});
  REQUIRE_FALSE(malformed.ok());
  CHECK_THAT(malformed.status().message(), Contains("labels.scope") && Contains(bad));
  std::ofstream(bad, std::ios::trunc) << "{not json";
  CHECK_THAT(LoadConfig("/nonexistent/incidentd.json", false, {"workflow.regulation.file=" + bad}).status().message(),
             Contains("regulation file " + bad));
}

TEST_CASE("set: overrides the notification keys outside tests rely on") {
  const auto c = LoadOk({
      "notifications.email.smtp_port=2525",
      "notifications.email.smtp_host=mail.test",
      "notifications.email.from=Sự cố <incidents@ninhthuan.example>",
      "notifications.sms.gateway_url=http://127.0.0.1:9099/send",
      "notifications.retry.initial_backoff_ms=10",
      "notifications.retry.max_backoff_ms=200",
      "notifications.retry.max_attempts=3",
  });
  CHECK(c.notifications.email.smtp_port == 2525);
  CHECK(c.notifications.email.smtp_host == "mail.test");
  CHECK(c.notifications.email.from == "Sự cố <incidents@ninhthuan.example>");
  CHECK(c.notifications.sms.gateway_url == "http://127.0.0.1:9099/send");
  CHECK(c.notifications.dispatcher.retry.initial_backoff == std::chrono::milliseconds(10));
  CHECK(c.notifications.dispatcher.retry.max_backoff == std::chrono::milliseconds(200));
  CHECK(c.notifications.dispatcher.retry.max_attempts == 3);
  // Untouched neighbours keep their defaults.
  CHECK(c.notifications.sms.timeout == std::chrono::milliseconds(5000));
  // The effective tree shows the same.
  CHECK(At(TreeOk({"notifications.email.smtp_port=2525"}), "notifications.email.smtp_port") == JsonValue(2525));
}

TEST_CASE("set: int and bool and string keys reach the typed config") {
  const auto c = LoadOk({"http.threads=4", "http.cookie_secure=true", "listen=0.0.0.0:9090", "auth.token_ttl_hours=1",
                         "log.level=debug", "database=sqlite:/tmp/x.db"});
  CHECK(c.http.threads == 4);
  CHECK(c.http.cookie_secure);
  CHECK(c.http.host == "0.0.0.0");
  CHECK(c.http.port == 9090);
  CHECK(c.http.token_ttl == std::chrono::hours(1));
  CHECK(c.log_level == "debug");
  CHECK(c.database == "sqlite:/tmp/x.db");
  // A value may itself contain '='.
  CHECK(LoadOk({"notifications.sms.gateway_url=http://h/send?a=b"}).notifications.sms.gateway_url ==
        "http://h/send?a=b");
  // The last --set of a key wins; --set wins over the file.
  CHECK(LoadOk({"http.threads=4", "http.threads=8"}).http.threads == 8);
  CHECK(LoadOk({"http.threads=2"}, kShippedConfig, true).http.threads == 2);
}

TEST_CASE("set: an unknown key is kInvalidValue naming it") {
  for (const char* key : {"notifications.email.smtp_prot", "nope", "http.threads.x", "listen.host", "notifications.voice.url"}) {
    CAPTURE(key);
    const Status st = LoadError({std::string(key) + "=1"});
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), Contains(key));
  }
  CHECK(LoadError({"http.threads"}).code() == ErrorCode::kInvalidValue);  // no '='
  CHECK(LoadError({"=5"}).code() == ErrorCode::kInvalidValue);
}

TEST_CASE("set: the wrong type is an error naming the key") {
  for (const char* set : {"http.threads=abc", "http.threads=", "http.threads=4.5", "http.threads= 4",
                          "http.cookie_secure=yes", "http.cookie_secure=1", "calendar.workdays=1",
                          "calendar.workdays=[1,2", "notifications=1"}) {
    CAPTURE(set);
    const Status st = LoadError({set});
    CHECK(st.code() == ErrorCode::kInvalidValue);
    const std::string key = std::string(set).substr(0, std::string(set).find('='));
    CHECK_THAT(st.message(), Contains(key));
  }
}

TEST_CASE("set: out-of-range values are errors naming the key") {
  for (const char* set : {"http.threads=0", "http.threads=100000", "notifications.email.smtp_port=0",
                          "notifications.email.smtp_port=70000", "notifications.retry.max_attempts=0",
                          "notifications.retry.initial_backoff_ms=0", "notifications.retry.max_backoff_ms=-1",
                          "auth.token_ttl_hours=0", "http.body_limit_bytes=10"}) {
    CAPTURE(set);
    const Status st = LoadError({set});
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), Contains(std::string(set).substr(0, std::string(set).find('='))));
  }
  // The edges are accepted.
  CHECK(LoadOk({"notifications.email.smtp_port=65535", "http.threads=1"}).http.threads == 1);
}

TEST_CASE("set: bad enumerated values are errors naming the key") {
  CHECK_THAT(LoadError({"log.level=verbose"}).message(), Contains("log.level"));
  CHECK_THAT(LoadError({"log.format=xml"}).message(), Contains("log.format"));
  CHECK_THAT(LoadError({"storage.sqlite_synchronous=off"}).message(), Contains("storage.sqlite_synchronous"));
  CHECK_THAT(LoadError({"calendar.national_day_extra=both"}).message(), Contains("calendar.national_day_extra"));
  CHECK_THAT(LoadError({"calendar.workdays=[0]"}).message(), Contains("calendar.workdays"));
  CHECK_THAT(LoadError({"listen=localhost"}).message(), Contains("localhost"));
}

TEST_CASE("file: an unknown key is an error naming the key and the file") {
  TempDir dir;
  const std::string path = WriteFile(dir, "bad-key.json", R"({"http": {"threadz": 4}})");
  const Status st = LoadError({}, path, true);
  CHECK(st.code() == ErrorCode::kInvalidValue);
  CHECK_THAT(st.message(), Contains("http.threadz"));
  CHECK_THAT(st.message(), Contains(path));
  // Also when the file is not required: a present file is always checked.
  CHECK_THAT(LoadError({}, path, false).message(), Contains("http.threadz"));
}

TEST_CASE("file: a type mismatch is an error naming the key and the file") {
  TempDir dir;
  for (const char* text : {R"({"http": {"threads": "16"}})", R"({"http": {"threads": true}})",
                           R"({"http": {"threads": [16]}})"}) {
    CAPTURE(text);
    const std::string path = WriteFile(dir, "bad-type.json", text);
    const Status st = LoadError({}, path, true);
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), Contains("http.threads"));
    CHECK_THAT(st.message(), Contains(path));
  }
  const std::string obj = WriteFile(dir, "bad-section.json", R"({"notifications": {"email": "smtp://x"}})");
  const Status st = LoadError({}, obj, true);
  CHECK_THAT(st.message(), Contains("notifications.email"));
  CHECK_THAT(st.message(), Contains(obj));
}

TEST_CASE("file: may set some keys and the rest keep their defaults") {
  TempDir dir;
  const std::string path = WriteFile(
      dir, "partial.json", R"({"listen": "127.0.0.1:0", "notifications": {"email": {"smtp_port": 2525}}})");
  const auto c = LoadOk({}, path, true);
  CHECK(c.http.port == 0);
  CHECK(c.notifications.email.smtp_port == 2525);
  CHECK(c.notifications.email.smtp_host == "127.0.0.1");
  CHECK(c.http.threads == 64);
}

TEST_CASE("file: a malformed file is an error naming the file") {
  TempDir dir;
  const std::string path = WriteFile(dir, "broken.json", R"({"http": {"threads": 16,}})");
  const Status st = LoadError({}, path, false);
  CHECK(st.code() == ErrorCode::kInvalidValue);
  CHECK_THAT(st.message(), Contains(path));
  const std::string top = WriteFile(dir, "array.json", "[1, 2]");
  CHECK(LoadError({}, top, true).code() == ErrorCode::kInvalidValue);
}

TEST_CASE("file: a required file that is missing is an error naming it") {
  const Status st = LoadError({}, "/nonexistent/dir/incidentd.json", /*required=*/true);
  CHECK(st.code() == ErrorCode::kInvalidValue);
  CHECK_THAT(st.message(), Contains("/nonexistent/dir/incidentd.json"));
}

TEST_CASE("listen: ParseListen splits HOST:PORT and checks the port") {
  std::string host;
  int port = -1;
  REQUIRE(ParseListen("127.0.0.1:0", host, port).ok());
  CHECK(host == "127.0.0.1");
  CHECK(port == 0);
  REQUIRE(ParseListen("0.0.0.0:65535", host, port).ok());
  CHECK(port == 65535);
  REQUIRE(ParseListen("[::1]:8080", host, port).ok());
  CHECK(host == "::1");
  CHECK(port == 8080);
  for (const char* bad : {"x", "h:99999", "h:65536", "h:-1", "h:", ":8080", "h:80x", "h:0x50", ""}) {
    CAPTURE(bad);
    const Status st = ParseListen(bad, host, port);
    CHECK_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::kInvalidValue);
  }
}

TEST_CASE("calendar: extra_days_off and extra_working_days carry their document") {
  const auto c = LoadOk({
      R"(calendar.extra_days_off=[{"date":"2026-01-02","name":"Nghỉ bù Tết Dương lịch","document":"Thông báo 6150/TB-LĐTBXH"}])",
      R"(calendar.extra_working_days=[{"date":"2026-01-10","name":"Làm bù","document":"Thông báo 6150/TB-LĐTBXH"}])",
  });
  REQUIRE(c.calendar.extra_days_off.size() == 1);
  const auto& off = c.calendar.extra_days_off[0];
  CHECK(ToIsoString(off.date) == "2026-01-02");
  CHECK(off.name == "Nghỉ bù Tết Dương lịch");
  CHECK(off.document == "Thông báo 6150/TB-LĐTBXH");
  REQUIRE(c.calendar.extra_working_days.size() == 1);
  CHECK(ToIsoString(c.calendar.extra_working_days[0].date) == "2026-01-10");
  auto cal = BusinessCalendar::Create(c.calendar);
  REQUIRE(cal.ok());
  CHECK_FALSE(cal->IsWorkingDay(*ParseIsoDate("2026-01-02")));
  CHECK(cal->IsWorkingDay(*ParseIsoDate("2026-01-10")));  // a Saturday, made a working day
}

TEST_CASE("calendar: an extra day without a document or with a bad date is an error naming the key") {
  for (const char* set : {
           R"(calendar.extra_days_off=[{"date":"2026-01-02","name":"Nghỉ bù"}])",
           R"(calendar.extra_days_off=[{"date":"2026-01-02","name":"Nghỉ bù","document":""}])",
           R"(calendar.extra_days_off=[{"date":"2026-02-30","name":"x","document":"TB 1"}])",
           R"(calendar.extra_days_off=[{"date":"02/01/2026","name":"x","document":"TB 1"}])",
           R"(calendar.extra_days_off=["2026-01-02"])",
           R"(calendar.extra_working_days=[{"name":"x","document":"TB 1"}])",
       }) {
    CAPTURE(set);
    const Status st = LoadError({set});
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), Contains(std::string(set).substr(0, std::string(set).find('='))));
  }
}

TEST_CASE("calendar: working_periods and workdays shape the week") {
  const auto c = LoadOk({R"(calendar.working_periods=["08:00-12:00","13:00-17:30"])", "calendar.workdays=[1,2,3,4,5,6]"});
  for (int d = 0; d < 6; ++d) {
    CAPTURE(d);
    REQUIRE(c.calendar.weekly_periods[d].size() == 2);
    CHECK(c.calendar.weekly_periods[d][0].start_minute == 480);
    CHECK(c.calendar.weekly_periods[d][0].end_minute == 720);
    CHECK(c.calendar.weekly_periods[d][1].start_minute == 780);
    CHECK(c.calendar.weekly_periods[d][1].end_minute == 1050);
  }
  CHECK(c.calendar.weekly_periods[6].empty());
  REQUIRE(c.calendar.make_up_day_periods.size() == 2);
  CHECK(c.calendar.make_up_day_periods[0].start_minute == 480);
  // A whole day is allowed.
  const auto full = LoadOk({R"(calendar.working_periods=["00:00-24:00"])"});
  CHECK(full.calendar.weekly_periods[0][0].end_minute == 1440);
}

TEST_CASE("calendar: a bad working period is an error naming the key") {
  for (const char* period : {"8-12", "08:00", "12:00-08:00", "08:00-08:00", "25:00-26:00", "08:60-09:00",
                             "08:00-24:30", "08.00-12.00", "", "abc"}) {
    CAPTURE(period);
    const Status st = LoadError({std::string(R"(calendar.working_periods=[")") + period + "\"]"});
    CHECK(st.code() == ErrorCode::kInvalidValue);
    CHECK_THAT(st.message(), Contains("calendar.working_periods"));
  }
  CHECK_THAT(LoadError({"calendar.working_periods=[730]"}).message(), Contains("calendar.working_periods"));
}

TEST_CASE("calendar: a working period with trailing text is refused and not half-read") {
  // "13:30-17:00 (chiều)" or "07:00-11:30pm" must not silently become 13:30-17:00 / 07:00-11:30.
  for (const char* period : {"07:00-11:30pm", "13:30-17:00 (chiều)", "07:00-11:30-12:00"}) {
    CAPTURE(period);
    auto c = LoadConfig("/nonexistent/incidentd.json", false,
                        {std::string(R"(calendar.working_periods=[")") + period + "\"]"});
    CHECK_FALSE(c.ok());
  }
}

TEST_CASE("calendar: the Tết span and the national-day adjacent day come from the calendar keys") {
  const auto c = LoadOk({"calendar.tet_days_before=2", "calendar.tet_days_after=4", "calendar.national_day_extra=day_before",
                         "calendar.compensate_weekend_holidays=false"});
  bool found_tet = false;
  for (const auto& h : c.calendar.lunar_holidays)
    if (h.month == 1 && h.day == 1) {
      found_tet = true;
      CHECK(h.days_before == 2);
      CHECK(h.days_after == 4);
    }
  CHECK(found_tet);
  CHECK_FALSE(c.calendar.compensate_weekend_holidays);
  bool found_national_day = false;
  for (const auto& h : c.calendar.solar_holidays)
    if (h.month == 9 && h.day == 2) {
      found_national_day = true;
      CHECK(h.days_before == 1);
      CHECK(h.days_after == 0);
    }
  CHECK(found_national_day);
  // The default is the day after.
  for (const auto& h : LoadOk({}).calendar.solar_holidays)
    if (h.month == 9 && h.day == 2) {
      CHECK(h.days_before == 0);
      CHECK(h.days_after == 1);
    }
  CHECK_THAT(LoadError({"calendar.tet_days_after=11"}).message(), Contains("calendar.tet_days_after"));
}

TEST_CASE("sla: targets are working hours, and sla.time_unit_seconds (a testing aid) shrinks them and the working day") {
  const auto c = LoadOk({});
  CHECK(c.sla.by_priority.at(Priority::kCritical).acknowledge == std::chrono::hours(1));
  CHECK(c.sla.by_priority.at(Priority::kLow).resolve == std::chrono::hours(80));
  CHECK(c.sla.auto_close_working_days == 5);
  CHECK(c.sla.working_day == std::chrono::seconds(0));  // the calendar's make-up day decides
  CHECK(c.scheduler.lease == std::chrono::milliseconds(60000));

  const auto fast = LoadOk({"sla.time_unit_seconds=1", "calendar.working_periods=[\"00:00-24:00\"]",
                            "sla.targets.high.ack_hours=3"});
  CHECK(fast.sla.by_priority.at(Priority::kCritical).acknowledge == std::chrono::seconds(1));
  CHECK(fast.sla.by_priority.at(Priority::kHigh).acknowledge == std::chrono::seconds(3));
  CHECK(fast.sla.by_priority.at(Priority::kNormal).resolve == std::chrono::seconds(40));
  CHECK(fast.sla.working_day == std::chrono::seconds(24));  // 24 "hours" of a day
  // The default periods (8 working hours) at 60 s per "hour": a working day of 8 minutes.
  CHECK(LoadOk({"sla.time_unit_seconds=60"}).sla.working_day == std::chrono::minutes(8));
  CHECK_THAT(LoadError({"sla.time_unit_seconds=0"}).message(), Contains("sla.time_unit_seconds"));
  CHECK_THAT(LoadError({"sla.time_unit_seconds=3601"}).message(), Contains("sla.time_unit_seconds"));
}

// Issue 17.1: the binary found its files from the working directory and exited 2 anywhere
// but the repository root. They are found from the executable's own place now.
TEST_CASE("install layout: installed beside share/datashare-incidents, else the source tree") {
  TempDir root;
  namespace fs = std::filesystem;
  fs::create_directories(root.File("usr/share/datashare-incidents"));
  fs::create_directories(root.File("opt/incidents/share/datashare-incidents"));

  // The Debian package (and `dpkg -x` of it): /usr keeps its configuration in /etc.
  const auto pkg = config::InstallLayout::For(root.File("usr/bin/incidentd"));
  CHECK(pkg.installed);
  CHECK(pkg.data_dir == root.File("usr/share/datashare-incidents"));
  CHECK(pkg.default_config == root.File("etc/datashare-incidents/incidentd.json"));
  // `cmake --install --prefix /opt/incidents`: its own etc.
  const auto opt = config::InstallLayout::For(root.File("opt/incidents/bin/incidentctl"));
  CHECK(opt.installed);
  CHECK(opt.default_config == root.File("opt/incidents/etc/datashare-incidents/incidentd.json"));
  // A build tree's binary, or an install whose data is missing: the source tree.
  for (const std::string exe : {root.File("build/apps/incidentd/incidentd"), root.File("usr/local/bin/incidentd"),
                                std::string()}) {
    const auto tree = config::InstallLayout::For(exe);
    CHECK_FALSE(tree.installed);
    CHECK(tree.data_dir == kSourceDir);
    CHECK(tree.default_config == kShippedConfig);
  }
  // This test binary is a build tree's.
  CHECK(config::DefaultConfigPath() == kShippedConfig);

  CHECK(pkg.Resolve("web") == pkg.data_dir + "/web");
  CHECK(pkg.Resolve("config/../web/") == pkg.data_dir + "/web/");
  CHECK(pkg.Resolve("/srv/web") == "/srv/web");  // absolute: as given
  CHECK(pkg.Resolve("").empty());                 // unset stays unset
  CHECK(pkg.Resolve("  ") == "  ");
}

TEST_CASE("install layout: the shipped config starts from any working directory") {
  TempDir elsewhere;
  const auto before = std::filesystem::current_path();
  std::filesystem::current_path(elsewhere.path());
  auto c = LoadConfig(config::DefaultConfigPath(), true, {});
  std::filesystem::current_path(before);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  CHECK(c->workflow.regulation_file == kRegulationFile);
  CHECK(c->workflow.citations != nullptr);
  // An absolute path given by the operator is kept.
  CHECK(LoadOk({"http.web_root=/srv/incidents/web"}).http.web_root == "/srv/incidents/web");
}

// Issue 17.1: one rule for every secret from the environment (environment_secrets.h).
TEST_CASE("environment secrets: a variable set and not empty wins, and both set is warned of without a value") {
  const std::map<std::string, std::string> env{{"INCIDENTD_DB_PASSWORD", "from-env"}, {"EMPTY", ""}};
  const config::EnvLookup lookup = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  std::string unset;
  CHECK(config::TakeSecretFromEnvironment(config::kDbPasswordEnv, "database", unset, lookup).empty());
  CHECK(unset == "from-env");
  std::string both = "from-file";
  const std::string warning = config::TakeSecretFromEnvironment(config::kDbPasswordEnv, "database", both, lookup);
  CHECK(both == "from-env");
  CHECK_THAT(warning, Contains("database") && Contains("INCIDENTD_DB_PASSWORD"));
  CHECK(warning.find("from-env") == std::string::npos);
  CHECK(warning.find("from-file") == std::string::npos);
  std::string kept = "from-file";
  CHECK(config::TakeSecretFromEnvironment("EMPTY", "database", kept, lookup).empty());  // empty: not set
  CHECK(config::TakeSecretFromEnvironment("ABSENT", "database", kept, lookup).empty());
  CHECK(kept == "from-file");
}

}  // namespace
}  // namespace incidents::testing
