#pragma once
// Phone numbers and email addresses are personal data (issue 4, item 8): logs and
// DeliveryResult::detail show them masked. Pure functions; thread-safe.

#include <string>
#include <string_view>

namespace incidents::notifications {

// "+84900000001" -> "+8490****001": the '+', the first four digits (country code and two
// more) and the last three. Spaces, dots and dashes in the input are ignored. Fewer than
// eight digits -> "****" (nothing useful can be shown without showing it all).
std::string MaskPhone(std::string_view phone);

// "focal@stp.ninhthuan.example" -> "f***@stp.ninhthuan.example": the first character of
// the local part (a whole UTF-8 character) and the domain. No '@' -> "***".
std::string MaskEmail(std::string_view email);

// MaskEmail if `recipient` contains '@', MaskPhone if it looks like a phone number
// ('+' or digits, with optional spaces/dots/dashes), "***" otherwise.
std::string MaskRecipient(std::string_view recipient);

// Masks every email-like token (local@domain, also without a dot in the domain: a key
// such as "u/focal@stp" may carry one) and every phone-like run (an optional
// '+' and nine or more consecutive digits) inside free text, e.g. a server's error reply
// that echoes the recipient. Everything else is kept.
std::string MaskPersonalData(std::string_view text);

}  // namespace incidents::notifications
