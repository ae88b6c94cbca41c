#pragma once
// Header values for the email channel: RFC 2047 encoded words, mailboxes, msg-ids.
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace incidents::notifications::mail {

// `text` as it may stand in an unstructured header (Subject) or as a display name:
// unchanged when it is short printable ASCII without "=?"; otherwise a sequence of
// RFC 2047 "Q" encoded words in UTF-8, folded with CRLF SP. Unlike Poco 1.11's
// MailMessage::encodeWord, a word never splits a UTF-8 character (RFC 2047 section 5:
// "Each encoded-word MUST represent an integral number of characters"), and every word
// stays under 64 characters so that "Subject: " plus one word fits in 76.
// `phrase`: the value is a display name, where ASCII specials need quoting.
std::string EncodeHeaderText(std::string_view text, bool phrase);

struct Mailbox {
  std::string display_name;  // UTF-8, may be empty
  std::string address;       // local@domain, ASCII
};

// Parses "Name <local@domain>", "\"Name\" <local@domain>" or "local@domain".
std::optional<Mailbox> ParseMailbox(std::string_view text);

// "Name <addr>" with the name encoded (EncodeHeaderText with phrase = true).
std::string FormatMailbox(const Mailbox& mailbox);

// A plain ASCII address local@domain without spaces, quotes, brackets or control
// characters (what we can put in RCPT TO without SMTPUTF8).
bool IsPlainAddress(std::string_view address);

// A valid left part of a msg-id (RFC 5322 dot-atom-text) that maps distinct keys to
// distinct results: letters, digits and - _ + / stay; a '.' stays unless it would start,
// end or double a dot; every other byte (and '=') becomes =XX.
std::string MsgIdLocalPart(std::string_view key);

// A header value on one line: control characters become spaces.
std::string OneLineHeader(std::string_view value);

}  // namespace incidents::notifications::mail
