// EmailChannel (notifications/email_channel.h) against real SMTP servers started by the
// test: postfix's smtp-sink (stores each mail in a file; injects 4xx/5xx/disconnects) and
// aiosmtpd (STARTTLS). Stored mails are decoded by Python's email package
// (parse_mail.py), not by Poco, so that the check is independent of the encoder.

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <pwd.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/Net/ServerSocket.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "incidents/notifications/email_channel.h"
#include "temp_dir.h"
#include "test_servers.h"

using namespace incidents::notifications;
using namespace std::chrono_literals;
using incidents::testing::FilesIn;
using incidents::testing::FreePort;
using incidents::testing::ServerProcess;
using incidents::testing::SmtpSink;
using incidents::testing::TempDir;
using incidents::testing::WaitForPort;

namespace {

const std::string kFrom = "Hệ thống xử lý sự cố chia sẻ dữ liệu <incidents@localhost>";

// Waits for `count` mails in `dir` and decodes them with parse_mail.py. smtp-sink's dump
// files end with one newline more than the mail had: `sink_dump` removes it from "body".
std::vector<Poco::JSON::Object::Ptr> WaitForMails(const std::string& dir, std::size_t count, bool sink_dump = true) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (FilesIn(dir).size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(100ms);  // let the server close the last file
  const auto files = FilesIn(dir);
  REQUIRE(files.size() == count);
  const auto decoded = incidents::testing::DecodeMails(files);
  std::vector<Poco::JSON::Object::Ptr> mails;
  for (Poco::JSON::Object::Ptr mail : decoded) {
    std::string body = mail->getValue<std::string>("body");
    if (sink_dump && !body.empty() && body.back() == '\n') body.pop_back();
    mail->set("body", body);
    mails.push_back(mail);
  }
  return mails;
}

std::string Get(const Poco::JSON::Object::Ptr& mail, const std::string& key) {
  return mail->getValue<std::string>(key);
}

EmailSettings Settings(int port) {
  EmailSettings s;
  s.smtp_host = "127.0.0.1";
  s.smtp_port = port;
  s.from = kFrom;
  s.timeout = 5000ms;
  s.message_id_domain = "incidents.test";
  return s;
}

std::unique_ptr<EmailChannel> MakeChannel(const EmailSettings& settings) {
  auto channel = EmailChannel::Create(settings, nullptr);
  INFO(channel.status().ToString());
  REQUIRE(channel.ok());
  return std::move(channel.value());
}

std::vector<OutgoingMessage> VietnameseBatch() {
  return {
      {"INC-2026-000001/1/email/focal@stp", "INC-2026-000001", "focal@stp.ninhthuan.example",
       "[INC-2026-000001] Phiếu sự cố mới: Dữ liệu hộ tịch bị sai lệch giữa hệ thống của Sở Tư pháp và UBND "
       "huyện Ninh Hải",
       "Kính gửi: Sở Thông tin và Truyền thông,\n\nSở Tư pháp đã gửi phiếu báo cáo vướng mắc.\n"
       "Một dòng rất dài để kiểm tra việc ngắt dòng mềm của mã hoá quoted-printable: Phước Dân, Ninh Phước, "
       "Phan Rang – Tháp Chàm, Đồng hồ chạy “đúng” giờ…\n"
       "Dòng có khoảng trắng ở cuối   \n"
       "=3D không phải là mã; .dòng bắt đầu bằng dấu chấm\n.\n"
       "Căn cứ: Điều 16 Quy chế ban hành kèm theo Quyết định số 57/2020/QĐ-UBND.\n"
       "Xem: http://127.0.0.1:8080/tickets/INC-2026-000001\n"},
      {"INC-2026-000001/2/email/coordinator@stttt", "INC-2026-000001", "coordinator@stttt.ninhthuan.example",
       "[INC-2026-000001] Sở TT&TT đã tiếp nhận phiếu sự cố: Dữ liệu hộ tịch bị sai lệch",
       "Sở Thông tin và Truyền thông đã tiếp nhận phiếu sự cố.\nTrạng thái hiện tại: Đang kiểm tra\n"},
      {"INC-2026-000002/1/email/focal@vpubnd", "INC-2026-000002", "focal@vpubnd.ninhthuan.example",
       "[INC-2026-000002] Báo cáo Chủ tịch UBND tỉnh xem xét, quyết định: Kết nối LGSP gián đoạn",
       "Kính gửi: Văn phòng UBND tỉnh,\n\nVướng mắc vượt quá thẩm quyền của Sở.\n"},
  };
}

}  // namespace

