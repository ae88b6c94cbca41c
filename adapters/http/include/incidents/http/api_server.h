#pragma once
// ApiServer: the HTTP API v1 of spec/API.md on a Poco HTTPServer. The handlers translate
// HTTP to engine calls; they never touch SQL or the state machine.
//
// Thread safety: Start/Stop from one thread; requests are served by the server's pool.
// Lifetime: every service passed in must outlive the server.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/clock.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/directory_service.h"
#include "incidents/engine/idempotency_store.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/public_request_service.h"
#include "incidents/engine/report_service.h"
#include "incidents/engine/session_store.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/engine/ticket_store.h"
#include "incidents/http/http_settings.h"  // ApiServerOptions
#include "incidents/http/metrics.h"

namespace spdlog {
class logger;
}

namespace incidents::http {

struct ApiServices {
  engine::TicketService& tickets;
  engine::TicketStore& ticket_store;
  engine::Directory& directory;
  engine::SessionStore& sessions;
  engine::IdempotencyStore& idempotency;
  const engine::Clock& clock;
  const engine::BusinessCalendar& calendar;
  // Administration of the directory: the writes of /api/v1/orgs, /users, /focal-points and
  // the passwords, over the same store as `directory`.
  engine::DirectoryService& directory_admin;
  engine::OutboxStore* outbox = nullptr;  // deliveries per ticket and in /metrics; optional
  Metrics* metrics = nullptr;             // required; register it as a commit listener too
  // Sends one account mail (a set-password link) at once, while the administrator waits
  // for the answer. Optional: without it, or when it fails, the link is only in the
  // administrator's response ("mailed": false). `body` holds the link: an implementation
  // must not log it.
  std::function<engine::Status(const std::string& to, const std::string& subject, const std::string& body)>
      send_account_mail;
  // Tickets by workflow and state for /metrics, asked at each scrape (one GROUP BY in a
  // database: storage::Storage::CountTickets). Optional: without it /metrics counts them by
  // listing every ticket through `ticket_store`, which suits a small or in-memory store only.
  std::function<engine::Result<std::vector<TicketCount>>()> count_tickets;
  // Data-sharing requests from people and businesses without an account (issue 15.2).
  // Optional: without it /api/v1/public/data-requests answers 404.
  engine::PublicRequestService* public_requests = nullptr;
  // Reports of a period (issue 16). Optional: without it /api/v1/reports/* answer 404.
  engine::ReportService* reports = nullptr;
  // Readiness for /readyz: the database answers (storage::Storage::Ping), asked at each
  // probe. Optional: without it /readyz answers as /healthz does.
  std::function<engine::Status()> ready;
};

class ApiServer {
 public:
  // Binds and starts serving. kUnavailable with a clear message when the address is busy
  // or cannot be bound.
  static engine::Result<std::unique_ptr<ApiServer>> Start(const ApiServerOptions& options, ApiServices services,
                                                         std::shared_ptr<spdlog::logger> log);
  ~ApiServer();

  // The bound address, with the real port.
  std::string address() const;
  int port() const;

  // Stops accepting, lets requests in flight finish (up to `grace`), then closes.
  void Stop(std::chrono::milliseconds grace);

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace incidents::http
