#include "config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "incidents/engine/canonical_json.h"

namespace incidents::apps {

using engine::JsonValue;
using engine::Status;

namespace {

using O = JsonValue::Object;
using A = JsonValue::Array;

// Overlay `from` onto `into`, key by key; every key must exist in the defaults with the
// same JSON type (arrays and objects of free shape are replaced whole).
Status Merge(JsonValue& into, const JsonValue& from, const std::string& where) {
  if (!from.is_object()) return Status::InvalidValue("config: '" + where + "' must be a JSON object");
  for (const auto& [key, value] : from.as_object()) {
    const std::string path = where.empty() ? key : where + "." + key;
    auto& members = into.as_object();
    auto it = members.find(key);
    if (it == members.end()) return Status::InvalidValue("config: unknown key '" + path + "'");
    JsonValue& slot = it->second;
    if (slot.is_object() && !slot.as_object().empty()) {
      if (Status st = Merge(slot, value, path); !st.ok()) return st;
      continue;
    }
    const bool same = (slot.is_int() && value.is_int()) || (slot.is_bool() && value.is_bool()) ||
                      (slot.is_string() && value.is_string()) || (slot.is_array() && value.is_array()) ||
                      (slot.is_object() && value.is_object());
    if (!same) return Status::InvalidValue("config: '" + path + "' has the wrong type");
    slot = value;
  }
  return {};
}

Status ApplyOverride(JsonValue& tree, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) return Status::InvalidValue("--set needs KEY=VALUE, got '" + assignment + "'");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  JsonValue* node = &tree;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = key.find('.', pos);
    const std::string part = key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!node->is_object()) return Status::InvalidValue("--set: unknown key '" + key + "'");
    auto& members = node->as_object();
    auto it = members.find(part);
    if (it == members.end()) return Status::InvalidValue("--set: unknown key '" + key + "'");
    node = &it->second;
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  if (node->is_string()) {
    *node = JsonValue(text);
  } else if (node->is_int()) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty())
      return Status::InvalidValue("--set: '" + key + "' must be a whole number");
    *node = JsonValue(v);
  } else if (node->is_bool()) {
    if (text != "true" && text != "false") return Status::InvalidValue("--set: '" + key + "' must be true or false");
    *node = JsonValue(text == "true");
  } else {
    auto parsed = engine::ParseJson(text);
    if (!parsed.ok() || parsed->is_array() != node->is_array() || parsed->is_object() != node->is_object())
      return Status::InvalidValue("--set: '" + key + "' must be JSON of the same shape as its default");
    *node = parsed.value();
  }
  return {};
}

const JsonValue& At(const JsonValue& tree, const std::string& key) {
  const JsonValue* node = &tree;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = key.find('.', pos);
    node = node->Find(key.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
    if (dot == std::string::npos) return *node;
    pos = dot + 1;
  }
}

std::string Str(const JsonValue& t, const std::string& k) { return At(t, k).as_string(); }
std::int64_t Int(const JsonValue& t, const std::string& k) { return At(t, k).as_int(); }
bool Bool(const JsonValue& t, const std::string& k) { return At(t, k).as_bool(); }

Status Range(const JsonValue& t, const std::string& k, std::int64_t lo, std::int64_t hi) {
  const std::int64_t v = Int(t, k);
  if (v < lo || v > hi)
    return Status::InvalidValue("config: '" + k + "' must be between " + std::to_string(lo) + " and " +
                                std::to_string(hi) + ", not " + std::to_string(v));
  return {};
}

// "07:00-11:30" -> minutes after midnight.
bool ParsePeriod(const std::string& s, engine::WorkingPeriod& out) {
  // Exactly HH:MM-HH:MM, nothing before or after.
  if (s.size() != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':') return false;
  for (std::size_t i : {0, 1, 3, 4, 6, 7, 9, 10})
    if (s[i] < '0' || s[i] > '9') return false;
  const int h1 = (s[0] - '0') * 10 + (s[1] - '0'), m1 = (s[3] - '0') * 10 + (s[4] - '0');
  const int h2 = (s[6] - '0') * 10 + (s[7] - '0'), m2 = (s[9] - '0') * 10 + (s[10] - '0');
  if (h1 < 0 || h1 > 24 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59) return false;
  out = {h1 * 60 + m1, h2 * 60 + m2};
  return out.start_minute < out.end_minute && out.end_minute <= 24 * 60;
}