TEST_CASE("EmailChannel sends a batch of Vietnamese mails that decode correctly", "[email][integration]") {
  SmtpSink sink;
  auto channel = MakeChannel(Settings(sink.port()));
  CHECK(channel->Name() == "email");
  const auto batch = VietnameseBatch();
  const auto results = channel->SendBatch(batch);
  REQUIRE(results.size() == 3);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kSent);
    CHECK(r.segments == 0);
  }

  auto mails = WaitForMails(sink.mail_dir(), 3);
  std::map<std::string, Poco::JSON::Object::Ptr> by_id;
  for (const auto& m : mails) by_id[Get(m, "message_id")] = m;
  REQUIRE(by_id.size() == 3);
  const std::string ids[] = {"<INC-2026-000001/1/email/focal=40stp@incidents.test>",
                             "<INC-2026-000001/2/email/coordinator=40stttt@incidents.test>",
                             "<INC-2026-000002/1/email/focal=40vpubnd@incidents.test>"};
  for (int i = 0; i < 3; ++i) {
    INFO("mail " << ids[i]);
    REQUIRE(by_id.count(ids[i]) == 1);
    const auto& m = by_id[ids[i]];
    CHECK(Get(m, "subject") == batch[i].subject);
    CHECK(m->getValue<bool>("subject_words_ok"));  // every encoded word is whole characters
    CHECK(Get(m, "body") == batch[i].body);
    CHECK(Get(m, "to") == batch[i].recipient);
    CHECK(Get(m, "from_decoded") == "Hệ thống xử lý sự cố chia sẻ dữ liệu <incidents@localhost>");
    CHECK(Get(m, "from_address") == "incidents@localhost");
    CHECK(m->getValue<bool>("from_words_ok"));
    CHECK(Get(m, "x_ticket_id") == batch[i].ticket_id);
    CHECK(Get(m, "in_reply_to") == "<" + batch[i].ticket_id + "@incidents.test>");
    CHECK(Get(m, "references") == "<" + batch[i].ticket_id + "@incidents.test>");
    CHECK(Get(m, "content_type") == "text/plain");
    CHECK(Get(m, "charset") == "utf-8");
    CHECK(Get(m, "transfer_encoding") == "quoted-printable");
    CHECK(Get(m, "mime_version") == "1.0");
    CHECK(Get(m, "auto_submitted") == "auto-generated");
    CHECK_FALSE(Get(m, "date").empty());
    CHECK(m->getValue<int>("max_line") <= 998);
  }
  // One SMTP session for the whole batch: smtp-sink -c counts sessions and messages.
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (sink.log().find("quit=1 mesg=3") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  // (WaitForPort's probe was a session too, without QUIT.)
  CHECK_THAT(sink.log(), Catch::Contains("quit=1 mesg=3") && !Catch::Contains("quit=2"));
}

TEST_CASE("EmailChannel: the thread root's own mail has no In-Reply-To", "[email][integration]") {
  SmtpSink sink;
  auto channel = MakeChannel(Settings(sink.port()));
  const auto results =
      channel->SendBatch({{"INC-2026-000009", "INC-2026-000009", "a@b.example", "Gốc của luồng", "Nội dung\n"}});
  REQUIRE(results[0].outcome == DeliveryOutcome::kSent);
  auto mails = WaitForMails(sink.mail_dir(), 1);
  CHECK(Get(mails[0], "message_id") == "<INC-2026-000009@incidents.test>");
  CHECK(Get(mails[0], "in_reply_to").empty());
  CHECK(Get(mails[0], "references").empty());
  CHECK(Get(mails[0], "x_ticket_id") == "INC-2026-000009");
}

TEST_CASE("EmailChannel: a 5xx reply is permanent, and the batch goes on", "[email][integration]") {
  SmtpSink sink({"-f", "RCPT"});  // every RCPT gets "500 5.3.0 Error: command failed"
  auto channel = MakeChannel(Settings(sink.port()));
  const auto results = channel->SendBatch(VietnameseBatch());
  REQUIRE(results.size() == 3);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kPermanent);
    CHECK_THAT(r.detail, Catch::Contains("SMTP 500"));
    // The server's reply echoes the recipient; the detail masks it.
    CHECK_THAT(r.detail, !Catch::Contains("focal@") && !Catch::Contains("coordinator@"));
  }
  CHECK_THAT(results[0].detail, Catch::Contains("f***@stp.ninhthuan.example"));
  CHECK(FilesIn(sink.mail_dir()).empty());
}

