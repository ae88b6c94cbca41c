#include "incidents/storage/database_url.h"

#include <charconv>

namespace incidents::storage {

using engine::Status;

std::string DatabaseUrl::Redacted() const {
  if (kind == Kind::kSqlite) return "sqlite:" + path;
  std::string nodes = host + ":" + std::to_string(port);
  for (const Node& n : more_nodes) nodes += "," + n.host + ":" + std::to_string(n.port);
  return "mysql://" + user + (password.empty() ? "" : ":***") + "@" + nodes + "/" + database;
}

namespace {

// One HOST[:PORT] of the list; false on a bad port.
bool ParseNode(std::string_view text, DatabaseUrl::Node& node) {
  const auto pcolon = text.rfind(':');
  node.host = std::string(text.substr(0, pcolon));
  if (pcolon != std::string_view::npos) {
    std::string_view p = text.substr(pcolon + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), node.port);
    if (ec != std::errc() || ptr != p.data() + p.size() || node.port <= 0 || node.port > 65535) return false;
  }
  return true;
}

}  // namespace

using Node = DatabaseUrl::Node;

engine::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text) {
  DatabaseUrl url;
  if (text.substr(0, 7) == "sqlite:") {
    url.kind = DatabaseUrl::Kind::kSqlite;
    url.path = std::string(text.substr(7));
    if (url.path.substr(0, 2) == "//") url.path = url.path.substr(2);  // sqlite://PATH is accepted too
    if (url.path.empty()) return Status::InvalidValue("database URL 'sqlite:' needs a file path");
    return url;
  }
  if (text.substr(0, 8) != "mysql://")
    return Status::InvalidValue("database URL must start with sqlite: or mysql:// (got '" +
                                std::string(text.substr(0, text.find(':'))) + ":...')");
  std::string_view rest = text.substr(8);
  const auto at = rest.rfind('@');
  const auto slash = rest.find('/', at == std::string_view::npos ? 0 : at);
  if (at == std::string_view::npos || slash == std::string_view::npos)
    return Status::InvalidValue("database URL must look like mysql://USER:PASSWORD@HOST:PORT/DATABASE");
  std::string_view cred = rest.substr(0, at);
  std::string_view hostport = rest.substr(at + 1, slash - at - 1);
  url.kind = DatabaseUrl::Kind::kMysql;
  url.database = std::string(rest.substr(slash + 1));
  const auto colon = cred.find(':');
  url.user = std::string(cred.substr(0, colon));
  if (colon != std::string_view::npos) url.password = std::string(cred.substr(colon + 1));
  std::vector<Node> nodes;
  for (size_t start = 0;;) {
    const auto comma = hostport.find(',', start);
    Node node;
    if (!ParseNode(hostport.substr(start, comma == std::string_view::npos ? comma : comma - start), node))
      return Status::InvalidValue("database URL has a bad port");
    nodes.push_back(std::move(node));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  url.host = nodes.front().host;
  url.port = nodes.front().port;
  url.more_nodes.assign(nodes.begin() + 1, nodes.end());
  for (const Node& n : url.more_nodes)
    if (n.host.empty()) return Status::InvalidValue("database URL has an empty host in its list of nodes");
  if (url.user.empty() || url.host.empty() || url.database.empty())
    return Status::InvalidValue("database URL needs a user, a host and a database name");
  return url;
}

}  // namespace incidents::storage
