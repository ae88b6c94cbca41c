#include "incidents/notifications/email_channel.h"

#include <cctype>
#include <optional>

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <spdlog/spdlog.h>

#include "incidents/notifications/masking.h"
#include "mail_headers.h"
#include "tls_client.h"

namespace incidents::notifications {

using engine::Result;
using engine::Status;

namespace {

using Poco::Net::SMTPClientSession;

// Opens up what STARTTLS needs and Poco keeps protected: the EHLO reply (to see the
// extensions offered) and the socket (to wrap it in TLS), as Poco's own
// SecureSMTPClientSession does.
class SmtpSession final : public SMTPClientSession {
 public:
  using SMTPClientSession::SMTPClientSession;
  using SMTPClientSession::login;
  using SMTPClientSession::socket;
};

constexpr std::size_t kMaxDetail = 300;

// The SMTP reply code of a Poco exception: SMTPException carries it in code(); otherwise
// the first "4xx " / "5xx " in the text; 0 if there is none.
int SmtpCode(const Poco::Exception& e) {
  if (e.code() >= 200 && e.code() < 600) return e.code();
  const std::string text = e.displayText();
  for (std::size_t i = 0; i + 3 < text.size(); ++i) {
    if ((text[i] == '4' || text[i] == '5') && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 2])) && (text[i + 3] == ' ' || text[i + 3] == '-') &&
        (i == 0 || text[i - 1] == ' ')) {
      return std::stoi(text.substr(i, 3));
    }
  }
  return 0;
}

// An exception's text fit for a detail: personal data masked, one line, bounded.
std::string Describe(const Poco::Exception& e) {
  std::string text = mail::OneLineHeader(MaskPersonalData(e.displayText()));
  if (text.size() > kMaxDetail) text = text.substr(0, kMaxDetail) + "...";
  return text;
}

bool Has(const std::string& ehlo_response, std::string_view word) {
  return ehlo_response.find(word) != std::string::npos;
}

DeliveryResult Make(DeliveryOutcome outcome, std::string detail) { return {outcome, std::move(detail), 0}; }

// Whether a failed handshake was about the server's certificate (it spoke TLS, but could
// not be trusted) rather than about TLS itself (e.g. a plain SMTP greeting where a TLS
// record was expected).
bool LooksLikeCertificateProblem(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&e)) return true;
  const std::string text = e.displayText();
  return text.find("certificate") != std::string::npos || text.find("Certificate") != std::string::npos;
}

}  // namespace

struct EmailChannel::Impl {
  EmailSettings settings;
  std::string from_header;
  std::optional<TlsClient> tls;
  std::shared_ptr<spdlog::logger> log;

  Poco::Timespan Timeout() const {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(settings.timeout.count()) * 1000);
  }
  std::string Server() const { return settings.smtp_host + ":" + std::to_string(settings.smtp_port); }

  // Connects and prepares a session (EHLO, STARTTLS, AUTH). On failure returns nullptr and
  // says why in *detail.
  std::unique_ptr<SmtpSession> Open(std::string* detail) const;
  void Build(const OutgoingMessage& message, Poco::Net::MailMessage& mail) const;
};

