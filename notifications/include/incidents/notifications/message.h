#pragma once
// The channel port of the notification pipeline: an OutgoingMessage goes in, a
// DeliveryResult comes out. Channels only send; routing, rendering, dedup, retry with
// backoff and dead-lettering are stages of the dispatcher, written once (STYLE.md,
// "Alertmanager").
//
// Thread safety: a Channel instance is used by one worker at a time (it may hold a
// connection between calls); give each dispatcher worker its own instance. Distinct
// instances may be used concurrently.

#include <string>
#include <string_view>
#include <vector>

namespace incidents::notifications {

struct OutgoingMessage {
  std::string idempotency_key;  // stable across retries; becomes the Message-ID / the SMS "id"
  std::string ticket_id;        // "INC-2026-000001"; threads mails, X-Ticket-Id
  std::string recipient;        // an email address, or a phone number "+84..."
  std::string subject;          // UTF-8; ignored by SMS
  std::string body;             // UTF-8; for SMS the short text (Rendered::sms_text)
};

enum class DeliveryOutcome {
  kSent,       // accepted by the next hop (SMTP server, SMS gateway)
  kRetryable,  // may succeed later: 4xx SMTP, 429/5xx HTTP, timeouts, connection errors
  kPermanent,  // will never succeed as it is: 5xx SMTP, other 4xx HTTP, a malformed recipient
};

// "sent", "retryable", "permanent".
std::string_view ToString(DeliveryOutcome outcome);

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kRetryable;
  std::string detail;  // for logs and the outbox row; never personal data (addresses are masked)
  int segments = 0;    // SMS only: the parts the text needs (sms_text.h CountSegments); else 0
  // The message was never handed over because the next hop could not be reached (no
  // connection, or it broke before this message's turn; an SMS request without a reply).
  // That says nothing of the message: the dispatcher defers it without counting an
  // attempt and pauses the channel (RetryPolicy::unreachable_pause). kRetryable only.
  bool unreachable = false;
};

class Channel {
 public:
  virtual ~Channel();

  // "email", "sms": the channel name used in routing rules and logs.
  virtual std::string_view Name() const = 0;

  // Sends every message of `batch` and returns one result per message, in the same order.
  // A batch shares one connection where the protocol allows (SMTP session, HTTP
  // keep-alive). Never throws: every failure becomes a result.
  virtual std::vector<DeliveryResult> SendBatch(const std::vector<OutgoingMessage>& batch) = 0;
};

}  // namespace incidents::notifications
