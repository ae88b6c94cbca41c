#include "incidentd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_database.h"

namespace e2e {

namespace {

std::atomic<int> g_log_counter{0};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// fork + exec in the folder of `log_path` (a test's own, never the repository: incidentd
// finds its files from its executable, install_layout.h) with stdout/stderr into
// `log_path`. Everything the child needs is prepared before fork (only async-signal-safe
// calls after it).
pid_t Spawn(const std::vector<std::string>& args, const std::string& log_path) {
  const std::string cwd = std::filesystem::path(log_path).parent_path().string();
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + log_path);
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    if (devnull >= 0) ::close(devnull);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    if (::chdir(cwd.empty() ? "/" : cwd.c_str()) != 0) _exit(126);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    // The test process may block signals in some threads; the child starts clean.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(fd);
  if (devnull >= 0) ::close(devnull);
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

IncidentdProcess::IncidentdProcess(ServerOptions options) : options_(std::move(options)) {
  std::vector<std::string> args{INCIDENTD_PATH, "--listen", options_.listen};
  if (!options_.database.empty()) {
    args.push_back("--database");
    args.push_back(options_.database);
  }
  if (options_.demo) args.push_back("--demo");
  if (!options_.report_drafts) args.insert(args.end(), {"--set", "reports.drafts.enabled=false"});
  for (const auto& a : options_.extra_args) args.push_back(a);
  pid_ = Spawn(args, options_.log_path);
}

IncidentdProcess::~IncidentdProcess() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    Reap(true);
  }
}

bool IncidentdProcess::Reap(bool block) {
  if (pid_ <= 0 || exit_code_) return true;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) {
    exit_code_ = DecodeStatus(status);
    return true;
  }
  return false;
}

bool IncidentdProcess::WaitListening(std::chrono::milliseconds timeout) {
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+))");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string log = Log();
    if (std::regex_search(log, m, kListening)) {
      port_ = std::stoi(m[1].str());
      return port_ > 0;
    }
    if (Reap(false)) return false;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

void IncidentdProcess::Signal(int sig) {
  if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

std::optional<int> IncidentdProcess::WaitExit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (Reap(false)) return exit_code_;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
}

int IncidentdProcess::Stop() {
  Signal(SIGTERM);
  const auto code = WaitExit(15s);
  INFO("incidentd log:\n" << Log());
  REQUIRE(code.has_value());  // it stopped within 15 s of SIGTERM
  REQUIRE(*code == 0);
  return *code;
}

void IncidentdProcess::Kill() {
  Signal(SIGKILL);
  Reap(true);
}

std::string IncidentdProcess::Log() const { return ReadFile(options_.log_path); }

std::vector<std::string> IncidentdProcess::LogLines() const {
  std::vector<std::string> out;
  std::istringstream in(Log());
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

std::unique_ptr<IncidentdProcess> StartServer(const incidents::testing::TempDir& dir,
                                              std::vector<std::string> extra_args, const std::string& db_name,
                                              bool demo) {
  ServerOptions o;
  o.database = TestDatabaseUrl(dir, db_name);
  o.demo = demo;
  o.extra_args = std::move(extra_args);
  o.log_path = dir.File("incidentd-" + std::to_string(++g_log_counter) + ".log");
  auto p = std::make_unique<IncidentdProcess>(o);
  const bool listening = p->WaitListening();
  INFO("incidentd did not log 'listening on 127.0.0.1:PORT' within 20 s; its log:\n" << p->Log());
  REQUIRE(listening);
  return p;
}

std::optional<int> RunToExit(ServerOptions options, std::string& log) {
  const bool temporary_log = options.log_path.empty();
  if (temporary_log)
    options.log_path = "/tmp/incidentd-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(++g_log_counter) + ".log";
  std::optional<int> code;
  {
    IncidentdProcess p(options);
    code = p.WaitExit(20s);
    log = p.Log();
  }
  if (temporary_log) ::unlink(options.log_path.c_str());
  return code;
}

RunResult RunCommand(const std::vector<std::string>& argv) {
  const std::string log = "/tmp/incidentd-e2e-cmd-" + std::to_string(::getpid()) + "-" +
                          std::to_string(++g_log_counter) + ".log";
  const pid_t pid = Spawn(argv, log);
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult r{DecodeStatus(status), ReadFile(log)};
  ::unlink(log.c_str());
  return r;
}

}  // namespace e2e