std::unique_ptr<SmtpSession> EmailChannel::Impl::Open(std::string* detail) const {
  const std::string helo = settings.message_id_domain;
  std::string stage = "connect to " + Server();
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(settings.smtp_host, static_cast<Poco::UInt16>(settings.smtp_port)),
                   Timeout());
    socket.setReceiveTimeout(Timeout());
    socket.setSendTimeout(Timeout());
    // Poco writes a message's DATA in several pieces; with Nagle on, the last piece (the
    // terminating dot) waits for the server's delayed ACK, ~40 ms per mail.
    socket.setNoDelay(true);
    if (settings.tls == SmtpTls::kImplicit) {
      // SMTPS: the handshake comes before the greeting, bounded by the timeouts just set.
      // attach() checks the certificate against the host name, as STARTTLS does below.
      stage = "implicit TLS handshake";
      try {
        Poco::Net::SecureStreamSocket secure =
            Poco::Net::SecureStreamSocket::attach(socket, settings.smtp_host, tls->context());
        // attach() returns without an error when the server stays silent past the
        // timeout; completeHandshake() is 1 at once once it is done, else waits once more.
        if (secure.completeHandshake() != 1) {
          *detail = stage + " with " + Server() + " failed: no TLS answer within " +
                    std::to_string(settings.timeout.count()) +
                    " ms (notifications.email.tls is \"implicit\": is " + Server() + " an SMTPS port, usually 465?)";
          return nullptr;
        }
        socket = secure;
      } catch (const Poco::Exception& e) {
        *detail = stage + " with " + Server() + " failed: " + Describe(e);
        if (!LooksLikeCertificateProblem(e))
          *detail += " (notifications.email.tls is \"implicit\": is " + Server() +
                     " an SMTPS port, usually 465? A plain SMTP port needs \"starttls\" or \"none\")";
        return nullptr;
      }
      socket.setReceiveTimeout(Timeout());
      socket.setSendTimeout(Timeout());
      stage = "greeting/EHLO over implicit TLS";
    } else {
      stage = "greeting/EHLO";
    }
    auto session = std::make_unique<SmtpSession>(socket);
    std::string response;
    session->login(helo, response);
    if (settings.tls == SmtpTls::kStartTls) {
      stage = "STARTTLS";
      if (!Has(response, "STARTTLS")) {
        *detail = "the server " + Server() + " does not offer STARTTLS (notifications.email.tls is \"starttls\", or starttls is true)";
        return nullptr;
      }
      std::string reply;
      const int status = session->sendCommand("STARTTLS", reply);
      if (status / 100 != 2) {
        *detail = "STARTTLS refused: " + mail::OneLineHeader(MaskPersonalData(reply));
        return nullptr;
      }
      // What Poco's SecureSMTPClientSession::startTLS does, with the host name that the
      // certificate is checked against (that class only knows it when it connects itself,
      // without a timeout).
      Poco::Net::SecureStreamSocket secure =
          Poco::Net::SecureStreamSocket::attach(session->socket(), settings.smtp_host, tls->context());
      session->socket() = secure;
      session->socket().setReceiveTimeout(Timeout());
      session->socket().setSendTimeout(Timeout());
      stage = "EHLO after STARTTLS";
      session->login(helo, response);
    }
    if (!settings.username.empty()) {
      stage = "AUTH";
      SMTPClientSession::LoginMethod method = SMTPClientSession::AUTH_NONE;
      if (Has(response, "PLAIN")) {
        method = SMTPClientSession::AUTH_PLAIN;
      } else if (Has(response, "LOGIN")) {
        method = SMTPClientSession::AUTH_LOGIN;
      } else if (Has(response, "CRAM-MD5")) {
        method = SMTPClientSession::AUTH_CRAM_MD5;
      } else {
        *detail = "the server " + Server() + " offers no AUTH PLAIN, LOGIN or CRAM-MD5" +
                  (settings.tls != SmtpTls::kNone ? "" : " (some servers offer AUTH only after STARTTLS)");
        return nullptr;
      }
      session->login(helo, method, settings.username, settings.password);
    }
    return session;
  } catch (const Poco::Exception& e) {
    *detail = stage + " failed: " + Describe(e);
    return nullptr;
  } catch (const std::exception& e) {
    *detail = stage + " failed: " + std::string(e.what());
    return nullptr;
  }
}