TEST_CASE("EmailChannel: a 4xx reply is retryable", "[email][integration]") {
  SmtpSink sink({"-r", "RCPT"});  // every RCPT gets "450 4.3.0 Error: command failed"
  auto channel = MakeChannel(Settings(sink.port()));
  const auto results = channel->SendBatch(VietnameseBatch());
  REQUIRE(results.size() == 3);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r.detail, Catch::Contains("SMTP 450"));
  }
}

TEST_CASE("EmailChannel: a connection lost midway makes the rest of the batch retryable", "[email][integration]") {
  SmtpSink sink({"-q", "DATA"});  // hangs up, without a reply, on the first DATA
  auto channel = MakeChannel(Settings(sink.port()));
  const auto results = channel->SendBatch(VietnameseBatch());
  REQUIRE(results.size() == 3);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
  }
  CHECK_THAT(results[0].detail, Catch::Contains("connection to 127.0.0.1:") && Catch::Contains("lost"));
  CHECK(results[1].detail == "not sent: the SMTP connection broke earlier in this batch");
  CHECK(results[2].detail == "not sent: the SMTP connection broke earlier in this batch");
  // The first broke during its own DATA (the server may have it): a counted failure. The
  // others were never handed over (issue 14.4 review).
  CHECK_FALSE(results[0].unreachable);
  CHECK(results[1].unreachable);
  CHECK(results[2].unreachable);
}

TEST_CASE("EmailChannel: nothing listening is retryable", "[email][integration]") {
  auto channel = MakeChannel(Settings(FreePort()));
  const auto start = std::chrono::steady_clock::now();
  const auto results = channel->SendBatch(VietnameseBatch());
  REQUIRE(results.size() == 3);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r.detail, Catch::Contains("connect to 127.0.0.1:") && Catch::Contains("refused"));
    CHECK(r.unreachable);
  }
  CHECK(std::chrono::steady_clock::now() - start < 2s);
}

TEST_CASE("EmailChannel: a malformed recipient is permanent, the others are still sent", "[email][integration]") {
  SmtpSink sink;
  auto channel = MakeChannel(Settings(sink.port()));
  auto batch = VietnameseBatch();
  batch[1].recipient = "+84900000001";
  batch.push_back({"", "INC-2026-000003", "ok@b.example", "x", "y"});
  const auto results = channel->SendBatch(batch);
  REQUIRE(results.size() == 4);
  CHECK(results[0].outcome == DeliveryOutcome::kSent);
  CHECK(results[1].outcome == DeliveryOutcome::kPermanent);
  CHECK(results[1].detail == "recipient +8490****001 is not a plain ASCII email address");
  CHECK(results[2].outcome == DeliveryOutcome::kSent);
  CHECK(results[3].outcome == DeliveryOutcome::kPermanent);
  CHECK_THAT(results[3].detail, Catch::Contains("idempotency key"));
  CHECK(WaitForMails(sink.mail_dir(), 2).size() == 2);
}

TEST_CASE("EmailChannel: an empty batch sends nothing", "[email]") {
  auto channel = MakeChannel(Settings(FreePort()));
  CHECK(channel->SendBatch({}).empty());
}

TEST_CASE("EmailChannel::Create rejects bad settings", "[email]") {
  auto s = Settings(25);
  s.smtp_host = "";
  CHECK_THAT(EmailChannel::Create(s, nullptr).status().message(), Catch::Contains("smtp_host"));
  s = Settings(0);
  CHECK_THAT(EmailChannel::Create(s, nullptr).status().message(), Catch::Contains("smtp_port"));
  s = Settings(25);
  s.from = "Hệ thống <không phải địa chỉ>";
  CHECK_THAT(EmailChannel::Create(s, nullptr).status().message(), Catch::Contains("notifications.email.from"));
  s = Settings(25);
  s.message_id_domain = "bad domain";
  CHECK_THAT(EmailChannel::Create(s, nullptr).status().message(), Catch::Contains("Message-ID domain"));
  s = Settings(25);
  s.tls = SmtpTls::kStartTls;
  s.tls_ca_file = "/nonexistent/ca.pem";
  auto r = EmailChannel::Create(s, nullptr);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("TLS setup failed"));
  s.tls_ca_file.clear();
  CHECK(EmailChannel::Create(s, nullptr).ok());  // the system CAs
}

