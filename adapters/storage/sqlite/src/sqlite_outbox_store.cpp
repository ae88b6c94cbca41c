#include "incidents/storage/sqlite/sqlite_outbox_store.h"

#include "sqlite_connection.h"

namespace incidents::storage::sqlite {

using namespace incidents::engine;

namespace {

constexpr char kColumns[] =
    "id, idempotency_key, ticket_id, event_seq, event_type, channel, recipient, recipient_ref, locale, vars, status, "
    "attempts, segments, last_error, created_at, next_attempt_ms, sent_at";

std::int64_t Ms(MillisTime t) { return t.time_since_epoch().count(); }

Result<OutboxRow> ReadRow(Statement& s) {
  OutboxRow r;
  r.id = s.Int(0);
  r.idempotency_key = s.Text(1);
  r.ticket_id = s.Text(2);
  r.event_seq = s.Int(3);
  auto type = ParseEventType(s.Text(4));
  auto channel = ParseNotificationChannel(s.Text(5));
  auto status = ParseDeliveryStatus(s.Text(10));
  if (!type || !channel || !status) return Status::Corruption("outbox row " + std::to_string(r.id) + " is malformed");
  r.event_type = *type;
  r.channel = *channel;
  r.recipient = s.Text(6);
  r.recipient_ref = s.Text(7);
  r.locale = s.Text(8);
  r.vars = s.Text(9);
  r.status = *status;
  r.attempts = static_cast<int>(s.Int(11));
  r.segments = static_cast<int>(s.Int(12));
  r.last_error = s.Text(13);
  r.created_at = Timestamp(std::chrono::seconds(s.Int(14)));
  r.next_attempt_at = MillisTime(std::chrono::milliseconds(s.Int(15)));
  if (!s.IsNull(16)) r.sent_at = Timestamp(std::chrono::seconds(s.Int(16)));
  return r;
}

}  // namespace

Result<std::vector<OutboxRow>> SqliteOutboxStore::ClaimDue(MillisTime now, int limit, std::chrono::milliseconds lease) {
  std::vector<OutboxRow> rows;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    rows.clear();
    static const std::string sql =
        std::string("SELECT ") + kColumns +
        " FROM outbox o WHERE o.status IN ('pending', 'failed') AND o.next_attempt_ms <= ?1 "
        "AND o.lease_until_ms <= ?1 AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ticket_id = o.ticket_id "
        "AND p.channel = o.channel AND p.recipient = o.recipient AND p.id < o.id "
        "AND p.status IN ('pending', 'failed')) ORDER BY o.id LIMIT ?2";
    {
      auto q = c.Prepare(sql.c_str());
      if (!q.ok()) return q.status();
      (*q)->Bind(1, Ms(now)).Bind(2, std::int64_t{limit});
      while (true) {
        auto row = (*q)->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        auto r = ReadRow(**q);
        if (!r.ok()) return r.status();
        rows.push_back(std::move(r.value()));
      }
    }
    auto lease_q = c.Prepare("UPDATE outbox SET lease_until_ms = ?2 WHERE id = ?1");
    if (!lease_q.ok()) return lease_q.status();
    for (const auto& r : rows) {
      (*lease_q)->Reset();
      (*lease_q)->Bind(1, r.id).Bind(2, Ms(now + lease));
      if (Status s = (*lease_q)->Run(); !s.ok()) return s;
    }
    return {};
  });
  if (!st.ok()) return st;
  return rows;
}

Status SqliteOutboxStore::MarkSent(std::int64_t id, Timestamp at, int segments) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, segments = ?2, sent_at = ?3, last_error = '', "
        "lease_until_ms = 0 WHERE id = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, id).Bind(2, std::int64_t{segments}).Bind(3, std::int64_t{at.time_since_epoch().count()});
    return (*q)->Run();
  });
}

Status SqliteOutboxStore::MarkFailed(std::int64_t id, const std::string& error, MillisTime next_attempt) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?2, next_attempt_ms = ?3, "
        "lease_until_ms = 0 WHERE id = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, id).Bind(2, error).Bind(3, Ms(next_attempt));
    return (*q)->Run();
  });
}

Status SqliteOutboxStore::Defer(std::int64_t id, const std::string& error, MillisTime next_attempt) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("UPDATE outbox SET last_error = ?2, next_attempt_ms = ?3, lease_until_ms = 0 WHERE id = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, id).Bind(2, error).Bind(3, Ms(next_attempt));
    return (*q)->Run();
  });
}

Status SqliteOutboxStore::MarkDead(std::int64_t id, const std::string& error) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ?2, lease_until_ms = 0 WHERE id = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, id).Bind(2, error);
    return (*q)->Run();
  });
}

Status SqliteOutboxStore::MarkDisabled(std::int64_t id, const std::string& reason) {
  return db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare("UPDATE outbox SET status = 'disabled', last_error = ?2, lease_until_ms = 0 WHERE id = ?1");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, id).Bind(2, reason);
    return (*q)->Run();
  });
}

Result<int> SqliteOutboxStore::RequeueDead(Timestamp now) {
  int n = 0;
  Status st = db_.Write([&](SqliteConnection& c) -> Status {
    auto q = c.Prepare(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_ms = ?1, lease_until_ms = 0 "
        "WHERE status = 'dead'");
    if (!q.ok()) return q.status();
    (*q)->Bind(1, std::int64_t{now.time_since_epoch().count()} * 1000);
    Status r = (*q)->Run();
    n = c.Changes();
    return r;
  });
  if (!st.ok()) return st;
  return n;
}

Result<std::vector<OutboxRow>> SqliteOutboxStore::ListForTicket(const std::string& ticket_id) {
  auto c = db_.Acquire();
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM outbox WHERE ticket_id = ?1 ORDER BY id";
  auto q = c->Prepare(sql.c_str());
  if (!q.ok()) return q.status();
  (*q)->Bind(1, ticket_id);
  std::vector<OutboxRow> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    auto r = ReadRow(**q);
    if (!r.ok()) return r.status();
    out.push_back(std::move(r.value()));
  }
  return out;
}

Result<std::vector<OutboxCount>> SqliteOutboxStore::CountByStatus() {
  auto c = db_.Acquire();
  auto q = c->Prepare("SELECT channel, status, COUNT(*) FROM outbox GROUP BY channel, status");
  if (!q.ok()) return q.status();
  std::vector<OutboxCount> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) break;
    auto ch = ParseNotificationChannel((*q)->Text(0));
    auto st = ParseDeliveryStatus((*q)->Text(1));
    if (!ch || !st) return Status::Corruption("outbox: unknown channel or status");
    out.push_back({*ch, *st, (*q)->Int(2)});
  }
  return out;
}

}  // namespace incidents::storage::sqlite
