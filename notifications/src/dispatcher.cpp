#include "incidents/notifications/dispatcher.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>
#include <random>
#include <thread>

#include "incidents/notifications/masking.h"
#include "incidents/notifications/message_link.h"
#include "incidents/notifications/message_vars.h"

namespace incidents::notifications {

using namespace incidents::engine;

std::chrono::milliseconds RetryPolicy::Backoff(int attempts, double random01) const {
  const double base = static_cast<double>(initial_backoff.count()) * std::pow(2.0, std::max(0, attempts - 1));
  const double capped = std::min(base, static_cast<double>(max_backoff.count()));
  const double jittered = capped * (0.8 + 0.4 * random01);
  return std::chrono::milliseconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(jittered)));
}

namespace {

// The variables stored with the row, plus the link to the ticket's page for its recipient
// (message_link.h: none for a request's requester).
Result<std::map<std::string, std::string>> Vars(const OutboxRow& row, const DispatcherSettings& settings) {
  auto vars = MessageVars::FromJson(row.vars, settings.authorities_now, row.locale);
  if (!vars.ok())
    return Status::Corruption("outbox row " + std::to_string(row.id) + ": bad vars: " + vars.status().message());
  return vars->ForTemplate(MessageLink(settings.public_url, vars->workflow, row.ticket_id, row.recipient_ref));
}

// The reason kept with a row whose channel this install does not have.
std::string NotConfiguredReason(NotificationChannel ch) {
  return ch == NotificationChannel::kSms ? "SMS gateway not configured (notifications.sms.gateway_url is empty)"
                                         : "the " + std::string(ToString(ch)) + " channel is not configured";
}

}  // namespace

struct Dispatcher::Runtime {
  boost::asio::io_context io;
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
};

// A worker's handlers (its batch, its wake-ups) run on its own strand, one at a time: the
// io_context has N threads, and a wake-up posted from elsewhere must neither touch the
// timer while the batch handler re-arms it nor run before that and be lost.
class Dispatcher::Worker {
 public:
  Worker(Dispatcher& d, boost::asio::io_context& io, unsigned seed)
      : d_(d), strand_(boost::asio::make_strand(io)), timer_(strand_), seed_(seed) {
    for (const auto& [channel, factory] : d_.factories_) channels_[channel] = factory();
  }

  // Before the threads run, or on the strand.
  void Arm(std::chrono::milliseconds delay) {
    timer_.expires_after(delay);
    timer_.async_wait([this](const boost::system::error_code&) {
      // Woken early (cancelled) or on time: either way, look for work.
      if (d_.runtime_->stopping) return;
      double jitter = std::uniform_real_distribution<double>(0, 1)(seed_);
      const int handled = d_.ProcessBatch(channels_, &jitter);
      // Look again at once if the batch was full. A Wake that came meanwhile runs after
      // this handler and cuts the wait short.
      Arm(handled >= d_.settings_.batch_size ? std::chrono::milliseconds(0) : d_.settings_.poll_interval);
    });
  }
  // From any thread: the wait in progress, or the next one if a batch is in hand, ends now.
  void Wake() {
    boost::asio::post(strand_, [this] { timer_.cancel(); });
  }

 private:
  Dispatcher& d_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  std::mt19937 seed_;
  std::map<NotificationChannel, std::unique_ptr<Channel>> channels_;
};

Dispatcher::Dispatcher(OutboxStore& store, std::map<std::string, TemplateSet> templates,
                       std::map<NotificationChannel, ChannelFactory> channels, DispatcherSettings settings,
                       std::shared_ptr<spdlog::logger> log)
    : store_(store),
      templates_(std::move(templates)),
      factories_(std::move(channels)),
      settings_(std::move(settings)),
      log_(std::move(log)) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  if (runtime_) return;
  runtime_ = std::make_unique<Runtime>();
  std::random_device rd;
  for (int i = 0; i < settings_.workers; ++i) {
    runtime_->workers.push_back(std::make_unique<Worker>(*this, runtime_->io, rd()));
    runtime_->workers.back()->Arm(std::chrono::milliseconds(0));
  }
  for (int i = 0; i < settings_.workers; ++i) runtime_->threads.emplace_back([this] { runtime_->io.run(); });
}

