#pragma once
// UTF-8: the one implementation of the project (the engine's text checks and JSON parser,
// SMS folding and counting, MIME header encoding, template checks). Strict: overlong
// forms, surrogates and values past U+10FFFF are malformed. Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace incidents::base::utf8 {

// Returned for a malformed or truncated sequence, an overlong form or a surrogate.
inline constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the character that starts at text[pos] and moves pos past it. A malformed
// sequence yields kInvalid and moves pos by one byte. Requires pos < text.size().
char32_t Decode(std::string_view text, std::size_t& pos);

// Appends the UTF-8 form of `cp` (a valid code point).
void Append(std::string& out, char32_t cp);

// True if the whole text is well-formed UTF-8. (A loop of its own rather than Decode:
// about twice as fast on Vietnamese text, bench/RESULTS.md.)
bool IsValid(std::string_view text);

// `text` with every malformed byte replaced by U+FFFD: for text from outside (a request's
// path, a log line) that goes into JSON, which must be valid UTF-8.
std::string Repaired(std::string_view text);

// Code points in valid UTF-8 text.
std::size_t Length(std::string_view text);

}  // namespace incidents::base::utf8
