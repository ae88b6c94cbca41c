#pragma once
// The storage settings: StorageOptions, whose initializers are the defaults of incidentd's
// "storage" section (config/README.md), the default --database URL, and the section's
// parser. In a library of its own (incidents_storage_settings, the engine only) so that
// the config library can parse the section without linking the database backends.

#include <string>
#include <string_view>

#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::storage {

// The top-level key `database` (and --database) when neither sets it.
inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite:var/incidents.db";

struct StorageOptions {
  // SQLite's PRAGMA synchronous: "full" (a committed event survives power loss), "normal"
  // or "extra". Not used on MySQL/MariaDB.
  std::string sqlite_synchronous = "full";
  // Connections per node: SQLite readers (one writer thread besides), MySQL/MariaDB
  // connections for reads and writes. With 4, a node on MariaDB served ~25% fewer
  // requests (bench/RESULTS.md).
  int pool_size = 16;
  // SQLite: how long a write waits for a lock held by another process.
  int busy_timeout_ms = 5000;
};

inline constexpr char kStorageSection[] = "storage";

// The section with every key at StorageOptions{}'s value.
engine::JsonValue DefaultStorageSection();

// sqlite_synchronous, pool_size (1..64), busy_timeout_ms (0..600000). An absent key keeps
// its default; InvalidValue naming the key ("config: 'storage.pool_size' ...") otherwise.
engine::Result<StorageOptions> ParseStorageSection(const engine::JsonValue& section);

}  // namespace incidents::storage