TEST_CASE("EmailChannel: starttls against a server without STARTTLS is retryable", "[email][integration]") {
  SmtpSink sink;  // smtp-sink offers no STARTTLS
  auto settings = Settings(sink.port());
  settings.tls = SmtpTls::kStartTls;
  auto channel = MakeChannel(settings);
  const auto results = channel->SendBatch(VietnameseBatch());
  for (const auto& r : results) {
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r.detail, Catch::Contains("does not offer STARTTLS"));
  }
}

// aiosmtpd with STARTTLS required, a throw-away certificate and a Maildir.
class TlsSmtpServer {
 public:
  TlsSmtpServer() {
    incidents::testing::MakeSelfSignedCertificate(dir_.path().string());
    port_ = FreePort();
    process_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"/usr/bin/aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_), "--tlscert",
                                 dir_.File("cert.pem"), "--tlskey", dir_.File("key.pem"), "-c",
                                 "aiosmtpd.handlers.Mailbox", dir_.File("maildir")},
        dir_.File("aiosmtpd.log"));
    const bool up = WaitForPort(port_, 10s);
    INFO("aiosmtpd log: " << process_->log());
    REQUIRE(up);
  }
  int port() const { return port_; }
  std::string ca_file() const { return dir_.File("cert.pem"); }
  std::string maildir() const { return dir_.File("maildir"); }

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ServerProcess> process_;
};

TEST_CASE("EmailChannel: STARTTLS with a verified certificate", "[email][integration][tls]") {
  TlsSmtpServer server;
  auto settings = Settings(server.port());
  settings.tls = SmtpTls::kStartTls;
  settings.tls_ca_file = server.ca_file();
  auto channel = MakeChannel(settings);
  const auto batch = VietnameseBatch();
  const auto results = channel->SendBatch(batch);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kSent);
  }
  auto mails = WaitForMails(server.maildir(), 3, /*sink_dump=*/false);
  std::map<std::string, Poco::JSON::Object::Ptr> by_id;
  for (const auto& m : mails) by_id[Get(m, "message_id")] = m;
  const auto& third = by_id["<INC-2026-000002/1/email/focal=40vpubnd@incidents.test>"];
  REQUIRE(third);
  CHECK(Get(third, "subject") == batch[2].subject);
  CHECK(Get(third, "body") == batch[2].body);
  CHECK(Get(third, "x_ticket_id") == "INC-2026-000002");

  SECTION("an untrusted certificate fails the session, retryably") {
    auto untrusted = Settings(server.port());
    untrusted.tls = SmtpTls::kStartTls;  // the system CAs do not know the throw-away certificate
    const auto r = MakeChannel(untrusted)->SendBatch(VietnameseBatch());
    for (const auto& x : r) {
      INFO(x.detail);
      CHECK(x.outcome == DeliveryOutcome::kRetryable);
      CHECK_THAT(x.detail, Catch::Contains("STARTTLS failed"));
    }
  }
  SECTION("without STARTTLS the server answers 530, which is the session's state: retryable") {
    const auto r = MakeChannel(Settings(server.port()))->SendBatch(VietnameseBatch());
    for (const auto& x : r) {
      INFO(x.detail);
      CHECK(x.outcome == DeliveryOutcome::kRetryable);
      CHECK_THAT(x.detail, Catch::Contains("530"));
    }
    // aiosmtpd refuses RSET too, so the rest of the batch is not tried.
    CHECK_THAT(r[1].detail, Catch::StartsWith("not sent: the SMTP session became unusable"));
  }
}

// aiosmtpd with AUTH required (auth_smtp_server.py), optionally behind TLS: STARTTLS, or
// implicit TLS (SMTPS) when `tls` is SmtpTls::kImplicit.
class AuthSmtpServer {
 public:
  explicit AuthSmtpServer(bool tls) : AuthSmtpServer(tls ? SmtpTls::kStartTls : SmtpTls::kNone) {}
  explicit AuthSmtpServer(SmtpTls tls) {
    std::vector<std::string> argv = {"/usr/bin/python3", std::string(NOTIFICATIONS_TEST_DIR) + "/auth_smtp_server.py"};
    port_ = FreePort();
    argv.insert(argv.end(), {std::to_string(port_), dir_.File("maildir")});
    if (tls != SmtpTls::kNone) {
      incidents::testing::MakeSelfSignedCertificate(dir_.path().string());
      argv.insert(argv.end(), {dir_.File("cert.pem"), dir_.File("key.pem")});
      if (tls == SmtpTls::kImplicit) argv.push_back("implicit");
    }
    process_ = std::make_unique<ServerProcess>(argv, dir_.File("server.log"));
    const bool up = WaitForPort(port_, 10s);
    INFO("server log: " << process_->log());
    REQUIRE(up);
  }
  int port() const { return port_; }
  std::string ca_file() const { return dir_.File("cert.pem"); }
  std::string maildir() const { return dir_.File("maildir"); }

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ServerProcess> process_;
};

