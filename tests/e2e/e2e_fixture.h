#pragma once
// Shared scaffolding for the e2e tests: a fresh incidentd on a fresh database of the selected
// store (test_database.h) with the demo directory, a client, and lazily obtained tokens for
// the demo users.

#include <map>
#include <memory>
#include <string>

#include "http_client.h"
#include "incidentd_process.h"
#include "json_support.h"
#include "test_database.h"
#include "temp_dir.h"

namespace e2e {

struct DemoServer {
  explicit DemoServer(std::vector<std::string> extra_args = {});

  // A token for the demo user (logs in once, then cached).
  const std::string& Token(const std::string& username);

  // POST /api/v1/tickets as `username`; REQUIREs 201 and returns the ticket.
  Poco::JSON::Object::Ptr CreateTicket(const std::string& username, const Poco::JSON::Object::Ptr& body);
  // A ticket with default fields; `title` is also used in the description.
  Poco::JSON::Object::Ptr CreateTicket(const std::string& username, const std::string& title,
                                       const std::vector<std::string>& parties = {},
                                       const std::string& category = "data_discrepancy",
                                       const std::string& priority = "normal");

  // POST /api/v1/tickets/{id}/events with {"type": type, ...payload}.
  Response PostEvent(const std::string& username, const std::string& id, const std::string& type,
                     const Poco::JSON::Object::Ptr& payload = nullptr, const std::string& idempotency_key = "");
  Response GetTicket(const std::string& username, const std::string& id);
  Poco::JSON::Array::Ptr History(const std::string& username, const std::string& id);

  incidents::testing::TempDir dir;
  std::unique_ptr<IncidentdProcess> server;
  std::unique_ptr<Client> client;
  std::map<std::string, std::string> tokens;
};

std::string TicketPath(const std::string& id);

}  // namespace e2e
