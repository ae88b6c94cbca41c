#include "tls_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetSSL.h>

namespace incidents::notifications {

engine::Result<TlsClient> TlsClient::Create(const std::string& ca_file) {
  Poco::Net::initializeSSL();
  try {
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // client: verify the server
    params.verificationDepth = 9;
    params.caLocation = ca_file;
    params.loadDefaultCAs = ca_file.empty();
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:@STRENGTH";
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    TlsClient client(context);
    Poco::Net::uninitializeSSL();  // the TlsClient holds its own reference
    return client;
  } catch (const Poco::Exception& e) {
    Poco::Net::uninitializeSSL();
    return engine::Status::InvalidValue("TLS setup failed" + (ca_file.empty() ? "" : " for CA file " + ca_file) +
                                        ": " + e.displayText());
  }
}

TlsClient::TlsClient(Poco::Net::Context::Ptr context) : context_(std::move(context)) { Poco::Net::initializeSSL(); }

TlsClient::TlsClient(const TlsClient& other) : context_(other.context_) { Poco::Net::initializeSSL(); }

TlsClient& TlsClient::operator=(const TlsClient& other) {
  context_ = other.context_;
  return *this;
}

TlsClient::~TlsClient() {
  context_ = nullptr;
  Poco::Net::uninitializeSSL();
}

}  // namespace incidents::notifications
