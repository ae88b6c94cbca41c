#pragma once
// IncidentdProcess: the real incidentd binary as a child process, for black-box tests.
//
//   incidentd --listen 127.0.0.1:0 --database URL [--demo] [extra args...]
//
// started with fork/exec in the folder of its log file, not the repository (the binary finds
// config/incidentd.json, config/demo-directory.csv and web/ from its own place, as an
// installed one does), stdout and stderr redirected to a log file. The destructor always
// kills and reaps the child, whatever the test did.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace e2e {

using namespace std::chrono_literals;

struct ServerOptions {
  std::string database;                 // full URL, e.g. "sqlite:/tmp/x/x.db" or "mysql://..."
  std::string listen = "127.0.0.1:0";
  bool demo = true;
  std::vector<std::string> extra_args;  // appended after the standard ones
  // The scheduled report drafts (issue 16.4) mail DoICT's leadership at every start: off
  // (--set reports.drafts.enabled=false before extra_args) so that the mails and outbox
  // rows a case counts are its own; a case about the drafts turns them on again in
  // extra_args (a later --set wins).
  bool report_drafts = false;
  std::string log_path;                 // where stdout+stderr go
};

class IncidentdProcess {
 public:
  // Launches the binary; does not wait for it to listen (see WaitListening).
  explicit IncidentdProcess(ServerOptions options);
  ~IncidentdProcess();
  IncidentdProcess(const IncidentdProcess&) = delete;
  IncidentdProcess& operator=(const IncidentdProcess&) = delete;

  // Polls the log for "listening on 127.0.0.1:PORT". False on timeout or if the child exits.
  bool WaitListening(std::chrono::milliseconds timeout = 20s);
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const ServerOptions& options() const { return options_; }

  void Signal(int sig);
  // Waits for the child to exit: its exit code, 128 + signal if a signal ended it, or
  // nullopt on timeout (the child keeps running).
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  // SIGTERM, then wait (15 s); REQUIREs exit code 0 (the log is shown on failure).
  int Stop();
  // SIGKILL and reap.
  void Kill();
  std::optional<int> exit_code() const { return exit_code_; }
  bool running() const { return pid_ > 0 && !exit_code_; }

  std::string Log() const;
  std::vector<std::string> LogLines() const;

 private:
  bool Reap(bool block);

  ServerOptions options_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::optional<int> exit_code_;
};

// For tests: starts incidentd on TestDatabaseUrl(dir, db_name) (test_database.h: the SQLite
// file dir/<db_name>, or the MariaDB database that stands for it) with --demo and the extra
// args, REQUIREs that it listens (the log is shown otherwise).
std::unique_ptr<IncidentdProcess> StartServer(const incidents::testing::TempDir& dir,
                                              std::vector<std::string> extra_args = {},
                                              const std::string& db_name = "x.db", bool demo = true);

// Starts incidentd with exactly these options and waits for it to exit (timeout 20 s).
// Returns the exit code (nullopt on timeout) and fills `log`.
std::optional<int> RunToExit(ServerOptions options, std::string& log);

// Runs a command line (argv[0] a path), waits, returns {exit code, stdout+stderr}.
struct RunResult {
  int exit_code = -1;
  std::string output;
};
RunResult RunCommand(const std::vector<std::string>& argv);

}  // namespace e2e
