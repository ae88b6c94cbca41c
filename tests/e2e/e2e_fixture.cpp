#include "e2e_fixture.h"

#include <catch2/catch.hpp>

namespace e2e {

std::string TicketPath(const std::string& id) { return "/api/v1/tickets/" + id; }

DemoServer::DemoServer(std::vector<std::string> extra_args) {
  server = StartServer(dir, std::move(extra_args));
  client = std::make_unique<Client>(server->port());
}

const std::string& DemoServer::Token(const std::string& username) {
  auto it = tokens.find(username);
  if (it == tokens.end()) it = tokens.emplace(username, client->Login(username)).first;
  return it->second;
}

Poco::JSON::Object::Ptr DemoServer::CreateTicket(const std::string& username, const Poco::JSON::Object::Ptr& body) {
  const Response r = client->Post("/api/v1/tickets", Canonical(body), Token(username));
  INFO("create ticket as " << username << " with " << Canonical(body) << ": " << r.Describe());
  REQUIRE(r.status == 201);
  return r.Object();
}

Poco::JSON::Object::Ptr DemoServer::CreateTicket(const std::string& username, const std::string& title,
                                                 const std::vector<std::string>& parties,
                                                 const std::string& category, const std::string& priority) {
  return CreateTicket(username, Obj({{"category", category},
                                     {"title", title},
                                     {"description", "Mô tả: " + title},
                                     {"priority", priority},
                                     {"parties", StrArr(parties)}}));
}

Response DemoServer::PostEvent(const std::string& username, const std::string& id, const std::string& type,
                               const Poco::JSON::Object::Ptr& payload, const std::string& idempotency_key) {
  Poco::JSON::Object::Ptr body = payload ? CopyWithout(payload) : Obj({});
  body->set("type", type);
  return client->Post(TicketPath(id) + "/events", Canonical(body), Token(username), idempotency_key);
}

Response DemoServer::GetTicket(const std::string& username, const std::string& id) {
  return client->Get(TicketPath(id), Token(username));
}

Poco::JSON::Array::Ptr DemoServer::History(const std::string& username, const std::string& id) {
  const Response r = client->Get(TicketPath(id) + "/history", Token(username));
  INFO("history of " << id << " as " << username << ": " << r.Describe());
  REQUIRE(r.status == 200);
  return ArrAt(r.Object(), "items");
}

}  // namespace e2e
