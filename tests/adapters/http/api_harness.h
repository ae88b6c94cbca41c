#pragma once
// ApiHarness: everything the router needs, wired as ApiServer wires it, without sockets:
// the DemoFixture (in-memory tickets and directory, a ManualClock at DemoStart()), demo
// users with password "demo" (hashed with few iterations, for speed), the real SQLite
// session and idempotency stores on a temp file (the in-memory ticket store completes keys
// there when a commit carries an answer), and the default business calendar.
// Requests go straight to Dispatch(). Not thread-safe to set up; Call() is thread-safe.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>

#include "api_context.h"
#include "api_types.h"
#include "demo_fixture.h"
#include "fakes.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/directory_service.h"
#include "incidents/engine/public_request_service.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/base/password.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_session_store.h"
#include "router.h"
#include "temp_dir.h"

namespace incidents::testing {

inline constexpr char kTestHost[] = "127.0.0.1:8080";
inline constexpr char kTestOrigin[] = "http://127.0.0.1:8080";
inline constexpr int kTestIterations = 1000;

// The value of a response header (names compare case-insensitively), or none.
inline std::optional<std::string> Header(const http::ApiResponse& r, const std::string& name) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  for (const auto& [n, v] : r.headers)
    if (lower(n) == lower(name)) return v;
  return std::nullopt;
}

// The response body as JSON; fails the test when it is not JSON.
inline engine::JsonValue Json(const http::ApiResponse& r) {
  auto parsed = engine::ParseJson(r.body);
  INFO("body: " << r.body);
  REQUIRE(parsed.ok());
  return parsed.value();
}

inline std::string Str(const engine::JsonValue& v, const std::string& key) {
  const engine::JsonValue* f = v.Find(key);
  INFO("key " << key << " in " << engine::ToCanonicalJson(v));
  REQUIRE(f != nullptr);
  REQUIRE(f->is_string());
  return f->as_string();
}

// Plans a public requester's confirmation mail as a bare row, keeping the links it was given
// (the token is read from them by the tests, as the requester reads it from the mail).
struct RecordingConfirmationMail final : engine::ConfirmationMailPlanner {
  mutable std::vector<engine::ConfirmationLinks> links;
  engine::Result<engine::OutboxRow> PlanConfirmation(const engine::PublicRequest& request,
                                                     const engine::SubmitCommand& form,
                                                     const engine::ConfirmationLinks& l) const override {
    links.push_back(l);
    engine::OutboxRow row;
    row.ticket_id = "public:" + request.code.substr(0, 4);
    row.recipient = form.email.value_or("");
    row.recipient_ref = "requester";
    return row;
  }
};

struct ApiHarness {
  // `flaky_store`: route the API's TicketService through a FlakyTicketStore wrapping the
  // fixture's store (for tests that make the store fail or stall); otherwise the API uses
  // the DemoFixture's own service.
  explicit ApiHarness(http::ApiServerOptions options = {}, bool flaky_store = false)
      : flaky(fx.store),
        flaky_service(flaky, fx.directory, fx.workflow, fx.clock, fx.workflow.settings()) {
    for (auto user : DemoUsers()) {
      user.password_hash = base::HashPassword("demo", kTestIterations);
      fx.directory.AddUser(user);
    }
    auto opened = storage::sqlite::SqliteDatabase::Open(dir.File("api.db"));
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    sessions = std::make_unique<storage::sqlite::SqliteSessionStore>(*db);
    idempotency = std::make_unique<storage::sqlite::SqliteIdempotencyStore>(*db);
    // Answers committed with ticket events complete their keys here (issue 14.3).
    fx.store.AttachIdempotency(idempotency.get());
    fx.directory.AttachIdempotency(idempotency.get());  // and with directory changes
    lossy_idempotency.Wrap(idempotency.get());
    engine::TicketService& service = flaky_store ? flaky_service : fx.service;
    engine::TicketStore& store = flaky_store ? static_cast<engine::TicketStore&>(flaky) : fx.store;
    service.AddCommitListener(&metrics);
    ctx = std::make_unique<http::ApiContext>(
        http::ApiServices{service,  store,    fx.directory, *sessions, lossy_idempotency,
                          fx.clock, calendar, directory_admin, nullptr, &metrics, {}, {}, &public_requests, nullptr, {}},
        options, nullptr);
  }

  http::ApiRequest Request(const std::string& method, const std::string& path, const std::string& body = "",
                           const std::string& token = "") const {
    http::ApiRequest r;
    r.method = method;
    r.path = path;
    r.body = body;
    if (method == "POST" || method == "PATCH") r.content_type = "application/json";
    if (!token.empty()) r.authorization = "Bearer " + token;
    r.host = kTestHost;
    r.client_address = "192.0.2.10";
    return r;
  }

  http::ApiResponse Call(http::ApiRequest r) {
    std::string route;
    return http::Dispatch(*ctx, r, route);
  }
  http::ApiResponse Call(http::ApiRequest r, std::string& route) { return http::Dispatch(*ctx, r, route); }

  http::ApiResponse LoginResponse(const std::string& username, const std::string& password = "demo",
                                  bool cookie = false) {
    engine::JsonValue::Object body{{"username", username}, {"password", password}};
    if (cookie) body["cookie"] = true;
    return Call(Request("POST", "/api/v1/sessions", engine::ToCanonicalJson(body)));
  }

  // Signs in and returns the bearer token; REQUIREs 201.
  std::string Login(const std::string& username) {
    auto resp = LoginResponse(username);
    INFO(resp.body);
    REQUIRE(resp.status == 201);
    return Str(Json(resp), "token");
  }

  std::size_t TicketCount() {
    auto ids = fx.store.ListTicketIds();
    REQUIRE(ids.ok());
    return ids->size();
  }

  DemoFixture fx;
  FlakyTicketStore flaky;
  engine::TicketService flaky_service;
  TempDir dir;
  std::unique_ptr<storage::sqlite::SqliteDatabase> db;
  std::unique_ptr<storage::sqlite::SqliteSessionStore> sessions;
  std::unique_ptr<storage::sqlite::SqliteIdempotencyStore> idempotency;
  // What the API sees: `idempotency`, whose separate Complete step a test can lose.
  LossyIdempotencyStore lossy_idempotency;
  engine::BusinessCalendar calendar;
  engine::DirectoryService directory_admin{fx.directory, fx.clock, fx.workflow.settings()};
  http::Metrics metrics;
  RecordingConfirmationMail confirmation_mail;
  engine::PublicRequestService public_requests{fx.store, fx.service, confirmation_mail, fx.clock};
  std::unique_ptr<http::ApiContext> ctx;
};

// A valid body for POST /api/v1/tickets.
inline std::string TicketBody(const std::string& title = "Dữ liệu hộ tịch sai lệch") {
  return engine::ToCanonicalJson(engine::JsonValue::Object{
      {"category", "data_discrepancy"},
      {"title", title},
      {"description", "Số liệu khai sinh tháng 12 không khớp giữa hai hệ thống."},
      {"priority", "high"},
      {"parties", engine::JsonValue::Array{"stnmt"}},
  });
}

}  // namespace incidents::testing
