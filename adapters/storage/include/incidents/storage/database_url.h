#pragma once
// The --database URL of spec/API.md: `sqlite:PATH` or
// `mysql://USER:PASSWORD@HOST:PORT/DATABASE`. Value type.

#include <string>
#include <string_view>

#include "incidents/engine/status.h"

namespace incidents::storage {

struct DatabaseUrl {
  enum class Kind { kSqlite, kMysql };
  Kind kind = Kind::kSqlite;
  std::string path;  // sqlite
  std::string user, password, host, database;  // mysql
  int port = 3306;

  // The URL with the password replaced by "***", for logs and errors.
  std::string Redacted() const;
};

// kInvalidValue with a message that never contains the password.
engine::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text);

}  // namespace incidents::storage
