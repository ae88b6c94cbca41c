#pragma once
// The schema as an ordered list of migrations. A migration, once released, is never
// edited: changes go into a new one with the next version.

#include "incidents/engine/status.h"

namespace incidents::storage::sqlite {

class SqliteConnection;

// Applies every migration newer than the database's schema_migrations, each in its own
// write transaction.
engine::Status Migrate(SqliteConnection& c);

// The number of the newest migration this build knows.
int LatestSchemaVersion();

}  // namespace incidents::storage::sqlite
