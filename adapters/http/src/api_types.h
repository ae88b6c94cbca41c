#pragma once
// ApiRequest and ApiResponse: the HTTP exchange as plain values, so that handlers are
// small functions that know nothing of Poco (userver's habit), and tests can call them.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "incidents/engine/actor.h"

namespace incidents::http {

struct IdempotencyClaim;  // idempotency.h

struct Caller {
  engine::Actor actor;
  std::string token_hash;  // of the token that authenticated this request
  bool via_cookie = false;
  std::string csrf_token;  // what X-CSRF-Token must be for a cookie-authenticated change
};

struct ApiRequest {
  std::string method;
  std::string path;                          // decoded, without the query
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the last
  std::map<std::string, std::string> params; // path parameters, e.g. {"id": "INC-2026-000001"}
  std::string body;
  std::string content_type;
  std::string authorization;
  std::string cookie;
  std::string idempotency_key;
  std::string origin;
  std::string csrf_token;     // X-CSRF-Token
  std::string if_none_match;  // If-None-Match
  std::string accept_language;  // Accept-Language: the language of problem documents (problem.h)
  std::string host;
  std::string client_address;
  std::optional<Caller> caller;  // set by authentication for routes that need it
  // Set by WithIdempotency while the handler runs, when the request holds an
  // Idempotency-Key claim; owned by WithIdempotency.
  IdempotencyClaim* idempotency_claim = nullptr;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace incidents::http
