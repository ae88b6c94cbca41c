#pragma once
// The --database URL of spec/API.md: `sqlite:PATH` or
// `mysql://USER:PASSWORD@HOST:PORT/DATABASE`, where HOST:PORT may be a comma-separated list
// of the nodes of one Galera cluster (`mysql://u:p@h1:3306,h2:3306,h3:3306/db`): every
// connection goes to the first node of the list that is reachable and synced
// (docs/galera.md). Value type.

#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"

namespace incidents::storage {

struct DatabaseUrl {
  enum class Kind { kSqlite, kMysql };
  Kind kind = Kind::kSqlite;
  std::string path;  // sqlite
  std::string user, password, host, database;  // mysql
  int port = 3306;  // host:port is the first node of the list
  // mysql: the further nodes of a host list, in order (empty for one server).
  struct Node {
    std::string host;
    int port = 3306;
  };
  std::vector<Node> more_nodes;

  // The URL with the password replaced by "***", for logs and errors.
  std::string Redacted() const;
};

// kInvalidValue with a message that never contains the password.
engine::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text);

}  // namespace incidents::storage
