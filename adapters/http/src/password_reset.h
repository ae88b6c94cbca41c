#pragma once
// One-time set-password links (issue 12): a random 256-bit token, of which only the
// SHA-256 is recorded (DirectoryService::IssuePasswordReset); the link
//   <public_url>/set-password#token=<43 characters, base64url>
// (the token in the fragment: a browser sends no fragment to any server, so the token
// reaches no access log, proxy log or Referer) valid for auth.password_reset_ttl_hours,
// mailed to the user when the user has an email and mail is wired. Neither the link nor
// the token is ever logged. Thread-safe.

#include "api_context.h"
#include "api_types.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::http {

// Issues a link for `user` on behalf of the caller of `r`: {"link","expires_at","mailed"}.
engine::Result<engine::JsonValue> IssueResetLink(ApiContext& ctx, const ApiRequest& r, const engine::User& user);

// The mail that carries a link, Vietnamese first, then English.
struct AccountMail {
  std::string subject;
  std::string body;
};
AccountMail ResetLinkMail(const engine::User& user, const std::string& link, engine::Timestamp expires_at);

}  // namespace incidents::http
