#pragma once
// Applies the shared migration list (incidents/storage/schema_migrations.h) in MySQL's
// dialect: the same versions and tables as the SQLite store.

#include <string>

#include "incidents/engine/status.h"

namespace sql {
class Connection;
}

namespace incidents::storage::mysql {

int LatestSchemaVersion();
// Applies every migration not yet recorded in schema_migrations, holding the named lock
// 'incidents_migrate:<database>' so that two nodes starting together take turns. `collation` is
// used for every text column (utf8mb4_vietnamese_ci where the server has it).
engine::Status Migrate(sql::Connection& c, const std::string& collation);

}  // namespace incidents::storage::mysql
