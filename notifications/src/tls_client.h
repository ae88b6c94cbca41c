#pragma once
// TLS for the channels (SMTP STARTTLS, https SMS gateways) through Poco::NetSSL.
// Thread safety: a TlsClient is immutable after Create; the Context it holds may be shared
// by sessions in different threads (OpenSSL SSL_CTX is thread-safe for that use).

#include <string>

#include <Poco/Net/Context.h>

#include "incidents/engine/status.h"

namespace incidents::notifications {

class TlsClient {
 public:
  // A client context that verifies the server's certificate chain (TLS 1.2 or newer)
  // against `ca_file` (a PEM file) or, when it is empty, the system's CA store
  // (/etc/ssl/certs). The host name is checked too, except for loopback addresses (Poco
  // skips that check for them). kInvalidValue when the CA file cannot be loaded.
  static engine::Result<TlsClient> Create(const std::string& ca_file);

  TlsClient(const TlsClient& other);
  TlsClient& operator=(const TlsClient& other);
  ~TlsClient();  // balances Poco::Net::initializeSSL()

  Poco::Net::Context::Ptr context() const { return context_; }

 private:
  explicit TlsClient(Poco::Net::Context::Ptr context);
  Poco::Net::Context::Ptr context_;
};

}  // namespace incidents::notifications