TEST_CASE("EmailChannel: SMTP AUTH", "[email][integration]") {
  AuthSmtpServer server(false);
  auto settings = Settings(server.port());
  settings.username = "incidents";
  settings.password = "s3cret";
  auto results = MakeChannel(settings)->SendBatch(VietnameseBatch());
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kSent);
  }
  CHECK(WaitForMails(server.maildir(), 3, false).size() == 3);

  settings.password = "wrong-password";
  results = MakeChannel(settings)->SendBatch(VietnameseBatch());
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);  // our configuration, not the message
    CHECK_THAT(r.detail, Catch::StartsWith("AUTH failed") && Catch::Contains("535") &&
                             !Catch::Contains("wrong-password"));
  }
  // Without credentials the server refuses MAIL with 530: retryable too.
  results = MakeChannel(Settings(server.port()))->SendBatch(VietnameseBatch());
  CHECK(results[0].outcome == DeliveryOutcome::kRetryable);
  CHECK_THAT(results[0].detail, Catch::Contains("530"));
}

TEST_CASE("EmailChannel: STARTTLS then AUTH", "[email][integration][tls]") {
  AuthSmtpServer server(true);
  auto settings = Settings(server.port());
  settings.username = "incidents";
  settings.password = "s3cret";
  settings.tls = SmtpTls::kStartTls;
  settings.tls_ca_file = server.ca_file();
  const auto batch = VietnameseBatch();
  const auto results = MakeChannel(settings)->SendBatch(batch);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kSent);
  }
  const auto mails = WaitForMails(server.maildir(), 3, false);
  std::map<std::string, std::string> subject_by_id;
  for (const auto& m : mails) subject_by_id[Get(m, "message_id")] = Get(m, "subject");
  CHECK(subject_by_id["<INC-2026-000001/1/email/focal=40stp@incidents.test>"] == batch[0].subject);
}

TEST_CASE("EmailChannel: implicit TLS (SMTPS) then AUTH", "[email][integration][tls]") {
  AuthSmtpServer server(SmtpTls::kImplicit);
  auto settings = Settings(server.port());
  settings.username = "incidents";
  settings.password = "s3cret";
  settings.tls = SmtpTls::kImplicit;
  settings.tls_ca_file = server.ca_file();
  const auto batch = VietnameseBatch();
  const auto results = MakeChannel(settings)->SendBatch(batch);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kSent);
  }
  const auto mails = WaitForMails(server.maildir(), 3, false);
  std::map<std::string, Poco::JSON::Object::Ptr> by_id;
  for (const auto& m : mails) by_id[Get(m, "message_id")] = m;
  const auto& first = by_id["<INC-2026-000001/1/email/focal=40stp@incidents.test>"];
  REQUIRE(first);
  CHECK(Get(first, "subject") == batch[0].subject);
  CHECK(Get(first, "body") == batch[0].body);

  SECTION("AUTH is checked over it: a wrong password is refused, retryably, and not shown") {
    settings.password = "wrong-password";
    const auto r = MakeChannel(settings)->SendBatch(VietnameseBatch());
    for (const auto& x : r) {
      INFO(x.detail);
      CHECK(x.outcome == DeliveryOutcome::kRetryable);
      CHECK_THAT(x.detail, Catch::StartsWith("AUTH failed") && Catch::Contains("535") &&
                               !Catch::Contains("wrong-password"));
    }
  }
  SECTION("a certificate the CA file does not vouch for fails the session, retryably, saying so") {
    TempDir other;
    incidents::testing::MakeSelfSignedCertificate(other.path().string());
    settings.tls_ca_file = other.File("cert.pem");
    const auto r = MakeChannel(settings)->SendBatch(VietnameseBatch());
    for (const auto& x : r) {
      INFO(x.detail);
      CHECK(x.outcome == DeliveryOutcome::kRetryable);
      CHECK(x.unreachable);  // never handed over: the backlog waits, uncounted
      CHECK_THAT(x.detail, Catch::StartsWith("implicit TLS handshake with 127.0.0.1:" + std::to_string(server.port()) +
                                             " failed") &&
                               Catch::Contains("certificate verify failed") && !Catch::Contains("SMTPS port"));
    }
    CHECK(FilesIn(server.maildir()).size() == 3);  // nothing more arrived
  }
  SECTION("the system CAs do not know the throw-away certificate either") {
    settings.tls_ca_file.clear();
    const auto r = MakeChannel(settings)->SendBatch(VietnameseBatch());
    CHECK(r[0].outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r[0].detail, Catch::Contains("certificate verify failed"));
  }
}

