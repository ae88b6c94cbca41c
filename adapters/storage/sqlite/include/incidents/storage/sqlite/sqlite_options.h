#pragma once

#include <chrono>
#include <string>

namespace incidents::storage::sqlite {

// Settings of the SQLite store. incidentd fills them from its "storage" section
// (storage.sqlite_synchronous, storage.pool_size, storage.busy_timeout_ms; defaults in
// storage_settings.h) through OpenStorage; the defaults here serve those who open the
// store directly (tests, benchmarks).
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
