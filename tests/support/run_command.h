#pragma once
// Runs a shell command line and collects what it prints (stdout and stderr together, with
// `2>&1` appended): the black-box tests of the command-line tools use it. REQUIREs that the
// shell starts; a command killed by a signal has exit_code -1.

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace incidents::testing {

struct CommandRun {
  int exit_code;
  std::string output;
};

inline CommandRun RunCommand(const std::string& command) {
  const std::string line = command + " 2>&1";
  FILE* p = popen(line.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace incidents::testing
