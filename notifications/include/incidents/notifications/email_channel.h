#pragma once
// EmailChannel: sends OutgoingMessages as mails over SMTP (Poco::Net::SMTPClientSession).
//
// One SMTP session per SendBatch: connect (the TLS handshake first with implicit TLS),
// EHLO, STARTTLS and EHLO again if configured, AUTH if a username is set, then one MAIL/RCPT/DATA transaction per message (RSET after
// a rejected one), QUIT. Each mail is text/plain; charset=UTF-8, quoted-printable, with
//   Subject and the sender's name as RFC 2047 encoded words (UTF-8),
//   Message-ID  <idempotency_key@message_id_domain> (the key made a valid msg-id),
//   In-Reply-To and References <ticket_id@message_id_domain>, the thread root, so that
//               every mail about one ticket threads together (left out when the key is
//               the ticket id itself: that mail is the root),
//   X-Ticket-Id, MIME-Version, Date, Auto-Submitted: auto-generated (RFC 3834).
//
// Outcomes:
//   kSent       the server accepted the message (250 after DATA);
//   kPermanent  the server answered a 5xx to this message's MAIL, RCPT or DATA, or the
//               recipient is not a plain ASCII address;
//   kRetryable  a 4xx to this message; or the session could not be set up (connection
//               refused, timeout, DNS, TLS handshake or certificate, greeting/EHLO/
//               STARTTLS/AUTH refused, even with a 5xx: that is the server's or our
//               configuration's state, not the message's); or the connection broke
//               midway, in which case every message not yet sent is kRetryable too.
//
// TLS: this build links Poco::NetSSL. SmtpTls::kStartTls upgrades the session with
// STARTTLS; SmtpTls::kImplicit (SMTPS, usually port 465) speaks TLS from the first byte,
// before the greeting. Both verify the server's certificate (tls_ca_file, or the system
// CAs) and its host name (except for loopback addresses, see tls_client.h). A server
// that does not offer STARTTLS, a certificate that does not verify, or a server that
// does not speak TLS at all (a plain SMTP port given to kImplicit) makes the batch
// kRetryable with a clear detail, within `timeout` per read or write.
//
// EHLO names the client by message_id_domain.
//
// Logging: a child logger named "email" (a clone of the one passed in); recipients are
// masked, the password is never logged.
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

// How the SMTP session is protected (notifications.email.tls).
enum class SmtpTls {
  kNone,      // plain SMTP; AUTH then sends the password in clear text (a warning is logged)
  kStartTls,  // plain connect, then STARTTLS (RFC 3207), usually port 587 or 25
  kImplicit,  // TLS from the first byte (SMTPS, RFC 8314), usually port 465
};

// "none", "starttls", "implicit": the values of notifications.email.tls.
constexpr std::string_view ToString(SmtpTls t) {
  return t == SmtpTls::kStartTls ? "starttls" : t == SmtpTls::kImplicit ? "implicit" : "none";
}

// The initializers are the defaults of incidentd's notifications.email keys
// (notification_settings.h).
struct EmailSettings {
  std::string smtp_host = "127.0.0.1";
  int smtp_port = 25;
  // "Name <address>" or a bare address.
  std::string from = "Hệ thống xử lý sự cố chia sẻ dữ liệu <incidents@localhost>";
  std::string username, password;  // AUTH when username is not empty (PLAIN, else LOGIN)
  SmtpTls tls = SmtpTls::kNone;
  std::chrono::milliseconds timeout{10000};  // connect, and each reply
  std::string message_id_domain = "incidents.local";
  std::string tls_ca_file;  // PEM CA bundle for STARTTLS and implicit TLS; empty: the system's CAs
};

class EmailChannel final : public Channel {
 public:
  // Checks the settings (host, port 1-65535, a parsable `from`, a domain name, a positive
  // timeout, the CA file when TLS is on) and returns the channel; kInvalidValue naming the
  // setting otherwise. Does not connect. `log` may be null (no logging).
  static engine::Result<std::unique_ptr<EmailChannel>> Create(const EmailSettings& settings,
                                                              std::shared_ptr<spdlog::logger> log);
  ~EmailChannel() override;

  std::string_view Name() const override { return "email"; }
  std::vector<DeliveryResult> SendBatch(const std::vector<OutgoingMessage>& batch) override;

 private:
  struct Impl;
  explicit EmailChannel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace incidents::notifications
