#pragma once
// TimerStore: durable SLA and auto-close timers (issue 5). A ticket's timers are replaced
// as a whole in the same transaction as each event that changes them (TicketCommit), so
// the store always holds what the latest snapshot needs. Claims are leases, so several
// nodes never fire the same timer and a dead node's claims come back after the lease.
// Thread-safe implementations.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/outbox.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

struct ScheduledTimer {
  std::string ticket_id;
  TimerKind kind;
  Timestamp due;
};

class TimerStore {
 public:
  virtual ~TimerStore() = default;
  // Timers due at `now` and not leased, earliest first; leased until now + lease.
  virtual Result<std::vector<ScheduledTimer>> ClaimDueTimers(MillisTime now, int limit,
                                                             std::chrono::milliseconds lease) = 0;
  // The earliest due instant of a timer that is not leased now, for arming the wake-up.
  virtual Result<std::optional<MillisTime>> NextDue() = 0;
  virtual Status ReplaceTimers(const std::string& ticket_id, const std::vector<DueTimer>& timers) = 0;
  virtual Result<std::int64_t> CountTimers() = 0;
};

}  // namespace incidents::engine
