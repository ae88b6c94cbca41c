#pragma once

#include <chrono>
#include <string>

namespace incidents::storage::sqlite {

// Settings of the SQLite store (config section "database.sqlite").
struct SqliteOptions {
  // "full" (default: a committed event survives power loss), "normal" or "extra".
  std::string synchronous = "full";
  // How long a writer waits for the write lock before giving up (kUnavailable).
  std::chrono::milliseconds busy_timeout{5000};
  // Connections kept open; each serves one thread at a time. WAL lets readers run
  // beside the one writer.
  int pool_size = 4;
};

}  // namespace incidents::storage::sqlite
