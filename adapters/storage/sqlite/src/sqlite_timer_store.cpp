#include "incidents/storage/sqlite/sqlite_timer_store.h"

#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

Result<std::vector<ScheduledTimer>> SqliteTimerStore::ClaimDueTimers(MillisTime now, int limit,
                                                                     std::chrono::milliseconds lease) {
  std::vector<ScheduledTimer> out;
  const std::int64_t now_ms = now.time_since_epoch().count();
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    out.clear();
    {
      auto q = c.Prepare(
          "SELECT ticket_id, kind, due_ms FROM timers WHERE due_ms <= ?1 AND lease_until_ms <= ?1 "
          "ORDER BY due_ms LIMIT ?2");
      if (!q.ok()) return q.status();
      (*q)->Bind(1, now_ms).Bind(2, std::int64_t{limit});
      while (true) {
        auto row = (*q)->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        auto kind = ParseTimerKind((*q)->Text(1));
        if (!kind) return Status::Corruption("timers: unknown kind '" + (*q)->Text(1) + "'");
        out.push_back({(*q)->Text(0), *kind, Timestamp(std::chrono::seconds((*q)->Int(2) / 1000))});
      }
    }
    auto lease_q = c.Prepare("UPDATE timers SET lease_until_ms = ?3 WHERE ticket_id = ?1 AND kind = ?2");
    if (!lease_q.ok()) return lease_q.status();
    for (const auto& t : out) {
      (*lease_q)->Reset();
      (*lease_q)->Bind(1, t.ticket_id).Bind(2, ToString(t.kind)).Bind(3, now_ms + lease.count());
      if (Status s = (*lease_q)->Run(); !s.ok()) return s;
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::optional<MillisTime>> SqliteTimerStore::NextDue() {
  // Walks the due index from the earliest and stops at the first timer not leased: cost
  // grows with the leases in flight, not with the number of timers.
  const std::int64_t now_ms =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()).time_since_epoch().count();
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT due_ms FROM timers WHERE lease_until_ms <= ?1 ORDER BY due_ms LIMIT 1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, now_ms);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value() || (*q)->IsNull(0)) return std::optional<MillisTime>();
  return std::optional<MillisTime>(MillisTime(std::chrono::milliseconds((*q)->Int(0))));
}

Status SqliteTimerStore::ReplaceTimers(const std::string& ticket_id, const std::vector<DueTimer>& timers) {
  return db_.Write([&](SqliteConnection& c) -> Status { return WriteTimers(c, ticket_id, timers); });
}

Result<std::int64_t> SqliteTimerStore::CountTimers() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT COUNT(*) FROM timers");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return (*q)->Int(0);
}

}  // namespace incidents::storage::sqlite