Status ReadOverrides(const JsonValue& t, const std::string& key, std::vector<engine::DatedOverride>& out) {
  for (const auto& item : At(t, key).as_array()) {
    const JsonValue* date = item.Find("date");
    const JsonValue* name = item.Find("name");
    const JsonValue* doc = item.Find("document");
    std::optional<engine::CivilDate> d;
    if (date && date->is_string()) d = engine::ParseIsoDate(date->as_string());
    if (!d || !name || !name->is_string() || !doc || !doc->is_string() || doc->as_string().empty())
      return Status::InvalidValue("config: each entry of '" + key +
                                  "' needs {\"date\": \"YYYY-MM-DD\", \"name\": ..., \"document\": ...}");
    out.push_back({*d, name->as_string(), doc->as_string()});
  }
  return {};
}

}  // namespace

JsonValue DefaultConfigTree() {
  return O{
      {"listen", "127.0.0.1:8080"},
      {"database", "sqlite:var/incidents.db"},
      {"demo_file", "config/demo.json"},
      {"public_url", "http://127.0.0.1:8080"},
      {"shutdown_grace_ms", 10000},
      {"log", O{{"level", "info"}, {"format", "text"}}},
      {"storage", O{{"sqlite_synchronous", "full"}, {"pool_size", 16}, {"busy_timeout_ms", 5000}}},
      {"http", O{{"threads", 64}, {"keep_alive_timeout_ms", 5000}, {"max_queued", 256}, {"body_limit_bytes", 1 << 20}, {"cookie_secure", false}, {"web_root", "web"}}},
      {"auth", O{{"token_ttl_hours", 12}, {"login_max_failures_per_minute", 10}}},
      {"workflow", O{{"doict_org", "stttt"}, {"chairman_office_org", "vp-ubnd"}, {"reopen_window_days", 30}}},
      {"calendar",
       O{{"workdays", A{1, 2, 3, 4, 5}},
         {"working_periods", A{"07:00-11:30", "13:30-17:00"}},
         {"national_day_extra", "day_after"},
         {"tet_days_before", 1},
         {"tet_days_after", 3},
         {"compensate_weekend_holidays", true},
         {"extra_days_off", A{}},
         {"extra_working_days", A{}}}},
      {"sla",
       O{{"targets", O{{"critical", O{{"ack_hours", 1}, {"resolve_hours", 8}}},
                       {"high", O{{"ack_hours", 2}, {"resolve_hours", 16}}},
                       {"normal", O{{"ack_hours", 4}, {"resolve_hours", 40}}},
                       {"low", O{{"ack_hours", 8}, {"resolve_hours", 80}}}}},
         {"auto_close_working_days", 5},
         {"time_unit_seconds", 3600}}},
      {"scheduler", O{{"max_sleep_ms", 30000}, {"lease_ms", 60000}}},
      {"notifications",
       O{{"workers", 2},
         {"batch_size", 50},
         {"poll_interval_ms", 200},
         {"lease_ms", 120000},
         {"locale", "vi"},
         {"templates_dir", "config/templates"},
         {"rules", notifications::RulesToJson(notifications::DefaultNotificationRules())},
         {"email", O{{"smtp_host", "127.0.0.1"},
                     {"smtp_port", 25},
                     {"from", "Hệ thống xử lý sự cố chia sẻ dữ liệu <incidents@localhost>"},
                     {"username", ""},
                     {"password", ""},
                     {"starttls", false},
                     {"tls_ca_file", ""},
                     {"timeout_ms", 10000},
                     {"message_id_domain", "incidents.local"}}},
         {"sms", O{{"gateway_url", ""},
                   {"token", ""},
                   {"timeout_ms", 5000},
                   {"unicode", false},
                   {"max_segments", 3},
                   {"tls_ca_file", ""}}},
         {"retry", O{{"initial_backoff_ms", 5000}, {"max_backoff_ms", 600000}, {"max_attempts", 30}}}}},
  };
}

Status ParseListen(const std::string& listen, std::string& host, int& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::InvalidValue("listen address must be HOST:PORT, not '" + listen + "'");
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string p = listen.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (ec != std::errc() || ptr != p.data() + p.size() || p.empty() || port < 0 || port > 65535)
    return Status::InvalidValue("listen port must be 0-65535, not '" + p + "'");
  return {};
}

