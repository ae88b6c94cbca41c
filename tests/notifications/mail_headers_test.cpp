// The email channel's header helpers (notifications/src/mail_headers.h, private).

#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "mail_headers.h"
#include "incidents/base/utf8.h"

using namespace incidents::notifications;

namespace {

// Decodes one "Q" encoded word's text.
std::string DecodeQ(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out.push_back(' ');
    } else if (text[i] == '=' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("EncodeHeaderText leaves plain ASCII alone", "[mail_headers]") {
  CHECK(mail::EncodeHeaderText("[INC-2026-000001] New ticket", false) == "[INC-2026-000001] New ticket");
  CHECK(mail::EncodeHeaderText("Incidents", true) == "Incidents");
  CHECK(mail::EncodeHeaderText("DoICT, Ninh Thuan", true) == "\"DoICT, Ninh Thuan\"");
  CHECK(mail::EncodeHeaderText("a =?b?= c", false).rfind("=?UTF-8?Q?", 0) == 0);
}

TEST_CASE("EncodeHeaderText never splits a UTF-8 character between encoded words", "[mail_headers]") {
  // Poco 1.11's MailMessage::encodeWord does split them; this is why we have our own.
  for (const char* ch : {"ư", "ế", "é", "𝔸"}) {
    for (int prefix = 0; prefix < 30; ++prefix) {
      std::string text(static_cast<std::size_t>(prefix), 'a');
      for (int i = 0; i < 40; ++i) text += ch + std::string(i % 5 == 0 ? " " : "");
      const std::string encoded = mail::EncodeHeaderText(text, false);
      const std::regex word(R"(=\?UTF-8\?Q\?([^?]*)\?=)");
      std::string decoded;
      int words = 0;
      for (auto it = std::sregex_iterator(encoded.begin(), encoded.end(), word); it != std::sregex_iterator(); ++it) {
        const std::string part = DecodeQ((*it)[1].str());
        INFO("word " << it->str());
        CHECK(incidents::base::utf8::IsValid(part));
        CHECK(it->length() <= 75);
        decoded += part;
        ++words;
      }
      CHECK(words > 1);
      CHECK(decoded == text);
      // Words are separated by CRLF SP only.
      std::string separators;
      for (int i = 1; i < words; ++i) separators += "\r\n ";
      CHECK(std::regex_replace(encoded, word, "") == separators);
    }
  }
}

TEST_CASE("ParseMailbox and FormatMailbox", "[mail_headers]") {
  auto box = mail::ParseMailbox("Hệ thống xử lý sự cố <incidents@localhost>");
  REQUIRE(box);
  CHECK(box->display_name == "Hệ thống xử lý sự cố");
  CHECK(box->address == "incidents@localhost");
  CHECK(mail::FormatMailbox(*box).rfind("=?UTF-8?Q?H=E1=BB=87_th", 0) == 0);
  CHECK_THAT(mail::FormatMailbox(*box), Catch::EndsWith("?= <incidents@localhost>"));
  box = mail::ParseMailbox("\"Incidents\" <a@b.example>");
  REQUIRE(box);
  CHECK(box->display_name == "Incidents");
  box = mail::ParseMailbox("a@b.example");
  REQUIRE(box);
  CHECK(box->display_name.empty());
  CHECK(mail::FormatMailbox(*box) == "<a@b.example>");
  // A name with angle brackets is encoded, so that the first '<' is the address's.
  box = mail::ParseMailbox("Evil <x> <a@b.example>");
  REQUIRE(box);
  CHECK(mail::FormatMailbox(*box).find('<') == mail::FormatMailbox(*box).find("<a@b.example>"));
  CHECK_FALSE(mail::ParseMailbox("Name <not an address>"));
  CHECK_FALSE(mail::ParseMailbox("Name <a@b"));
  CHECK_FALSE(mail::ParseMailbox(""));
}

TEST_CASE("IsPlainAddress", "[mail_headers]") {
  CHECK(mail::IsPlainAddress("focal@stp.ninhthuan.example"));
  CHECK(mail::IsPlainAddress("a.b+c@d"));
  CHECK_FALSE(mail::IsPlainAddress("+84900000001"));
  CHECK_FALSE(mail::IsPlainAddress("a@b@c"));
  CHECK_FALSE(mail::IsPlainAddress("a b@c"));
  CHECK_FALSE(mail::IsPlainAddress("a@b\r\nRCPT TO:<x@y>"));
  CHECK_FALSE(mail::IsPlainAddress("đầumối@stp.example"));
  CHECK_FALSE(mail::IsPlainAddress("@b"));
  CHECK_FALSE(mail::IsPlainAddress("a@"));
}

TEST_CASE("MsgIdLocalPart makes any key a valid, distinct msg-id part", "[mail_headers]") {
  CHECK(mail::MsgIdLocalPart("INC-2026-000001/42/email") == "INC-2026-000001/42/email");
  CHECK(mail::MsgIdLocalPart("a.b") == "a.b");
  CHECK(mail::MsgIdLocalPart(".a..b.") == "=2Ea.=2Eb=2E");
  CHECK(mail::MsgIdLocalPart("k:focal@stp") == "k=3Afocal=40stp");
  CHECK(mail::MsgIdLocalPart("a=b") == "a=3Db");
  CHECK(mail::MsgIdLocalPart("a b<c>") == "a=20b=3Cc=3E");
  CHECK(mail::MsgIdLocalPart("đ") == "=C4=91");
  CHECK(mail::MsgIdLocalPart("a:b") != mail::MsgIdLocalPart("a/b"));
}
