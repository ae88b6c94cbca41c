#pragma once
// Real servers for the channel integration tests (tests/notifications) and the end-to-end
// notification tests (tests/e2e): child processes (smtp-sink, aiosmtpd, openssl), an HTTP
// SMS gateway stub, and helpers around them. Not thread-safe; one test at a time (the
// gateway stub itself serves concurrent requests).

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "temp_dir.h"

namespace Poco {
class ProcessHandle;
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace incidents::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
int FreePort();

// True once something accepts TCP connections on 127.0.0.1:port.
bool WaitForPort(int port, std::chrono::milliseconds within);

// A child process whose stdout and stderr go to `log_file`; killed (SIGKILL) and reaped
// by PID on destruction. Throws std::runtime_error when it cannot be started.
class ServerProcess {
 public:
  ServerProcess(const std::vector<std::string>& argv, const std::string& log_file);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool running() const;
  std::string log() const;

 private:
  std::unique_ptr<Poco::ProcessHandle> handle_;
  std::string log_file_;
};

// Runs a program (argv[0] a full path) to its end; returns its exit code and puts its
// stdout (and its stderr too when with_stderr) in *out. Otherwise stderr is inherited.
int Run(const std::vector<std::string>& argv, std::string* out, bool with_stderr = false);

// Writes a self-signed certificate for 127.0.0.1/localhost (cert.pem, key.pem) into
// `dir` with the openssl tool. Throws std::runtime_error on failure.
void MakeSelfSignedCertificate(const std::string& dir);

// The files directly in `dir` (or in dir/new for a Maildir), sorted.
std::vector<std::string> FilesIn(const std::string& dir);

// Decodes stored mails with parse_mail.py (Python's email package, an independent
// decoder): one object per file, in order, with subject, from, to, message_id,
// in_reply_to, references, x_ticket_id, body, ... (see parse_mail.py). Throws
// std::runtime_error when the script fails.
std::vector<Poco::JSON::Object::Ptr> DecodeMails(const std::vector<std::string>& files);

// postfix's smtp-sink on 127.0.0.1:<port> (a free one when port is 0), storing each mail
// in its own file in mail_dir() (the file begins with smtp-sink's X-Rcpt-Args etc. lines,
// then the mail as received) and printing its -c counters ("sess=1 quit=1 mesg=3") to
// log(). `options`: more smtp-sink options, e.g. {"-f", "RCPT"} (5xx), {"-r", "RCPT"}
// (4xx), {"-q", "DATA"} (disconnect). As root it drops to "nobody", who then owns the
// folder. Killed (SIGKILL) on destruction; the stored mails go with its folder. Throws
// std::runtime_error when it does not listen within 5 s.
class SmtpSink {
 public:
  explicit SmtpSink(const std::vector<std::string>& options = {}, int port = 0);

  int port() const { return port_; }
  const std::string& mail_dir() const { return mail_dir_; }
  std::string log() const { return process_->log(); }
  bool running() const { return process_->running(); }

 private:
  TempDir dir_;
  int port_ = 0;
  std::string mail_dir_;
  std::unique_ptr<ServerProcess> process_;
};

// An SMS gateway stub: a Poco HTTPServer on 127.0.0.1:<free port> (https with tls_dir's
// cert.pem and key.pem when tls_dir is given) that records every request and answers the
// scripted statuses in order, then `default_status`; optionally after a delay.
class GatewayStub {
 public:
  struct Request {
    std::string method, uri, authorization, content_type, body, client;
    int status = 0;  // what the stub answered
  };

  explicit GatewayStub(std::vector<int> script = {}, std::chrono::milliseconds delay = std::chrono::milliseconds(0),
                       const std::string& tls_dir = "", int default_status = 200);
  ~GatewayStub();
  GatewayStub(const GatewayStub&) = delete;
  GatewayStub& operator=(const GatewayStub&) = delete;

  std::string url(const std::string& path = "/sms/send") const;
  std::vector<Request> requests() const;

  struct State {
    mutable std::mutex mutex;
    std::deque<int> script;
    int default_status = 200;
    std::chrono::milliseconds delay{0};
    std::vector<Request> requests;
  };

 private:
  std::shared_ptr<State> state_;
  // The server's own threads, joined by the destructor: a handler still sleeping through
  // `delay` must not outlive the stub (ASan saw one touch Poco's statics at exit).
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
  bool tls_ = false;
};

}  // namespace incidents::testing
