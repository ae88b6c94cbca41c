#pragma once
// Real servers for the channel integration tests: child processes (smtp-sink, aiosmtpd,
// openssl) and helpers around them. Not thread-safe; one test at a time.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace Poco {
class ProcessHandle;
}

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

}  // namespace incidents::testing
