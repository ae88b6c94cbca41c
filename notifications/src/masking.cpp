#include "incidents/notifications/masking.h"

#include <cstddef>

namespace incidents::notifications {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsLocalPartChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsDomainChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

std::string MaskPhone(std::string_view phone) {
  bool plus = false;
  std::string digits;
  for (char c : phone) {
    if (c == '+' && digits.empty()) plus = true;
    if (IsDigit(c)) digits.push_back(c);
  }
  std::string out = plus ? "+" : "";
  if (digits.size() < 8) return out + "****";
  return out + digits.substr(0, 4) + "****" + digits.substr(digits.size() - 3);
}

std::string MaskEmail(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return "***";
  std::string out;
  if (at > 0) {
    const std::size_t n = Utf8Length(static_cast<unsigned char>(email[0]));
    out.append(email.substr(0, n <= at ? n : 1));
  }
  out += "***";
  out.append(email.substr(at));
  return out;
}

std::string MaskRecipient(std::string_view recipient) {
  if (recipient.find('@') != std::string_view::npos) return MaskEmail(recipient);
  bool phone_like = !recipient.empty();
  int digits = 0;
  for (std::size_t i = 0; i < recipient.size(); ++i) {
    const char c = recipient[i];
    if (IsDigit(c)) {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '.' || (c == '+' && i == 0))) {
      phone_like = false;
    }
  }
  return phone_like && digits > 0 ? MaskPhone(recipient) : "***";
}

std::string MaskPersonalData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    // An email address: scan back over what is already copied for the local part.
    if (c == '@') {
      std::size_t local_begin = out.size();
      while (local_begin > 0 && IsLocalPartChar(out[local_begin - 1])) --local_begin;
      std::size_t end = i + 1;
      while (end < text.size() && IsDomainChar(text[end])) ++end;
      const std::string_view domain = text.substr(i + 1, end - i - 1);
      if (local_begin < out.size() && !domain.empty()) {
        const std::string local = out.substr(local_begin);
        out.resize(local_begin);
        out += MaskEmail(local + "@" + std::string(domain));
        i = end;
        continue;
      }
    }
    // A phone-like run: an optional '+' and at least nine consecutive digits, not glued
    // to letters (so "INC-2026-000001" and hex ids stay as they are).
    const bool starts_run = (IsDigit(c) || (c == '+' && i + 1 < text.size() && IsDigit(text[i + 1]))) &&
                            (i == 0 || !IsAsciiAlnum(text[i - 1]));
    if (starts_run) {
      std::size_t end = c == '+' ? i + 1 : i;
      while (end < text.size() && IsDigit(text[end])) ++end;
      const std::size_t digits = end - i - (c == '+' ? 1 : 0);
      if (digits >= 9 && (end == text.size() || !IsAsciiAlnum(text[end]))) {
        out += MaskPhone(text.substr(i, end - i));
        i = end;
        continue;
      }
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace incidents::notifications