void Dispatcher::Stop() {
  if (!runtime_) return;
  runtime_->stopping = true;
  // A worker in the middle of a batch finishes it and re-arms; the wake-up, queued on its
  // strand behind that, ends the wait, and the handler returns without re-arming.
  for (auto& w : runtime_->workers) w->Wake();
  for (auto& t : runtime_->threads) t.join();  // io.run() returns when no handler is left
  runtime_.reset();
}

void Dispatcher::OnCommitted(const TicketCommit& commit) {
  if (commit.outbox.empty() || !runtime_ || runtime_->stopping) return;
  for (auto& w : runtime_->workers) w->Wake();
}

std::atomic<std::int64_t>& Dispatcher::PausedUntil(NotificationChannel channel) {
  return paused_until_ms_.at(static_cast<std::size_t>(channel));
}

MillisTime Dispatcher::Now() const {
  return settings_.now ? settings_.now()
                       : std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

int Dispatcher::RunOnce() {
  std::map<NotificationChannel, std::unique_ptr<Channel>> channels;
  for (const auto& [channel, factory] : factories_) channels[channel] = factory();
  double jitter = 0.5;
  return ProcessBatch(channels, &jitter);
}

void Dispatcher::NotePause(NotificationChannel channel, const std::vector<DeliveryResult>& results, double jitter) {
  bool unreachable = false, sent = false;
  for (const DeliveryResult& r : results) {
    unreachable = unreachable || (r.unreachable && r.outcome == DeliveryOutcome::kRetryable);
    sent = sent || r.outcome == DeliveryOutcome::kSent;
  }
  std::atomic<std::int64_t>& until = PausedUntil(channel);
  if (unreachable) {
    // ±20% so that the nodes sharing a store do not all try at the same moment.
    const auto pause = std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(settings_.retry.unreachable_pause.count()) * (0.8 + 0.4 * jitter)));
    const std::int64_t next = (Now() + pause).time_since_epoch().count();
    if (until.exchange(next) == 0 && log_)
      log_->warn("the {} server cannot be reached: its messages wait, uncounted, and it is tried again every {} ms",
                 ToString(channel), settings_.retry.unreachable_pause.count());
  } else if (sent && until.exchange(0) != 0 && log_) {
    log_->info("the {} server can be reached again: sending its backlog", ToString(channel));
  }
}

