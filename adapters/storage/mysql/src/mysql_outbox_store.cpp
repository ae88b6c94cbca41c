#include "incidents/storage/mysql/mysql_stores.h"
#include "mysql_util.h"

namespace incidents::storage::mysql {

using namespace incidents::engine;

namespace {

constexpr char kColumns[] =
    "id, idempotency_key, ticket_id, event_seq, event_type, channel, recipient, recipient_ref, locale, vars, status, "
    "attempts, segments, last_error, created_at, next_attempt_ms, sent_at";

std::int64_t Ms(MillisTime t) { return t.time_since_epoch().count(); }

Result<OutboxRow> ReadRow(sql::ResultSet& s) {
  OutboxRow r;
  r.id = s.getInt64(1);
  r.idempotency_key = Str(s, 2);
  r.ticket_id = Str(s, 3);
  r.event_seq = s.getInt64(4);
  auto type = ParseEventType(Str(s, 5));
  auto channel = ParseNotificationChannel(Str(s, 6));
  auto status = ParseDeliveryStatus(Str(s, 11));
  if (!type || !channel || !status) return Status::Corruption("outbox row " + std::to_string(r.id) + " is malformed");
  r.event_type = *type;
  r.channel = *channel;
  r.recipient = Str(s, 7);
  r.recipient_ref = Str(s, 8);
  r.locale = Str(s, 9);
  r.vars = Str(s, 10);
  r.status = *status;
  r.attempts = s.getInt(12);
  r.segments = s.getInt(13);
  r.last_error = Str(s, 14);
  r.created_at = Timestamp(std::chrono::seconds(s.getInt64(15)));
  r.next_attempt_at = MillisTime(std::chrono::milliseconds(s.getInt64(16)));
  const std::int64_t sent = s.getInt64(17);
  if (!s.wasNull()) r.sent_at = Timestamp(std::chrono::seconds(sent));
  return r;
}

}  // namespace

Result<std::vector<OutboxRow>> MysqlOutboxStore::ClaimDue(MillisTime now, int limit, std::chrono::milliseconds lease) {
  std::vector<OutboxRow> rows;
  Status st = db_.Run(
      [&](sql::Connection& c) -> Status {
        rows.clear();
        // Rows another node is claiming right now are locked: SKIP LOCKED passes them by
        // instead of waiting, and the lease written below keeps them off every other
        // claimer's list after this transaction commits. The ordering subquery is a plain
        // (non-locking) read.
        static const std::string sql =
            std::string("SELECT ") + kColumns +
            " FROM outbox o WHERE o.status IN ('pending', 'failed') AND o.next_attempt_ms <= ? "
            "AND o.lease_until_ms <= ? AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ticket_id = o.ticket_id "
            "AND p.channel = o.channel AND p.recipient = o.recipient AND p.id < o.id "
            "AND p.status IN ('pending', 'failed')) ORDER BY o.id LIMIT ? FOR UPDATE SKIP LOCKED";
        {
          auto q = Prepare(c, sql);
          q->setInt64(1, Ms(now));
          q->setInt64(2, Ms(now));
          q->setInt(3, limit);
          Rows r(q->executeQuery());
          while (r->next()) {
            auto row = ReadRow(*r);
            if (!row.ok()) return row.status();
            rows.push_back(std::move(row.value()));
          }
        }
        auto lease_q = Prepare(c, "UPDATE outbox SET lease_until_ms = ? WHERE id = ?");
        for (const auto& r : rows) {
          lease_q->setInt64(1, Ms(now + lease));
          lease_q->setInt64(2, r.id);
          lease_q->executeUpdate();
        }
        return {};
      },
      /*transaction=*/true);
  if (!st.ok()) return st;
  return rows;
}

Status MysqlOutboxStore::MarkSent(std::int64_t id, Timestamp at, int segments) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "UPDATE outbox SET status = 'sent', attempts = attempts + 1, segments = ?, sent_at = ?, "
                     "last_error = '', lease_until_ms = 0 WHERE id = ?");
    q->setInt(1, segments);
    q->setInt64(2, at.time_since_epoch().count());
    q->setInt64(3, id);
    q->executeUpdate();
    return {};
  });
}

Status MysqlOutboxStore::MarkFailed(std::int64_t id, const std::string& error, MillisTime next_attempt) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, next_attempt_ms = ?, "
                     "lease_until_ms = 0 WHERE id = ?");
    q->setString(1, error);
    q->setInt64(2, Ms(next_attempt));
    q->setInt64(3, id);
    q->executeUpdate();
    return {};
  });
}

Status MysqlOutboxStore::Defer(std::int64_t id, const std::string& error, MillisTime next_attempt) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "UPDATE outbox SET last_error = ?, next_attempt_ms = ?, lease_until_ms = 0 WHERE id = ?");
    q->setString(1, error);
    q->setInt64(2, Ms(next_attempt));
    q->setInt64(3, id);
    q->executeUpdate();
    return {};
  });
}

Status MysqlOutboxStore::MarkDead(std::int64_t id, const std::string& error) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(
        c, "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ?, lease_until_ms = 0 WHERE id = ?");
    q->setString(1, error);
    q->setInt64(2, id);
    q->executeUpdate();
    return {};
  });
}

Status MysqlOutboxStore::MarkDisabled(std::int64_t id, const std::string& reason) {
  return db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c, "UPDATE outbox SET status = 'disabled', last_error = ?, lease_until_ms = 0 WHERE id = ?");
    q->setString(1, reason);
    q->setInt64(2, id);
    q->executeUpdate();
    return {};
  });
}

Result<int> MysqlOutboxStore::RequeueDead(Timestamp now) {
  int n = 0;
  Status st = db_.Write([&](sql::Connection& c) -> Status {
    auto q = Prepare(c,
                     "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_ms = ?, lease_until_ms = 0 "
                     "WHERE status = 'dead'");
    q->setInt64(1, std::int64_t{now.time_since_epoch().count()} * 1000);
    n = q->executeUpdate();
    return {};
  });
  if (!st.ok()) return st;
  return n;
}

Result<std::vector<OutboxRow>> MysqlOutboxStore::ListForTicket(const std::string& ticket_id) {
  std::vector<OutboxRow> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    static const std::string sql = std::string("SELECT ") + kColumns + " FROM outbox WHERE ticket_id = ? ORDER BY id";
    auto q = Prepare(c, sql);
    q->setString(1, ticket_id);
    Rows r(q->executeQuery());
    while (r->next()) {
      auto row = ReadRow(*r);
      if (!row.ok()) return row.status();
      out.push_back(std::move(row.value()));
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<OutboxCount>> MysqlOutboxStore::CountByStatus() {
  std::vector<OutboxCount> out;
  Status st = db_.Run([&](sql::Connection& c) -> Status {
    out.clear();
    auto q = Prepare(c, "SELECT channel, status, COUNT(*) FROM outbox GROUP BY channel, status");
    Rows r(q->executeQuery());
    while (r->next()) {
      auto ch = ParseNotificationChannel(Str(*r, 1));
      auto s = ParseDeliveryStatus(Str(*r, 2));
      if (!ch || !s) return Status::Corruption("outbox: unknown channel or status");
      out.push_back({*ch, *s, r->getInt64(3)});
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace incidents::storage::mysql
