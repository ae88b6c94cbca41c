#pragma once
// RecordingChannel: a Channel fake for the dispatcher tests. The dispatcher makes its
// channels through a ChannelFactory (one per worker, and a fresh one per RunOnce), so the
// channels write to a ChannelRecorder the test owns: every message handed to SendBatch,
// with the outcome it was given, in order. The recorder also scripts failures (the next N
// messages, or every message to one recipient), answers fewer results than messages on
// request, and can hold SendBatch until the test releases it.
//
// Thread-safe. The recorder must outlive every channel its Factory() made.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "incidents/notifications/dispatcher.h"
#include "incidents/notifications/message.h"

namespace incidents::testing {

class ChannelRecorder {
 public:
  struct Attempt {
    notifications::OutgoingMessage message;
    notifications::DeliveryOutcome outcome;
    int batch = 0;  // which SendBatch call, from 1
  };

  // `name`: what the channels' Name() says ("email", "sms").
  explicit ChannelRecorder(std::string name) : name_(std::move(name)) {}

  // Makes RecordingChannels that write here.
  notifications::ChannelFactory Factory();

  // The next `n` messages (across batches) get `outcome` with `detail`; the rest succeed.
  void FailNext(int n, notifications::DeliveryOutcome outcome, std::string detail);
  // Every message to `recipient` gets `outcome` with `detail` until ClearFailures().
  void FailRecipient(const std::string& recipient, notifications::DeliveryOutcome outcome, std::string detail);
  void ClearFailures();
  // While set, the next hop is down: every message is kRetryable with `unreachable` (it
  // was never handed over). Takes precedence over the other scripted failures.
  void SetUnreachable(bool unreachable);
  // Each SendBatch answers at most `n` results (a channel that breaks its contract).
  void AnswerAtMost(std::size_t n);
  // The segments a sent message reports.
  void SetSegments(int segments);

  // SendBatch blocks, once it has recorded its messages, until Release().
  void Hold();
  void Release();
  // Waits until a SendBatch is blocked by Hold() or `within` passes; true when one is.
  bool WaitUntilHeld(std::chrono::milliseconds within);

  std::vector<Attempt> attempts() const;
  // The recipients of the attempts, in order.
  std::vector<std::string> recipients() const;
  int batches() const;
  int channels_made() const;

  // What RecordingChannel::SendBatch does.
  std::vector<notifications::DeliveryResult> Send(const std::vector<notifications::OutgoingMessage>& batch);
  const std::string& name() const { return name_; }

 private:
  struct Failure {
    notifications::DeliveryOutcome outcome;
    std::string detail;
  };

  const std::string name_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Attempt> attempts_;
  int batches_ = 0;
  int channels_made_ = 0;
  int fail_next_ = 0;
  Failure next_failure_{notifications::DeliveryOutcome::kRetryable, ""};
  std::map<std::string, Failure> failing_recipients_;
  std::size_t answer_at_most_ = SIZE_MAX;
  int segments_ = 1;
  bool hold_ = false;
  bool held_ = false;
  bool unreachable_ = false;
};

class RecordingChannel final : public notifications::Channel {
 public:
  explicit RecordingChannel(ChannelRecorder& recorder) : recorder_(recorder) {}
  std::string_view Name() const override { return recorder_.name(); }
  std::vector<notifications::DeliveryResult> SendBatch(
      const std::vector<notifications::OutgoingMessage>& batch) override {
    return recorder_.Send(batch);
  }

 private:
  ChannelRecorder& recorder_;
};

inline notifications::ChannelFactory ChannelRecorder::Factory() {
  return [this]() -> std::unique_ptr<notifications::Channel> {
    std::lock_guard lock(mu_);
    ++channels_made_;
    return std::make_unique<RecordingChannel>(*this);
  };
}

inline void ChannelRecorder::FailNext(int n, notifications::DeliveryOutcome outcome, std::string detail) {
  std::lock_guard lock(mu_);
  fail_next_ = n;
  next_failure_ = {outcome, std::move(detail)};
}

inline void ChannelRecorder::FailRecipient(const std::string& recipient, notifications::DeliveryOutcome outcome,
                                           std::string detail) {
  std::lock_guard lock(mu_);
  failing_recipients_[recipient] = {outcome, std::move(detail)};
}

inline void ChannelRecorder::ClearFailures() {
  std::lock_guard lock(mu_);
  fail_next_ = 0;
  failing_recipients_.clear();
}

inline void ChannelRecorder::SetUnreachable(bool unreachable) {
  std::lock_guard lock(mu_);
  unreachable_ = unreachable;
}

inline void ChannelRecorder::AnswerAtMost(std::size_t n) {
  std::lock_guard lock(mu_);
  answer_at_most_ = n;
}

inline void ChannelRecorder::SetSegments(int segments) {
  std::lock_guard lock(mu_);
  segments_ = segments;
}

inline void ChannelRecorder::Hold() {
  std::lock_guard lock(mu_);
  hold_ = true;
}

inline void ChannelRecorder::Release() {
  std::lock_guard lock(mu_);
  hold_ = false;
  cv_.notify_all();
}

inline bool ChannelRecorder::WaitUntilHeld(std::chrono::milliseconds within) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, within, [&] { return held_; });
}

inline std::vector<ChannelRecorder::Attempt> ChannelRecorder::attempts() const {
  std::lock_guard lock(mu_);
  return attempts_;
}

inline std::vector<std::string> ChannelRecorder::recipients() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const Attempt& a : attempts_) out.push_back(a.message.recipient);
  return out;
}

inline int ChannelRecorder::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

inline int ChannelRecorder::channels_made() const {
  std::lock_guard lock(mu_);
  return channels_made_;
}

inline std::vector<notifications::DeliveryResult> ChannelRecorder::Send(
    const std::vector<notifications::OutgoingMessage>& batch) {
  using notifications::DeliveryOutcome;
  std::unique_lock lock(mu_);
  const int batch_no = ++batches_;
  std::vector<notifications::DeliveryResult> results;
  for (const auto& m : batch) {
    notifications::DeliveryResult r{DeliveryOutcome::kSent, "", segments_};
    if (unreachable_) {
      r = {DeliveryOutcome::kRetryable, "connect to smtp.example.vn:25: Connection refused", 0};
      r.unreachable = true;
    } else if (auto f = failing_recipients_.find(m.recipient); f != failing_recipients_.end()) {
      r = {f->second.outcome, f->second.detail, 0};
    } else if (fail_next_ > 0) {
      --fail_next_;
      r = {next_failure_.outcome, next_failure_.detail, 0};
    }
    attempts_.push_back({m, r.outcome, batch_no});
    if (results.size() < answer_at_most_) results.push_back(std::move(r));
  }
  if (hold_) {
    held_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return !hold_; });
    held_ = false;
  }
  return results;
}

}  // namespace incidents::testing
