#include "cluster_support.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <fstream>

#include "incidents/storage/database_url.h"
#include "incidents/storage/mysql/mysql_database.h"
#include "message_keys.h"

namespace cluster {

namespace {

std::string Text(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  return o && o->has(key) && o->get(key).isString() ? o->getValue<std::string>(key) : "";
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::set<std::string> ExpectedDeliveries(const std::string& ticket, const std::vector<Poco::JSON::Object::Ptr>& history,
                                         std::string* problem) {
  // The demo directory gives every org's focal point an email and a phone, and DoICT's
  // engineers an email only: a user assignee gets mail, no SMS.
  const std::string doict = "org:stttt", chairman_office = "org:vp-ubnd";
  std::set<std::string> out;
  std::string reporter_org;
  std::vector<std::string> parties;
  std::string assignee;
  for (const auto& e : history) {
    const long long seq = e->getValue<long long>("seq");
    const std::string type = Text(e, "type");
    const Poco::JSON::Object::Ptr payload = e->getObject("payload");
    auto add = [&](const std::string& ref, std::initializer_list<const char*> channels) {
      for (const char* ch : channels) out.insert(incidents::testing::OutboxKey(ticket, seq, ch, ref));
    };
    auto to_assignee = [&] {
      if (!assignee.empty()) add("user:" + assignee, {"email"});
    };
    const std::string ro = "org:" + reporter_org;
    if (type == "report") {
      reporter_org = Text(e, "actor_org");
      if (payload && payload->has("parties"))
        for (const auto& p : *payload->getArray("parties")) parties.push_back(p.toString());
      add(doict, {"email", "sms"});
      add("org:" + reporter_org, {"email"});
    } else if (type == "acknowledge" || type == "reject" || type == "auto_close") {
      add(ro, {"email"});
    } else if (type == "assign_doict") {
      assignee = Text(payload, "assignee");
      add(ro, {"email"});
      to_assignee();
    } else if (type == "request_party_fix") {
      const std::string party = Text(payload, "party");
      if (std::find(parties.begin(), parties.end(), party) == parties.end()) parties.push_back(party);
      add(ro, {"email"});
      add("org:" + party, {"email", "sms"});
    } else if (type == "request_info" || type == "resolve") {
      add(ro, {"email", "sms"});
    } else if (type == "provide_info" || type == "confirm") {
      to_assignee();
      add(doict, {"email"});
    } else if (type == "escalate_chairman") {
      add(ro, {"email"});
      add(chairman_office, {"email", "sms"});
      for (const auto& p : parties) add("org:" + p, {"email"});
    } else if (type == "record_chairman_decision") {
      add(ro, {"email"});
      add(doict, {"email", "sms"});
      if (Text(e, "to_state") == "party_fixing")
        for (const auto& p : parties) add("org:" + p, {"email", "sms"});
    } else if (type == "sla_breach") {
      to_assignee();
      add(doict, {"email", "sms"});
      if (payload && payload->has("level") && payload->getValue<int>("level") == 2) add(chairman_office, {"email"});
    } else if (type != "comment") {
      if (problem) *problem = "ExpectedDeliveries does not know the event type '" + type + "'";
    }
  }
  return out;
}

DbProbe::DbProbe(const std::string& url) {
  using namespace incidents::storage;
  auto parsed = ParseDatabaseUrl(url);
  REQUIRE(parsed.ok());
  mysql::MysqlOptions o;
  o.host = parsed->host;
  o.port = parsed->port;
  o.user = parsed->user;
  o.password = parsed->password;
  o.database = parsed->database;
  o.pool_size = 1;
  auto db = mysql::MysqlDatabase::Open(o);
  INFO("opening the shared database for the probe: " << db.status().ToString());
  REQUIRE(db.ok());
  db_ = std::move(db.value());
}

DbProbe::~DbProbe() = default;

std::set<std::string> DbProbe::LeasedOutboxKeys() {
  std::set<std::string> keys;
  const std::int64_t now = NowMs();
  const auto st = db_->Run([&](sql::Connection& c) {
    keys.clear();
    std::unique_ptr<sql::PreparedStatement> q(
        c.prepareStatement("SELECT idempotency_key FROM outbox WHERE lease_until_ms > ?"));
    q->setInt64(1, now);
    std::unique_ptr<sql::ResultSet> r(q->executeQuery());
    while (r->next()) keys.insert(r->getString(1).asStdString());
    return incidents::engine::Status();
  });
  INFO(st.ToString());
  REQUIRE(st.ok());
  return keys;
}

long long DbProbe::Count(const std::string& sql_text, bool with_now) {
  long long n = 0;
  const std::int64_t now = NowMs();
  const auto st = db_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> q(c.prepareStatement(sql_text));
    if (with_now) q->setInt64(1, now);
    std::unique_ptr<sql::ResultSet> r(q->executeQuery());
    n = r->next() ? r->getInt64(1) : 0;
    return incidents::engine::Status();
  });
  INFO(sql_text << ": " << st.ToString());
  REQUIRE(st.ok());
  return n;
}

long long DbProbe::LeasedTimers() { return Count("SELECT COUNT(*) FROM timers WHERE lease_until_ms > ?", true); }
long long DbProbe::UnsentOutboxRows() { return Count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'", false); }
long long DbProbe::Timers() { return Count("SELECT COUNT(*) FROM timers", false); }

}  // namespace cluster
