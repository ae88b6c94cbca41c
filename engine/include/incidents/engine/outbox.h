#pragma once
// The transactional outbox: notifications a committed event must produce, written in the
// same transaction as the event (DESIGN.md step 3) and sent afterwards by the dispatcher
// (notifications/). Value types and the OutboxStore port.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket.h"
#include "incidents/engine/ticket_event.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

// Delivery scheduling needs sub-second precision (retry back-off starts at milliseconds).
using MillisTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

enum class NotificationChannel { kEmail, kSms };
// pending and failed are due for a try; sent, dead and disabled are final. dead: given up
// (attempts used up, or refused for good), which operators are alerted to and can requeue.
// disabled: never tried, because this install has the row's channel switched off (no SMS
// gateway configured); kept so that each ticket shows who was not told, but no failure.
enum class DeliveryStatus { kPending, kSent, kFailed, kDead, kDisabled };
inline constexpr DeliveryStatus kDeliveryStatuses[] = {DeliveryStatus::kPending, DeliveryStatus::kSent,
                                                       DeliveryStatus::kFailed, DeliveryStatus::kDead,
                                                       DeliveryStatus::kDisabled};

std::string_view ToString(NotificationChannel c);
std::string_view ToString(DeliveryStatus s);
std::optional<NotificationChannel> ParseNotificationChannel(std::string_view s);
std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view s);

struct OutboxRow {
  std::int64_t id = 0;             // assigned by the store; orders rows of one recipient
  std::string idempotency_key;     // "<ticket>:<seq>:<channel>:<recipient_ref>", unique
  std::string ticket_id;
  std::int64_t event_seq = 0;
  EventType event_type = EventType::kReport;
  NotificationChannel channel = NotificationChannel::kEmail;
  std::string recipient;           // email address or phone number (personal data: never logged)
  std::string recipient_ref;       // who, without personal data: "org:stp", "user:stttt.engineer"
  std::string locale = "vi";
  std::string vars;                // JSON object of template variables, fixed at commit time
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  int segments = 0;                // SMS parts, once sent
  std::string last_error;
  Timestamp created_at;
  MillisTime next_attempt_at;
  std::optional<Timestamp> sent_at;
};

struct OutboxCount {
  NotificationChannel channel;
  DeliveryStatus status;
  std::int64_t count;
};

// Port: the outbox rows a committed event produces (who is told, on which channel, with
// which template variables). notifications/ implements it with its routing rules.
// TicketService calls it for every event before the commit, and writes the rows in the
// event's transaction. Implementations are immutable and thread-safe.
class OutboxPlanner {
 public:
  virtual ~OutboxPlanner() = default;
  virtual Result<std::vector<OutboxRow>> Plan(const Ticket& after, const TicketEvent& event) const = 0;
};

// Thread-safe implementations; several nodes may share one store (claims are leases).
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Up to `limit` rows that are due (pending or failed, next_attempt_at <= now) and not
  // leased, skipping any row that has an earlier unfinished row for the same ticket,
  // channel and recipient (so one recipient never gets a ticket's messages out of
  // order). The rows are leased until now + lease: another claimer skips them until
  // then, and takes them over if this one dies.
  virtual Result<std::vector<OutboxRow>> ClaimDue(MillisTime now, int limit, std::chrono::milliseconds lease) = 0;
  virtual Status MarkSent(std::int64_t id, Timestamp at, int segments) = 0;
  // attempts + 1, keeps the row for another try at next_attempt.
  virtual Status MarkFailed(std::int64_t id, const std::string& error, MillisTime next_attempt) = 0;
  // Keeps the row, in its status, for another try at next_attempt WITHOUT counting an
  // attempt: the next hop could not be reached, which says nothing of the message, so an
  // outage of any length never uses up max_attempts (issue 14.4).
  virtual Status Defer(std::int64_t id, const std::string& error, MillisTime next_attempt) = 0;
  // attempts + 1, gives up.
  virtual Status MarkDead(std::int64_t id, const std::string& error) = 0;
  // Final without a try, attempts unchanged: the row's channel is not configured on this
  // install (DeliveryStatus::kDisabled). `reason` is kept as last_error.
  virtual Status MarkDisabled(std::int64_t id, const std::string& reason) = 0;
  // Dead rows back to pending with attempts reset; returns how many (disabled rows stay).
  virtual Result<int> RequeueDead(Timestamp now) = 0;
  virtual Result<std::vector<OutboxRow>> ListForTicket(const std::string& ticket_id) = 0;
  virtual Result<std::vector<OutboxCount>> CountByStatus() = 0;
};

}  // namespace incidents::engine