void EmailChannel::Impl::Build(const OutgoingMessage& message, Poco::Net::MailMessage& mail) const {
  mail.setSender(from_header);
  mail.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, message.recipient));
  mail.setSubject(mail::EncodeHeaderText(mail::OneLineHeader(message.subject), false));
  mail.set("MIME-Version", "1.0");
  mail.set("Message-ID", "<" + mail::MsgIdLocalPart(message.idempotency_key) + "@" + settings.message_id_domain + ">");
  if (!message.ticket_id.empty()) {
    if (message.ticket_id != message.idempotency_key) {
      const std::string root = "<" + mail::MsgIdLocalPart(message.ticket_id) + "@" + settings.message_id_domain + ">";
      mail.set("In-Reply-To", root);
      mail.set("References", root);
    }
    mail.set("X-Ticket-Id", mail::EncodeHeaderText(mail::OneLineHeader(message.ticket_id), false));
  }
  mail.set("Auto-Submitted", "auto-generated");
  mail.setContentType("text/plain; charset=UTF-8");
  // CRLF line ends: SMTP forbids bare LF, and quoted-printable keeps CRLF as the hard
  // line breaks. (Poco adds a CRLF after the content only when it does not end with one.)
  std::string body;
  body.reserve(message.body.size() + message.body.size() / 32);
  for (std::size_t i = 0; i < message.body.size(); ++i) {
    const char c = message.body[i];
    if (c == '\r') {
      body += "\r\n";
      if (i + 1 < message.body.size() && message.body[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      body += "\r\n";
    } else {
      body.push_back(c);
    }
  }
  mail.setContent(body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}

Result<std::unique_ptr<EmailChannel>> EmailChannel::Create(const EmailSettings& settings,
                                                           std::shared_ptr<spdlog::logger> log) {
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  if (settings.smtp_host.empty()) return Status::InvalidValue("notifications.email.smtp_host is empty");
  if (settings.smtp_port < 1 || settings.smtp_port > 65535) {
    return Status::InvalidValue("notifications.email.smtp_port must be 1-65535, not " +
                                std::to_string(settings.smtp_port));
  }
  const auto from = mail::ParseMailbox(settings.from);
  if (!from) {
    return Status::InvalidValue("notifications.email.from is not 'Name <local@domain>' or 'local@domain': '" +
                                settings.from + "'");
  }
  impl->from_header = mail::FormatMailbox(*from);
  const std::string& domain = settings.message_id_domain;
  const bool domain_ok = !domain.empty() && domain.front() != '.' && domain.back() != '.' &&
                         domain.find("..") == std::string::npos &&
                         domain.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
                             std::string::npos;
  if (!domain_ok) return Status::InvalidValue("the Message-ID domain '" + domain + "' is not a domain name");
  if (settings.timeout.count() <= 0) return Status::InvalidValue("the SMTP timeout must be positive");
  if (settings.tls != SmtpTls::kNone) {
    auto tls = TlsClient::Create(settings.tls_ca_file);
    if (!tls.ok()) return tls.status();
    impl->tls.emplace(*tls);
  }
  impl->log = log ? log->clone("email") : std::make_shared<spdlog::logger>("email");
  if (!settings.username.empty() && settings.tls == SmtpTls::kNone) {
    impl->log->warn("SMTP AUTH without TLS (notifications.email.tls is \"none\"): the password crosses the network "
                    "in clear text");
  }
  return std::unique_ptr<EmailChannel>(new EmailChannel(std::move(impl)));
}

EmailChannel::EmailChannel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmailChannel::~EmailChannel() = default;

std::vector<DeliveryResult> EmailChannel::SendBatch(const std::vector<OutgoingMessage>& batch) {
  std::vector<DeliveryResult> results(batch.size());
  std::vector<std::size_t> to_send;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const OutgoingMessage& m = batch[i];
    if (m.idempotency_key.empty()) {
      results[i] = Make(DeliveryOutcome::kPermanent, "no idempotency key (needed for the Message-ID)");
    } else if (!mail::IsPlainAddress(m.recipient)) {
      results[i] = Make(DeliveryOutcome::kPermanent,
                        "recipient " + MaskRecipient(m.recipient) + " is not a plain ASCII email address");
    } else {
      to_send.push_back(i);
    }
  }
  if (!to_send.empty()) {
    std::string failure;
    std::unique_ptr<SmtpSession> session = impl_->Open(&failure);
    if (!session) {
      impl_->log->warn("SMTP session to {} failed, {} message(s) to retry: {}", impl_->Server(), to_send.size(),
                       failure);
    }
    for (std::size_t i : to_send) {
      const OutgoingMessage& m = batch[i];
      if (!session) {
        // Never handed over: no session could be opened, or it broke on an earlier message.
        // A failure during this message's own exchange (below) is counted instead: the
        // server may have taken it, or may refuse it for good.
        results[i] = Make(DeliveryOutcome::kRetryable, failure);
        results[i].unreachable = true;
        continue;
      }
      bool broken = false;
      try {
        Poco::Net::MailMessage mail;
        impl_->Build(m, mail);
        session->sendMessage(mail);
        results[i] = Make(DeliveryOutcome::kSent, "accepted by " + impl_->Server());
      } catch (const Poco::Net::SMTPException& e) {
        const int code = SmtpCode(e);
        if (code == 0) {  // no reply at all: the server hung up
          results[i] = Make(DeliveryOutcome::kRetryable,
                            "connection to " + impl_->Server() + " lost: " + Describe(e));
          broken = true;
          failure = "not sent: the SMTP connection broke earlier in this batch";
        } else {
          // 530: authentication or STARTTLS required, the session's state, not the message's.
          const bool permanent = code >= 500 && code < 600 && code != 530;
          results[i] = Make(permanent ? DeliveryOutcome::kPermanent : DeliveryOutcome::kRetryable,
                            "SMTP " + std::to_string(code) + ": " + Describe(e));
          try {  // end the failed transaction so that the next message can start its own
            std::string reply;
            if (session->sendCommand("RSET", reply) / 100 != 2) {
              broken = true;
              failure = "not sent: the SMTP session became unusable earlier in this batch (RSET refused: " +
                        mail::OneLineHeader(MaskPersonalData(reply)) + ")";
            }
          } catch (const Poco::Exception& e) {
            broken = true;
            failure = "not sent: the SMTP connection broke earlier in this batch (" + Describe(e) + ")";
          }
        }
      } catch (const Poco::Exception& e) {
        results[i] = Make(DeliveryOutcome::kRetryable, "connection to " + impl_->Server() + " failed: " + Describe(e));
        broken = true;
        failure = "not sent: the SMTP connection broke earlier in this batch";
      } catch (const std::exception& e) {
        results[i] = Make(DeliveryOutcome::kRetryable, std::string("unexpected error: ") + e.what());
        broken = true;
        failure = "not sent: the SMTP connection broke earlier in this batch";
      }
      if (broken) {
        try {
          session->socket().close();  // no QUIT on a broken connection
        } catch (const Poco::Exception&) {
        }
        session.reset();
      }
    }
    if (session) {
      try {
        session->close();  // QUIT
      } catch (const Poco::Exception& e) {
        impl_->log->debug("QUIT to {} failed: {}", impl_->Server(), Describe(e));
      }
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const DeliveryResult& r = results[i];
    const auto level = r.outcome == DeliveryOutcome::kSent ? spdlog::level::info : spdlog::level::warn;
    impl_->log->log(level, "email {} ticket={} to={} key={}: {}", ToString(r.outcome), batch[i].ticket_id,
                    MaskRecipient(batch[i].recipient), MaskPersonalData(batch[i].idempotency_key), r.detail);
  }
  return results;
}

}  // namespace incidents::notifications
