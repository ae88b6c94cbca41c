#pragma once
// Storage: the stores behind one database URL, opened and migrated. The composition
// roots (incidentd, incidentctl) use this and see no SQL.
//
// Thread safety: the stores are thread-safe. Lifetime: keep the Storage alive while the
// stores are used.

#include <memory>

#include "incidents/engine/directory_store.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/timer_store.h"
#include "incidents/engine/session_store.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/storage/database_url.h"
#include "incidents/storage/storage_settings.h"  // StorageOptions

namespace incidents::storage {

class Storage {
 public:
  virtual ~Storage() = default;
  virtual engine::TicketStore& tickets() = 0;
  virtual engine::DirectoryStore& directory() = 0;
  virtual engine::SessionStore& sessions() = 0;
  virtual engine::IdempotencyStore& idempotency() = 0;
  virtual engine::OutboxStore& outbox() = 0;
  virtual engine::TimerStore& timers() = 0;
};

// kUnavailable when the database cannot be reached; kInvalidValue for a bad URL or a
// backend this build lacks.
engine::Result<std::unique_ptr<Storage>> OpenStorage(const DatabaseUrl& url, const StorageOptions& options);

}  // namespace incidents::storage
