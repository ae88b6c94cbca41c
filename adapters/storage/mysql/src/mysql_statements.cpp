#include "mysql_statements.h"

namespace incidents::storage::mysql {

namespace {

// The connection Run leased to this thread and its cache (null outside Run).
thread_local sql::Connection* tl_connection = nullptr;
thread_local StatementCache* tl_cache = nullptr;

}  // namespace

StatementCache::Entry* StatementCache::Find(sql::Connection& c, const std::string& text) {
  if (auto it = entries_.find(text); it != entries_.end()) return &it->second;
  if (entries_.size() >= kMaxStatements) return nullptr;
  std::unique_ptr<sql::PreparedStatement> statement(c.prepareStatement(text));  // may throw: nothing kept
  Entry& e = entries_[text];
  e.statement = std::move(statement);
  return &e;
}

StatementScope::StatementScope(sql::Connection& c, StatementCache& cache)
    : previous_connection_(tl_connection), previous_cache_(tl_cache) {
  tl_connection = &c;
  tl_cache = &cache;
}

StatementScope::~StatementScope() {
  tl_connection = previous_connection_;
  tl_cache = previous_cache_;
}

Stmt Prepare(sql::Connection& c, const std::string& text) {
  if (tl_cache && tl_connection == &c) {
    if (StatementCache::Entry* e = tl_cache->Find(c, text); e && !e->in_use) {
      e->statement->clearParameters();
      return Stmt(e);
    }
  }
  return Stmt(std::unique_ptr<sql::PreparedStatement>(c.prepareStatement(text)));
}

}  // namespace incidents::storage::mysql
