#pragma once
// The HTTP API behind the socket, wired for the fuzz targets that drive it (api,
// idempotency) like the HTTP adapter's tests (tests/adapters/http/api_harness.h): the demo
// directory and in-memory tickets, the real SQLite session and idempotency stores.
//
// The SQLite file lives on /dev/shm where there is one: fuzzing is not about durability, and
// an fsync per POST made the api target 30 times slower than the parsing it fuzzes.
// Not thread-safe: one World per fuzzing process (libFuzzer runs inputs on one thread).

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <unistd.h>

#include "api_context.h"
#include "demo_fixture.h"
#include "incidents/base/password.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/directory_service.h"
#include "incidents/http/metrics.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_session_store.h"
#include "router.h"

namespace incidents::fuzz {

struct World {
  World() {
    for (auto user : testing::DemoUsers()) {
      user.password_hash = base::HashPassword("demo", 1000);
      fx.directory.AddUser(user);
    }
    const auto dir = Folder() / ("api_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::filesystem::remove(dir / "api.db");
    auto opened = storage::sqlite::SqliteDatabase::Open((dir / "api.db").string());
    if (!opened.ok()) std::abort();
    db = std::move(opened.value());
    sessions = std::make_unique<storage::sqlite::SqliteSessionStore>(*db);
    idempotency = std::make_unique<storage::sqlite::SqliteIdempotencyStore>(*db);
    fx.store.AttachIdempotency(idempotency.get());  // answers commit with their events (issue 14.3)
    fx.service.AddCommitListener(&metrics);
    ctx = std::make_unique<http::ApiContext>(
        http::ApiServices{fx.service, fx.store, fx.directory, *sessions, *idempotency, fx.clock, calendar,
                          directory_admin, nullptr, &metrics, {}, {}, nullptr, nullptr, {}},
        http::ApiServerOptions{}, nullptr);
  }

  static std::filesystem::path Folder() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
    return std::filesystem::temp_directory_path();
  }

  // A request as ApiServer hands it to Dispatch, from a client address that is not a proxy.
  static http::ApiRequest Request(std::string method, std::string path) {
    http::ApiRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.host = "127.0.0.1:8080";
    r.client_address = "192.0.2.10";
    return r;
  }

  http::ApiResponse Send(http::ApiRequest& r) {
    std::string route;
    return http::Dispatch(*ctx, r, route);
  }

  // A bearer token of `username`, signed in once ("" when the sign-in fails).
  std::string TokenOf(const std::string& username) {
    if (auto it = tokens.find(username); it != tokens.end()) return it->second;
    http::ApiRequest r = Request("POST", "/api/v1/sessions");
    r.content_type = "application/json";
    r.body = engine::ToCanonicalJson(engine::JsonValue::Object{{"username", username}, {"password", "demo"}});
    const auto resp = Send(r);
    std::string token;
    if (resp.status == 201)
      if (auto j = engine::ParseJson(resp.body); j.ok() && j->Find("token")) token = j->Find("token")->as_string();
    return tokens[username] = token;
  }

  testing::DemoFixture fx;
  std::unique_ptr<storage::sqlite::SqliteDatabase> db;
  std::unique_ptr<storage::sqlite::SqliteSessionStore> sessions;
  std::unique_ptr<storage::sqlite::SqliteIdempotencyStore> idempotency;
  engine::BusinessCalendar calendar;
  engine::DirectoryService directory_admin{fx.directory, fx.clock, fx.workflow.settings()};
  http::Metrics metrics;
  std::unique_ptr<http::ApiContext> ctx;
  std::map<std::string, std::string> tokens;
};

// Rebuilds the world every `inputs_per_world` inputs, so that what they file does not grow
// without end. Returns the world for this input.
inline World& WorldFor(int inputs_per_world) {
  static std::unique_ptr<World> world;
  static int inputs = 0;
  if (!world || ++inputs % inputs_per_world == 0) {
    world.reset();
    world = std::make_unique<World>();
  }
  return *world;
}

}  // namespace incidents::fuzz
