#pragma once
// What a test expects of a delivered notification, computed from the API's outbox rows
// (the row's key and the Message-ID the email channel gives it), and what a sink got. Shared by the e2e and the
// two-node tests, which compare what the SMTP sink received with what the API lists.

#include <cctype>
#include <fstream>
#include <string>

namespace incidents::testing {

// The key of an outbox row: ticket, event seq, channel and recipient ref
// (GET /api/v1/tickets/{id}/notifications: event_seq, channel, recipient_ref).
inline std::string OutboxKey(const std::string& ticket, long long seq, const std::string& channel,
                             const std::string& ref) {
  return ticket + ":" + std::to_string(seq) + ":" + channel + ":" + ref;
}

// The Message-ID of the mail sent for `key` (notifications/src/mail_headers.h
// MsgIdLocalPart): letters, digits, - _ + / and inner single dots stay, every other byte
// becomes =XX; then "@domain" (notifications.email.message_id_domain).
inline std::string ExpectedMessageId(const std::string& key, const std::string& domain) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "<";
  for (std::size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    const bool dot_ok = c == '.' && i > 0 && i + 1 < key.size() && key[i - 1] != '.';
    if (std::isalnum(c) || c == '-' || c == '_' || c == '+' || c == '/' || dot_ok) {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'=', kHex[c >> 4], kHex[c & 0x0F]};
    }
  }
  return out + "@" + domain + ">";
}

// The Message-ID header of a mail stored by a sink (short, so never folded), or "".
inline std::string MessageIdOfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // end of the header
    if (line.rfind("Message-ID: ", 0) == 0) return line.substr(12);
  }
  return "";
}

}  // namespace incidents::testing
