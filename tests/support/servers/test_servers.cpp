#include "test_servers.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <pwd.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

namespace incidents::testing {

int FreePort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const int port = socket.address().port();
  socket.close();
  return port;
}

bool WaitForPort(int port, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      Poco::Net::StreamSocket s;
      s.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(0, 200000));
      s.close();
      return true;
    } catch (const Poco::Exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return false;
}

namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& argv, const std::string& log_file)
    : log_file_(log_file) {
  if (argv.empty() || !std::filesystem::exists(argv[0])) {
    throw std::runtime_error((argv.empty() ? std::string("?") : argv[0]) +
                             " is not installed (run scripts/setup)");
  }
  // exec: the shell is replaced, so the PID is the server's and kill reaches it.
  std::string command = "exec";
  for (const auto& a : argv) command += " " + ShellQuote(a);
  command += " >" + ShellQuote(log_file) + " 2>&1";
  handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch("/bin/sh", {"-c", command}));
}

ServerProcess::~ServerProcess() {
  if (!handle_) return;
  try {
    if (Poco::Process::isRunning(*handle_)) Poco::Process::kill(*handle_);
    handle_->wait();
  } catch (const Poco::Exception&) {
  }
}

bool ServerProcess::running() const { return handle_ && handle_->tryWait() == -1; }

std::string ServerProcess::log() const {
  std::ifstream in(log_file_);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int Run(const std::vector<std::string>& argv, std::string* out, bool with_stderr) {
  Poco::Pipe pipe;
  Poco::Process::Args args(argv.begin() + 1, argv.end());
  Poco::ProcessHandle handle = Poco::Process::launch(argv[0], args, nullptr, &pipe, with_stderr ? &pipe : nullptr);
  Poco::PipeInputStream in(pipe);
  std::string text;
  Poco::StreamCopier::copyToString(in, text);
  if (out) *out = text;
  return handle.wait();
}

void MakeSelfSignedCertificate(const std::string& dir) {
  const std::string openssl = "/usr/bin/openssl";
  if (!std::filesystem::exists(openssl)) throw std::runtime_error("openssl is not installed (run scripts/setup)");
  std::string ignored;
  const int rc = Run({openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout",
                      dir + "/key.pem", "-out", dir + "/cert.pem", "-subj", "/CN=127.0.0.1", "-addext",
                      "subjectAltName=IP:127.0.0.1,DNS:localhost"},
                     &ignored, /*with_stderr=*/true);  // openssl writes its progress to stderr
  if (rc != 0) throw std::runtime_error("openssl req failed with exit code " + std::to_string(rc));
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  const std::filesystem::path maildir_new = std::filesystem::path(dir) / "new";
  const std::filesystem::path where = std::filesystem::is_directory(maildir_new, ec) ? maildir_new : std::filesystem::path(dir);
  for (const auto& entry : std::filesystem::directory_iterator(where, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Poco::JSON::Object::Ptr> DecodeMails(const std::vector<std::string>& files) {
  if (files.empty()) return {};
  // parse_mail.py sits beside this file. Its path comes from CMake: __FILE__ may be
  // relative to the build folder (ccache's base_dir), and tests run in other folders.
  const std::string script = std::string(TEST_SERVERS_DIR) + "/parse_mail.py";
  std::vector<std::string> argv = {"/usr/bin/python3", script};
  argv.insert(argv.end(), files.begin(), files.end());
  std::string json;
  const int rc = Run(argv, &json);
  if (rc != 0) throw std::runtime_error("parse_mail.py failed with exit code " + std::to_string(rc));
  Poco::JSON::Parser parser;
  auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  std::vector<Poco::JSON::Object::Ptr> mails;
  for (std::size_t i = 0; i < array->size(); ++i) mails.push_back(array->getObject(static_cast<unsigned>(i)));
  return mails;
}

SmtpSink::SmtpSink(const std::vector<std::string>& options, int port) {
  port_ = port > 0 ? port : FreePort();
  mail_dir_ = dir_.File("mail");
  std::filesystem::create_directories(mail_dir_);
  std::vector<std::string> argv = {"/usr/sbin/smtp-sink", "-c"};
  if (geteuid() == 0) {
    // As root smtp-sink must drop to a user (-u), who must own the dump folder.
    const passwd* nobody = getpwnam("nobody");
    if (!nobody) throw std::runtime_error("smtp-sink: no user 'nobody' to run as");
    if (chown(mail_dir_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0 ||
        chown(dir_.path().c_str(), nobody->pw_uid, nobody->pw_gid) != 0)
      throw std::runtime_error("smtp-sink: cannot give the dump folder to 'nobody'");
    argv.insert(argv.end(), {"-u", "nobody"});
  }
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"-d", mail_dir_ + "/%Y%m%d%H%M%S.", "127.0.0.1:" + std::to_string(port_), "64"});
  process_ = std::make_unique<ServerProcess>(argv, dir_.File("sink.log"));
  if (!WaitForPort(port_, std::chrono::seconds(5)))
    throw std::runtime_error("smtp-sink does not listen on 127.0.0.1:" + std::to_string(port_) + "; its log: " +
                             process_->log());
}

namespace {

class GatewayHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit GatewayHandler(std::shared_ptr<GatewayStub::State> state) : state_(std::move(state)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    GatewayStub::Request r;
    r.method = request.getMethod();
    r.uri = request.getURI();
    r.authorization = request.get("Authorization", "");
    r.content_type = request.getContentType();
    r.client = request.clientAddress().toString();
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    std::chrono::milliseconds delay{0};
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      r.status = state_->default_status;
      if (!state_->script.empty()) {
        r.status = state_->script.front();
        state_->script.pop_front();
      }
      state_->requests.push_back(r);
      delay = state_->delay;
    }
    std::this_thread::sleep_for(delay);
    const std::string body =
        r.status / 100 == 2 ? R"({"status":"queued"})" : R"({"error":"cannot deliver to +84900000001"})";
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  }

 private:
  std::shared_ptr<GatewayStub::State> state_;
};

class GatewayFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit GatewayFactory(std::shared_ptr<GatewayStub::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new GatewayHandler(state_);
  }

 private:
  std::shared_ptr<GatewayStub::State> state_;
};

}  // namespace

