#pragma once
// Support for the two-node tests:
//  - the names of deliveries: an outbox row's idempotency key "<ticket>:<seq>:<channel>:<ref>"
//    is the SMS "id"; the mail's Message-ID is that key made a msg-id at the configured
//    domain;
//  - ExpectedDeliveries: the deliveries a ticket's history must have produced under the
//    default routing rules (notifications/src/routing_rules.cpp, DefaultNotificationRules),
//    for the events the driver and the timers use;
//  - DbProbe: reads of the shared database for what the API does not show (who holds a
//    lease right now) and to know when the nodes have nothing left to do. The contract
//    checks themselves go through the API.

#include <Poco/JSON/Object.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace incidents::storage::mysql {
class MysqlDatabase;
}

namespace cluster {

// The keys of every delivery the history (oldest first, as GET .../history gives it) must
// have produced. Knows the events the two-node scripts use (every type but reopen,
// refer_ministry, record_ministry_conclusion); an unknown type adds `problem`.
std::set<std::string> ExpectedDeliveries(const std::string& ticket, const std::vector<Poco::JSON::Object::Ptr>& history,
                                         std::string* problem);

class DbProbe {
 public:
  // REQUIREs that the database at `url` opens.
  explicit DbProbe(const std::string& url);
  ~DbProbe();

  // Keys of the outbox rows leased right now: claimed by a dispatcher worker of some node,
  // not yet recorded as sent, failed or dead.
  std::set<std::string> LeasedOutboxKeys();
  long long LeasedTimers();
  long long UnsentOutboxRows();  // status other than 'sent'
  long long Timers();            // armed timers, due or not

 private:
  long long Count(const std::string& sql, bool with_now);
  std::unique_ptr<incidents::storage::mysql::MysqlDatabase> db_;
};

}  // namespace cluster