engine::Result<IncidentdConfig> LoadConfig(const std::string& path, bool required,
                                           const std::vector<std::string>& overrides) {
  JsonValue tree = DefaultConfigTree();
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = engine::ParseJson(text.str());
    if (!parsed.ok()) return Status::InvalidValue("config file " + path + ": " + parsed.status().message());
    if (Status st = Merge(tree, parsed.value(), ""); !st.ok())
      return Status::InvalidValue(st.message() + " (in " + path + ")");
  } else if (required) {
    return Status::InvalidValue("cannot read config file " + path);
  }
  for (const auto& o : overrides)
    if (Status st = ApplyOverride(tree, o); !st.ok()) return st;

  Status st;
  for (auto [key, lo, hi] : std::initializer_list<std::tuple<const char*, std::int64_t, std::int64_t>>{
           {"shutdown_grace_ms", 0, 600000},
           {"storage.pool_size", 1, 64},
           {"storage.busy_timeout_ms", 0, 600000},
           {"http.threads", 1, 1024},
           {"http.max_queued", 1, 100000},
           {"http.keep_alive_timeout_ms", 100, 300000},
           {"http.body_limit_bytes", 1024, 64 << 20},
           {"auth.token_ttl_hours", 1, 24 * 30},
           {"auth.login_max_failures_per_minute", 1, 10000},
           {"workflow.reopen_window_days", 0, 3650},
           {"calendar.tet_days_before", 0, 10},
           {"calendar.tet_days_after", 0, 10},
           {"notifications.workers", 1, 64},
           {"notifications.batch_size", 1, 1000},
           {"notifications.poll_interval_ms", 1, 60000},
           {"notifications.lease_ms", 1000, 3600000},
           {"notifications.sms.max_segments", 1, 10},
           {"notifications.email.timeout_ms", 100, 600000},
           {"sla.auto_close_working_days", 1, 365},
           {"sla.time_unit_seconds", 1, 3600},
           {"scheduler.max_sleep_ms", 10, 3600000},
           {"scheduler.lease_ms", 1000, 3600000},
           {"notifications.email.smtp_port", 1, 65535},
           {"notifications.sms.timeout_ms", 1, 600000},
           {"notifications.retry.initial_backoff_ms", 1, 86400000},
           {"notifications.retry.max_backoff_ms", 1, 86400000},
           {"notifications.retry.max_attempts", 1, 1000},
       })
    if (!(st = Range(tree, key, lo, hi)).ok()) return st;

  IncidentdConfig c;
  c.listen = Str(tree, "listen");
  c.database = Str(tree, "database");
  c.demo_file = Str(tree, "demo_file");
  c.public_url = Str(tree, "public_url");
  c.log_level = Str(tree, "log.level");
  c.shutdown_grace_ms = static_cast<int>(Int(tree, "shutdown_grace_ms"));
  if (c.log_level != "trace" && c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error")
    return Status::InvalidValue("config: 'log.level' must be trace, debug, info, warn or error");
  c.http.log_format = Str(tree, "log.format");
  if (c.http.log_format != "text" && c.http.log_format != "json")
    return Status::InvalidValue("config: 'log.format' must be text or json");
  if (!(st = ParseListen(c.listen, c.http.host, c.http.port)).ok()) return st;

  c.storage.sqlite_synchronous = Str(tree, "storage.sqlite_synchronous");
  c.storage.pool_size = static_cast<int>(Int(tree, "storage.pool_size"));
  c.storage.busy_timeout_ms = static_cast<int>(Int(tree, "storage.busy_timeout_ms"));
  if (c.storage.sqlite_synchronous != "full" && c.storage.sqlite_synchronous != "normal" &&
      c.storage.sqlite_synchronous != "extra")
    return Status::InvalidValue("config: 'storage.sqlite_synchronous' must be full, normal or extra");

  c.http.threads = static_cast<int>(Int(tree, "http.threads"));
  c.http.max_queued = static_cast<int>(Int(tree, "http.max_queued"));
  c.http.keep_alive_timeout = std::chrono::milliseconds(Int(tree, "http.keep_alive_timeout_ms"));
  c.http.body_limit_bytes = static_cast<std::size_t>(Int(tree, "http.body_limit_bytes"));
  c.http.cookie_secure = Bool(tree, "http.cookie_secure");
  c.http.web_root = Str(tree, "http.web_root");
  c.http.token_ttl = std::chrono::hours(Int(tree, "auth.token_ttl_hours"));
  c.http.login_max_failures = static_cast<int>(Int(tree, "auth.login_max_failures_per_minute"));

  c.workflow.doict_org = Str(tree, "workflow.doict_org");
  c.workflow.chairman_office_org = Str(tree, "workflow.chairman_office_org");
  c.workflow.reopen_window = std::chrono::hours(24 * Int(tree, "workflow.reopen_window_days"));
  if (c.workflow.doict_org.empty() || c.workflow.chairman_office_org.empty())
    return Status::InvalidValue("config: 'workflow.doict_org' and 'workflow.chairman_office_org' must be set");

  // The working calendar.
  std::vector<engine::WorkingPeriod> periods;
  for (const auto& p : At(tree, "calendar.working_periods").as_array()) {
    engine::WorkingPeriod wp;
    if (!p.is_string() || !ParsePeriod(p.as_string(), wp))
      return Status::InvalidValue("config: 'calendar.working_periods' entries look like \"07:00-11:30\"");
    periods.push_back(wp);
  }
  for (auto& day : c.calendar.weekly_periods) day.clear();
  for (const auto& d : At(tree, "calendar.workdays").as_array()) {
    if (!d.is_int() || d.as_int() < 1 || d.as_int() > 7)
      return Status::InvalidValue("config: 'calendar.workdays' holds ISO weekdays 1 (Monday) to 7 (Sunday)");
    c.calendar.weekly_periods[static_cast<std::size_t>(d.as_int() - 1)] = periods;
  }
  c.calendar.make_up_day_periods = periods;
  const std::string extra = Str(tree, "calendar.national_day_extra");
  if (extra != "day_after" && extra != "day_before")
    return Status::InvalidValue("config: 'calendar.national_day_extra' must be day_after or day_before");
  c.calendar.solar_holidays = engine::DefaultSolarHolidays(extra == "day_after" ? engine::AdjacentDay::kDayAfter
                                                                                 : engine::AdjacentDay::kDayBefore);
  c.calendar.lunar_holidays = engine::DefaultLunarHolidays();
  for (auto& h : c.calendar.lunar_holidays) {
    if (h.month == 1 && h.day == 1) {
      h.days_before = static_cast<int>(Int(tree, "calendar.tet_days_before"));
      h.days_after = static_cast<int>(Int(tree, "calendar.tet_days_after"));
    }
  }
  c.calendar.compensate_weekend_holidays = Bool(tree, "calendar.compensate_weekend_holidays");
  if (!(st = ReadOverrides(tree, "calendar.extra_days_off", c.calendar.extra_days_off)).ok()) return st;
  if (!(st = ReadOverrides(tree, "calendar.extra_working_days", c.calendar.extra_working_days)).ok()) return st;
  // sla.time_unit_seconds: how long one "hour" of the targets is (3600; tests shrink it).
  const std::chrono::seconds unit(Int(tree, "sla.time_unit_seconds"));
  for (const auto& [name, priority] : {std::pair{"critical", engine::Priority::kCritical},
                                      std::pair{"high", engine::Priority::kHigh},
                                      std::pair{"normal", engine::Priority::kNormal},
                                      std::pair{"low", engine::Priority::kLow}}) {
    const std::string base = std::string("sla.targets.") + name;
    if (!(st = Range(tree, base + ".ack_hours", 1, 10000)).ok() ||
        !(st = Range(tree, base + ".resolve_hours", 1, 100000)).ok())
      return st;
    c.sla.by_priority[priority] = {Int(tree, base + ".ack_hours") * unit, Int(tree, base + ".resolve_hours") * unit};
  }
  c.sla.auto_close_working_days = static_cast<int>(Int(tree, "sla.auto_close_working_days"));
  if (unit != std::chrono::hours(1)) {
    // A testing aid: a working day for auto-close shrinks by the same factor as the hours.
    std::int64_t day_minutes = 0;
    for (const auto& p : periods) day_minutes += p.end_minute - p.start_minute;
    c.sla.working_day = std::max(std::chrono::seconds(1), std::chrono::seconds(day_minutes * 60) * unit.count() / 3600);
  }
  c.scheduler_max_sleep = std::chrono::milliseconds(Int(tree, "scheduler.max_sleep_ms"));
  c.scheduler_lease = std::chrono::milliseconds(Int(tree, "scheduler.lease_ms"));
  auto rules = notifications::RulesFromJson(At(tree, "notifications.rules"));
  if (!rules.ok()) return Status::InvalidValue("config: " + rules.status().message());
  c.notification_rules = std::move(rules.value());
  const std::string locale = Str(tree, "notifications.locale");
  if (locale != "vi" && locale != "en") return Status::InvalidValue("config: 'notifications.locale' must be vi or en");
  c.tree = std::move(tree);
  return c;
}

}  // namespace incidents::apps
