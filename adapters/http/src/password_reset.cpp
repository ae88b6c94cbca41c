#include "password_reset.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "incidents/base/sha256.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/base/password.h"
#include "directory_access.h"
#include "handlers.h"

namespace incidents::http {

using namespace incidents::engine;

std::string PublicBase(const ApiContext& ctx, const ApiRequest& r) {
  std::string base = ctx.options.public_url.empty() ? "http://" + r.host : ctx.options.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

namespace {

// "17:05 ngày 07/12/2026" in Vietnam's time.
std::string LocalTimeText(Timestamp t, bool vietnamese) {
  const CivilDate day = LocalDateOf(t);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - LocalMidnightOf(day)).count();
  char text[64];
  if (vietnamese)
    std::snprintf(text, sizeof text, "%02d:%02d ngày %02u/%02u/%04d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60), day.day, day.month, day.year);
  else
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", day.year, day.month, day.day,
                  static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return text;
}

}  // namespace

AccountMail ResetLinkMail(const User& user, const std::string& link, Timestamp expires_at) {
  const std::string name = user.display_name.empty() ? user.username : user.display_name;
  AccountMail m;
  m.subject = "Đặt mật khẩu tài khoản / Set your account password";
  m.body = "Kính gửi " + name + ",\n\n"
           "Quản trị hệ thống đã tạo đường dẫn để anh/chị đặt mật khẩu cho tài khoản \"" + user.username +
           "\" trên Hệ thống xử lý sự cố chia sẻ dữ liệu. Đường dẫn chỉ dùng được một lần và hết hạn lúc " +
           LocalTimeText(expires_at, true) + " (giờ Việt Nam):\n\n" + link +
           "\n\n"
           "Mật khẩu cần dài ít nhất 12 ký tự, khác tên đăng nhập và không phải mật khẩu phổ biến.\n"
           "Nếu anh/chị không chờ thư này, xin bỏ qua thư và báo cho quản trị hệ thống.\n\n"
           "-----\n\n"
           "Dear " + name + ",\n\n"
           "The administrator has created a link for you to set the password of your account \"" + user.username +
           "\" on the data-sharing incident system. The link works once and expires at " +
           LocalTimeText(expires_at, false) + " (Vietnam time, UTC+7):\n\n" + link +
           "\n\n"
           "The password must be at least 12 characters long, differ from the username and not be a common one.\n"
           "If you did not expect this mail, please ignore it and tell the system administrator.\n";
  return m;
}

Result<JsonValue> IssueResetLink(ApiContext& ctx, const ApiRequest& r, const User& user) {
  const std::string token = base::RandomToken(32);
  const Timestamp expires_at = ctx.services.clock.Now() + ctx.options.password_reset_ttl;
  if (Status st =
          ctx.services.directory_admin.IssuePasswordReset(r.caller->actor, user.username, base::Sha256Hex(token), expires_at);
      !st.ok())
    return st;
  const std::string link = PublicBase(ctx, r) + "/set-password#token=" + token;
  bool mailed = false;
  if (!user.email.empty() && ctx.services.send_account_mail) {
    const AccountMail mail = ResetLinkMail(user, link, expires_at);
    const Status sent = ctx.services.send_account_mail(user.email, mail.subject, mail.body);
    mailed = sent.ok();
    // The reason only: never the address, the link or the token.
    if (!mailed && ctx.log)
      ctx.log->warn(LogText(ctx, "set-password link for user " + user.username + " not mailed: " + sent.message()));
  }
  return JsonValue(JsonValue::Object{{"link", link}, {"expires_at", FormatRfc3339(expires_at)}, {"mailed", mailed}});
}

}  // namespace incidents::http
