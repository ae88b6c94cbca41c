#include "incidents/notifications/sms_channel.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include "incidents/engine/canonical_json.h"
#include "incidents/notifications/masking.h"
#include "incidents/notifications/sms_text.h"
#include "tls_client.h"

namespace incidents::notifications {

using engine::Result;
using engine::Status;

namespace {

constexpr std::size_t kMaxReplyInDetail = 200;

bool IsE164(std::string_view phone) {
  if (phone.size() < 9 || phone.size() > 16 || phone.front() != '+') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

// The start of a gateway's reply, fit for a detail.
std::string Excerpt(const std::string& reply) {
  std::string text = OneLine(MaskPersonalData(reply.substr(0, kMaxReplyInDetail)));
  if (reply.size() > kMaxReplyInDetail) text += "...";
  return text;
}

}  // namespace

struct SmsChannel::Impl {
  SmsSettings settings;
  std::string scheme, host, path_and_query;
  Poco::UInt16 port = 80;
  std::optional<TlsClient> tls;
  std::shared_ptr<spdlog::logger> log;

  std::unique_ptr<Poco::Net::HTTPClientSession> NewSession() const {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (tls) {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(host, port, tls->context());
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(host, port);
    }
    session->setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(settings.timeout.count()) * 1000));
    session->setKeepAlive(true);
    return session;
  }
  std::string Gateway() const { return scheme + "://" + host + ":" + std::to_string(port); }
};

Result<std::unique_ptr<SmsChannel>> SmsChannel::Create(const SmsSettings& settings,
                                                       std::shared_ptr<spdlog::logger> log) {
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  if (settings.gateway_url.empty()) return Status::InvalidValue("notifications.sms.gateway_url is empty");
  try {
    const Poco::URI uri(settings.gateway_url);
    impl->scheme = uri.getScheme();
    impl->host = uri.getHost();
    impl->port = uri.getPort();
    impl->path_and_query = uri.getPathAndQuery();
  } catch (const Poco::Exception& e) {
    return Status::InvalidValue("notifications.sms.gateway_url is not a URL: " + e.displayText());
  }
  if (impl->scheme != "http" && impl->scheme != "https") {
    return Status::InvalidValue("notifications.sms.gateway_url must start with http:// or https://");
  }
  if (impl->host.empty()) return Status::InvalidValue("notifications.sms.gateway_url has no host");
  if (impl->path_and_query.empty()) impl->path_and_query = "/";
  if (settings.timeout.count() <= 0) return Status::InvalidValue("notifications.sms.timeout_ms must be positive");
  if (settings.max_segments < 1 || settings.max_segments > 10) {
    return Status::InvalidValue("notifications.sms.max_segments must be 1-10, not " +
                                std::to_string(settings.max_segments));
  }
  if (impl->scheme == "https") {
    auto tls = TlsClient::Create(settings.tls_ca_file);
    if (!tls.ok()) return tls.status();
    impl->tls.emplace(*tls);
  }
  impl->log = log ? log->clone("sms") : std::make_shared<spdlog::logger>("sms");
  return std::unique_ptr<SmsChannel>(new SmsChannel(std::move(impl)));
}

SmsChannel::SmsChannel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SmsChannel::~SmsChannel() = default;

std::vector<DeliveryResult> SmsChannel::SendBatch(const std::vector<OutgoingMessage>& batch) {
  const SmsSettings& settings = impl_->settings;
  std::vector<DeliveryResult> results(batch.size());
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  std::string transport_failure;  // set after a failure without an HTTP status

  for (std::size_t i = 0; i < batch.size(); ++i) {
    const OutgoingMessage& m = batch[i];
    DeliveryResult& r = results[i];
    std::string text = settings.unicode ? m.body : FoldToGsm7(m.body);
    const bool ucs2 = settings.unicode && !IsGsm7(text);
    text = ShortenToSegments(text, settings.max_segments, ucs2);
    r.segments = CountSegments(text, ucs2 && !IsGsm7(text));

    if (!IsE164(m.recipient)) {
      r.outcome = DeliveryOutcome::kPermanent;
      r.detail = "recipient " + MaskRecipient(m.recipient) + " is not an international number (+ and 8-15 digits)";
    } else if (text.empty()) {
      r.outcome = DeliveryOutcome::kPermanent;
      r.detail = "empty SMS text";
    } else if (m.idempotency_key.empty()) {
      r.outcome = DeliveryOutcome::kPermanent;
      r.detail = "no idempotency key (the gateway's \"id\")";
    } else if (!transport_failure.empty()) {
      r.outcome = DeliveryOutcome::kRetryable;
      r.detail = "not sent: " + transport_failure + " earlier in this batch";
      r.unreachable = true;
    } else {
      // {"to","text","id"} in the order spec/API.md gives (gateways log it as sent).
      std::string body = "{\"to\":";
      engine::AppendCanonicalJsonString(m.recipient, body);
      body += ",\"text\":";
      engine::AppendCanonicalJsonString(text, body);
      body += ",\"id\":";
      engine::AppendCanonicalJsonString(m.idempotency_key, body);
      body += "}";

      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, impl_->path_and_query,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.setContentType("application/json; charset=utf-8");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
      request.setKeepAlive(true);
      request.set("Accept", "application/json");
      if (!settings.token.empty()) request.set("Authorization", "Bearer " + settings.token);
      bool sent = false;  // the request went out: a failure after it is the message's own
      try {
        if (!session) session = impl_->NewSession();
        session->sendRequest(request) << body;
        sent = true;
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        std::string reply;
        Poco::StreamCopier::copyToString(in, reply);  // read it all, so the connection can be reused
        const int status = response.getStatus();
        const std::string what = "HTTP " + std::to_string(status) + " " + response.getReason();
        if (status >= 200 && status < 300) {
          r.outcome = DeliveryOutcome::kSent;
          r.detail = what;
        } else if (status >= 400 && status < 500 && status != 429) {
          r.outcome = DeliveryOutcome::kPermanent;
          r.detail = what + (reply.empty() ? "" : ": " + Excerpt(reply));
        } else {
          r.outcome = DeliveryOutcome::kRetryable;
          r.detail = what + (reply.empty() ? "" : ": " + Excerpt(reply));
        }
      } catch (const Poco::TimeoutException&) {
        transport_failure = "no reply from the gateway " + impl_->Gateway() + " within " +
                            std::to_string(settings.timeout.count()) + " ms";
      } catch (const Poco::Exception& e) {
        transport_failure = "gateway " + impl_->Gateway() + ": " + OneLine(MaskPersonalData(e.displayText()));
      } catch (const std::exception& e) {
        transport_failure = std::string("unexpected error: ") + e.what();
      }
      if (!transport_failure.empty()) {
        r.outcome = DeliveryOutcome::kRetryable;
        r.detail = transport_failure;
        r.unreachable = !sent;
        session.reset();
      }
    }
    const auto level = r.outcome == DeliveryOutcome::kSent ? spdlog::level::info : spdlog::level::warn;
    impl_->log->log(level, "sms {} ticket={} to={} key={} segments={}: {}", ToString(r.outcome), m.ticket_id,
                    MaskRecipient(m.recipient), MaskPersonalData(m.idempotency_key), r.segments, r.detail);
  }
  return results;
}

}  // namespace incidents::notifications
