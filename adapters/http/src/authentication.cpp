#include "authentication.h"

#include <chrono>

#include "incidents/base/password.h"
#include "incidents/base/sha256.h"
#include "problem.h"

namespace incidents::http {

using engine::Result;
using engine::Status;

std::string PresentedToken(const ApiRequest& r, bool* via_cookie) {
  *via_cookie = false;
  constexpr std::string_view kBearer = "Bearer ";
  if (r.authorization.size() > kBearer.size() &&
      std::equal(kBearer.begin(), kBearer.end(), r.authorization.begin(),
                 [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
    return r.authorization.substr(kBearer.size());
  // Cookie: a=b; incidents_session=TOKEN; c=d
  const std::string name = std::string(kSessionCookie) + "=";
  std::size_t pos = 0;
  while (pos < r.cookie.size()) {
    while (pos < r.cookie.size() && (r.cookie[pos] == ' ' || r.cookie[pos] == ';')) ++pos;
    const std::size_t end = std::min(r.cookie.find(';', pos), r.cookie.size());
    if (r.cookie.compare(pos, name.size(), name) == 0) {
      *via_cookie = true;
      return r.cookie.substr(pos + name.size(), end - pos - name.size());
    }
    pos = end;
  }
  return {};
}

std::string CsrfTokenFor(const std::string& session_token) {
  return base::Sha256Hex("incidentd-csrf-v1:" + session_token);
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

engine::Result<Caller> Authenticate(ApiContext& ctx, const ApiRequest& request) {
  bool via_cookie = false;
  const std::string token = PresentedToken(request, &via_cookie);
  if (token.empty()) return Status::Unauthenticated("sign in first: send Authorization: Bearer TOKEN");
  if (token.size() > 256) return Status::Unauthenticated("the token is not valid");
  const std::string hash = base::Sha256Hex(token);
  std::optional<engine::SessionWithUser> found = ctx.recent_sessions.Find(hash);
  if (!found) {
    const auto before = ctx.recent_sessions.BeforeRead();
    auto read = ctx.services.sessions.FindSessionWithUser(hash, ctx.services.directory);
    if (!read.ok()) return read.status();
    found = std::move(read.value());
    if (found) ctx.recent_sessions.Put(hash, *found, before);
  }
  if (!found || found->session.expires_at <= ctx.services.clock.Now())
    return Status::Unauthenticated("the token is not valid, has expired or was signed out");
  const engine::User& u = found->user;
  if (!u.active) return Status::Unauthenticated("the account is not active");
  engine::Actor actor = engine::Actor::User(u.username, u.org, u.roles);
  auto taken_over = ctx.succession.PredecessorsOf(ctx.services.directory, u.org);
  if (!taken_over.ok()) return taken_over.status();
  actor.acting_for = std::move(taken_over.value());
  return Caller{std::move(actor), hash, via_cookie, CsrfTokenFor(token)};
}

Result<PasswordCheck> CheckPassword(ApiContext& ctx, const std::string& username, const std::string& password,
                                    const std::string& client_address) {
  PasswordCheck check;
  const auto now = std::chrono::steady_clock::now();
  if ((check.retry_after = ctx.throttle.RetryAfterSeconds(username, client_address, now)) > 0) return check;
  auto user = ctx.services.directory.FindUser(username);
  if (!user.ok()) return user.status();
  const bool known = user.value() && user.value()->active && !user.value()->password_hash.empty();
  const bool right =
      base::VerifyPassword(password, known ? user.value()->password_hash : base::DummyPasswordHash()) && known;
  if (!right) {
    ctx.throttle.RecordFailure(username, client_address, now);
    return check;
  }
  ctx.throttle.RecordSuccess(username);
  check.user = std::move(*user.value());
  return check;
}

ApiResponse RateLimitedProblem(int retry_after, const std::string& what) {
  ApiResponse p = Problem(429, "rate-limited", "Quá nhiều lần đăng nhập sai",
                          "too many " + what + "; try again in " + std::to_string(retry_after) + " s");
  p.SetHeader("Retry-After", std::to_string(retry_after));
  return p;
}

}  // namespace incidents::http
