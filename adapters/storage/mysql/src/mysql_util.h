#pragma once
// Helpers shared by the MySQL stores (internal).

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "incidents/engine/directory.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/report.h"
#include "incidents/engine/status.h"
#include "mysql_statements.h"

namespace incidents::storage::mysql {

// MySQL / MariaDB client and server error codes the adapter treats specially.
inline constexpr int kErDupEntry = 1062;
inline constexpr int kErLockWaitTimeout = 1205;
inline constexpr int kErLockDeadlock = 1213;
inline constexpr int kErNoReferencedRow = 1452;
inline constexpr int kCrConnectionError = 2002;
inline constexpr int kCrConnHostError = 2003;
inline constexpr int kCrServerGone = 2006;
inline constexpr int kCrServerLost = 2013;

inline bool IsConnectionLost(int code) {
  return code == kCrConnectionError || code == kCrConnHostError || code == kCrServerGone || code == kCrServerLost ||
         code == 2055 /* lost connection at reading */ || code == 1927 /* connection killed */ ||
         code == 1047 /* a Galera node outside the primary component (or not yet synced) */;
}

// Maps a connector exception to the engine's error type.
engine::Status MapException(const sql::SQLException& e, const std::string& what);

using Rows = std::unique_ptr<sql::ResultSet>;

inline void SetOptString(sql::PreparedStatement& s, int i, const std::optional<std::string>& v) {
  if (v) s.setString(i, *v);
  else s.setNull(i, sql::DataType::VARCHAR);
}

inline std::string Str(sql::ResultSet& r, int i) { return r.getString(i).asStdString(); }
inline std::optional<std::string> OptStr(sql::ResultSet& r, int i) {
  std::string v = r.getString(i).asStdString();
  if (r.wasNull()) return std::nullopt;
  return v;
}

// The users columns in the order UserFromRow reads them, starting at column `first`.
inline constexpr const char* kUserColumns = "username, display_name, org_id, roles, email, phone, password_hash, active";
engine::Result<engine::User> UserFromRow(sql::ResultSet& r, int first);

// Answers an Idempotency-Key inside the caller's transaction: only while (username, key) is
// still in flight under completion.claim; kClaimLost otherwise, and the caller's
// transaction must then fail so that nothing it wrote stays. Used by
// IdempotencyStore::Complete and by the ticket and directory commits that carry their
// request's answer (issue 14.3).
engine::Status CompleteIdempotencyKey(sql::Connection& c, const engine::IdempotencyCompletion& completion);

// Inserts outbox rows as pending inside the caller's transaction. Used by the ticket
// commit (the notifications of its event) and by CreatePublicRequest (the confirmation
// mail). Throws sql::SQLException.
void WriteOutboxRows(sql::Connection& c, std::span<const engine::OutboxRow> rows);

// Links the public request `code` to `ticket_id` inside the caller's transaction, only
// while it is not linked yet: kConflict when no row was updated (already confirmed, or no
// such code), and the caller's transaction must then fail. Used by the ticket commit for
// TicketCommit::confirms.
engine::Status LinkPublicRequest(sql::Connection& c, const std::string& code, const std::string& ticket_id);

// Replaces the ticket's ticket_figures row (issue 16) inside the caller's transaction.
// Throws sql::SQLException.
void WriteFigures(sql::Connection& c, const engine::TicketFigures& figures);

}  // namespace incidents::storage::mysql
