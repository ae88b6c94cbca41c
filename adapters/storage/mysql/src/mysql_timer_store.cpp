#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

void WriteTimers(sql::Connection& c, const std::string& ticket_id, const std::vector<DueTimer>& timers);

Result<std::vector<ScheduledTimer>> MysqlTimerStore::ClaimDueTimers(MillisTime now, int limit,
                                                                    std::chrono::milliseconds lease) {
  std::vector<ScheduledTimer> out;
  const std::int64_t now_ms = now.time_since_epoch().count();
  Status st = db_.Run(
      [&](sql::Connection& c) -> Status {
        out.clear();
        {
          auto q = Prepare(c,
                           "SELECT ticket_id, kind, due_ms FROM timers WHERE due_ms <= ? AND lease_until_ms <= ? "
                           "ORDER BY due_ms LIMIT ? FOR UPDATE SKIP LOCKED");
          q->setInt64(1, now_ms);
          q->setInt64(2, now_ms);
          q->setInt(3, limit);
          Rows r(q->executeQuery());
          while (r->next()) {
            auto kind = ParseTimerKind(Str(*r, 2));
            if (!kind) return Status::Corruption("timers: unknown kind '" + Str(*r, 2) + "'");
            out.push_back({Str(*r, 1), *kind, Timestamp(std::chrono::seconds(r->getInt64(3) / 1000))});
          }
        }
        auto lease_q = Prepare(c, "UPDATE timers SET lease_until_ms = ? WHERE ticket_id = ? AND kind = ?");
        for (const auto& t : out) {
          lease_q->setInt64(1, now_ms + lease.count());
          lease_q->setString(2, t.ticket_id);
          lease_q->setString(3, std::string(ToString(t.kind)));
          lease_q->executeUpdate();
        }
        return {};
      },
      /*transaction=*/true);
  if (!st.ok()) return st;
  return out;
}

Result<std::optional<MillisTime>> MysqlTimerStore::NextDue() {
  const std::int64_t now_ms =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()).time_since_epoch().count();
  std::optional<MillisTime> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.reset();
    auto q = Prepare(c, "SELECT due_ms FROM timers WHERE lease_until_ms <= ? ORDER BY due_ms LIMIT 1");
    q->setInt64(1, now_ms);
    Rows r(q->executeQuery());
    if (r->next()) out = MillisTime(std::chrono::milliseconds(r->getInt64(1)));
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Status MysqlTimerStore::ReplaceTimers(const std::string& ticket_id, const std::vector<DueTimer>& timers) {
  return db_.Run(
      [&](sql::Connection& c) -> Status {
        WriteTimers(c, ticket_id, timers);
        return {};
      },
      /*transaction=*/true);
}

Result<std::int64_t> MysqlTimerStore::CountTimers() {
  std::int64_t n = 0;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "SELECT COUNT(*) FROM timers");
    Rows r(q->executeQuery());
    if (r->next()) n = r->getInt64(1);
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace incidents::storage::mysql
