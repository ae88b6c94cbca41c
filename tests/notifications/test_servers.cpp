#include "test_servers.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Exception.h>
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

}  // namespace incidents::testing