int Dispatcher::ProcessBatch(std::map<NotificationChannel, std::unique_ptr<Channel>>& channels, double* jitter) {
  auto claimed = store_.ClaimDue(Now(), settings_.batch_size, settings_.lease);
  if (!claimed.ok()) {
    if (log_) log_->warn("outbox claim failed: {}", claimed.status().ToString());
    return 0;
  }
  if (claimed->empty()) return 0;

  auto record = [&](const OutboxRow& row, const DeliveryResult& result) {
    Status st;
    const std::string who = row.recipient_ref + " " + MaskRecipient(row.recipient);
    // Channels mask what they put in a detail (message.h); masked again here, because a
    // log line must never carry an address, whichever channel wrote the detail.
    const std::string detail = MaskPersonalData(result.detail);
    if (result.outcome == DeliveryOutcome::kSent) {
      st = store_.MarkSent(row.id, std::chrono::floor<std::chrono::seconds>(Now()), result.segments);
      if (log_) log_->info("sent {} {} for {} to {}", ToString(row.channel), ToString(row.event_type), row.ticket_id, who);
    } else if (result.unreachable && result.outcome == DeliveryOutcome::kRetryable) {
      // Not the message's failure: no attempt counted; it waits for the channel's pause
      // (or a whole pause, if another worker's success has just ended it).
      const MillisTime until(std::chrono::milliseconds(PausedUntil(row.channel).load()));
      st = store_.Defer(row.id, result.detail, until > Now() ? until : Now() + settings_.retry.unreachable_pause);
    } else if (result.outcome == DeliveryOutcome::kPermanent || row.attempts + 1 >= settings_.retry.max_attempts) {
      st = store_.MarkDead(row.id, result.detail);
      if (log_) log_->warn("gave up {} {} for {} to {} after {} attempts: {}", ToString(row.channel),
                           ToString(row.event_type), row.ticket_id, who, row.attempts + 1, detail);
    } else {
      const auto delay = settings_.retry.Backoff(row.attempts + 1, *jitter);
      st = store_.MarkFailed(row.id, result.detail, Now() + delay);
      if (log_) log_->info("will retry {} {} for {} to {} in {} ms: {}", ToString(row.channel),
                           ToString(row.event_type), row.ticket_id, who, delay.count(), detail);
    }
    // If recording fails the lease runs out and the row is sent again: at least once.
    if (!st.ok() && log_) log_->error("could not record outbox row {}: {}", row.id, st.ToString());
  };

  for (NotificationChannel ch : {NotificationChannel::kEmail, NotificationChannel::kSms}) {
    std::vector<const OutboxRow*> rows;
    std::vector<OutgoingMessage> batch;
    const std::int64_t paused_until = PausedUntil(ch).load();
    const bool paused = paused_until > Now().time_since_epoch().count();
    for (const OutboxRow& row : claimed.value()) {
      if (row.channel != ch) continue;
      if (paused) {  // its next hop was unreachable moments ago: wait for the pause to end
        const Status st = store_.Defer(row.id, "waiting: the " + std::string(ToString(ch)) +
                                                   " server could not be reached; trying again after a pause",
                                       MillisTime(std::chrono::milliseconds(paused_until)));
        if (!st.ok() && log_) log_->error("could not record outbox row {}: {}", row.id, st.ToString());
        continue;
      }
      auto channel = channels.find(ch);
      if (channel == channels.end()) {  // switched off on this install: final, not a failure
        const Status st = store_.MarkDisabled(row.id, NotConfiguredReason(ch));
        if (!st.ok() && log_) log_->error("could not record outbox row {}: {}", row.id, st.ToString());
        else if (log_) log_->debug("not sent {} {} for {} to {}: {}", ToString(row.channel), ToString(row.event_type),
                                   row.ticket_id, row.recipient_ref, NotConfiguredReason(ch));
        continue;
      }
      auto templates = templates_.find(row.locale);
      if (templates == templates_.end()) templates = templates_.find("vi");
      if (!channel->second || templates == templates_.end()) {
        record(row, {DeliveryOutcome::kPermanent,
                     "the " + std::string(ToString(ch)) + " channel or the templates could not be set up", 0});
        continue;
      }
      auto vars = Vars(row, settings_);
      auto rendered = vars.ok() ? templates->second.Render(ToString(row.event_type), vars.value())
                                : Result<Rendered>(vars.status());
      if (!rendered.ok()) {
        record(row, {DeliveryOutcome::kPermanent, "template: " + rendered.status().message(), 0});
        continue;
      }
      OutgoingMessage m;
      m.idempotency_key = row.idempotency_key;
      m.ticket_id = row.ticket_id;
      m.recipient = row.recipient;
      m.subject = rendered->subject;
      m.body = ch == NotificationChannel::kSms ? rendered->sms_text : rendered->body;
      batch.push_back(std::move(m));
      rows.push_back(&row);
    }
    if (batch.empty()) continue;
    std::vector<DeliveryResult> results = channels.at(ch)->SendBatch(batch);
    results.resize(rows.size(), DeliveryResult{DeliveryOutcome::kRetryable, "channel gave no result", 0});
    NotePause(ch, results, *jitter);
    for (std::size_t i = 0; i < rows.size(); ++i)
      record(*rows[i], results[i]);
  }
  return static_cast<int>(claimed->size());
}

}  // namespace incidents::notifications
