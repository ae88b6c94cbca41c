// The PublicRequestStore half of MysqlTicketStore (issue 15.2): requests from people and
// businesses without an account, held until the email address is confirmed. Messages never
// carry the code (a bearer secret) nor the form (personal data); so a duplicate key is
// caught here, before MapException would quote the server's "Duplicate entry '<code>'".

#include "incidents/engine/canonical_json.h"
#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// Runs a one-row COUNT(*) with a hash and a time bound.
Result<std::int64_t> CountSince(MysqlDatabase& db, const char* text, const std::string& hash, Timestamp since) {
  std::int64_t n = 0;
  Status st = db.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, text);
    q->setString(1, hash);
    q->setInt64(2, Seconds(since));
    Rows r(q->executeQuery());
    if (!r->next()) return Status::Internal("COUNT(*) returned no row");
    n = r->getInt64(1);
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace

Status LinkPublicRequest(sql::Connection& c, const std::string& code, const std::string& ticket_id) {
  auto q = Prepare(c, "UPDATE public_requests SET ticket_id = ? WHERE code = ? AND ticket_id IS NULL");
  q->setString(1, ticket_id);
  q->setString(2, code);
  int updated = 0;
  try {
    updated = q->executeUpdate();
  } catch (const sql::SQLException& e) {
    // A UNIQUE ticket_id: this ticket already files another request.
    if (e.getErrorCode() == kErDupEntry)
      return Status::Conflict("ticket " + ticket_id + " already files another public request");
    throw;
  }
  if (updated != 1) return Status::Conflict("the public request is already confirmed, or there is no such request");
  return {};
}

Status MysqlTicketStore::CreatePublicRequest(const PublicRequest& r, const OutboxRow& mail) {
  const std::string form = ToCanonicalJson(JsonValue(r.form));
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "INSERT INTO public_requests (code, token_hash, email_hash, client_hash, form, created_at, "
                     "expires_at, ticket_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q->setString(1, r.code);
    q->setString(2, r.token_hash);
    q->setString(3, r.email_hash);
    q->setString(4, r.client_hash);
    q->setString(5, form);
    q->setInt64(6, Seconds(r.created_at));
    q->setInt64(7, Seconds(r.expires_at));
    SetOptString(*q, 8, r.ticket_id);
    try {
      q->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErDupEntry) return Status::Conflict("a public request with this code exists");
      throw;
    }
    // The confirmation mail, in the same transaction: stored only with its request.
    WriteOutboxRows(c, std::span<const OutboxRow>(&mail, 1));
    return {};
  });
}

Result<PublicRequest> MysqlTicketStore::FindPublicRequest(const std::string& code) {
  PublicRequest out;
  std::string form;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "SELECT code, token_hash, email_hash, client_hash, form, created_at, expires_at, ticket_id "
                     "FROM public_requests WHERE code = ?");
    q->setString(1, code);
    Rows r(q->executeQuery());
    if (!r->next()) return Status::NotFound("no such public request");
    out.code = Str(*r, 1);
    out.token_hash = Str(*r, 2);
    out.email_hash = Str(*r, 3);
    out.client_hash = Str(*r, 4);
    form = Str(*r, 5);
    out.created_at = At(r->getInt64(6));
    out.expires_at = At(r->getInt64(7));
    out.ticket_id = OptStr(*r, 8);
    return {};
  });
  if (!st.ok()) return st;
  auto json = ParseJson(form);
  if (!json.ok() || !json->is_object()) return Status::Corruption("a public request's form is not a JSON object");
  out.form = json->as_object();
  return out;
}

Result<std::int64_t> MysqlTicketStore::CountPublicRequestsByEmail(const std::string& email_hash, Timestamp since) {
  return CountSince(db_, "SELECT COUNT(*) FROM public_requests WHERE email_hash = ? AND created_at >= ?", email_hash,
                    since);
}

Result<std::int64_t> MysqlTicketStore::CountPublicRequestsByClient(const std::string& client_hash, Timestamp since) {
  return CountSince(db_, "SELECT COUNT(*) FROM public_requests WHERE client_hash = ? AND created_at >= ?",
                    client_hash, since);
}

Result<std::int64_t> MysqlTicketStore::PurgeExpiredPublicRequests(Timestamp now) {
  std::int64_t n = 0;
  Status st = db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "DELETE FROM public_requests WHERE ticket_id IS NULL AND expires_at < ?");
    q->setInt64(1, Seconds(now));
    n = q->executeUpdate();
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace incidents::storage::mysql