GatewayStub::GatewayStub(std::vector<int> script, std::chrono::milliseconds delay, const std::string& tls_dir,
                         int default_status)
    : state_(std::make_shared<State>()) {
  state_->script.assign(script.begin(), script.end());
  state_->delay = delay;
  state_->default_status = default_status;
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  pool_ = std::make_unique<Poco::ThreadPool>(1, 6);
  params->setKeepAlive(true);
  const Poco::Net::SocketAddress address("127.0.0.1", 0);
  if (tls_dir.empty()) {
    Poco::Net::ServerSocket socket(address);
    port_ = socket.address().port();
    server_ = std::make_unique<Poco::Net::HTTPServer>(new GatewayFactory(state_), *pool_, socket, params);
  } else {
    Poco::Net::initializeSSL();
    tls_ = true;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tls_dir + "/key.pem", tls_dir + "/cert.pem", "",
                               Poco::Net::Context::VERIFY_NONE);
    Poco::Net::SecureServerSocket socket(address, 64, context);
    port_ = socket.address().port();
    server_ = std::make_unique<Poco::Net::HTTPServer>(new GatewayFactory(state_), *pool_, socket, params);
  }
  server_->start();
}

GatewayStub::~GatewayStub() {
  server_->stopAll(true);
  server_.reset();
  pool_->joinAll();
  if (tls_) Poco::Net::uninitializeSSL();
}

std::string GatewayStub::url(const std::string& path) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<GatewayStub::Request> GatewayStub::requests() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->requests;
}

}  // namespace incidents::testing
