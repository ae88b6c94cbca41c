#pragma once
// Dispatcher: the outbox pipeline (STYLE.md, Alertmanager): claim due rows with a lease,
// render each with its locale's templates, send through the row's channel, and record
// the outcome — sent, failed (retried with exponential back-off and jitter), or dead
// (after max_attempts or a permanent error). A row whose channel has no factory (no SMS
// gateway configured) is recorded disabled with the reason, at once and without a try:
// visible per ticket, but neither a failure nor dead. Retry and lease handling live here once;
// channels only send. A channel whose next hop cannot be reached pauses: its rows wait,
// uncounted, and one batch per pause tries again (RetryPolicy::unreachable_pause).
//
// Runs N workers on a Boost.Asio io_context with N threads; each worker owns its own
// channel instances (a Channel is used by one worker at a time) and runs on its own strand.
// Between batches a worker sleeps on a steady_timer for poll_interval, or less when
// OnCommitted() wakes it.
//
// Thread safety: Start/Stop from one thread; OnCommitted from any thread.
// Lifetime: the store and templates must outlive the dispatcher.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "incidents/engine/outbox.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/notifications/message.h"
#include "incidents/notifications/message_vars.h"
#include "incidents/notifications/templates.h"

namespace spdlog {
class logger;
}

namespace incidents::notifications {

struct RetryPolicy {
  std::chrono::milliseconds initial_backoff{5000};
  std::chrono::milliseconds max_backoff{600000};
  int max_attempts = 30;
  // When a channel's next hop cannot be reached (DeliveryResult::unreachable), the channel
  // pauses this long: its rows are deferred to the end of the pause, uncounted, and the
  // first batch after it tries the next hop again. So an outage costs one connection try
  // per pause, however large the backlog, and the backlog goes out within one pause of the
  // next hop's return (not after each row's own back-off of up to max_backoff).
  std::chrono::milliseconds unreachable_pause{30000};

  // The delay before attempt `attempts + 1`: initial * 2^(attempts - 1), capped, with
  // ±20% jitter drawn from `random01` in [0, 1).
  std::chrono::milliseconds Backoff(int attempts, double random01) const;
};

struct DispatcherSettings {
  int workers = 2;
  int batch_size = 50;
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds lease{120000};  // a claimed row comes back to others after this
  RetryPolicy retry;
  std::string public_url = "http://127.0.0.1:8080";
  // The time rows are claimed, retried and marked sent at; empty: the system clock. Tests
  // inject a manual clock here. The poll timer always waits in real time.
  std::function<engine::MillisTime()> now = nullptr;
  // The authority names for rows written before rows carried them (message_vars.h);
  // incidentd passes NotificationRouter::AuthorityVars. Empty: such rows are dead.
  std::function<MessageVars()> authorities_now = nullptr;
};

// Makes a fresh channel for one worker.
using ChannelFactory = std::function<std::unique_ptr<Channel>()>;

class Dispatcher final : public engine::CommitListener {
 public:
  Dispatcher(engine::OutboxStore& store, std::map<std::string, TemplateSet> templates_by_locale,
             std::map<engine::NotificationChannel, ChannelFactory> channels, DispatcherSettings settings,
             std::shared_ptr<spdlog::logger> log);
  ~Dispatcher() override;

  void Start();
  // Lets each worker finish the batch in hand, then stops.
  void Stop();

  // Wakes the workers: a commit may have written new rows.
  void OnCommitted(const engine::TicketCommit& commit) override;

  // One claim-send-record round on the calling thread, with its own channels (for tests
  // and tools). Returns the number of rows handled.
  int RunOnce();

 private:
  class Worker;
  int ProcessBatch(std::map<engine::NotificationChannel, std::unique_ptr<Channel>>& channels, double* jitter_seed);
  engine::MillisTime Now() const;
  std::atomic<std::int64_t>& PausedUntil(engine::NotificationChannel channel);
  // After a SendBatch: pauses the channel if its next hop was unreachable, ends the pause
  // once a message got through.
  void NotePause(engine::NotificationChannel channel, const std::vector<DeliveryResult>& results, double jitter);

  engine::OutboxStore& store_;
  const std::map<std::string, TemplateSet> templates_;
  const std::map<engine::NotificationChannel, ChannelFactory> factories_;
  const DispatcherSettings settings_;
  std::shared_ptr<spdlog::logger> log_;
  // Per channel (index = enum value): until when, in ms since the epoch, its next hop is
  // taken to be unreachable (RetryPolicy::unreachable_pause); 0 when it is not. Shared by
  // the workers, hence atomic.
  std::array<std::atomic<std::int64_t>, 2> paused_until_ms_{};
  struct Runtime;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace incidents::notifications