TEST_CASE("EmailChannel: implicit TLS against a plain SMTP server fails at once with a clear detail",
          "[email][integration][tls]") {
  AuthSmtpServer server(SmtpTls::kNone);  // greets in clear text
  auto settings = Settings(server.port());
  settings.username = "incidents";
  settings.password = "s3cret";
  settings.tls = SmtpTls::kImplicit;
  settings.timeout = 3000ms;
  const auto start = std::chrono::steady_clock::now();
  const auto results = MakeChannel(settings)->SendBatch(VietnameseBatch());
  CHECK(std::chrono::steady_clock::now() - start < 3000ms);  // the clear-text greeting ends it, no wait
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r.detail, Catch::StartsWith("implicit TLS handshake with 127.0.0.1:") &&
                             Catch::Contains("is 127.0.0.1:" + std::to_string(server.port()) + " an SMTPS port") &&
                             !Catch::Contains("s3cret"));
  }
  CHECK(FilesIn(server.maildir()).empty());
}

TEST_CASE("EmailChannel: implicit TLS to a server that never answers times out within timeout_ms",
          "[email][integration][tls]") {
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto settings = Settings(silent.address().port());
  settings.tls = SmtpTls::kImplicit;
  settings.timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  const auto results = MakeChannel(settings)->SendBatch(VietnameseBatch());
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r.detail, Catch::StartsWith("implicit TLS handshake with 127.0.0.1:") &&
                             (Catch::Contains("Timeout") || Catch::Contains("no TLS answer within 300 ms")) &&
                             Catch::Contains("an SMTPS port"));
  }
}

TEST_CASE("EmailChannel::Create checks the CA file for implicit TLS too", "[email]") {
  auto s = Settings(465);
  s.tls = SmtpTls::kImplicit;
  s.tls_ca_file = "/nonexistent/ca.pem";
  auto r = EmailChannel::Create(s, nullptr);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("TLS setup failed") && Catch::Contains("/nonexistent/ca.pem"));
}

TEST_CASE("EmailChannel: a server that accepts but never answers times out, retryably", "[email][integration]") {
  // The kernel completes the TCP handshake for a listening socket; nobody reads or writes.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto settings = Settings(silent.address().port());
  settings.timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  const auto results = MakeChannel(settings)->SendBatch(VietnameseBatch());
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  for (const auto& r : results) {
    INFO(r.detail);
    CHECK(r.outcome == DeliveryOutcome::kRetryable);
    CHECK_THAT(r.detail, Catch::StartsWith("greeting/EHLO failed") && Catch::Contains("Timeout"));
  }
}

TEST_CASE("EmailChannel logs through a child logger named email, with recipients masked", "[email][integration]") {
  SmtpSink sink({"-f", "RCPT"});
  std::ostringstream out;
  auto parent = std::make_shared<spdlog::logger>("incidentd", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  parent->set_pattern("%n %l %v");
  auto settings = Settings(sink.port());
  settings.username = "incidents";
  settings.password = "s3cret-in-log?";
  auto channel = EmailChannel::Create(settings, parent);
  REQUIRE(channel.ok());
  (*channel)->SendBatch(VietnameseBatch());
  const std::string log = out.str();
  INFO(log);
  CHECK_THAT(log, Catch::Contains("email warning email permanent ticket=INC-2026-000001 to=f***@stp.ninhthuan.example"));
  CHECK_THAT(log, !Catch::Contains("focal@stp") && !Catch::Contains("coordinator@stttt") &&
                      !Catch::Contains("s3cret-in-log?"));
}
