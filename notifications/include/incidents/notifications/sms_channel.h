#pragma once
// SmsChannel: sends OutgoingMessages as SMS through an HTTP gateway (Poco HTTP client).
//
// For each message it POSTs to gateway_url, on one keep-alive connection per batch,
//   Content-Type: application/json; charset=utf-8
//   Authorization: Bearer <token>        (when token is set)
//   {"to": "+84...", "text": "...", "id": "<idempotency key>"}
// The text is OutgoingMessage::body (the subject is ignored): folded to GSM-7-safe ASCII
// (FoldToGsm7) unless `unicode` is true, then shortened to max_segments (ShortenToSegments);
// DeliveryResult::segments records the parts the sent text needs (UCS-2 only when unicode
// is true and the text is not GSM-7).
//
// Outcomes:
//   kSent       2xx;
//   kRetryable  429, 5xx, other non-2xx that are not 4xx (e.g. a redirect), a timeout,
//               a refused or broken connection, a TLS failure. After a transport failure
//               (no HTTP status) the rest of the batch is kRetryable without being tried:
//               the gateway is down or slow, and the dispatcher backs off;
//   kPermanent  any other 4xx; a recipient that is not "+" and 8-15 digits; an empty text.
// The gateway must treat "id" as an idempotency key: after a timeout the same message may
// come again.
//
// TLS: this build links Poco::NetSSL, so https:// URLs work; the gateway's certificate is
// verified against tls_ca_file, or the system CAs when it is empty.
//
// Logging: a child logger named "sms"; phone numbers are masked, the token never logged.
//
// Thread safety: as every Channel, one worker at a time; see message.h.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"
#include "incidents/notifications/message.h"

namespace spdlog {
class logger;
}

namespace incidents::notifications {

struct SmsSettings {
  std::string gateway_url;  // http://host[:port]/path[?query] or https://...
  std::string token;        // bearer token; empty: no Authorization header
  std::chrono::milliseconds timeout{5000};  // connect, send, and wait for the reply
  bool unicode = false;     // send Vietnamese with its diacritics (UCS-2, 70/67 per part)
  int max_segments = 3;     // longer texts are shortened with an ellipsis
  std::string tls_ca_file;  // PEM CA bundle for https; empty: the system's CAs
};

class SmsChannel final : public Channel {
 public:
  // Checks the settings (an http or https URL with a host, a positive timeout,
  // max_segments 1-10, the CA file for https); kInvalidValue naming the setting otherwise.
  // Does not connect. `log` may be null.
  static engine::Result<std::unique_ptr<SmsChannel>> Create(const SmsSettings& settings,
                                                            std::shared_ptr<spdlog::logger> log);
  ~SmsChannel() override;

  std::string_view Name() const override { return "sms"; }
  std::vector<DeliveryResult> SendBatch(const std::vector<OutgoingMessage>& batch) override;

 private:
  struct Impl;
  explicit SmsChannel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace incidents::notifications
