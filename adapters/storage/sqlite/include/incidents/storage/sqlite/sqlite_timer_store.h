#pragma once
// The TimerStore port on SQLite. Claims run through the database's writer. Thread-safe;
// the database must outlive it.

#include "incidents/engine/timer_store.h"
#include "incidents/storage/sqlite/sqlite_database.h"

namespace incidents::storage::sqlite {

class SqliteTimerStore final : public engine::TimerStore {
 public:
  explicit SqliteTimerStore(SqliteDatabase& db) : db_(db) {}
  engine::Result<std::vector<engine::ScheduledTimer>> ClaimDueTimers(engine::MillisTime now, int limit,
                                                                     std::chrono::milliseconds lease) override;
  engine::Result<std::optional<engine::MillisTime>> NextDue() override;
  engine::Status ReplaceTimers(const std::string& ticket_id, const std::vector<engine::DueTimer>& timers) override;
  engine::Result<std::int64_t> CountTimers() override;

 private:
  SqliteDatabase& db_;
};

}  // namespace incidents::storage::sqlite
