// The PublicRequestStore half of SqliteTicketStore (issue 15.2): requests from people and
// businesses without an account, held until the email address is confirmed. Messages never
// carry the code (a bearer secret) nor the form (personal data).

#include "incidents/engine/canonical_json.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

std::int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// Runs a one-row COUNT(*) with a hash and a time bound.
Result<std::int64_t> CountSince(SqliteDatabase& db, const char* sql, const std::string& hash, Timestamp since) {
  auto c = db.Acquire();
  auto q = c->Prepare(sql);
  if (!q.ok()) return q.status();
  (*q)->Bind(1, hash).Bind(2, Seconds(since));
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return Status::Internal("COUNT(*) returned no row");
  return (*q)->Int(0);
}

}  // namespace

Status LinkPublicRequest(SqliteConnection& c, const std::string& code, const std::string& ticket_id) {
  auto q = c.Prepare("UPDATE public_requests SET ticket_id = ?2 WHERE code = ?1 AND ticket_id IS NULL");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, code).Bind(2, ticket_id);
  if (Status st = (*q)->Run(); !st.ok()) {
    // A UNIQUE ticket_id: this ticket already files another request.
    if (st.code() == ErrorCode::kConflict)
      return Status::Conflict("ticket " + ticket_id + " cannot file the public request: " + st.message());
    return st;
  }
  if (c.Changes() != 1) return Status::Conflict("the public request is already confirmed, or there is no such request");
  return {};
}

Status SqliteTicketStore::CreatePublicRequest(const PublicRequest& r, const OutboxRow& mail) {
  const std::string form = ToCanonicalJson(JsonValue(r.form));
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "INSERT INTO public_requests (code, token_hash, email_hash, client_hash, form, created_at, expires_at, "
        "ticket_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, r.code).Bind(2, r.token_hash).Bind(3, r.email_hash).Bind(4, r.client_hash).Bind(5, form);
    (*q)->Bind(6, Seconds(r.created_at)).Bind(7, Seconds(r.expires_at)).BindOptional(8, r.ticket_id);
    if (Status st = (*q)->Run(); !st.ok()) {
      if (st.code() == ErrorCode::kConflict) return Status::Conflict("a public request with this code exists");
      return st;
    }
    // The confirmation mail, in the same transaction: stored only with its request.
    return WriteOutboxRows(c, std::span<const OutboxRow>(&mail, 1));
  });
}

Result<PublicRequest> SqliteTicketStore::FindPublicRequest(const std::string& code) {
  auto c = db_.Acquire();
  auto q = c->Prepare(
      "SELECT code, token_hash, email_hash, client_hash, form, created_at, expires_at, ticket_id "
      "FROM public_requests WHERE code = ?1");
  if (!q.ok()) return q.status();
  (*q)->Bind(1, code);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!row.value()) return Status::NotFound("no such public request");
  Statement& s = **q;
  auto form = ParseJson(s.Text(4));
  if (!form.ok() || !form->is_object()) return Status::Corruption("a public request's form is not a JSON object");
  PublicRequest r;
  r.code = s.Text(0);
  r.token_hash = s.Text(1);
  r.email_hash = s.Text(2);
  r.client_hash = s.Text(3);
  r.form = form->as_object();
  r.created_at = At(s.Int(5));
  r.expires_at = At(s.Int(6));
  r.ticket_id = s.OptText(7);
  return r;
}

Result<std::int64_t> SqliteTicketStore::CountPublicRequestsByEmail(const std::string& email_hash, Timestamp since) {
  return CountSince(db_, "SELECT COUNT(*) FROM public_requests WHERE email_hash = ?1 AND created_at >= ?2",
                    email_hash, since);
}

Result<std::int64_t> SqliteTicketStore::CountPublicRequestsByClient(const std::string& client_hash, Timestamp since) {
  return CountSince(db_, "SELECT COUNT(*) FROM public_requests WHERE client_hash = ?1 AND created_at >= ?2",
                    client_hash, since);
}

Result<std::int64_t> SqliteTicketStore::PurgeExpiredPublicRequests(Timestamp now) {
  std::int64_t n = 0;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    // `ticket_id IS NULL` as written in the partial index public_requests_expiry.
    auto q = c.Prepare("DELETE FROM public_requests WHERE ticket_id IS NULL AND expires_at < ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, Seconds(now));
    if (Status r = (*q)->Run(); !r.ok()) return r;
    n = c.Changes();
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace incidents::storage::sqlite
